// Unpacking layers while an archive is still being staged: each staged file that looks
// like a layer (gzip, zstd or a tar) is unpacked by a worker into a prepared snapshot
// (overlay only, where a layer needs nothing of its parents); load then claims it by
// blob digest once the manifests say which chain it belongs to. This overlaps the
// archive read with decompression, the two halves of load's time.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/base/unique_fd.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine::archive {

struct StagedFile;

class PreUnpacker {
public:
    PreUnpacker(const snapshot::Snapshotter& snaps, unsigned workers);
    // Stops the workers; prepared layers nobody claimed are removed.
    ~PreUnpacker();
    PreUnpacker(const PreUnpacker&) = delete;
    PreUnpacker& operator=(const PreUnpacker&) = delete;

    // A file just staged (its digest known): queued when it looks like a layer.
    void offer(const StagedFile& f);
    // The layer prepared from the blob with this digest, waiting while a worker is on
    // it; nullopt when there is none or it failed (the caller unpacks it itself and
    // gets the real error).
    std::optional<snapshot::PreparedLayer> claim(const std::string& digest);

private:
    struct Job {
        std::string digest;
        base::UniqueFd fd;  // opened at offer: load renames the staged file later
    };
    enum class State { Queued, Running, Done, Failed };
    struct Slot {
        State state = State::Queued;
        std::optional<snapshot::PreparedLayer> layer;
    };

    void work();

    const snapshot::Snapshotter& snaps_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> queue_;
    std::map<std::string, Slot> slots_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace tug::engine::archive
