// docker's default seccomp profile, resolved per capabilities and architecture, and
// docker-format profile files converted to OCI.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "engine/base/error.hpp"
#include "engine/security/capabilities.hpp"
#include "engine/security/seccomp.hpp"

using namespace tug::engine::security;
using nlohmann::json;

namespace {

SeccompTarget target(std::vector<std::string> caps, std::string arch = "amd64") {
    SeccompTarget t;
    t.arch = std::move(arch);
    t.caps = std::move(caps);
    t.kernel = "6.1";
    return t;
}

// Names allowed unconditionally (an SCMP_ACT_ALLOW entry without args).
std::set<std::string> plain_allowed(const json& oci) {
    std::set<std::string> out;
    for (const auto& s : oci["syscalls"])
        if (s["action"] == "SCMP_ACT_ALLOW" && !s.contains("args"))
            for (const auto& n : s["names"]) out.insert(n.get<std::string>());
    return out;
}

const json* entry_for(const json& oci, const std::string& name, bool with_args) {
    for (const auto& s : oci["syscalls"])
        if (s.contains("args") == with_args)
            for (const auto& n : s["names"])
                if (n == name) return &s;
    return nullptr;
}

std::vector<std::string> with_cap(const std::string& cap) {
    auto caps = default_capabilities();
    caps.push_back(cap);
    return caps;
}

}  // namespace

