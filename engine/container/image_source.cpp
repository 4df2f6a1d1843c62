// Image lookup for containers through the image store and the snapshotter.
#include "engine/container/image_source.hpp"

#include <sys/stat.h>

#include "engine/api/image.hpp"
#include "engine/base/error.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine::container {

using nlohmann::json;

ImageSource resolve_image(const EngineConfig& config, const std::string& ref,
                          const std::string& pull_policy) {
    ImageSource img;
    img.reference = ref;
    struct stat st {};
    if (!ref.empty() && ref[0] == '/' && ::stat(ref.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        img.rootfs_dir = ref;
        return img;
    }
    auto pull = [&] {
        ImagePullOptions po;
        po.reference = ref;
        image_pull(config, po);
    };
    if (pull_policy == "always") pull();
    ImageForContainer found;
    try {
        found = image_for_container(config, ref);
    } catch (const Error& e) {
        if (e.code() != Errc::NotFound) throw;
        if (pull_policy == "never")
            throw Error(Errc::NotFound, "No such image: " + ref);
        pull();
        found = image_for_container(config, ref);
    }
    img.id = found.id;
    img.config = found.config.is_object() ? found.config : json::object();
    img.chain_ids = found.chain_ids;
    return img;
}

json rootfs_record(const ImageSource& image) {
    json j = json::object();
    j["chain_ids"] = image.chain_ids;
    j["rootfs_dir"] = image.rootfs_dir;
    return j;
}

void prepare_rootfs(const EngineConfig& config, const ImageSource& image, const std::string& upper) {
    if (image.chain_ids.empty()) return;
    snapshot::Snapshotter::for_config(config).prepare_writable(image.chain_ids, upper);
}

std::vector<base::Mount> rootfs_mounts(const EngineConfig& config, const json& tug_part,
                                       const std::string& upper, const std::string& work) {
    const std::string dir = tug_part.value("rootfs_dir", std::string());
    if (!dir.empty()) {
        return {base::Mount{"overlay", "overlay",
                            {"lowerdir=" + dir, "upperdir=" + upper, "workdir=" + work}}};
    }
    std::vector<std::string> chains = tug_part.value("chain_ids", std::vector<std::string>{});
    return snapshot::Snapshotter::for_config(config).mounts(chains, upper, work);
}

}  // namespace tug::engine::container
