// The ustar writer: headers (PAX records for long names), sendfile for file content.
#include "engine/archive/tar_writer.hpp"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "engine/base/error.hpp"
#include "engine/base/unique_fd.hpp"

namespace tug::engine::archive {

namespace {

void octal(char* field, size_t width, uint64_t value) {
    // width includes the terminating NUL.
    std::string s(width - 1, '0');
    for (size_t i = width - 1; i-- > 0 && value;) {
        s[i] = static_cast<char>('0' + (value & 7));
        value >>= 3;
    }
    std::memcpy(field, s.data(), width - 1);
    field[width - 1] = '\0';
}

// A PAX record "len key=value\n" where len counts itself.
std::string pax_record(const std::string& key, const std::string& value) {
    const size_t base = key.size() + value.size() + 3;
    size_t len = base + 1;
    while (std::to_string(len).size() + base != len) ++len;
    return std::to_string(len) + " " + key + "=" + value + "\n";
}

}  // namespace

void TarWriter::put(const void* data, size_t len) {
    base::write_all(fd_, data, len);
    written_ += len;
}

void TarWriter::pad(uint64_t size) {
    static const char zeros[512] = {};
    if (size % 512) put(zeros, 512 - size % 512);
}

void TarWriter::header(const std::string& name, char type, uint64_t size, unsigned mode) {
    const bool long_name = name.size() > 100;
    constexpr uint64_t kMaxOctal = 077777777777ull;
    if (long_name || size > kMaxOctal) {
        std::string pax;
        if (long_name) pax += pax_record("path", name);
        if (size > kMaxOctal) pax += pax_record("size", std::to_string(size));
        header("PaxHeaders/" + name.substr(0, 80), 'x', pax.size(), 0644);
        put(pax.data(), pax.size());
        pad(pax.size());
    }
    char h[512] = {};
    std::memcpy(h, name.data(), std::min<size_t>(name.size(), 100));
    octal(h + 100, 8, mode);
    octal(h + 108, 8, 0);
    octal(h + 116, 8, 0);
    octal(h + 124, 12, size > kMaxOctal ? 0 : size);
    octal(h + 136, 12, static_cast<uint64_t>(mtime_));
    h[156] = type;
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h) sum += c;
    octal(h + 148, 7, sum);
    h[155] = ' ';
    put(h, sizeof h);
}

void TarWriter::add_bytes(const std::string& name, std::string_view data, unsigned mode) {
    header(name, '0', data.size(), mode);
    put(data.data(), data.size());
    pad(data.size());
}

void TarWriter::add_dir(const std::string& name, unsigned mode) {
    header(name.back() == '/' ? name : name + "/", '5', 0, mode);
}

void TarWriter::add_file(const std::string& name, const std::string& path, unsigned mode) {
    base::UniqueFd in = base::open_fd(path.c_str(), O_RDONLY);
    struct stat st{};
    if (::fstat(in.get(), &st) != 0) throw sys_error("stat " + path);
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    header(name, '0', size, mode);
    uint64_t left = size;
    bool use_sendfile = true;
    std::vector<char> buf;
    while (left > 0) {
        ssize_t n = -1;
        if (use_sendfile) {
            n = ::sendfile(fd_, in.get(), nullptr, std::min<uint64_t>(left, 1u << 30));
            if (n < 0 && (errno == EINVAL || errno == ENOSYS)) {
                use_sendfile = false;
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw sys_error("write " + name);
        } else {
            if (buf.empty()) buf.resize(1 << 20);
            n = ::read(in.get(), buf.data(), std::min<uint64_t>(left, buf.size()));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw sys_error("read " + path);
            if (n > 0) base::write_all(fd_, buf.data(), static_cast<size_t>(n));
        }
        if (n == 0) throw Error(Errc::Internal, path + " shrank while being archived");
        left -= static_cast<uint64_t>(n);
        written_ += static_cast<uint64_t>(n);
    }
    pad(size);
}

void TarWriter::finish() {
    static const char zeros[1024] = {};
    put(zeros, sizeof zeros);
}

}  // namespace tug::engine::archive
