// container_sizes: ps -s's SizeRw (the upper dir) and SizeRootFs (plus the image).
#include <map>

#include "engine/api/container_tools.hpp"
#include "engine/api/image.hpp"
#include "engine/container/store.hpp"
#include "engine/snapshot/fs_ops.hpp"

namespace tug::engine {

std::vector<ContainerSize> container_sizes(const EngineConfig& config,
                                           const std::vector<ContainerRecord>& records) {
    std::map<std::string, int64_t> image_size;
    if (!records.empty())
        for (const auto& img : image_list(config, {})) image_size[img.id] = img.size;
    std::vector<ContainerSize> out;
    for (const auto& rec : records) {
        ContainerSize s;
        s.rw =
            static_cast<int64_t>(snapshot::tree_size(container::paths_for(config, rec.id).upper));
        auto it = image_size.find(rec.image_id);
        s.root_fs = s.rw + (it == image_size.end() ? 0 : it->second);
        out.push_back(s);
    }
    return out;
}

}  // namespace tug::engine
