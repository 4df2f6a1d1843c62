// Field splitting.
#include "engine/base/strings.hpp"

namespace tug::base {

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.emplace_back(s.substr(start));
            return out;
        }
        out.emplace_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::vector<std::string> split_nonempty(std::string_view s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) pos = s.size();
        if (pos > start) out.emplace_back(s.substr(start, pos - start));
        start = pos + 1;
    }
    return out;
}

std::vector<std::string> split_n(std::string_view s, char sep, size_t n) {
    std::vector<std::string> out;
    size_t start = 0;
    while (out.size() + 1 < n) {
        const size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) break;
        out.emplace_back(s.substr(start, pos - start));
        start = pos + 1;
    }
    out.emplace_back(s.substr(start));
    return out;
}

}  // namespace tug::base
