// Splitting strings into fields, with Go's semantics where docker's code is the model.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tug::base {

// Go's strings.Split: every field, empty ones included ("a,,b" -> a, "", b; "" -> one "").
std::vector<std::string> split(std::string_view s, char sep);

// Only the non-empty fields ("a,,b," -> a, b; "" -> none): option lists such as mount
// options, and PATH-like lists.
std::vector<std::string> split_nonempty(std::string_view s, char sep);

// Go's strings.SplitN(s, sep, n) for n > 0: at most n fields, the last one the rest of s.
std::vector<std::string> split_n(std::string_view s, char sep, size_t n);

}  // namespace tug::base
