// ScopeGuard: runs a callable at scope exit unless dismissed; the undo step of
// multi-step operations. UndoStack: undo steps registered before each step, run in
// reverse unless committed; an undo failure never replaces the first error.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace tug::base {

template <typename Fn>
class ScopeGuard {
public:
    explicit ScopeGuard(Fn fn) : fn_(std::move(fn)) {}
    ScopeGuard(const ScopeGuard&) = delete;
    ScopeGuard& operator=(const ScopeGuard&) = delete;
    ~ScopeGuard() {
        if (active_) {
            try {
                fn_();
            } catch (...) {
                // A failing cleanup must not replace the error that triggered it.
            }
        }
    }
    void dismiss() noexcept { active_ = false; }

private:
    Fn fn_;
    bool active_ = true;
};

class UndoStack {
public:
    UndoStack() = default;
    UndoStack(const UndoStack&) = delete;
    UndoStack& operator=(const UndoStack&) = delete;
    ~UndoStack() { rollback(); }

    // Registers an undo step; call before performing the step it undoes.
    void push(std::string what, std::function<void()> undo) {
        steps_.push_back({std::move(what), std::move(undo)});
    }
    // Keeps everything done so far: no undo step runs.
    void commit() noexcept { steps_.clear(); }
    // Runs the undo steps in reverse order. Failures are reported to on_error (if set)
    // and otherwise ignored.
    void rollback() noexcept;

    std::function<void(const std::string& what, const std::string& error)> on_error;

private:
    struct Step {
        std::string what;
        std::function<void()> undo;
    };
    std::vector<Step> steps_;
};

}  // namespace tug::base
