// The thread pool of pull and push.
#include "engine/image/parallel.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

#include "engine/base/error.hpp"

namespace tug::engine::image {

void run_parallel(size_t n, const std::vector<std::function<void()>>& tasks, std::atomic<bool>& cancel) {
    std::atomic<size_t> next{0};
    std::mutex mu;
    std::exception_ptr first, first_real;
    auto worker = [&] {
        for (size_t i; (i = next.fetch_add(1)) < tasks.size();) {
            if (cancel.load()) break;
            try {
                tasks[i]();
            } catch (...) {
                std::lock_guard lk(mu);
                cancel = true;
                if (!first) first = std::current_exception();
                try {
                    throw;
                } catch (const Error& e) {
                    if (e.code() != Errc::Canceled && !first_real) first_real = std::current_exception();
                } catch (...) {
                    if (!first_real) first_real = std::current_exception();
                }
            }
        }
    };
    std::vector<std::thread> threads;
    const size_t count = std::max<size_t>(1, std::min(n, tasks.size()));
    for (size_t t = 1; t < count; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    if (first_real) std::rethrow_exception(first_real);
    if (first) std::rethrow_exception(first);
}
}  // namespace tug::engine::image
