// Reading tar headers (see tar_reader.hpp).
#include "engine/archive/tar_reader.hpp"

#include <algorithm>
#include <cstring>

#include "engine/base/error.hpp"

namespace tug::engine::archive {

namespace {

constexpr size_t kBlock = 512;
// Long names, links and pax records above this are not an image archive's.
constexpr int64_t kMaxMetaBytes = 1 << 20;

[[noreturn]] void corrupt(const std::string& why) { throw Error(Errc::InvalidArgument, "read archive: " + why); }

std::string field(const char* p, size_t n) { return std::string(p, strnlen(p, n)); }

// An octal number (spaces and NULs around it), or GNU's base-256 with the top bit set.
int64_t number(const char* p, size_t n, const char* what) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    if (u[0] & 0x80) {
        if (u[0] & 0x40) corrupt(std::string("negative ") + what);
        uint64_t v = u[0] & 0x3f;
        for (size_t i = 1; i < n; ++i) {
            if (v >> 55) corrupt(std::string(what) + " out of range");
            v = (v << 8) | u[i];
        }
        return static_cast<int64_t>(v);
    }
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\0')) ++i;
    uint64_t v = 0;
    for (; i < n && p[i] >= '0' && p[i] <= '7'; ++i) {
        if (v >> 60) corrupt(std::string(what) + " out of range");
        v = (v << 3) | static_cast<uint64_t>(p[i] - '0');
    }
    for (; i < n; ++i)
        if (p[i] != ' ' && p[i] != '\0') corrupt(std::string("invalid ") + what + " in a header");
    return static_cast<int64_t>(v);
}

bool all_zero(const char* b) {
    return std::all_of(b, b + kBlock, [](char c) { return c == 0; });
}

// The checksum counts the header's bytes with its own field taken as spaces; old tars
// summed signed chars.
bool checksum_ok(const char* b) {
    const int64_t stored = number(b + 148, 8, "checksum");
    int64_t unsigned_sum = 0, signed_sum = 0;
    for (size_t i = 0; i < kBlock; ++i) {
        const bool in_field = i >= 148 && i < 156;
        unsigned_sum += in_field ? ' ' : static_cast<unsigned char>(b[i]);
        signed_sum += in_field ? ' ' : static_cast<signed char>(b[i]);
    }
    return stored == unsigned_sum || stored == signed_sum;
}

struct PaxOverrides {
    std::string path, linkpath;
    int64_t size = -1;
};

// "len key=value\n" records; the ones that matter for staging are kept.
void parse_pax(const std::string& recs, PaxOverrides& out) {
    size_t pos = 0;
    while (pos < recs.size()) {
        const size_t sp = recs.find(' ', pos);
        if (sp == std::string::npos) corrupt("malformed pax record");
        size_t len = 0;
        for (size_t i = pos; i < sp; ++i) {
            if (recs[i] < '0' || recs[i] > '9' || len > recs.size()) corrupt("malformed pax record");
            len = len * 10 + static_cast<size_t>(recs[i] - '0');
        }
        if (len <= sp - pos || pos + len > recs.size() || recs[pos + len - 1] != '\n') corrupt("malformed pax record");
        const std::string rec = recs.substr(sp + 1, pos + len - sp - 2);
        pos += len;
        const size_t eq = rec.find('=');
        if (eq == std::string::npos) corrupt("malformed pax record");
        const std::string key = rec.substr(0, eq), value = rec.substr(eq + 1);
        if (key == "path") out.path = value;
        else if (key == "linkpath") out.linkpath = value;
        else if (key == "size") out.size = number(value.c_str(), value.size(), "pax size");
        else if (key.starts_with("GNU.sparse.")) corrupt("sparse files are not supported");
    }
}

}  // namespace

bool TarReader::fill() {
    if (!pending_.empty()) return true;
    pending_ = src_.next();
    return !pending_.empty();
}

