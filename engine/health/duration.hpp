// Go's time.Duration text: the --health-* flag values (time.ParseDuration) and the
// wording docker prints for them ("1m30s", "1.5s", "500ms").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tug::engine::health {

inline constexpr int64_t kSecond = 1000000000LL;

// time.ParseDuration: "[-+]([0-9]*(\.[0-9]*)?unit)+" with units ns, us, µs, ms, s, m, h,
// or a bare "0". nullopt when malformed or out of int64 range.
std::optional<int64_t> parse_go_duration(std::string_view s);

// time.Duration.String(): "0s", "1.5s", "1m0s", "1h2m3s", "250ms", "1µs", "-2s".
std::string format_go_duration(int64_t ns);

}  // namespace tug::engine::health
