// Hidden test seam `tug __net-attach ID` / `tug __net-detach ID`: network::attach and
// detach without a container, so e2e tests drive the real netns + CNI path on their own
// (the run path calls the same functions). Prints the attachment as JSON.
#include "cli/registry.hpp"
#include "engine/api/network.hpp"

namespace tug::commands {
namespace {

using nlohmann::json;

struct Flags {
    engine::network::AttachRequest req;
    std::vector<std::string> ports, aliases;
};

json to_json(const engine::network::NetworkAttachment& a) {
    json eps = json::array();
    for (const auto& e : a.endpoints) {
        eps.push_back({{"Network", e.network}, {"NetworkID", e.network_id}, {"IfName", e.ifname},
                       {"IPv4Address", e.ipv4}, {"Gateway", e.gateway}, {"IPv6Address", e.ipv6},
                       {"MacAddress", e.mac}, {"Aliases", e.aliases}});
    }
    json ports = json::array();
    for (const auto& p : a.ports) {
        ports.push_back({{"HostIp", p.host_ip.empty() ? "0.0.0.0" : p.host_ip}, {"HostPort", p.host_port},
                         {"ContainerPort", p.container_port}, {"Protocol", p.protocol}});
    }
    return {{"Id", a.container_id}, {"NetNS", a.netns}, {"Endpoints", eps}, {"Ports", ports},
            {"PortsText", engine::network::format_ports(a.ports)}};
}

cli::Action setup_attach(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    auto& r = f->req;
    app.add_option("id", r.container_id, "Container id (any unique string)")->required();
    app.add_option("--name", r.container_name, "Container name");
    app.add_option("--hostname", r.hostname, "Hostname");
    app.add_option("--network,--net", r.networks, "Networks")->allow_extra_args(false);
    app.add_option("--network-alias", f->aliases, "Alias on the first network")->allow_extra_args(false);
    app.add_option("-p,--publish", f->ports, "Publish ports")->allow_extra_args(false);
    app.add_option("--ip", r.ip, "Static IPv4");
    app.add_option("--mac-address", r.mac, "MAC address");
    app.add_option("--dns", r.dns, "DNS servers")->allow_extra_args(false);
    app.add_option("--dns-search", r.dns_search, "DNS search domains")->allow_extra_args(false);
    app.add_option("--dns-option", r.dns_options, "DNS options")->allow_extra_args(false);
    app.add_option("--add-host", r.add_hosts, "host:ip")->allow_extra_args(false);
    app.add_option("--hosts-file", r.hosts_path, "Where to write /etc/hosts");
    app.add_option("--resolv-file", r.resolv_path, "Where to write /etc/resolv.conf");
    return [f](cli::Context& ctx) {
        auto req = f->req;
        for (const auto& spec : f->ports) {
            for (auto& m : engine::network::parse_port_spec(spec)) req.ports.push_back(m);
        }
        if (!f->aliases.empty()) req.aliases[req.networks.empty() ? "bridge" : req.networks.front()] = f->aliases;
        ctx.out << to_json(engine::network::attach(ctx.config, req)).dump(2) << "\n";
        return 0;
    };
}

cli::Action setup_detach(CLI::App& app) {
    auto ids = std::make_shared<std::vector<std::string>>();
    app.add_option("ids", *ids, "Container ids")->required();
    return [ids](cli::Context& ctx) {
        for (const auto& id : *ids) engine::network::detach(ctx.config, id);
        return 0;
    };
}

const cli::Registrar attach_reg{{.paths = {"__net-attach"},
                                 .summary = "Attach a network namespace by id (test seam)",
                                 .usage = "[OPTIONS] ID",
                                 .hidden = true,
                                 .setup = setup_attach}};
const cli::Registrar detach_reg{{.paths = {"__net-detach"},
                                 .summary = "Detach a network namespace by id (test seam)",
                                 .usage = "ID [ID...]",
                                 .hidden = true,
                                 .setup = setup_detach}};

}  // namespace
}  // namespace tug::commands
