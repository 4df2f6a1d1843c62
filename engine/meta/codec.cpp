// The record codec's wire format: protobuf's varint, 64-bit and length-delimited fields.
#include "engine/meta/codec.hpp"

#include <cstring>

#include "engine/base/error.hpp"

namespace tug::engine::meta {

namespace {

constexpr int kVarint = 0, kFixed64 = 1, kBytes = 2, kFixed32 = 5;

}  // namespace

void Encoder::varint(uint64_t v) {
    while (v >= 0x80) {
        out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
}

void Encoder::key(uint32_t tag, int wire) {
    if (tag == 0 || tag < last_tag_)
        throw Error(Errc::Internal, "record codec: field " + std::to_string(tag) +
                                        " listed after " + std::to_string(last_tag_));
    last_tag_ = tag;
    varint((static_cast<uint64_t>(tag) << 3) | static_cast<uint64_t>(wire));
}

void Encoder::varint_field(uint32_t tag, uint64_t v) {
    key(tag, kVarint);
    varint(v);
}

void Encoder::bytes_field(uint32_t tag, std::string_view v) {
    key(tag, kBytes);
    varint(v.size());
    out_.append(v);
}

void Encoder::operator()(uint32_t tag, const double& v) {
    key(tag, kFixed64);
    char raw[8];
    std::memcpy(raw, &v, 8);
    out_.append(raw, 8);
}

void unknown_record_format(std::string_view kind, uint8_t version) {
    throw Error(Errc::FailedPrecondition, std::string(kind) + " record format " +
                                              std::to_string(version) + " is not one this tug reads");
}

void Decoder::damaged(const char* what) const {
    throw Error(Errc::Internal, std::string("metadata record is damaged: ") + what);
}

uint64_t Decoder::read_long_varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (p_ == end_) damaged("truncated number");
        const auto b = static_cast<uint8_t>(*p_++);
        v |= static_cast<uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    damaged("overlong number");
}

bool Decoder::seek(uint32_t tag) {
    while (p_ != end_) {
        key_start_ = p_;
        const uint64_t k = read_varint();
        const auto t = static_cast<uint32_t>(k >> 3);
        wire_ = static_cast<int>(k & 7);
        if (t == tag) return true;
        if (t > tag) {
            p_ = key_start_;
            return false;
        }
        skip_value(wire_);
    }
    return false;
}

uint64_t Decoder::read_varint_value() {
    if (wire_ != kVarint) damaged("a number field holds another kind of value");
    return read_varint();
}

std::string_view Decoder::read_bytes_value() {
    if (wire_ != kBytes) damaged("a text or message field holds another kind of value");
    const uint64_t n = read_varint();
    if (n > static_cast<uint64_t>(end_ - p_)) damaged("truncated field");
    std::string_view v(p_, n);
    p_ += n;
    return v;
}

void Decoder::skip_value(int wire) {
    switch (wire) {
        case kVarint:
            read_varint();
            return;
        case kFixed64:
        case kFixed32: {
            const long n = wire == kFixed64 ? 8 : 4;
            if (end_ - p_ < n) damaged("truncated field");
            p_ += n;
            return;
        }
        case kBytes:
            read_bytes_value();
            return;
        default:
            damaged("unknown field kind");
    }
}

void Decoder::operator()(uint32_t tag, double& v) {
    if (!seek(tag)) return;
    if (wire_ != kFixed64 || end_ - p_ < 8)
        damaged("a real number field holds another kind of value");
    std::memcpy(&v, p_, 8);
    p_ += 8;
}

}  // namespace tug::engine::meta
