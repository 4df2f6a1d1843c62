// Docker-format seccomp profiles -> OCI linux.seccomp (moby's setupSeccomp rules), and
// the choice of profile for a container.
#include "engine/security/seccomp.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/base/arch.hpp"
#include "engine/base/error.hpp"

namespace tug::engine::security {

using nlohmann::json;

namespace {

std::string native_arch(const std::string& go_arch) {
    static const std::pair<const char*, const char*> table[] = {
        {"386", "SCMP_ARCH_X86"},           {"amd64", "SCMP_ARCH_X86_64"},
        {"arm", "SCMP_ARCH_ARM"},           {"arm64", "SCMP_ARCH_AARCH64"},
        {"mips64", "SCMP_ARCH_MIPS64"},     {"mips64n32", "SCMP_ARCH_MIPS64N32"},
        {"mipsel64", "SCMP_ARCH_MIPSEL64"}, {"mips64le", "SCMP_ARCH_MIPSEL64"},
        {"mipsel64n32", "SCMP_ARCH_MIPSEL64N32"}, {"ppc64", "SCMP_ARCH_PPC64"},
        {"ppc64le", "SCMP_ARCH_PPC64LE"},   {"s390", "SCMP_ARCH_S390"},
        {"s390x", "SCMP_ARCH_S390X"},       {"riscv64", "SCMP_ARCH_RISCV64"},
    };
    for (const auto& [go, native] : table)
        if (go_arch == go) return native;
    return "";
}

std::vector<std::string> strings_of(const json& j, const char* key) {
    std::vector<std::string> out;
    if (!j.is_object() || !j.contains(key) || j[key].is_null()) return out;
    if (!j[key].is_array())
        throw Error(Errc::InvalidArgument, std::string("\"") + key + "\" must be a list of strings");
    for (const auto& v : j[key]) out.push_back(v.get<std::string>());
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// Compares "a.b[.c]" kernel versions by major and minor; -1, 0, 1.
int compare_kernel(const std::string& a, const std::string& b) {
    int am = 0, an = 0, bm = 0, bn = 0;
    std::sscanf(a.c_str(), "%d.%d", &am, &an);
    std::sscanf(b.c_str(), "%d.%d", &bm, &bn);
    if (am != bm) return am < bm ? -1 : 1;
    if (an != bn) return an < bn ? -1 : 1;
    return 0;
}

std::string min_kernel_of(const json& filter) {
    if (!filter.is_object() || !filter.contains("minKernel") || filter["minKernel"].is_null())
        return "";
    std::string v = filter["minKernel"].get<std::string>();
    int major = 0, minor = 0;
    if (std::sscanf(v.c_str(), "%d.%d", &major, &minor) != 2)
        throw Error(Errc::InvalidArgument, "invalid kernel version: " + v);
    return v;
}

// Whether moby keeps this syscall entry for the target.
bool keep(const json& call, const SeccompTarget& t) {
    const json none = json::object();
    const json& ex = call.contains("excludes") && call["excludes"].is_object() ? call["excludes"] : none;
    const json& in = call.contains("includes") && call["includes"].is_object() ? call["includes"] : none;
    auto ex_arches = strings_of(ex, "arches");
    if (!ex_arches.empty() && contains(ex_arches, t.arch)) return false;
    for (const auto& c : strings_of(ex, "caps"))
        if (contains(t.caps, c)) return false;
    if (auto k = min_kernel_of(ex); !k.empty() && !t.kernel.empty() && compare_kernel(t.kernel, k) >= 0)
        return false;
    auto in_arches = strings_of(in, "arches");
    if (!in_arches.empty() && !contains(in_arches, t.arch)) return false;
    for (const auto& c : strings_of(in, "caps"))
        if (!contains(t.caps, c)) return false;
    if (auto k = min_kernel_of(in); !k.empty() && !t.kernel.empty() && compare_kernel(t.kernel, k) < 0)
        return false;
    return true;
}

json convert_arg(const json& a) {
    if (!a.is_object()) throw Error(Errc::InvalidArgument, "syscall argument must be an object");
    return json{{"index", a.value("index", 0U)},
                {"value", a.value("value", 0ULL)},
                {"valueTwo", a.value("valueTwo", 0ULL)},
                {"op", a.value("op", std::string())}};
}

}  // namespace


SeccompTarget SeccompTarget::host(std::vector<std::string> caps) {
    SeccompTarget t;
    t.arch = base::go_arch();
    t.caps = std::move(caps);
    struct utsname u {};
    if (::uname(&u) == 0) t.kernel = u.release;
    return t;
}

std::optional<json> convert_seccomp_profile(const json& profile, const SeccompTarget& target) {
    try {
        if (!profile.is_object()) throw Error(Errc::InvalidArgument, "profile must be a JSON object");
        const std::string default_action = profile.value("defaultAction", std::string());
        const json syscalls = profile.contains("syscalls") && !profile["syscalls"].is_null()
                                  ? profile["syscalls"]
                                  : json::array();
        if (!syscalls.is_array()) throw Error(Errc::InvalidArgument, "\"syscalls\" must be a list");
        if (default_action.empty() && syscalls.empty()) return std::nullopt;

        auto architectures = strings_of(profile, "architectures");
        const bool has_arch_map = profile.contains("archMap") && profile["archMap"].is_array() &&
                                  !profile["archMap"].empty();
        if (!architectures.empty() && has_arch_map)
            throw Error(Errc::InvalidArgument,
                        "both 'architectures' and 'archMap' are specified in the seccomp "
                        "profile, use either 'architectures' or 'archMap'");
        if (has_arch_map) {
            const std::string native = native_arch(target.arch);
            for (const auto& m : profile["archMap"]) {
                if (m.value("architecture", std::string()) != native) continue;
                architectures.push_back(native);
                for (const auto& s : strings_of(m, "subArchitectures")) architectures.push_back(s);
                break;
            }
        }

        json out = {{"defaultAction", default_action}};
        if (profile.contains("defaultErrnoRet") && !profile["defaultErrnoRet"].is_null())
            out["defaultErrnoRet"] = profile["defaultErrnoRet"].get<unsigned>();
        if (!architectures.empty()) out["architectures"] = architectures;
        if (auto flags = strings_of(profile, "flags"); !flags.empty()) out["flags"] = flags;
        if (auto l = profile.value("listenerPath", std::string()); !l.empty()) out["listenerPath"] = l;
        if (auto l = profile.value("listenerMetadata", std::string()); !l.empty())
            out["listenerMetadata"] = l;

        json calls = json::array();
        for (const auto& call : syscalls) {
            if (!call.is_object()) throw Error(Errc::InvalidArgument, "syscall entry must be an object");
            auto call_names = strings_of(call, "names");
            const std::string name = call.value("name", std::string());
            if (!name.empty()) {
                if (!call_names.empty()) throw Error(Errc::InvalidArgument, "use either 'name' or 'names'");
                call_names.push_back(name);
            }
            if (!keep(call, target)) continue;
            json c = {{"names", call_names}, {"action", call.value("action", std::string())}};
            if (call.contains("errnoRet") && !call["errnoRet"].is_null())
                c["errnoRet"] = call["errnoRet"].get<unsigned>();
            if (call.contains("args") && call["args"].is_array() && !call["args"].empty()) {
                json args = json::array();
                for (const auto& a : call["args"]) args.push_back(convert_arg(a));
                c["args"] = args;
            }
            calls.push_back(c);
        }
        out["syscalls"] = calls;
        return out;
    } catch (const json::exception& e) {
        throw Error(Errc::InvalidArgument, std::string("decoding seccomp profile failed: ") + e.what());
    }
}

json default_seccomp(const SeccompTarget& target) {
    return *convert_seccomp_profile(docker_default_profile(), target);
}

std::optional<json> load_seccomp_profile(const std::string& path, const SeccompTarget& target) {
    std::ifstream in(path);
    if (!in) {
        const int err = errno;
        throw Error(Errc::InvalidArgument, "opening seccomp profile (" + path +
                                               ") failed: open " + path + ": " + std::strerror(err),
                    err);
    }
    std::stringstream buf;
    buf << in.rdbuf();
    json profile;
    try {
        profile = json::parse(buf.str());
    } catch (const json::exception& e) {
        throw Error(Errc::InvalidArgument, std::string("decoding seccomp profile failed: ") + e.what());
    }
    return with_context("seccomp profile " + path,
                        [&] { return convert_seccomp_profile(profile, target); });
}

std::optional<json> seccomp_for_container(const std::optional<std::string>& option,
                                          bool privileged, const SeccompTarget& target) {
    if (privileged) return std::nullopt;
    if (option && *option == "unconfined") return std::nullopt;
    if (!option || option->empty() || *option == "builtin") return default_seccomp(target);
    return load_seccomp_profile(*option, target);
}

}  // namespace tug::engine::security
