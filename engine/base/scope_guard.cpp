// UndoStack rollback.
#include "engine/base/scope_guard.hpp"

#include <exception>

namespace tug::base {

void UndoStack::rollback() noexcept {
    while (!steps_.empty()) {
        Step step = std::move(steps_.back());
        steps_.pop_back();
        try {
            step.undo();
        } catch (const std::exception& e) {
            if (on_error) on_error(step.what, e.what());
        } catch (...) {
            if (on_error) on_error(step.what, "unknown error");
        }
    }
}

}  // namespace tug::base
