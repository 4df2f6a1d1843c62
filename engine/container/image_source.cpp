// Image lookup for containers through the image store and the snapshotter.
#include "engine/container/image_source.hpp"

#include <sys/stat.h>

#include <optional>

#include "engine/api/image.hpp"
#include "engine/base/error.hpp"
#include "engine/container/platform_check.hpp"
#include "engine/image/record.hpp"
#include "engine/image/store.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine::container {

using nlohmann::json;

ImageSource resolve_image(const EngineConfig& config, const std::string& ref,
                          const std::string& pull_policy, const std::string& platform) {
    ImageSource img;
    img.reference = ref;
    struct stat st {};
    if (!ref.empty() && ref[0] == '/' && ::stat(ref.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        img.rootfs_dir = ref;
        return img;
    }
    const content::Platform host = image::host_platform();
    const std::optional<content::Platform> want =
        platform.empty() ? std::nullopt : std::optional(image::parse_platform(platform));
    // A platform this host cannot run is refused before any pull: the store stays as
    // it was, and no download is spent on an image that could not start.
    if (want) require_runnable(ref, *want, host, true);
    auto pull = [&] {
        ImagePullOptions po;
        po.reference = ref;
        po.platform = platform;
        image_pull(config, po);
    };
    const image::ImageStore store(config);
    auto lookup = [&]() -> std::optional<image::ImageRecord> {
        try {
            return store.resolve(ref);
        } catch (const Error& e) {
            if (e.code() != Errc::NotFound) throw;
            return std::nullopt;
        }
    };
    if (pull_policy == "always") pull();
    std::optional<image::ImageRecord> rec = lookup();
    // docker: a local image of another platform than --platform asks for counts as
    // missing, so "missing" pulls the requested one (the tag moves to it).
    const bool other_platform = rec && want && !image::platform_matches(*want, rec->platform);
    if (!rec || other_platform) {
        if (pull_policy == "never") {
            if (!rec) image::throw_no_such_image(ref);
            throw Error(Errc::NotFound, "image with reference " + ref + " was found but its platform (" +
                                            image::format_platform(rec->platform) +
                                            ") does not match the specified platform (" +
                                            image::format_platform(*want) + ")");
        }
        if (pull_policy != "always") {
            pull();
            rec = lookup();
        }
        if (!rec) image::throw_no_such_image(ref);
    }
    // Checked before anything is unpacked or written for the container.
    require_runnable(ref, rec->platform, host);
    // By id: the image checked is the one the container gets, even if the tag moves.
    ImageForContainer found = image_for_container(config, rec->id);
    img.id = found.id;
    img.config = found.config.is_object() ? found.config : json::object();
    img.chain_ids = found.chain_ids;
    return img;
}

void prepare_rootfs(const EngineConfig& config, const ImageSource& image, const std::string& upper) {
    if (image.chain_ids.empty()) return;
    snapshot::Snapshotter::for_config(config).prepare_writable(image.chain_ids, upper);
}

std::vector<base::Mount> rootfs_mounts(const EngineConfig& config, const RootfsSource& rootfs,
                                       const std::string& upper, const std::string& work) {
    if (!rootfs.dir.empty()) {
        return {base::Mount{"overlay",
                            "overlay",
                            {"lowerdir=" + rootfs.dir, "upperdir=" + upper, "workdir=" + work}}};
    }
    return snapshot::Snapshotter::for_config(config).mounts(rootfs.chain_ids, upper, work);
}

}  // namespace tug::engine::container
