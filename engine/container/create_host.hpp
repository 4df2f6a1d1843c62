// The host-shaping options of run/create (mounts and volumes, security, devices,
// resources) checked and recorded in the container record at create.
#pragma once

#include "engine/api/config.hpp"
#include "engine/api/container_host_options.hpp"
#include "engine/api/container_record.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/container/image_source.hpp"

namespace tug::engine::container {

// Fills rec's mounts and host settings (binds, security, devices, resources) from opts.
// rec already holds the process, log and network fields. Validates everything
// (InvalidArgument with docker's wording) and changes nothing outside rec.
void record_host_config(const EngineConfig& config, const ContainerHostOptions& opts,
                        const ImageSource& image, ContainerRecord& rec);

// Creates the named and anonymous volumes rec's mounts need that do not exist yet
// (docker creates them at create), registering their removal on undo.
void create_volumes(const EngineConfig& config, const ContainerRecord& rec, base::UndoStack& undo);

}  // namespace tug::engine::container
