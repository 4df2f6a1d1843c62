// image_for_container: what `create`/`run` need of an image, snapshots ensured.
#include "engine/api/image.hpp"
#include "engine/base/error.hpp"
#include "engine/content/store.hpp"
#include "engine/image/store.hpp"
#include "engine/image/summary.hpp"
#include "engine/snapshot/snapshotter.hpp"

namespace tug::engine {

ImageForContainer image_for_container(const EngineConfig& cfg, const std::string& ref) {
    image::ImageStore store(cfg);
    base::FileLock gc = store.gc_lock(base::FileLock::Mode::Shared);
    std::string matched;
    const image::ImageRecord rec = store.resolve(ref, &matched);
    content::Store cs = content::Store::for_config(cfg);
    snapshot::Snapshotter snaps = snapshot::Snapshotter::for_config(cfg);
    ImageForContainer out;
    out.id = rec.id;
    out.reference = matched;
    const nlohmann::json config = image::read_config(cs, rec.id);
    out.config = config.contains("config") && config["config"].is_object() ? config["config"] : nlohmann::json::object();
    std::string parent;
    for (const auto& l : rec.layers) {
        if (!snaps.exists(l.chain_id)) {
            with_context("image " + ref, [&] {
                if (!cs.exists(l.digest))
                    throw Error(Errc::NotFound, "layer " + l.digest + " is not in the content store; pull the image again");
                content::Reader reader = cs.open_reader(l.digest);
                snapshot::FdSource src(reader.fd());
                snaps.unpack({l.chain_id, parent, l.diff_id, l.digest, {}}, src);
            });
        }
        out.chain_ids.push_back(l.chain_id);
        parent = l.chain_id;
    }
    return out;
}

}  // namespace tug::engine
