// Whether this host can run an image's platform. tug has no emulation (no binfmt/qemu
// wiring), so a foreign image is refused at create instead of failing later in runc
// with "exec format error".
#pragma once

#include <string>

#include "engine/content/descriptor.hpp"

namespace tug::engine::container {

// True when a host of platform host executes binaries of platform image natively: the
// same os and architecture (variants as image::platform_matches compares them), an
// older arm variant (v6 on v7), or 32-bit code the 64-bit CPU also runs (386 on amd64,
// arm up to v8 on arm64), as containerd's default platform matcher allows. An image without an architecture
// (hand-made configs) is given the benefit of the doubt; an absent os means linux.
bool host_runs(const content::Platform& host, const content::Platform& image);

// FailedPrecondition naming the image and both platforms unless host runs image:
// `image "app:1" is for linux/arm64/v8, which this host (linux/amd64) cannot run`.
// requested: the platform came from the caller (--platform), not the stored image.
void require_runnable(const std::string& image_ref, const content::Platform& image,
                      const content::Platform& host, bool requested = false);

}  // namespace tug::engine::container
