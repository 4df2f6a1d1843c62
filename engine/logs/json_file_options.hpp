// The json-file log driver's options (--log-opt max-size, max-file): checked when a
// container is created, with the messages of docker's json-file driver, and read the
// same way by the monitor.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace tug::engine::logs {

struct JsonFileOptions {
    uint64_t max_size = 0;  // bytes; 0: the log is never rotated
    int max_files = 1;      // files kept, the live one included
};

// InvalidArgument with docker's words for an unknown option or a bad value: "unknown log
// opt 'k' for json-file log driver", strconv.Atoi's and units.FromHumanSize's errors,
// "max-file cannot be less than 1", "max-size must be a positive number".
JsonFileOptions parse_json_file_options(const std::map<std::string, std::string>& opts);

// docker's units.FromHumanSize: "10m" is 10,000,000 bytes (k, m, g, t, p are powers of
// 1000; a trailing "i" or "b" changes nothing). InvalidArgument "invalid size: 's'".
int64_t from_human_size(const std::string& s);

// Go's strconv.Atoi, with its error text ("strconv.Atoi: parsing \"s\": invalid syntax"
// or "value out of range").
int64_t go_atoi(const std::string& s);

}  // namespace tug::engine::logs
