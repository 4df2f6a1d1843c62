// Runtime names, the up-front host check for crun, and the runtime for a name.
#include "engine/runtime/select.hpp"

#include <linux/magic.h>
#include <sys/vfs.h>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/runtime/runc.hpp"

namespace tug::engine::runtime {

namespace {

std::string base_name(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool fs_type_is(const std::string& path, long magic) {
    struct statfs st {};
    return ::statfs(path.c_str(), &st) == 0 && static_cast<long>(st.f_type) == magic;
}

}  // namespace

bool known_runtime(const std::string& name, const std::string& configured) {
    return name == "runc" || name == "crun" || name == configured;
}

std::string crun_refusal(const std::string& cgroup_root) {
    // v2 alone (cgroup2 at the root) and v1 alone (no cgroup2 beside it) are fine.
    if (!fs_type_is(cgroup_root, TMPFS_MAGIC)) return {};
    const std::string unified = cgroup_root + "/unified";
    if (!fs_type_is(unified, CGROUP2_SUPER_MAGIC)) return {};
    auto controllers = base::read_file_if_exists(unified + "/cgroup.controllers");
    std::string list = controllers.value_or("");
    while (!list.empty() && (list.back() == '\n' || list.back() == ' '))
        list.pop_back();
    if (list.empty()) return {};
    return "cgroups are in hybrid mode (v1 with controllers on cgroup v2: " + list + ")";
}

void check_runtime(const std::string& name, const std::string& configured,
                   const base::ChildEnv& child, const std::string& cgroup_root) {
    if (!known_runtime(name, configured) || base::find_program(name, child.search_path).empty())
        throw Error(Errc::InvalidArgument, "unknown or invalid runtime name: " + name);
    if (base_name(name) == "crun") {
        const std::string why = crun_refusal(cgroup_root);
        if (!why.empty())
            throw Error(Errc::FailedPrecondition,
                        "runtime crun cannot run containers on this host: " + why +
                            ", which crun does not support; use runc, or boot with cgroup v2 "
                            "(systemd.unified_cgroup_hierarchy=1)");
    }
}

std::unique_ptr<OciRuntime> open_runtime(const std::string& name, const RuntimeContext& ctx) {
    return std::make_unique<Runc>(name, ctx.root, ctx.log, ctx.systemd_cgroup, ctx.child);
}

}  // namespace tug::engine::runtime
