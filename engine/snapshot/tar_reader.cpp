// Reading tar headers (see tar_reader.hpp).
#include "engine/snapshot/tar_reader.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "engine/base/error.hpp"

namespace tug::engine::snapshot {

namespace {

constexpr size_t kBlock = 512;
// Long names, links and pax records above this are not an image's.
constexpr int64_t kMaxMetaBytes = 1 << 20;

// A malformed header field; TarReader::next names the stream it came from.
struct BadHeader : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string field(const char* p, size_t n) { return std::string(p, strnlen(p, n)); }

int64_t padding_of(int64_t size) { return (static_cast<int64_t>(kBlock) - size % static_cast<int64_t>(kBlock)) % static_cast<int64_t>(kBlock); }

// An octal number (spaces and NULs around it), or base-256 with the top bit set (GNU,
// star, Go): two's complement, negative when the next bit is set too.
int64_t number(const char* p, size_t n, const char* what, bool may_be_negative = false) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    if (u[0] & 0x80) {
        const bool negative = u[0] & 0x40;
        if (negative && !may_be_negative) throw BadHeader(std::string("negative ") + what);
        uint64_t v = negative ? ~uint64_t{0} : 0;
        v = (v << 6) | (u[0] & 0x3f);
        for (size_t i = 1; i < n; ++i) {
            if (!negative && (v >> 55)) throw BadHeader(std::string(what) + " out of range");
            v = (v << 8) | u[i];
        }
        return static_cast<int64_t>(v);
    }
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\0')) ++i;
    uint64_t v = 0;
    for (; i < n && p[i] >= '0' && p[i] <= '7'; ++i) {
        if (v >> 60) throw BadHeader(std::string(what) + " out of range");
        v = (v << 3) | static_cast<uint64_t>(p[i] - '0');
    }
    for (; i < n; ++i)
        if (p[i] != ' ' && p[i] != '\0') throw BadHeader(std::string("invalid ") + what + " in a header");
    return static_cast<int64_t>(v);
}

// A pax decimal: "123", or a time "-12.5" / "1700000000.123456789".
int64_t pax_integer(const std::string& s, const char* what) {
    if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw BadHeader(std::string("invalid pax ") + what);
    return std::stoll(s);
}

TarTime pax_time(const std::string& s) {
    const bool negative = !s.empty() && s[0] == '-';
    const std::string body = negative ? s.substr(1) : s;
    const size_t dot = body.find('.');
    TarTime t;
    t.sec = pax_integer(body.substr(0, dot), "time");
    if (dot != std::string::npos) {
        std::string frac = body.substr(dot + 1, 9);
        if (!frac.empty() && !std::all_of(frac.begin(), frac.end(), [](char c) { return c >= '0' && c <= '9'; }))
            throw BadHeader("invalid pax time");
        frac.resize(9, '0');
        t.nsec = std::stol(frac);
    }
    if (negative) {
        t.sec = -t.sec;
        if (t.nsec) {  // -12.5 s is 13 s before the epoch plus 0.5 s
            t.sec -= 1;
            t.nsec = 1000000000L - t.nsec;
        }
    }
    return t;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// libarchive's own xattr records: the name %-encoded, the value base64.
std::string url_decode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < s.size() && (hi = hex_digit(s[i + 1])) >= 0 && (lo = hex_digit(s[i + 2])) >= 0) {
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string base64_decode(const std::string& s) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : s) {
        const int v = value(c);
        if (v < 0) {
            if (c == '=') break;
            throw BadHeader("invalid base64 in a pax xattr");
        }
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    return out;
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

// What pax records (from an 'x' header) set for the next entry.
struct PaxOverrides {
    std::string path, linkpath;
    int64_t size = -1, uid = -1, gid = -1;
    std::optional<TarTime> mtime, atime;
    std::map<std::string, std::string> xattrs;
};

// "len key=value\n" records.
void parse_pax(const std::string& recs, PaxOverrides& out) {
    size_t pos = 0;
    while (pos < recs.size()) {
        const size_t sp = recs.find(' ', pos);
        if (sp == std::string::npos) throw BadHeader("malformed pax record");
        size_t len = 0;
        for (size_t i = pos; i < sp; ++i) {
            if (recs[i] < '0' || recs[i] > '9' || len > recs.size()) throw BadHeader("malformed pax record");
            len = len * 10 + static_cast<size_t>(recs[i] - '0');
        }
        if (len <= sp - pos + 1 || pos + len > recs.size() || recs[pos + len - 1] != '\n')
            throw BadHeader("malformed pax record");
        const std::string rec = recs.substr(sp + 1, pos + len - sp - 2);
        pos += len;
        const size_t eq = rec.find('=');
        if (eq == std::string::npos) throw BadHeader("malformed pax record");
        const std::string key = rec.substr(0, eq), value = rec.substr(eq + 1);
        if (key == "path") out.path = value;
        else if (key == "linkpath") out.linkpath = value;
        else if (key == "size") out.size = pax_integer(value, "size");
        else if (key == "uid") out.uid = pax_integer(value, "uid");
        else if (key == "gid") out.gid = pax_integer(value, "gid");
        else if (key == "mtime") out.mtime = pax_time(value);
        else if (key == "atime") out.atime = pax_time(value);
        else if (key.starts_with("SCHILY.xattr.")) out.xattrs.emplace(key.substr(13), value);
        else if (key.starts_with("LIBARCHIVE.xattr.")) out.xattrs[url_decode(key.substr(17))] = base64_decode(value);
        else if (key.starts_with("GNU.sparse.")) throw BadHeader("sparse files are not supported");
    }
}

}  // namespace

void TarReader::corrupt(const std::string& why) const { throw Error(Errc::InvalidArgument, what_ + ": " + why); }

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
    skip(padding_of(size));
    return s;
}

