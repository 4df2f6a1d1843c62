// Lenient readers for the JSON records of the release before typed records: a missing
// key or a value of another type reads as empty, so that an old record converts with
// whatever it holds. Used only by the one-time upgrades (record_legacy.cpp of each kind).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tug::engine::meta::legacy {

std::string text(const nlohmann::json& j, const char* key);
bool flag(const nlohmann::json& j, const char* key);
std::vector<std::string> texts(const nlohmann::json& j, const char* key);
std::map<std::string, std::string> text_map(const nlohmann::json& j, const char* key);

}  // namespace tug::engine::meta::legacy
