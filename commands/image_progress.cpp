// ProgressPrinter: docker's jsonmessage display for pull and push.
#include "commands/image_progress.hpp"

#include <algorithm>

#include "cli/output/human.hpp"

namespace tug::commands {

std::string progress_bar(int64_t current, int64_t total) {
    if (total <= 0) return current > 0 ? cli::output::human_size(current) : "";
    const int64_t pct = std::min<int64_t>(100, current * 100 / total) / 2;
    std::string bar = "[" + std::string(static_cast<size_t>(pct), '=') + ">" +
                      std::string(static_cast<size_t>(std::max<int64_t>(0, 50 - pct)), ' ') + "] ";
    std::string nums = cli::output::human_size(current) + "/" + cli::output::human_size(total);
    const std::string cur = cli::output::human_size(current);
    if (cur.size() < 8) nums = std::string(8 - cur.size(), ' ') + nums;
    return bar + nums;
}

void ProgressPrinter::message(const std::string& line) {
    out_ << line << "\n";
    ++lines_;
    out_.flush();
}

void ProgressPrinter::progress(const engine::ProgressEvent& e) {
    std::string text = e.id + ": " + std::string(engine::progress_status_text(e.status));
    if (e.status == engine::ProgressStatus::MountedFrom) text += " " + e.detail;
    const bool bytes = e.status == engine::ProgressStatus::Downloading ||
                       e.status == engine::ProgressStatus::Extracting || e.status == engine::ProgressStatus::Pushing;
    if (!terminal_) {
        // Plain output: status changes only, as docker does when not on a terminal.
        if (!bytes) out_ << text << "\n";
        out_.flush();
        return;
    }
    if (bytes) text += " " + progress_bar(e.current, e.total);
    auto it = line_of_.find(e.id);
    if (it == line_of_.end()) {
        line_of_[e.id] = lines_++;
        out_ << "\r\033[2K" << text << "\n";
    } else {
        const int up = lines_ - it->second;
        out_ << "\033[" << up << "A\r\033[2K" << text << "\r\033[" << up << "B";
    }
    out_.flush();
}

}  // namespace tug::commands