bool TarReader::next(TarEntry& e) {
    skip(data_left_ + padding_);  // what the caller left of the previous entry
    data_left_ = padding_ = 0;
    PaxOverrides pax;
    std::string long_name, long_link;
    try {
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
            if (type == 'g') {  // global pax records: nothing in them that a layer needs
                skip(size + padding_of(size));
                continue;
            }
            if (type == 'L' || type == 'K') {
                std::string s = read_data_string(size, "GNU long name");
                s.resize(strnlen(s.c_str(), s.size()));
                (type == 'L' ? long_name : long_link) = std::move(s);
                continue;
            }
            if (type == 'S') corrupt("sparse files are not supported");
            // POSIX ustar splits a long name into prefix/name; GNU's "ustar  " uses the
            // prefix bytes for times.
            const bool posix = std::memcmp(b + 257, "ustar\0", 6) == 0;
            const bool gnu = std::memcmp(b + 257, "ustar  \0", 8) == 0;
            const std::string prefix = posix ? field(b + 345, 155) : "";
            e.name = !pax.path.empty()    ? pax.path
                     : !long_name.empty() ? long_name
                     : prefix.empty()     ? field(b, 100)
                                          : prefix + "/" + field(b, 100);
            e.link = !pax.linkpath.empty() ? pax.linkpath : !long_link.empty() ? long_link : field(b + 157, 100);
            // A pax path may hold any byte; a NUL would cut the name the kernel sees.
            if (e.name.find('\0') != std::string::npos || e.link.find('\0') != std::string::npos)
                corrupt("a name with a NUL byte");
            e.type = type;
            // V7 marks a directory by its trailing slash; GNU's dump directory lists names.
            if ((e.regular() && e.name.ends_with('/')) || type == 'D') e.type = '5';
            e.mode = static_cast<unsigned>(number(b + 100, 8, "mode") & 07777);
            e.uid = pax.uid >= 0 ? pax.uid : number(b + 108, 8, "uid");
            e.gid = pax.gid >= 0 ? pax.gid : number(b + 116, 8, "gid");
            e.mtime = pax.mtime ? *pax.mtime : TarTime{number(b + 136, 12, "mtime", true), 0};
            e.atime = pax.atime;
            if (!e.atime && gnu) {
                if (const int64_t a = number(b + 345, 12, "atime", true)) e.atime = TarTime{a, 0};
            }
            e.devmajor = posix || gnu ? static_cast<unsigned>(number(b + 329, 8, "devmajor")) : 0;
            e.devminor = posix || gnu ? static_cast<unsigned>(number(b + 337, 8, "devminor")) : 0;
            e.xattrs = std::move(pax.xattrs);
            const int64_t stored = pax.size >= 0 ? pax.size : size;
            // Links, directories and devices carry no data whatever their size field
            // says, except GNU's dump directories, whose list is skipped.
            const bool header_only = std::string_view("123456").find(type) != std::string_view::npos;
            data_left_ = header_only ? 0 : stored;
            e.size = e.regular() ? stored : 0;
            padding_ = padding_of(data_left_);
            return true;
        }
    } catch (const BadHeader& bad) {
        corrupt(bad.what());
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

}  // namespace tug::engine::snapshot
