// Serialized, throttled progress events.
#include "engine/image/progress.hpp"

namespace tug::engine {

std::string_view progress_status_text(ProgressStatus s) {
    switch (s) {
        case ProgressStatus::PullingFsLayer: return "Pulling fs layer";
        case ProgressStatus::Waiting: return "Waiting";
        case ProgressStatus::Downloading: return "Downloading";
        case ProgressStatus::VerifyingChecksum: return "Verifying Checksum";
        case ProgressStatus::DownloadComplete: return "Download complete";
        case ProgressStatus::Extracting: return "Extracting";
        case ProgressStatus::PullComplete: return "Pull complete";
        case ProgressStatus::AlreadyExists: return "Already exists";
        case ProgressStatus::Preparing: return "Preparing";
        case ProgressStatus::Pushing: return "Pushing";
        case ProgressStatus::Pushed: return "Pushed";
        case ProgressStatus::LayerAlreadyExists: return "Layer already exists";
        case ProgressStatus::MountedFrom: return "Mounted from";
    }
    return "";
}

namespace image {

void Progress::message(const std::string& line) {
    if (!sink_) return;
    std::lock_guard lk(mu_);
    sink_->message(line);
}

void Progress::status(const std::string& id, ProgressStatus s, int64_t current, int64_t total,
                      const std::string& detail) {
    if (!sink_) return;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lk(mu_);
    auto it = last_.find(id);
    const bool bytes = s == ProgressStatus::Downloading || s == ProgressStatus::Extracting || s == ProgressStatus::Pushing;
    if (bytes && it != last_.end() && it->second.first == s && current != total &&
        now - it->second.second < std::chrono::milliseconds(100))
        return;
    last_[id] = {s, now};
    sink_->progress({id, s, current, total, detail});
}

}  // namespace image
}  // namespace tug::engine
