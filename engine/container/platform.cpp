// The host's platform: overlay rootfs mounts, CNI networking and runc-compatible runtimes.
#include "engine/container/platform.hpp"

#include <algorithm>
#include <filesystem>

#include "engine/base/error.hpp"
#include "engine/base/mount.hpp"
#include "engine/container/image_source.hpp"
#include "engine/container/network_setup.hpp"
#include "engine/container/store.hpp"

namespace tug::engine::container {

namespace {

// An auto-removed container's upper directory is thrown away at exit, so its overlay
// is mounted "volatile" (as podman does for --rm): without it, unmounting syncs the
// whole file system the upper directory lives on, ~7 ms on the exit path of every
// `run --rm`. A kernel without the option (before 5.10) gets the plain mount.
void mount_all(const std::vector<base::Mount>& mounts, const std::string& target, bool disposable) {
    for (const auto& m : mounts) {
        const bool writable_overlay =
            m.type == "overlay" &&
            std::any_of(m.options.begin(), m.options.end(),
                        [](const std::string& o) { return o.starts_with("upperdir="); });
        if (disposable && writable_overlay) {
            base::Mount v = m;
            v.options.push_back("volatile");
            try {
                base::mount_at(v, target);
                continue;
            } catch (const Error&) {
            }
        }
        base::mount_at(m, target);
    }
}

class HostPlatform final : public Platform {
  public:
    void check_runtime(const EngineConfig& config, const std::string& name) const override {
        runtime::check_runtime(name, config.runtime, config.children);
    }

    std::unique_ptr<runtime::OciRuntime> runtime(
        const std::string& name, const runtime::RuntimeContext& ctx) const override {
        return runtime::open_runtime(name, ctx);
    }

    void mount_rootfs(const EngineConfig& config, const ContainerRecord& rec,
                      const Paths& paths) const override {
        // A volatile mount marks its work directory (<workdir>/work/incompat/volatile),
        // and a marked directory refuses every later mount (a `tug restart` of a --rm
        // container): a disposable upper has nothing the mark protects.
        if (rec.host.auto_remove) {
            std::error_code ec;
            std::filesystem::remove_all(paths.work + "/work/incompat", ec);
        }
        mount_all(rootfs_mounts(config, rec.rootfs, paths.upper, paths.work), paths.rootfs,
                  rec.host.auto_remove);
    }

    void unmount_rootfs(const Paths& paths) const override { base::unmount(paths.rootfs, true); }

    std::string start_network(const EngineConfig& config, Store& store, const ContainerRecord& rec,
                              const Paths& paths) const override {
        return container::start_network(config, store, rec, paths);
    }

    void stop_network(const EngineConfig& config, const std::string& id) const override {
        container::stop_network(config, id);
    }
};

}  // namespace

const Platform& host_platform() {
    static const HostPlatform host;
    return host;
}

const Platform& platform_of(const EngineConfig& config) {
    return config.platform ? *config.platform : host_platform();
}

}  // namespace tug::engine::container
