// The host-can-run-this-platform rule and its error.
#include "engine/container/platform_check.hpp"

#include "engine/base/error.hpp"
#include "engine/image/record.hpp"

namespace tug::engine::container {

namespace {

// arm variants are backwards compatible (a v7 CPU runs v6 and v5 code); an absent
// variant is v7, as image::platform_matches normalizes it. Unknown ones rank above all.
int arm_level(const std::string& v) {
    if (v.empty()) return 7;
    if (v.size() == 2 && v[0] == 'v' && v[1] >= '5' && v[1] <= '8') return v[1] - '0';
    return 99;
}

}  // namespace

bool host_runs(const content::Platform& host, const content::Platform& image) {
    if (image.architecture.empty()) return true;
    content::Platform have = image;
    if (have.os.empty()) have.os = "linux";
    if (image::platform_matches(host, have)) return true;
    if (have.os != host.os) return false;
    if (host.architecture == "amd64") return have.architecture == "386";
    if (have.architecture != "arm") return false;
    // An arm64 CPU runs 32-bit arm code up to v8 (AArch32).
    const int host_level = host.architecture == "arm64" ? 8 : host.architecture == "arm" ? arm_level(host.variant) : 0;
    return arm_level(have.variant) <= host_level;
}

void require_runnable(const std::string& image_ref, const content::Platform& image,
                      const content::Platform& host, bool requested) {
    if (host_runs(host, image)) return;
    content::Platform shown = image;
    if (shown.os.empty()) shown.os = "linux";
    throw Error(Errc::FailedPrecondition,
                "image \"" + image_ref + "\" " + (requested ? "was requested for " : "is for ") +
                    image::format_platform(shown) + ", which this host (" + image::format_platform(host) +
                    ") cannot run");
}

}  // namespace tug::engine::container
