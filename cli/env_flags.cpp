// -e / --env-file resolution against this process's environment and files.
#include "cli/env_flags.hpp"

#include <cstdlib>
#include <sstream>

#include "engine/base/error.hpp"
#include "engine/base/fs.hpp"

namespace tug::cli {

std::vector<std::string> expand_env(
    const std::vector<std::string>& env_file_texts, const std::vector<std::string>& env_flags,
    const std::function<std::optional<std::string>(const std::string&)>& lookup) {
    std::vector<std::string> raw;
    for (const auto& text : env_file_texts) {
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            size_t first = line.find_first_not_of(" \t");
            if (first == std::string::npos || line[first] == '#') continue;
            raw.push_back(line.substr(first));
        }
    }
    raw.insert(raw.end(), env_flags.begin(), env_flags.end());
    std::vector<std::string> out;
    for (const auto& e : raw) {
        if (e.empty() || e[0] == '=')
            throw Error(Errc::InvalidArgument, "invalid environment variable: " + e);
        if (e.find('=') != std::string::npos) {
            out.push_back(e);
        } else if (auto v = lookup(e)) {
            out.push_back(e + "=" + *v);
        }
    }
    return out;
}

std::vector<std::string> resolve_env_flags(const std::vector<std::string>& env_files,
                                           const std::vector<std::string>& env_flags) {
    std::vector<std::string> texts;
    for (const auto& f : env_files)
        texts.push_back(with_context("read env file", [&] { return base::read_file(f); }));
    return expand_env(texts, env_flags, [](const std::string& k) -> std::optional<std::string> {
        const char* v = std::getenv(k.c_str());
        return v ? std::optional<std::string>(v) : std::nullopt;
    });
}

}  // namespace tug::cli
