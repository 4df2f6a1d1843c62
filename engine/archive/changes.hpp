// Dockerfile instructions applied to an image config (`import --change`, `commit -c`):
// CMD, ENTRYPOINT, ENV, EXPOSE, USER, WORKDIR, LABEL, VOLUME, STOPSIGNAL, ONBUILD,
// HEALTHCHECK.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace tug::engine::archive {

// Applies one instruction ("CMD [\"sh\"]", "ENV A=1 B=2", "EXPOSE 80/tcp 53/udp") to
// config (the image config's "config" object, docker's field names). InvalidArgument
// for unknown or malformed instructions, in docker's words where it has them.
void apply_change(nlohmann::json& config, const std::string& line);

}  // namespace tug::engine::archive
