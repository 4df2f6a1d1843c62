// The listing subset of a container record (see brief.hpp).
#include "engine/container/brief.hpp"

namespace tug::engine::container {

using nlohmann::json;

namespace {

json pick(const json& from, std::initializer_list<const char*> keys) {
    json out = json::object();
    if (!from.is_object()) return out;
    for (const char* k : keys)
        if (auto it = from.find(k); it != from.end()) out[k] = *it;
    return out;
}

}  // namespace

json brief_of(const json& rec) {
    json b = pick(rec, {"Id", "Name", "Created", "Path", "Args", "Image", "State"});
    if (auto& st = b["State"]; st.is_object() && st.contains("Health") && st["Health"].is_object())
        st["Health"].erase("Log");
    json mounts = json::array();
    for (const auto& m : rec.value("Mounts", json::array()))
        if (m.is_object()) mounts.push_back(pick(m, {"Name", "Source", "Destination"}));
    b["Mounts"] = mounts;
    b["Config"] = pick(rec.value("Config", json::object()), {"Image", "Labels", "ExposedPorts"});
    b["HostConfig"] = pick(rec.value("HostConfig", json::object()), {"NetworkMode", "PortBindings"});
    const json ns = rec.value("NetworkSettings", json::object());
    json nets = json::object();
    if (ns.is_object() && ns.contains("Networks") && ns["Networks"].is_object())
        for (const auto& [name, ep] : ns["Networks"].items())
            nets[name] = pick(ep, {"NetworkID"});
    b["NetworkSettings"] = {{"Ports", ns.is_object() ? ns.value("Ports", json::object()) : json::object()},
                            {"Networks", nets}};
    return b;
}

}  // namespace tug::engine::container
