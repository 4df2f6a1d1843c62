// network connect/disconnect of a container (see api/container_network.hpp): the live
// endpoint through network::connect/disconnect, the record through the store.
#include "engine/api/container_network.hpp"

#include <algorithm>

#include "engine/api/network.hpp"
#include "engine/base/error.hpp"
#include "engine/base/scope_guard.hpp"
#include "engine/container/network_setup.hpp"
#include "engine/container/store.hpp"

namespace tug::engine {

namespace {

// docker's runconfig errors for containers that do not own a network stack.
void check_mode(const ContainerRecord& rec) {
    const std::string& mode = rec.host.network_mode;
    if (mode == "host")
        throw Error(
            Errc::InvalidArgument,
            "container cannot be disconnected from host network or connected to host network");
    if (mode == "none")
        throw Error(Errc::InvalidArgument,
                    "container cannot be connected to multiple networks with one of the networks "
                    "in private (none) mode");
    if (mode.rfind("container:", 0) == 0)
        throw Error(Errc::InvalidArgument,
                    "container sharing network namespace with another container or host cannot be "
                    "connected to any other network");
}

// The networks the container has joined; host and none are modes, not networks.
std::vector<std::string> recorded_networks(const ContainerRecord& rec) {
    std::vector<std::string> out;
    if (rec.host.network_mode == "host" || rec.host.network_mode == "none") return out;
    for (const auto& e : rec.endpoints)
        out.push_back(e.network);
    return out;
}

bool attached(const EngineConfig& config, const std::string& id) {
    return network::find_attachment(config, id).has_value();
}

// The stored container ref names; nullopt for a bare namespace of `tug __net-attach`
// (the networking tests' seam), which is connected without a record.
std::optional<std::string> stored_id(container::Store& store, const std::string& ref) {
    try {
        return store.resolve(ref);
    } catch (const Error& e) {
        if (e.code() != Errc::NotFound) throw;
        return std::nullopt;
    }
}

}  // namespace

void container_network_connect(const EngineConfig& config, const std::string& container,
                               const std::string& network, const std::vector<std::string>& aliases,
                               const std::string& ip) {
    container::Store store(config);
    const auto stored = stored_id(store, container);
    if (!stored) {
        network::connect(config, "", network::resolve_container(config, container), network,
                         aliases, ip);
        return;
    }
    const std::string id = *stored;
    const ContainerRecord rec = store.get(id);
    check_mode(rec);
    const std::string name = network_get(config, network).name;
    const auto nets = recorded_networks(rec);
    if (std::find(nets.begin(), nets.end(), name) != nets.end())
        throw Error(Errc::Conflict,
                    "endpoint with name " + rec.name + " already exists in network " + name);

    std::optional<network::Endpoint> live;
    if (attached(config, id)) live = network::connect(config, "", id, name, aliases, ip);
    base::ScopeGuard undo([&] {
        if (live) network::disconnect(config, id, name);
    });
    store.update(id, [&](ContainerRecord& r) {
        ContainerEndpoint e;
        e.network = name;
        e.aliases = aliases;
        e.ipv4_request = ip;
        r.endpoints.push_back(std::move(e));
        if (live) container::record_endpoint(r, *live);
    });
    undo.dismiss();
}

void container_network_disconnect(const EngineConfig& config, const std::string& container,
                                  const std::string& network, bool force) {
    container::Store store(config);
    const auto stored = stored_id(store, container);
    if (!stored) {
        network::disconnect(config, network::resolve_container(config, container), network);
        return;
    }
    const std::string id = *stored;
    const ContainerRecord rec = store.get(id);
    std::string name = network;
    try {
        name = network_get(config, network).name;
    } catch (const Error& e) {
        if (!force || e.code() != Errc::NotFound) throw;
    }
    const auto nets = recorded_networks(rec);
    if (std::find(nets.begin(), nets.end(), name) == nets.end()) {
        if (rec.host.network_mode == "host")
            throw Error(
                Errc::InvalidArgument,
                "container cannot be disconnected from host network or connected to host network");
        throw Error(Errc::NotFound, "container " + id + " is not connected to network " + name);
    }
    if (attached(config, id)) {
        try {
            network::disconnect(config, id, name);
        } catch (const Error& e) {
            if (e.code() != Errc::NotFound) throw;  // joined while stopped: nothing live to remove
        }
    }
    store.update(id, [&](ContainerRecord& r) {
        std::erase_if(r.endpoints, [&](const ContainerEndpoint& e) { return e.network == name; });
    });
}

}  // namespace tug::engine
