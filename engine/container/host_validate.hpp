// HostConfig's security and resource fields of run/create: checked as docker checks
// them (its messages), then recorded.
#pragma once

#include <string>

#include "engine/api/config.hpp"
#include "engine/api/container_host_options.hpp"
#include "engine/api/container_record.hpp"

namespace tug::engine::container {

// Privileged, CapAdd/CapDrop, SecurityOpt (a seccomp=<file> is replaced by the file's
// JSON, as docker's CLI does), Devices, DeviceCgroupRules, GroupAdd, UsernsMode,
// IpcMode, PidMode, UTSMode, CgroupnsMode, Sysctls, OomScoreAdj, Ulimits,
// ReadonlyRootfs, ShmSize.
void record_security(const EngineConfig& config, const ContainerHostOptions& o,
                     ContainerHostConfig& h);

// NanoCpus, CpuShares, CpuPeriod, CpuQuota, CpusetCpus, CpusetMems, Memory,
// MemorySwap, MemoryReservation, KernelMemory (warned about and ignored), PidsLimit,
// BlkioWeight.
void record_resources(const ContainerHostOptions& o, ContainerResources& r);

// The "container:<name|id>" of an --ipc/--pid mode resolved to the other container's
// id; NotFound when it does not exist. Other modes unchanged.
std::string resolve_namespace_mode(const EngineConfig& config, const std::string& mode);

}  // namespace tug::engine::container
