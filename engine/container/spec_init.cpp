// --init: docker's docker-init (here Debian's tini-static) as the container's PID 1, so
// that zombies are reaped and signals reach the command even when it installs no handler.
#include "engine/base/error.hpp"
#include "engine/container/spec_host.hpp"

#include <unistd.h>

namespace tug::engine::container {

namespace {

// Where docker mounts its init in every container, and the static tini Debian ships
// (the container may have no libc to run a dynamic one).
constexpr const char* kInContainerInit = "/sbin/docker-init";
constexpr const char* kHostInit = "/usr/bin/tini-static";

}  // namespace

void apply_init(const ContainerRecord& rec, nlohmann::json& spec) {
    if (!rec.host.init) return;
    if (::access(kHostInit, X_OK) != 0)
        throw Error(Errc::FailedPrecondition, std::string("--init: ") + kHostInit +
                                                  " not found: install Debian's tini package");
    spec["mounts"].push_back(
        {{"destination", kInContainerInit}, {"type", "bind"}, {"source", kHostInit}, {"options", {"bind", "ro"}}});
    nlohmann::json args = nlohmann::json::array({kInContainerInit, "--"});
    for (const auto& a : spec["process"]["args"]) args.push_back(a);
    spec["process"]["args"] = args;
}

}  // namespace tug::engine::container
