// Progress plumbing shared by pull and push: a sink wrapper that serializes calls from
// worker threads and throttles byte-count updates, and docker's status texts.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "engine/api/image.hpp"

namespace tug::engine::image {

class Progress {
public:
    explicit Progress(ProgressSink* sink) : sink_(sink) {}

    void message(const std::string& line);
    // Status changes always go through; byte updates at most every 100 ms per layer
    // (and always the final one, current == total).
    void status(const std::string& id, ProgressStatus s, int64_t current = 0, int64_t total = 0,
                const std::string& detail = "");

private:
    ProgressSink* sink_;
    std::mutex mu_;
    std::map<std::string, std::pair<ProgressStatus, std::chrono::steady_clock::time_point>> last_;
};

}  // namespace tug::engine::image