void TarReader::read_exact(char* out, size_t n) {
    while (n > 0) {
        if (!fill()) corrupt("unexpected end of archive");
        const size_t k = std::min(n, pending_.size());
        std::memcpy(out, pending_.data(), k);
        pending_.remove_prefix(k);
        out += k;
        n -= k;
    }
}

void TarReader::skip(int64_t n) {
    while (n > 0) {
        if (!fill()) corrupt("unexpected end of archive");
        const size_t k = static_cast<size_t>(std::min<int64_t>(n, static_cast<int64_t>(pending_.size())));
        pending_.remove_prefix(k);
        n -= static_cast<int64_t>(k);
    }
}

std::string TarReader::read_data_string(int64_t size, const char* what) {
    if (size > kMaxMetaBytes) corrupt(std::string(what) + " of " + std::to_string(size) + " bytes");
    std::string s(static_cast<size_t>(size), '\0');
    read_exact(s.data(), s.size());
    skip((kBlock - static_cast<size_t>(size) % kBlock) % kBlock);
    return s;
}

bool TarReader::next(TarEntry& e) {
    skip(data_left_ + padding_);  // what the caller left of the previous entry
    data_left_ = padding_ = 0;
    PaxOverrides pax;
    std::string long_name, long_link;
    for (;;) {
        char b[kBlock];
        if (!fill()) return false;  // no end-of-archive blocks: some writers leave them out
        read_exact(b, kBlock);
        if (all_zero(b)) return false;  // the end (a second zero block may follow)
        if (!checksum_ok(b)) corrupt("invalid tar header (checksum mismatch)");
        const char type = b[156];
        const int64_t size = number(b + 124, 12, "size");
        if (type == 'x') {
            parse_pax(read_data_string(size, "pax header"), pax);
            continue;
        }
        if (type == 'g') {  // global pax records: nothing in them names or sizes an entry
            skip(size + static_cast<int64_t>((kBlock - static_cast<size_t>(size) % kBlock) % kBlock));
            continue;
        }
        if (type == 'L' || type == 'K') {
            std::string s = read_data_string(size, "GNU long name");
            s.resize(strnlen(s.c_str(), s.size()));
            (type == 'L' ? long_name : long_link) = std::move(s);
            continue;
        }
        if (type == 'S') corrupt("sparse files are not supported");
        e.type = type;
        // POSIX ustar splits a long name into prefix/name; GNU's "ustar  " uses the
        // prefix bytes for other fields.
        const bool posix = std::memcmp(b + 257, "ustar\0", 6) == 0;
        const std::string prefix = posix ? field(b + 345, 155) : "";
        e.name = !pax.path.empty() ? pax.path
                 : !long_name.empty() ? long_name
                 : prefix.empty()    ? field(b, 100)
                                     : prefix + "/" + field(b, 100);
        e.link = !pax.linkpath.empty() ? pax.linkpath : !long_link.empty() ? long_link : field(b + 157, 100);
        e.size = pax.size >= 0 ? pax.size : size;
        // Links, directories and devices carry no data whatever their size field says.
        if (type == '1' || type == '2' || type == '3' || type == '4' || type == '5' || type == '6') e.size = 0;
        data_left_ = e.size;
        padding_ = static_cast<int64_t>((kBlock - static_cast<size_t>(e.size) % kBlock) % kBlock);
        return true;
    }
}

std::string_view TarReader::data() {
    if (data_left_ == 0) return {};
    if (!fill()) corrupt("unexpected end of archive");
    const size_t k = static_cast<size_t>(std::min<int64_t>(data_left_, static_cast<int64_t>(pending_.size())));
    std::string_view v = pending_.substr(0, k);
    pending_.remove_prefix(k);
    data_left_ -= static_cast<int64_t>(k);
    return v;
}

void TarReader::drain() {
    pending_ = {};
    while (!src_.next().empty()) {
    }
}

}  // namespace tug::engine::archive
