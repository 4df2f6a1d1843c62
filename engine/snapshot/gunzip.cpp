// gzip through ISA-L (see gunzip.hpp).
#include "engine/snapshot/gunzip.hpp"

#include <isa-l/igzip_lib.h>

#include <string>

#include "engine/base/error.hpp"
#include "engine/lazy/isal.hpp"

namespace tug::engine::snapshot {

namespace {

std::string isal_error(int r) {
    switch (r) {
        case ISAL_INVALID_BLOCK: return "invalid deflate block";
        case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
        case ISAL_INVALID_LOOKBACK: return "invalid lookback distance";
        case ISAL_INVALID_WRAPPER: return "invalid gzip header";
        case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method";
        case ISAL_INCORRECT_CHECKSUM: return "checksum mismatch";
        default: return "error " + std::to_string(r);
    }
}

[[noreturn]] void corrupt(const std::string& why) {
    throw Error(Errc::InvalidArgument, "decompress layer: gzip: " + why);
}

}  // namespace

bool looks_gzip(std::string_view head) {
    return head.size() >= 3 && static_cast<unsigned char>(head[0]) == 0x1f &&
           static_cast<unsigned char>(head[1]) == 0x8b && head[2] == 8;
}

Gunzip::Gunzip(StreamSource& src) : src_(src), state_(std::make_unique<inflate_state>()) {
    lazy::isal().inflate_init(state_.get());
    state_->crc_flag = ISAL_GZIP;
}

Gunzip::~Gunzip() = default;

// More input when the last is used up; false at the end of the source.
bool Gunzip::refill() {
    if (state_->avail_in > 0) return true;
    if (src_done_) return false;
    std::string_view in = src_.next();
    if (in.empty()) {
        src_done_ = true;
        return false;
    }
    state_->next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in.data()));
    state_->avail_in = static_cast<uint32_t>(in.size());
    return true;
}

// After a member: true when another one follows (the state is reset for it).
bool Gunzip::start_next_member() {
    if (!refill()) return false;
    const uint8_t* in = state_->next_in;
    if (state_->avail_in < 2 || in[0] != 0x1f || in[1] != 0x8b) {
        while (refill()) state_->avail_in = 0;  // trailing bytes: read and ignored
        return false;
    }
    uint8_t* next_in = state_->next_in;
    const uint32_t avail_in = state_->avail_in;
    lazy::isal().inflate_reset(state_.get());
    state_->crc_flag = ISAL_GZIP;
    state_->next_in = next_in;
    state_->avail_in = avail_in;
    return true;
}

std::string_view Gunzip::next() {
    if (out_.empty()) out_.resize(1 << 20);
    return {reinterpret_cast<const char*>(out_.data()), next_into(out_.data(), out_.size())};
}

size_t Gunzip::next_into(unsigned char* out, size_t cap) {
    while (!done_) {
        if (member_done_) {
            member_done_ = false;
            if (!start_next_member()) {
                done_ = true;
                break;
            }
        }
        const bool more = refill();
        state_->next_out = out;
        state_->avail_out = static_cast<uint32_t>(cap);
        const int r = lazy::isal().inflate(state_.get());
        if (r < 0) corrupt(isal_error(r));
        const size_t produced = cap - state_->avail_out;
        if (state_->block_state == ISAL_BLOCK_FINISH) member_done_ = true;
        else if (!more && produced == 0) corrupt("unexpected end of data");
        if (produced > 0) return produced;
    }
    return 0;
}

std::string_view PrefixedSource::next() {
    if (!first_given_) {
        first_given_ = true;
        if (!first_.empty()) return first_;
    }
    return rest_.next();
}

}  // namespace tug::engine::snapshot
