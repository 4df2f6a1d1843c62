// Detach-key parsing and matching.
#include "engine/container/detach_keys.hpp"

#include "engine/base/error.hpp"

namespace tug::engine::container {

std::string parse_detach_keys(std::string_view spec) {
    auto bad = [&] { return Error(Errc::InvalidArgument, "Invalid detach keys (" + std::string(spec) + ") provided"); };
    std::string out;
    size_t pos = 0;
    while (pos <= spec.size()) {
        size_t comma = spec.find(',', pos);
        std::string_view key = spec.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        if (key.size() == 1) {
            out += key[0];
        } else if (key.size() == 6 && key.substr(0, 5) == "ctrl-") {
            char c = key[5];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c >= 'a' && c <= 'z')
                out += static_cast<char>(c - 'a' + 1);
            else if (c == '@' || c == '[' || c == '\\' || c == ']' || c == '^' || c == '_')
                out += static_cast<char>(c - '@');
            else
                throw bad();
        } else {
            throw bad();
        }
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    if (out.empty()) throw bad();
    return out;
}

std::string DetachKeyFilter::feed(std::string_view in) {
    std::string pass;
    if (detached_ || seq_.empty()) return detached_ ? pass : std::string(in);
    for (char c : in) {
        if (c == seq_[matched_]) {
            if (++matched_ == seq_.size()) {
                detached_ = true;
                return pass;
            }
            continue;
        }
        // The held prefix was ordinary input after all; c may start a new match.
        pass.append(seq_, 0, matched_);
        matched_ = 0;
        if (c == seq_[0]) {
            matched_ = 1;
            if (seq_.size() == 1) {
                detached_ = true;
                return pass;
            }
        } else {
            pass += c;
        }
    }
    return pass;
}

}  // namespace tug::engine::container
