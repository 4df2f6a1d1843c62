// docker's default seccomp profile (moby profiles/seccomp/default.json) as our own table,
// built into docker's profile format so that it goes through the same conversion as a
// user's --security-opt seccomp=<file>.
#include <initializer_list>

#include "engine/security/seccomp.hpp"

namespace tug::engine::security {

using nlohmann::json;

namespace {

// The syscalls every container may make, whatever its capabilities.
constexpr const char* kAllowed[] = {
    "accept", "accept4", "access", "adjtimex", "alarm", "bind", "brk", "capget", "capset",
    "chdir", "chmod", "chown", "chown32", "clock_adjtime", "clock_adjtime64", "clock_getres",
    "clock_getres_time64", "clock_gettime", "clock_gettime64", "clock_nanosleep",
    "clock_nanosleep_time64", "close", "close_range", "connect", "copy_file_range", "creat",
    "dup", "dup2", "dup3", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old",
    "epoll_pwait", "epoll_pwait2", "epoll_wait", "epoll_wait_old", "eventfd", "eventfd2",
    "execve", "execveat", "exit", "exit_group", "faccessat", "faccessat2", "fadvise64",
    "fadvise64_64", "fallocate", "fanotify_mark", "fchdir", "fchmod", "fchmodat", "fchown",
    "fchown32", "fchownat", "fcntl", "fcntl64", "fdatasync", "fgetxattr", "flistxattr",
    "flock", "fork", "fremovexattr", "fsetxattr", "fstat", "fstat64", "fstatat64", "fstatfs",
    "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futex", "futex_time64", "futex_waitv",
    "futimesat", "getcpu", "getcwd", "getdents", "getdents64", "getegid", "getegid32",
    "geteuid", "geteuid32", "getgid", "getgid32", "getgroups", "getgroups32", "getitimer",
    "getpeername", "getpgid", "getpgrp", "getpid", "getppid", "getpriority", "getrandom",
    "getresgid", "getresgid32", "getresuid", "getresuid32", "getrlimit", "get_robust_list",
    "getrusage", "getsid", "getsockname", "getsockopt", "get_thread_area", "gettid",
    "gettimeofday", "getuid", "getuid32", "getxattr", "inotify_add_watch", "inotify_init",
    "inotify_init1", "inotify_rm_watch", "io_cancel", "ioctl", "io_destroy", "io_getevents",
    "io_pgetevents", "io_pgetevents_time64", "ioprio_get", "ioprio_set", "io_setup",
    "io_submit", "io_uring_enter", "io_uring_register", "io_uring_setup", "ipc", "kill",
    "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self", "lchown",
    "lchown32", "lgetxattr", "link", "linkat", "listen", "listxattr", "llistxattr", "_llseek",
    "lremovexattr", "lseek", "lsetxattr", "lstat", "lstat64", "madvise", "membarrier",
    "memfd_create", "memfd_secret", "mincore", "mkdir", "mkdirat", "mknod", "mknodat",
    "mlock", "mlock2", "mlockall", "mmap", "mmap2", "mprotect", "mq_getsetattr", "mq_notify",
    "mq_open", "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend",
    "mq_timedsend_time64", "mq_unlink", "mremap", "msgctl", "msgget", "msgrcv", "msgsnd",
    "msync", "munlock", "munlockall", "munmap", "name_to_handle_at", "nanosleep",
    "newfstatat", "_newselect", "open", "openat", "openat2", "pause", "pidfd_open",
    "pidfd_send_signal", "pipe", "pipe2", "pkey_alloc", "pkey_free", "pkey_mprotect", "poll",
    "ppoll", "ppoll_time64", "prctl", "pread64", "preadv", "preadv2", "prlimit64",
    "process_mrelease", "pselect6", "pselect6_time64", "pwrite64", "pwritev", "pwritev2",
    "read", "readahead", "readlink", "readlinkat", "readv", "recv", "recvfrom", "recvmmsg",
    "recvmmsg_time64", "recvmsg", "remap_file_pages", "removexattr", "rename", "renameat",
    "renameat2", "restart_syscall", "rmdir", "rseq", "rt_sigaction", "rt_sigpending",
    "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait",
    "rt_sigtimedwait_time64", "rt_tgsigqueueinfo", "sched_getaffinity", "sched_getattr",
    "sched_getparam", "sched_get_priority_max", "sched_get_priority_min",
    "sched_getscheduler", "sched_rr_get_interval", "sched_rr_get_interval_time64",
    "sched_setaffinity", "sched_setattr", "sched_setparam", "sched_setscheduler",
    "sched_yield", "seccomp", "select", "semctl", "semget", "semop", "semtimedop",
    "semtimedop_time64", "send", "sendfile", "sendfile64", "sendmmsg", "sendmsg", "sendto",
    "setfsgid", "setfsgid32", "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups",
    "setgroups32", "setitimer", "setpgid", "setpriority", "setregid", "setregid32",
    "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32",
    "setrlimit", "set_robust_list", "setsid", "setsockopt", "set_thread_area",
    "set_tid_address", "setuid", "setuid32", "setxattr", "shmat", "shmctl", "shmdt", "shmget",
    "shutdown", "sigaltstack", "signalfd", "signalfd4", "sigprocmask", "sigreturn",
    "socketcall", "socketpair", "splice", "stat", "stat64", "statfs", "statfs64", "statx",
    "symlink", "symlinkat", "sync", "sync_file_range", "syncfs", "sysinfo", "tee", "tgkill",
    "time", "timer_create", "timer_delete", "timer_getoverrun", "timer_gettime",
    "timer_gettime64", "timer_settime", "timer_settime64", "timerfd_create",
    "timerfd_gettime", "timerfd_gettime64", "timerfd_settime", "timerfd_settime64", "times",
    "tkill", "truncate", "truncate64", "ugetrlimit", "umask", "uname", "unlink", "unlinkat",
    "utime", "utimensat", "utimensat_time64", "utimes", "vfork", "vmsplice", "wait4",
    "waitid", "waitpid", "write", "writev",
};

// Namespace-creating clone flags: CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
// CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP. Without CAP_SYS_ADMIN,
// clone is allowed only when none of them is set.
constexpr unsigned long long kCloneNamespaceFlags = 0x7E020000ULL;

// personality(2) values allowed to everyone: PER_LINUX, PER_LINUX32, UNAME26 variants,
// and the 0xffffffff query.
constexpr unsigned long long kPersonalities[] = {0x0, 0x0008, 0x20000, 0x20008, 0xffffffff};

// AF_VSOCK: blocked for everyone (host communication channel).
constexpr unsigned long long kAfVsock = 40;

json names(std::initializer_list<const char*> list) {
    json a = json::array();
    for (const char* n : list) a.push_back(n);
    return a;
}

json allow(json names_list) {
    return json{{"names", std::move(names_list)}, {"action", "SCMP_ACT_ALLOW"}};
}

json allow_if_caps(std::initializer_list<const char*> list, const char* cap) {
    json e = allow(names(list));
    e["includes"] = {{"caps", {cap}}};
    return e;
}

json allow_on_arches(std::initializer_list<const char*> list,
                     std::initializer_list<const char*> arches) {
    json e = allow(names(list));
    e["includes"] = {{"arches", names(arches)}};
    return e;
}

json arg(unsigned index, unsigned long long value, const char* op) {
    return json{{"index", index}, {"value", value}, {"valueTwo", 0}, {"op", op}};
}

json build() {
    json syscalls = json::array();
    json all = json::array();
    for (const char* n : kAllowed) all.push_back(n);
    syscalls.push_back(allow(all));

    json ptrace = allow(names({"process_vm_readv", "process_vm_writev", "ptrace"}));
    ptrace["includes"] = {{"minKernel", "4.8"}};
    syscalls.push_back(ptrace);

    json socket = allow(names({"socket"}));
    socket["args"] = {arg(0, kAfVsock, "SCMP_CMP_NE")};
    syscalls.push_back(socket);

    for (auto value : kPersonalities) {
        json p = allow(names({"personality"}));
        p["args"] = {arg(0, value, "SCMP_CMP_EQ")};
        syscalls.push_back(p);
    }

    syscalls.push_back(allow_on_arches({"sync_file_range2", "swapcontext"}, {"ppc64le"}));
    syscalls.push_back(allow_on_arches({"arm_fadvise64_64", "arm_sync_file_range",
                                        "sync_file_range2", "breakpoint", "cacheflush",
                                        "set_tls"},
                                       {"arm", "arm64"}));
    syscalls.push_back(allow_on_arches({"arch_prctl"}, {"amd64", "x32"}));
    syscalls.push_back(allow_on_arches({"modify_ldt"}, {"amd64", "x32", "x86"}));
    syscalls.push_back(allow_on_arches(
        {"s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr"}, {"s390", "s390x"}));
    syscalls.push_back(allow_on_arches({"riscv_flush_icache"}, {"riscv64"}));

    syscalls.push_back(allow_if_caps({"open_by_handle_at"}, "CAP_DAC_READ_SEARCH"));
    syscalls.push_back(allow_if_caps(
        {"bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick",
         "lookup_dcookie", "mount", "mount_setattr", "move_mount", "open_tree",
         "perf_event_open", "quotactl", "quotactl_fd", "setdomainname", "sethostname", "setns",
         "syslog", "umount", "umount2", "unshare"},
        "CAP_SYS_ADMIN"));

    // clone's flags are argument 0, except on s390 where they are argument 1.
    json clone = allow(names({"clone"}));
    clone["args"] = {arg(0, kCloneNamespaceFlags, "SCMP_CMP_MASKED_EQ")};
    clone["excludes"] = {{"caps", {"CAP_SYS_ADMIN"}}, {"arches", {"s390", "s390x"}}};
    syscalls.push_back(clone);
    json clone_s390 = allow(names({"clone"}));
    clone_s390["args"] = {arg(1, kCloneNamespaceFlags, "SCMP_CMP_MASKED_EQ")};
    clone_s390["includes"] = {{"arches", {"s390", "s390x"}}};
    clone_s390["excludes"] = {{"caps", {"CAP_SYS_ADMIN"}}};
    syscalls.push_back(clone_s390);
    // clone3's flags live in memory seccomp cannot inspect: ENOSYS makes libc fall back
    // to clone, which is filtered above.
    json clone3 = json{{"names", {"clone3"}}, {"action", "SCMP_ACT_ERRNO"}, {"errnoRet", 38}};
    clone3["excludes"] = {{"caps", {"CAP_SYS_ADMIN"}}};
    syscalls.push_back(clone3);

    syscalls.push_back(allow_if_caps({"reboot"}, "CAP_SYS_BOOT"));
    syscalls.push_back(allow_if_caps({"chroot"}, "CAP_SYS_CHROOT"));
    syscalls.push_back(allow_if_caps({"delete_module", "init_module", "finit_module"},
                                     "CAP_SYS_MODULE"));
    syscalls.push_back(allow_if_caps({"acct"}, "CAP_SYS_PACCT"));
    syscalls.push_back(allow_if_caps({"kcmp", "pidfd_getfd", "process_madvise",
                                      "process_vm_readv", "process_vm_writev", "ptrace"},
                                     "CAP_SYS_PTRACE"));
    syscalls.push_back(allow_if_caps({"iopl", "ioperm"}, "CAP_SYS_RAWIO"));
    syscalls.push_back(allow_if_caps({"settimeofday", "stime", "clock_settime",
                                      "clock_settime64"},
                                     "CAP_SYS_TIME"));
    syscalls.push_back(allow_if_caps({"vhangup"}, "CAP_SYS_TTY_CONFIG"));
    syscalls.push_back(allow_if_caps({"get_mempolicy", "mbind", "set_mempolicy",
                                      "set_mempolicy_home_node"},
                                     "CAP_SYS_NICE"));
    syscalls.push_back(allow_if_caps({"syslog"}, "CAP_SYSLOG"));
    syscalls.push_back(allow_if_caps({"bpf"}, "CAP_BPF"));
    syscalls.push_back(allow_if_caps({"perf_event_open"}, "CAP_PERFMON"));

    auto arch_map = [](const char* arch, std::initializer_list<const char*> subs) {
        return json{{"architecture", arch}, {"subArchitectures", names(subs)}};
    };
    json archs = json::array({
        arch_map("SCMP_ARCH_X86_64", {"SCMP_ARCH_X86", "SCMP_ARCH_X32"}),
        arch_map("SCMP_ARCH_AARCH64", {"SCMP_ARCH_ARM"}),
        arch_map("SCMP_ARCH_MIPS64", {"SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64N32"}),
        arch_map("SCMP_ARCH_MIPS64N32", {"SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64"}),
        arch_map("SCMP_ARCH_MIPSEL64", {"SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64N32"}),
        arch_map("SCMP_ARCH_MIPSEL64N32", {"SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64"}),
        arch_map("SCMP_ARCH_S390X", {"SCMP_ARCH_S390"}),
        arch_map("SCMP_ARCH_RISCV64", {}),
    });
    return json{{"defaultAction", "SCMP_ACT_ERRNO"},
                {"defaultErrnoRet", 1},
                {"archMap", archs},
                {"syscalls", syscalls}};
}

}  // namespace

const json& docker_default_profile() {
    static const json profile = build();
    return profile;
}

}  // namespace tug::engine::security
