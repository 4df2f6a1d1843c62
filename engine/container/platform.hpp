// What a container's lifecycle takes from the host, as one seam: the OCI runtime for a
// runtime name, the rootfs mount and the network attachment. The host's platform does
// these for real; an EngineConfig may carry another one, which is how unit tests run
// create, start, stop, restart and boot with a fake runtime, without root, mounts or a
// netns. (The monitor is /proc/self/exe re-executed: in a test, the test program, which
// puts its platform back into the monitor's EngineConfig.)
#pragma once

#include <memory>
#include <string>

#include "engine/api/config.hpp"
#include "engine/api/container_record.hpp"
#include "engine/runtime/oci_runtime.hpp"
#include "engine/runtime/select.hpp"

namespace tug::engine::container {

class Store;
struct Paths;

class Platform {
  public:
    virtual ~Platform() = default;
    // Throws unless the runtime called `name` can run containers here (see
    // runtime::check_runtime for the host's errors).
    virtual void check_runtime(const EngineConfig& config, const std::string& name) const = 0;
    // The runtime called `name` (a name check_runtime accepted, or a path).
    virtual std::unique_ptr<runtime::OciRuntime> runtime(
        const std::string& name, const runtime::RuntimeContext& ctx) const = 0;
    // Mounts rec's root file system (its image's layers under the container's upper
    // directory) at paths.rootfs. On throw nothing is mounted.
    virtual void mount_rootfs(const EngineConfig& config, const ContainerRecord& rec,
                              const Paths& paths) const = 0;
    // Unmounts it; not mounted is fine.
    virtual void unmount_rootfs(const Paths& paths) const = 0;
    // Attaches the container to its network for a start (see network_setup.hpp); returns
    // the netns path for the spec. stop_network detaches, idempotently.
    virtual std::string start_network(const EngineConfig& config, Store& store,
                                      const ContainerRecord& rec, const Paths& paths) const = 0;
    virtual void stop_network(const EngineConfig& config, const std::string& id) const = 0;
};

// The real host: runtimes through runtime::open_runtime, overlay mounts and CNI.
const Platform& host_platform();

// config.platform, or the host's when it names none.
const Platform& platform_of(const EngineConfig& config);

}  // namespace tug::engine::container
