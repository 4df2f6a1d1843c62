// Decompressing through libarchive's filters, or ISA-L for gzip (see filter_source.hpp).
#include "engine/snapshot/filter_source.hpp"

#include <archive_entry.h>

#include <cerrno>
#include <cstring>

#include "engine/base/error.hpp"
#include "engine/lazy/archive.hpp"
#include "engine/snapshot/gunzip.hpp"
#include "engine/snapshot/ahead_source.hpp"

namespace tug::engine::snapshot {

namespace {

// Whether a stream starting with h is zstd, xz or bzip2.
bool looks_compressed_not_gzip(std::string_view h) {
    auto starts = [&](std::string_view magic) { return h.substr(0, magic.size()) == magic; };
    return starts("\x28\xb5\x2f\xfd") ||                         // zstd
           starts(std::string_view("\xfd" "7zXZ\0", 6)) ||        // xz
           (starts("BZh") && h.size() > 3 && h[3] >= '1' && h[3] <= '9');  // bzip2
}

}  // namespace

FilterSource::FilterSource(StreamSource& src, std::string what) : src_(src), what_(std::move(what)) {}

FilterSource::~FilterSource() {
    if (a_) lazy::archive().read_free(a_);
}

la_ssize_t FilterSource::read_source(struct archive* a, void* self, const void** buf) {
    auto* f = static_cast<FilterSource*>(self);
    try {
        std::string_view v = f->src_.next();
        *buf = v.data();
        return static_cast<la_ssize_t>(v.size());
    } catch (...) {
        f->error_ = std::current_exception();
        lazy::archive().set_error(a, EIO, "source failed");
        return -1;
    }
}

void FilterSource::fail() {
    if (error_) std::rethrow_exception(error_);
    const char* msg = lazy::archive().error_string(a_);
    throw Error(Errc::InvalidArgument, what_ + ": " + (msg ? msg : "unknown error"));
}

std::string_view FilterSource::next() {
    if (ended_) return {};
    if (!started_) {
        started_ = true;
        a_ = lazy::archive().read_new();
        lazy::archive().read_support_filter_all(a_);
        lazy::archive().read_support_format_raw(a_);
        if (lazy::archive().read_open(a_, this, nullptr, &FilterSource::read_source, nullptr) !=
            ARCHIVE_OK)
            fail();
        archive_entry* e = nullptr;
        const int r = lazy::archive().read_next_header(a_, &e);
        if (r == ARCHIVE_EOF) {  // nothing at all
            ended_ = true;
            return {};
        }
        if (r != ARCHIVE_OK) fail();
    }
    const void* buf = nullptr;
    size_t size = 0;
    la_int64_t off = 0;
    for (;;) {
        const int r = lazy::archive().read_data_block(a_, &buf, &size, &off);
        if (r == ARCHIVE_EOF) {
            ended_ = true;
            return {};
        }
        if (r < ARCHIVE_WARN) fail();
        if (size > 0) return {static_cast<const char*>(buf), size};
    }
}

std::unique_ptr<StreamSource> decompressed(std::string_view head, StreamSource& whole, const std::string& what,
                                           bool plain_as_is) {
    class Forward : public StreamSource {
    public:
        explicit Forward(StreamSource& src) : src_(src) {}
        std::string_view next() override { return src_.next(); }
        void cancel() override { src_.cancel(); }

    private:
        StreamSource& src_;
    };
    if (looks_gzip(head)) return std::make_unique<InflateAhead>(whole);
    if (plain_as_is && !looks_compressed_not_gzip(head)) return std::make_unique<Forward>(whole);
    return std::make_unique<FilterSource>(whole, what);
}

}  // namespace tug::engine::snapshot
