// Frame encoding and decoding for the attach socket.
#include "engine/monitor_protocol/attach_frames.hpp"

#include "engine/base/error.hpp"

namespace tug::engine::monitor_protocol {

std::string encode_frame(Frame type, std::string_view payload) {
    std::string out;
    out.reserve(kFrameHeader + payload.size());
    out += static_cast<char>(type);
    const uint32_t n = static_cast<uint32_t>(payload.size());
    out += static_cast<char>((n >> 24) & 0xff);
    out += static_cast<char>((n >> 16) & 0xff);
    out += static_cast<char>((n >> 8) & 0xff);
    out += static_cast<char>(n & 0xff);
    out.append(payload);
    return out;
}

std::optional<std::pair<Frame, std::string>> FrameReader::next() {
    if (buf_.size() < kFrameHeader) return std::nullopt;
    const auto* b = reinterpret_cast<const unsigned char*>(buf_.data());
    const uint32_t n = (uint32_t(b[1]) << 24) | (uint32_t(b[2]) << 16) | (uint32_t(b[3]) << 8) | b[4];
    if (n > kMaxFramePayload) throw Error(Errc::Internal, "attach: oversized frame");
    if (buf_.size() < kFrameHeader + n) return std::nullopt;
    auto type = static_cast<Frame>(b[0]);
    std::string payload = buf_.substr(kFrameHeader, n);
    buf_.erase(0, kFrameHeader + n);
    return std::make_pair(type, std::move(payload));
}

}  // namespace tug::engine::monitor_protocol
