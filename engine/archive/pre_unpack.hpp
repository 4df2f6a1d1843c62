// Unpacking layers while an archive is still being staged: each file that looks like a
// layer (gzip, zstd or a tar) is unpacked by a worker into a prepared snapshot (overlay
// only, where a layer needs nothing of its parents), reading the staged file as staging
// writes it; load then claims it by blob digest once the manifests say which chain it
// belongs to. This overlaps the archive read with decompression, the two halves of
// load's time, from a layer's first bytes on.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/archive/stage.hpp"
#include "engine/snapshot/file_tail.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine::archive {

class PreUnpacker : public StageListener {
public:
    PreUnpacker(const snapshot::Snapshotter& snaps, unsigned workers);
    // Stops the workers; prepared layers nobody claimed are removed.
    ~PreUnpacker() override;
    PreUnpacker(const PreUnpacker&) = delete;
    PreUnpacker& operator=(const PreUnpacker&) = delete;

    // Staging thread: a file that looks like a layer is queued, to be read as it grows.
    snapshot::FileTail* follow(const std::string& path, int64_t size) override;
    // Staging thread: the file's digest, by which it is claimed.
    void staged(const StagedFile& f) override;

    // The layer prepared from the blob with this digest, waiting while a worker is on
    // it; nullopt when there is none or it failed (the caller unpacks it itself and
    // gets the real error). Call once staging is over.
    std::optional<snapshot::PreparedLayer> claim(const std::string& digest);

private:
    enum class State { Queued, Running, Done, Failed };
    struct Slot {
        State state = State::Queued;
        std::unique_ptr<snapshot::FileTail> tail;
        std::optional<snapshot::PreparedLayer> layer;
    };

    void work();

    const snapshot::Snapshotter& snaps_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::string> queue_;           // staged paths
    std::map<std::string, Slot> slots_;       // by staged path
    std::map<std::string, std::string> paths_;  // blob digest -> staged path
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace tug::engine::archive
