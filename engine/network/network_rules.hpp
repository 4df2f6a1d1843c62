// A bridge network's iptables rules, set once per network like docker's: outbound NAT
// (`-s <subnet> ! -o <bridge> -j MASQUERADE`) and forwarding (replies to the bridge,
// anything from it). They replace the bridge plugin's ipMasq and the firewall plugin,
// which add and remove rules for every container: about twenty-five iptables runs per
// container start and removal.
#pragma once

#include "engine/api/network_record.hpp"
#include "engine/base/child_env.hpp"

namespace tug::engine::network {

// Whether ensure_network_rules has nothing left to do (cheap: no iptables run).
bool network_rules_done(const NetworkRecord& network);

// Adds the rules of a bridge network unless this boot already did (a marker under
// /run, which a reboot clears along with the rules). Call under the host-wide bridges
// lock. iptables runs with child's environment.
void ensure_network_rules(const NetworkRecord& network, const base::ChildEnv& child);

// Removes them (network rm); rules already gone are fine.
void remove_network_rules(const NetworkRecord& network, const base::ChildEnv& child);

}  // namespace tug::engine::network
