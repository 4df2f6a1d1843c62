// Layers unpacked while the archive is staged (see pre_unpack.hpp).
#include "engine/archive/pre_unpack.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "engine/archive/stage.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/log.hpp"

namespace tug::engine::archive {

namespace {

// Small files are configs and manifests; a layer worth a head start is bigger.
constexpr int64_t kMinLayerBytes = 64 * 1024;

bool looks_like_layer(int fd) {
    char head[512];
    const ssize_t n = ::pread(fd, head, sizeof head, 0);
    if (n < 4) return false;
    const auto* u = reinterpret_cast<const unsigned char*>(head);
    if (u[0] == 0x1f && u[1] == 0x8b) return true;                              // gzip
    if (u[0] == 0x28 && u[1] == 0xb5 && u[2] == 0x2f && u[3] == 0xfd) return true;  // zstd
    return n >= 262 && std::memcmp(head + 257, "ustar", 5) == 0;                // tar
}

}  // namespace

PreUnpacker::PreUnpacker(const snapshot::Snapshotter& snaps, unsigned workers) : snaps_(snaps) {
    for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

PreUnpacker::~PreUnpacker() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        queue_.clear();
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
}

void PreUnpacker::offer(const StagedFile& f) {
    if (f.size < kMinLayerBytes) return;
    base::UniqueFd fd(::open(f.path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd || !looks_like_layer(fd.get())) return;
    {
        std::lock_guard lock(mu_);
        if (slots_.count(f.digest)) return;  // the same blob twice in one archive
        slots_[f.digest];
        queue_.push_back({f.digest, std::move(fd)});
    }
    cv_.notify_one();
}

void PreUnpacker::work() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = std::move(queue_.front());
            queue_.pop_front();
            slots_[job.digest].state = State::Running;
        }
        std::optional<snapshot::PreparedLayer> layer;
        try {
            snapshot::FdSource src(job.fd.get());
            layer.emplace(snaps_.prepare(src));
        } catch (const std::exception& e) {
            base::log_debug(std::string("pre-unpack of ") + job.digest + ": " + e.what());
        }
        {
            std::lock_guard lock(mu_);
            auto& slot = slots_[job.digest];
            slot.state = layer ? State::Done : State::Failed;
            if (layer) slot.layer.emplace(std::move(*layer));
        }
        cv_.notify_all();
    }
}

std::optional<snapshot::PreparedLayer> PreUnpacker::claim(const std::string& digest) {
    std::unique_lock lock(mu_);
    auto it = slots_.find(digest);
    if (it == slots_.end()) return std::nullopt;
    if (it->second.state == State::Queued) {
        // Not started: cheaper for the caller to unpack it now than to wait its turn.
        for (auto q = queue_.begin(); q != queue_.end(); ++q)
            if (q->digest == digest) {
                queue_.erase(q);
                break;
            }
        slots_.erase(it);
        return std::nullopt;
    }
    cv_.wait(lock, [&] { return it->second.state == State::Done || it->second.state == State::Failed; });
    auto layer = std::move(it->second.layer);
    slots_.erase(it);
    return layer;
}

}  // namespace tug::engine::archive
