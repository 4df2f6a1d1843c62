// Layers unpacked while the archive is staged (see pre_unpack.hpp).
#include "engine/archive/pre_unpack.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

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
        // A worker may be waiting for bytes staging will never write.
        for (auto& [path, slot] : slots_) slot.tail->fail("load stopped");
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
}

snapshot::FileTail* PreUnpacker::follow(const std::string& path, int64_t size) {
    if (size >= 0 && size < kMinLayerBytes) return nullptr;
    base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd || !looks_like_layer(fd.get())) return nullptr;
    snapshot::FileTail* tail;
    {
        std::lock_guard lock(mu_);
        auto& slot = slots_[path];
        slot.tail = std::make_unique<snapshot::FileTail>(std::move(fd));
        tail = slot.tail.get();
        queue_.push_back(path);
    }
    cv_.notify_one();
    return tail;
}

void PreUnpacker::staged(const StagedFile& f) {
    std::lock_guard lock(mu_);
    // The same blob twice in one archive: the first copy is the one claimed.
    if (slots_.count(f.path)) paths_.emplace(f.digest, f.path);
}

void PreUnpacker::work() {
    for (;;) {
        std::string path;
        snapshot::FileTail* tail;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            path = std::move(queue_.front());
            queue_.pop_front();
            auto& slot = slots_.at(path);
            slot.state = State::Running;
            tail = slot.tail.get();
        }
        std::optional<snapshot::PreparedLayer> layer;
        try {
            layer.emplace(snaps_.prepare(*tail));
        } catch (const std::exception& e) {
            base::log_debug("pre-unpack of " + path + ": " + e.what());
        }
        {
            std::lock_guard lock(mu_);
            auto& slot = slots_.at(path);
            slot.state = layer ? State::Done : State::Failed;
            if (layer) slot.layer.emplace(std::move(*layer));
        }
        cv_.notify_all();
    }
}

std::optional<snapshot::PreparedLayer> PreUnpacker::claim(const std::string& digest) {
    std::unique_lock lock(mu_);
    auto p = paths_.find(digest);
    if (p == paths_.end()) return std::nullopt;
    const std::string path = p->second;
    paths_.erase(p);
    auto it = slots_.find(path);
    if (it->second.state == State::Queued) {
        // Not started: cheaper for the caller to unpack it now than to wait its turn.
        std::erase(queue_, path);
        slots_.erase(it);
        return std::nullopt;
    }
    cv_.wait(lock, [&] { return it->second.state == State::Done || it->second.state == State::Failed; });
    auto layer = std::move(it->second.layer);
    slots_.erase(it);
    return layer;
}

}  // namespace tug::engine::archive
