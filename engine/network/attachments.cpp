// Attachment records on disk, their locks, the ports they hold, and hosts rendering.
#include "engine/network/attachments.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"
#include "engine/base/unique_fd.hpp"
#include "engine/network/store.hpp"

namespace tug::engine::network {

using nlohmann::json;

namespace {

json ports_json(const std::vector<PortMapping>& ports) {
    json out = json::array();
    for (const auto& p : ports) {
        out.push_back({{"host_ip", p.host_ip}, {"host_port", p.host_port},
                       {"container_port", p.container_port}, {"protocol", p.protocol}});
    }
    return out;
}

std::string plain_ip(const std::string& cidr) { return cidr.substr(0, cidr.find('/')); }

}  // namespace

json attachment_to_json(const NetworkAttachment& a) {
    json eps = json::array();
    for (const auto& e : a.endpoints) {
        eps.push_back({{"network", e.network}, {"network_id", e.network_id}, {"ifname", e.ifname},
                       {"endpoint_id", e.endpoint_id}, {"ipv4", e.ipv4}, {"gateway", e.gateway},
                       {"ipv6", e.ipv6}, {"gateway6", e.gateway6}, {"mac", e.mac}, {"aliases", e.aliases}});
    }
    return {{"container_id", a.container_id}, {"container_name", a.container_name}, {"hostname", a.hostname},
            {"netns", a.netns}, {"endpoints", eps}, {"ports", ports_json(a.ports)}, {"dns", a.dns},
            {"dns_search", a.dns_search}, {"dns_options", a.dns_options}, {"add_hosts", a.add_hosts},
            {"hosts_path", a.hosts_path}, {"resolv_path", a.resolv_path}};
}

NetworkAttachment attachment_from_json(const json& j) {
    NetworkAttachment a;
    a.container_id = j.value("container_id", "");
    a.container_name = j.value("container_name", "");
    a.hostname = j.value("hostname", "");
    a.netns = j.value("netns", "");
    for (const auto& e : j.value("endpoints", json::array())) {
        Endpoint ep;
        ep.network = e.value("network", "");
        ep.network_id = e.value("network_id", "");
        ep.ifname = e.value("ifname", "");
        ep.endpoint_id = e.value("endpoint_id", "");
        ep.ipv4 = e.value("ipv4", "");
        ep.gateway = e.value("gateway", "");
        ep.ipv6 = e.value("ipv6", "");
        ep.gateway6 = e.value("gateway6", "");
        ep.mac = e.value("mac", "");
        ep.aliases = e.value("aliases", std::vector<std::string>{});
        a.endpoints.push_back(std::move(ep));
    }
    for (const auto& p : j.value("ports", json::array())) {
        a.ports.push_back({p.value("host_ip", ""), p.value("host_port", uint16_t(0)),
                           p.value("container_port", uint16_t(0)), p.value("protocol", "tcp"), 0});
    }
    a.dns = j.value("dns", std::vector<std::string>{});
    a.dns_search = j.value("dns_search", std::vector<std::string>{});
    a.dns_options = j.value("dns_options", std::vector<std::string>{});
    a.add_hosts = j.value("add_hosts", std::vector<std::string>{});
    a.hosts_path = j.value("hosts_path", "");
    a.resolv_path = j.value("resolv_path", "");
    return a;
}

std::optional<json> read_attachment_json(const EngineConfig& config, const std::string& id) {
    auto text = base::read_file_if_exists(paths_for(config).attachments + "/" + id + ".json");
    if (!text) return std::nullopt;
    try {
        return json::parse(*text);
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

void write_attachment_json(const EngineConfig& config, const std::string& id, const json& j) {
    const auto dir = paths_for(config).attachments;
    base::make_dirs(dir, 0700);
    base::atomic_write_file(dir + "/" + id + ".json", j.dump(), 0600);
}

void remove_attachment(const EngineConfig& config, const std::string& id) {
    const auto path = paths_for(config).attachments + "/" + id + ".json";
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) throw sys_error("remove " + path);
}

std::vector<NetworkAttachment> list_attachments(const EngineConfig& config) {
    std::vector<NetworkAttachment> out;
    const auto dir = paths_for(config).attachments;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return out;
    std::vector<std::string> ids;
    while (dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n.size() > 5 && n.compare(n.size() - 5, 5, ".json") == 0) ids.push_back(n.substr(0, n.size() - 5));
    }
    ::closedir(d);
    for (const auto& id : ids) {
        if (auto j = read_attachment_json(config, id)) out.push_back(attachment_from_json(*j));
    }
    return out;
}

base::FileLock lock_container(const EngineConfig& config, const std::string& id) {
    const auto dir = paths_for(config).locks;
    base::make_dirs(dir, 0700);
    return base::FileLock::acquire(dir + "/" + id + ".lock");
}

std::set<PortKey> ports_in_use(const EngineConfig& config, const std::string& except) {
    std::set<PortKey> used;
    for (const auto& a : list_attachments(config)) {
        if (a.container_id == except) continue;
        for (const auto& p : a.ports) used.insert({p.host_ip, p.host_port, p.protocol});
    }
    return used;
}

std::string hosts_for(const NetworkAttachment& att, const std::vector<NetworkAttachment>& all,
                      const std::set<std::string>& user_network_ids) {
    HostsInput in;
    in.hostname = att.hostname;
    in.add_hosts = att.add_hosts;
    for (const auto& e : att.endpoints) {
        if (!e.ipv4.empty()) in.own_ips.push_back(plain_ip(e.ipv4));
        if (in.host_gateway.empty()) in.host_gateway = e.gateway;
    }
    for (const auto& peer : all) {
        if (peer.container_id == att.container_id) continue;
        for (const auto& pe : peer.endpoints) {
            if (!user_network_ids.count(pe.network_id) || pe.ipv4.empty()) continue;
            bool shared = false;
            for (const auto& e : att.endpoints) shared = shared || e.network_id == pe.network_id;
            if (!shared) continue;
            HostsEntry entry{plain_ip(pe.ipv4), {}};
            if (!peer.container_name.empty()) entry.names.push_back(peer.container_name);
            for (const auto& alias : pe.aliases) entry.names.push_back(alias);
            entry.names.push_back(peer.container_id.substr(0, 12));
            in.peers.push_back(std::move(entry));
        }
    }
    return render_hosts(in);
}

void write_in_place(const std::string& path, const std::string& content) {
    auto fd = base::open_fd(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // A container's hosts and resolv.conf: readable by its every user, whatever umask.
    if (::fchmod(fd.get(), 0644) != 0) throw sys_error("chmod " + path);
    base::write_all(fd.get(), content.data(), content.size());
}

}  // namespace tug::engine::network
