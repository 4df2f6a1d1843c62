// manifest create, annotate and rm: the local list files.
#include "engine/api/manifest.hpp"
#include "engine/base/error.hpp"
#include "engine/manifest/common.hpp"
#include "engine/manifest/list_store.hpp"

namespace tug::engine {

std::string manifest_create(const EngineConfig& cfg, const ManifestCreateOptions& opts) {
    const reference::Reference list = reference::parse_reference(opts.list);
    manifest::ListStore store(cfg);
    if (store.exists(list.string()) && !opts.amend)
        throw Error(Errc::AlreadyExists, "refusing to amend an existing manifest list with no --amend flag");
    if (opts.manifests.empty()) throw Error(Errc::InvalidArgument, "manifest create: no manifests given");
    // Everything is fetched before anything is written: a failed create leaves no list.
    std::vector<manifest::Entry> entries;
    for (const auto& m : opts.manifests) {
        const reference::Reference ref = reference::parse_reference(m);
        entries.push_back(with_context(ref.familiar(), [&] { return manifest::fetch_entry(cfg, ref, opts.insecure); }));
    }
    for (const auto& e : entries) store.put(list.string(), e);
    return list.string();
}

void manifest_annotate(const EngineConfig& cfg, const ManifestAnnotateOptions& opts) {
    const reference::Reference list = reference::parse_reference(opts.list);
    const reference::Reference ref = reference::parse_reference(opts.manifest);
    manifest::ListStore store(cfg);
    auto entries = store.load(list.string());
    const manifest::Entry* found = manifest::find_entry(entries, ref);
    if (!found)
        throw Error(Errc::NotFound, "manifest for image " + ref.familiar() + " does not exist in " + list.familiar());
    manifest::Entry e = *found;
    content::Platform p = e.descriptor.platform.value_or(content::Platform{});
    if (!opts.os.empty()) p.os = opts.os;
    if (!opts.arch.empty()) p.architecture = opts.arch;
    if (!opts.variant.empty()) p.variant = opts.variant;
    if (!opts.os_version.empty()) p.os_version = opts.os_version;
    if (!opts.os_features.empty()) p.os_features = opts.os_features;
    if (p.os.empty() || p.architecture.empty())
        throw Error(Errc::InvalidArgument, "manifest entry for image " + ref.familiar() + " has no os/arch");
    e.descriptor.platform = p;
    store.put(list.string(), e);
}

void manifest_remove(const EngineConfig& cfg, const std::vector<std::string>& lists) {
    manifest::ListStore store(cfg);
    std::optional<Error> first;
    for (const auto& l : lists) {
        try {
            store.remove(reference::parse_reference(l).string());
        } catch (const Error& e) {
            if (!first) first = e;
        }
    }
    if (first) throw *first;
}

}  // namespace tug::engine
