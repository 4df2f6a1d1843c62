// The Dockerfile HEALTHCHECK instruction (for `import --change` now, a builder later):
// "HEALTHCHECK [--interval=D --timeout=D --start-period=D --start-interval=D --retries=N]
// CMD <command>" or "HEALTHCHECK NONE", parsed as docker's builder parses it.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace tug::engine::health {

// args: what follows the word HEALTHCHECK. Returns the image config's "Healthcheck":
// {"Test":["CMD-SHELL","<cmd>"]} for the shell form, ["CMD", args...] for the JSON form,
// ["NONE"]; durations and retries only when given. InvalidArgument in docker's words
// ("Unknown type \"X\" in HEALTHCHECK (try CMD)", "missing command after HEALTHCHECK CMD").
nlohmann::json parse_instruction(std::string_view args);

}  // namespace tug::engine::health
