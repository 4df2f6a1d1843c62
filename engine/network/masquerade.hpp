// Outbound NAT for a bridge network, set once per network like docker's
// `-s <subnet> ! -o <bridge> -j MASQUERADE`, instead of the bridge plugin's ipMasq,
// which adds and removes a chain of iptables rules for every container (about fifteen
// iptables runs per container start and removal).
#pragma once

#include <nlohmann/json.hpp>

namespace tug::engine::network {

// Adds the rules of a non-internal bridge network unless this boot already did (a
// marker under /run, which a reboot clears along with the rules). Call under the
// host-wide bridges lock.
void ensure_masquerade(const nlohmann::json& network);

// Whether ensure_masquerade has nothing left to do (cheap: no iptables run).
bool masquerade_done(const nlohmann::json& network);

// Removes them (network rm); rules already gone are fine.
void remove_masquerade(const nlohmann::json& network);

}  // namespace tug::engine::network
