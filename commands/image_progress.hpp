// Rendering pull/push progress like docker's CLI: per-layer lines redrawn in place
// (cursor up) on a terminal, one line per status change otherwise.
#pragma once

#include <map>
#include <ostream>
#include <string>

#include "engine/api/image.hpp"

namespace tug::commands {

class ProgressPrinter : public engine::ProgressSink {
public:
    ProgressPrinter(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}
    void message(const std::string& line) override;
    void progress(const engine::ProgressEvent& e) override;

private:
    std::ostream& out_;
    bool terminal_;
    std::map<std::string, int> line_of_;  // id -> line number (terminal mode)
    int lines_ = 0;
};

// docker's progress bar: "[=====>      ]  1.2MB/4.5MB" (50 cells).
std::string progress_bar(int64_t current, int64_t total);

}  // namespace tug::commands
