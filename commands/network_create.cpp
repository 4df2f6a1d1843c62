// tug network create: a new bridge, macvlan or ipvlan network; prints its id.
#include "cli/registry.hpp"
#include "engine/api/network.hpp"
#include "engine/base/error.hpp"

namespace tug::commands {
namespace {

struct Flags {
    std::string name;
    engine::NetworkCreateOptions opts;
    std::vector<std::string> labels, options;
};

// "k=v" (or "k", value "") into map.
void split_into(const std::vector<std::string>& in, std::map<std::string, std::string>& out) {
    for (const auto& kv : in) {
        auto eq = kv.find('=');
        out[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    }
}

cli::Action setup(CLI::App& app) {
    auto f = std::make_shared<Flags>();
    app.add_option("name", f->name, "Network name")->required();
    app.add_option("-d,--driver", f->opts.driver, "Driver to manage the Network (bridge, macvlan, ipvlan)");
    app.add_option("--subnet", f->opts.subnets, "Subnet in CIDR format that represents a network segment")
        ->allow_extra_args(false);
    app.add_option("--gateway", f->opts.gateways, "IPv4 or IPv6 Gateway for the master subnet")->allow_extra_args(false);
    app.add_option("--ip-range", f->opts.ip_ranges, "Allocate container ip from a sub-range")->allow_extra_args(false);
    app.add_flag("--ipv6", f->opts.ipv6, "Enable IPv6 networking");
    app.add_flag("--internal", f->opts.internal, "Restrict external access to the network");
    app.add_option("--label", f->labels, "Set metadata on a network")->allow_extra_args(false);
    app.add_option("-o,--opt", f->options, "Set driver specific options")->allow_extra_args(false);
    return [f](cli::Context& ctx) {
        auto opts = f->opts;
        opts.name = f->name;
        split_into(f->labels, opts.labels);
        split_into(f->options, opts.options);
        ctx.out << engine::network_create(ctx.config, opts) << "\n";
        return 0;
    };
}

const cli::Registrar reg{{.paths = {"network create"},
                          .summary = "Create a network",
                          .usage = "[OPTIONS] NETWORK",
                          .setup = setup}};

}  // namespace
}  // namespace tug::commands
