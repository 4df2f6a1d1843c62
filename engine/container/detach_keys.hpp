// docker's detach keys (--detach-keys, default ctrl-p,ctrl-q): parsing the sequence and
// spotting it in what the user types, the way docker's escape proxy does.
#pragma once

#include <string>
#include <string_view>

namespace tug::engine::container {

inline constexpr std::string_view kDefaultDetachKeys = "ctrl-p,ctrl-q";

// The byte sequence of a docker detach-keys spec: comma-separated single characters or
// "ctrl-<a-z@[\]^_>". InvalidArgument "Invalid detach keys (<spec>) provided".
std::string parse_detach_keys(std::string_view spec);

class DetachKeyFilter {
public:
    explicit DetachKeyFilter(std::string sequence) : seq_(std::move(sequence)) {}
    // Returns the bytes to pass on now. A partial match is held back until it either
    // completes (detached() turns true; the sequence itself is swallowed, and what
    // followed it is dropped) or breaks (the held bytes are passed on).
    std::string feed(std::string_view in);
    bool detached() const { return detached_; }

private:
    std::string seq_;
    size_t matched_ = 0;
    bool detached_ = false;
};

}  // namespace tug::engine::container
