// Go text/tabwriter's column-block algorithm, for docker-compatible tables.
#include "cli/output/tabwriter.hpp"

#include <algorithm>
#include <vector>

#include "cli/output/utf8.hpp"

namespace tug::cli::output {

namespace {

struct Cell {
    std::string_view text;
    int width;  // in characters
};

class Formatter {
  public:
    Formatter(std::string_view text, int min_width, int padding)
        : min_width_(min_width), padding_(padding) {
        size_t start = 0;
        while (start <= text.size()) {
            size_t nl = text.find('\n', start);
            bool last = nl == std::string_view::npos;
            std::string_view line = text.substr(start, last ? std::string_view::npos : nl - start);
            if (last && line.empty()) break;
            std::vector<Cell> cells;
            size_t c = 0;
            while (true) {
                size_t tab = line.find('\t', c);
                auto cell = line.substr(
                    c, tab == std::string_view::npos ? std::string_view::npos : tab - c);
                cells.push_back({cell, static_cast<int>(utf8_length(cell))});
                if (tab == std::string_view::npos) break;
                c = tab + 1;
            }
            lines_.push_back(std::move(cells));
            newline_.push_back(!last);
            if (last) break;
            start = nl + 1;
        }
    }

    std::string run() {
        format(0, lines_.size());
        return std::move(out_);
    }

  private:
    int min_width_;
    int padding_;
    std::vector<std::vector<Cell>> lines_;
    std::vector<bool> newline_;
    std::vector<int> widths_;
    std::string out_;

    void write_lines(size_t from, size_t to) {
        for (size_t i = from; i < to; ++i) {
            const auto& line = lines_[i];
            for (size_t j = 0; j < line.size(); ++j) {
                out_.append(line[j].text);
                if (j < widths_.size() && widths_[j] > line[j].width)
                    out_.append(static_cast<size_t>(widths_[j] - line[j].width), ' ');
            }
            if (newline_[i]) out_ += '\n';
        }
    }

    // Go's recursive format(), with an explicit stack: a line can hold any number of
    // cells, and each column is one level.
    void format(size_t line0, size_t line1) {
        struct Frame {
            size_t line0, line1, row;
        };
        std::vector<Frame> frames{{line0, line1, line0}};
        while (!frames.empty()) {
            Frame& f = frames.back();
            size_t column = frames.size() - 1;
            while (f.row < f.line1 && column + 1 >= lines_[f.row].size())
                ++f.row;
            if (f.row >= f.line1) {
                write_lines(f.line0, f.line1);
                frames.pop_back();
                if (!frames.empty()) widths_.pop_back();
                continue;
            }
            // a block of lines with a cell in this column starts at f.row
            write_lines(f.line0, f.row);
            size_t begin = f.row, end = f.row;
            int width = min_width_;
            for (; end < f.line1 && column + 1 < lines_[end].size(); ++end)
                width = std::max(width, lines_[end][column].width + padding_);
            f.line0 = end;
            f.row = end;
            widths_.push_back(width);
            frames.push_back({begin, end, begin});
        }
    }
};

}  // namespace

std::string tabwrite(std::string_view text, int min_width, int padding) {
    return Formatter(text, min_width, padding).run();
}

}  // namespace tug::cli::output
