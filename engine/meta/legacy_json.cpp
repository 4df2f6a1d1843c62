// Lenient JSON readers for old records (see legacy_json.hpp).
#include "engine/meta/legacy_json.hpp"

namespace tug::engine::meta::legacy {

using nlohmann::json;

namespace {

const json* member(const json& j, const char* key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

}  // namespace

std::string text(const json& j, const char* key) {
    const json* v = member(j, key);
    return v && v->is_string() ? v->get<std::string>() : "";
}

bool flag(const json& j, const char* key) {
    const json* v = member(j, key);
    return v && v->is_boolean() && v->get<bool>();
}

std::vector<std::string> texts(const json& j, const char* key) {
    std::vector<std::string> out;
    if (const json* v = member(j, key); v && v->is_array())
        for (const auto& e : *v)
            if (e.is_string()) out.push_back(e.get<std::string>());
    return out;
}

std::map<std::string, std::string> text_map(const json& j, const char* key) {
    std::map<std::string, std::string> out;
    if (const json* v = member(j, key); v && v->is_object())
        for (const auto& [k, e] : v->items())
            if (e.is_string()) out[k] = e.get<std::string>();
    return out;
}

}  // namespace tug::engine::meta::legacy