TEST(SeccompDefault, TopLevelIsDockers) {
    auto p = default_seccomp(target(default_capabilities()));
    EXPECT_EQ(p["defaultAction"], "SCMP_ACT_ERRNO");
    EXPECT_EQ(p["defaultErrnoRet"], 1);
    EXPECT_EQ(p["architectures"], json({"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}));
    auto arm = default_seccomp(target(default_capabilities(), "arm64"));
    EXPECT_EQ(arm["architectures"], json({"SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"}));
}

TEST(SeccompDefault, AllowsTheUsualSyscalls) {
    auto allowed = plain_allowed(default_seccomp(target(default_capabilities())));
    for (const char* n : {"read", "write", "openat", "execve", "exit_group", "futex", "mmap",
                          "epoll_wait", "io_uring_setup", "clock_gettime", "statx", "rseq",
                          "arch_prctl", "modify_ldt", "chroot", "ptrace"})
        EXPECT_TRUE(allowed.count(n)) << n;
    for (const char* n : {"mount", "umount2", "unshare", "setns", "reboot", "init_module",
                          "kexec_load", "bpf", "perf_event_open", "add_key", "keyctl",
                          "open_by_handle_at", "clock_settime", "acct", "swapon"})
        EXPECT_FALSE(allowed.count(n)) << n;
    // Architecture-only entries of other architectures are gone.
    EXPECT_FALSE(allowed.count("cacheflush"));
    EXPECT_FALSE(allowed.count("s390_runtime_instr"));
}

TEST(SeccompDefault, ArgumentFilters) {
    auto p = default_seccomp(target(default_capabilities()));
    const json* socket = entry_for(p, "socket", true);
    ASSERT_NE(socket, nullptr);
    EXPECT_EQ((*socket)["args"][0]["value"], 40);  // AF_VSOCK is refused
    EXPECT_EQ((*socket)["args"][0]["op"], "SCMP_CMP_NE");
    int personalities = 0;
    for (const auto& s : p["syscalls"])
        if (s["names"] == json({"personality"})) ++personalities;
    EXPECT_EQ(personalities, 5);
    const json* clone = entry_for(p, "clone", true);
    ASSERT_NE(clone, nullptr);
    EXPECT_EQ((*clone)["args"][0]["index"], 0);
    EXPECT_EQ((*clone)["args"][0]["value"], 0x7E020000);
    EXPECT_EQ((*clone)["args"][0]["op"], "SCMP_CMP_MASKED_EQ");
    const json* clone3 = entry_for(p, "clone3", false);
    ASSERT_NE(clone3, nullptr);
    EXPECT_EQ((*clone3)["action"], "SCMP_ACT_ERRNO");
    EXPECT_EQ((*clone3)["errnoRet"], 38);
}

TEST(SeccompDefault, SysAdminOpensMountAndNamespaces) {
    auto p = default_seccomp(target(with_cap("CAP_SYS_ADMIN")));
    auto allowed = plain_allowed(p);
    for (const char* n : {"mount", "umount2", "unshare", "setns", "clone", "clone3", "sethostname",
                          "fsopen", "bpf", "perf_event_open"})
        EXPECT_TRUE(allowed.count(n)) << n;
    // The masked clone and the clone3 ENOSYS entries apply only without CAP_SYS_ADMIN.
    EXPECT_EQ(entry_for(p, "clone", true), nullptr);
    for (const auto& s : p["syscalls"]) EXPECT_NE(s["action"], "SCMP_ACT_ERRNO");
}

TEST(SeccompDefault, OtherCapabilityGroups) {
    EXPECT_TRUE(plain_allowed(default_seccomp(target(with_cap("CAP_SYS_MODULE")))).count("finit_module"));
    EXPECT_TRUE(plain_allowed(default_seccomp(target(with_cap("CAP_SYS_PTRACE")))).count("kcmp"));
    EXPECT_TRUE(plain_allowed(default_seccomp(target(with_cap("CAP_SYS_TIME")))).count("settimeofday"));
    EXPECT_TRUE(plain_allowed(default_seccomp(target(with_cap("CAP_SYS_BOOT")))).count("reboot"));
    EXPECT_TRUE(plain_allowed(default_seccomp(target(with_cap("CAP_DAC_READ_SEARCH")))).count("open_by_handle_at"));
    // chroot needs CAP_SYS_CHROOT, which is in the defaults; dropping it removes chroot.
    auto no_chroot = default_capabilities();
    no_chroot.erase(std::find(no_chroot.begin(), no_chroot.end(), "CAP_SYS_CHROOT"));
    EXPECT_FALSE(plain_allowed(default_seccomp(target(no_chroot))).count("chroot"));
}

TEST(SeccompDefault, MinKernel) {
    auto t = target(default_capabilities());
    t.kernel = "4.4";
    EXPECT_FALSE(plain_allowed(default_seccomp(t)).count("ptrace"));
    t.kernel = "4.8";
    EXPECT_TRUE(plain_allowed(default_seccomp(t)).count("ptrace"));
}

TEST(SeccompProfile, DockerFormatConverts) {
    json profile = json::parse(R"({
      "defaultAction": "SCMP_ACT_ALLOW",
      "architectures": ["SCMP_ARCH_X86_64"],
      "syscalls": [
        {"name": "mkdir", "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
        {"names": ["chmod", "fchmod"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 1, "value": 511, "op": "SCMP_CMP_EQ"}]},
        {"names": ["only_arm"], "action": "SCMP_ACT_KILL", "includes": {"arches": ["arm64"]}},
        {"names": ["needs_admin"], "action": "SCMP_ACT_LOG", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
        {"names": ["unless_kill"], "action": "SCMP_ACT_TRACE", "excludes": {"caps": ["CAP_KILL"]}}
      ]})");
    auto oci = convert_seccomp_profile(profile, target(default_capabilities()));
    ASSERT_TRUE(oci);
    EXPECT_EQ((*oci)["defaultAction"], "SCMP_ACT_ALLOW");
    EXPECT_FALSE(oci->contains("defaultErrnoRet"));
    EXPECT_EQ((*oci)["architectures"], json({"SCMP_ARCH_X86_64"}));
    const auto& calls = (*oci)["syscalls"];
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0]["names"], json({"mkdir"}));
    EXPECT_EQ(calls[0]["errnoRet"], 13);
    EXPECT_EQ(calls[1]["args"][0], json({{"index", 1}, {"value", 511}, {"valueTwo", 0}, {"op", "SCMP_CMP_EQ"}}));
    auto admin = convert_seccomp_profile(profile, target(with_cap("CAP_SYS_ADMIN")));
    EXPECT_EQ((*admin)["syscalls"].size(), 3u);
}

TEST(SeccompProfile, Errors) {
    auto t = target(default_capabilities());
    EXPECT_THROW(convert_seccomp_profile(json::parse(R"({"defaultAction":"SCMP_ACT_ALLOW",
        "syscalls":[{"name":"a","names":["b"],"action":"SCMP_ACT_ERRNO"}]})"), t), tug::Error);
    EXPECT_THROW(convert_seccomp_profile(json::parse(R"({"defaultAction":"SCMP_ACT_ALLOW",
        "architectures":["SCMP_ARCH_X86_64"],"archMap":[{"architecture":"SCMP_ARCH_X86_64"}]})"), t),
                 tug::Error);
    // Neither a default action nor syscalls: seccomp disabled, as moby.
    EXPECT_FALSE(convert_seccomp_profile(json::object(), t));
    try {
        load_seccomp_profile("/nonexistent/profile.json", t);
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message().rfind("opening seccomp profile (/nonexistent/profile.json) failed", 0), 0u)
            << e.message();
    }
}

TEST(SeccompProfile, LoadFileAndChoice) {
    const std::string path = testing::TempDir() + "/tug-seccomp-test.json";
    {
        std::ofstream out(path);
        out << R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]})";
    }
    auto t = target(default_capabilities());
    auto loaded = seccomp_for_container(path, false, t);
    ASSERT_TRUE(loaded);
    EXPECT_EQ((*loaded)["syscalls"].size(), 1u);
    EXPECT_FALSE(seccomp_for_container(std::string("unconfined"), false, t));
    EXPECT_FALSE(seccomp_for_container(std::nullopt, true, t));
    EXPECT_FALSE(seccomp_for_container(path, true, t));
    auto def = seccomp_for_container(std::nullopt, false, t);
    ASSERT_TRUE(def);
    EXPECT_EQ(*def, default_seccomp(t));
    EXPECT_EQ(*seccomp_for_container(std::string("builtin"), false, t), *def);
    {
        std::ofstream out(path);
        out << "{not json";
    }
    try {
        load_seccomp_profile(path, t);
        FAIL();
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.message().rfind("decoding seccomp profile failed", 0), 0u) << e.message();
    }
}

TEST(SeccompProfile, HostTarget) {
    auto t = SeccompTarget::host(default_capabilities());
    EXPECT_FALSE(t.arch.empty());
    EXPECT_FALSE(t.kernel.empty());
    EXPECT_TRUE(default_seccomp(t).contains("architectures"));
}
