// A small fixed pool for the parallel parts of pull and push.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

namespace tug::engine::image {

// Runs tasks on at most n threads (the caller's included). The first failure sets
// cancel (tasks not yet started are skipped; running ones should poll it) and is
// rethrown after all threads end, preferring a real error over the cancellations it
// caused.
void run_parallel(size_t n, const std::vector<std::function<void()>>& tasks, std::atomic<bool>& cancel);

}  // namespace tug::engine::image
