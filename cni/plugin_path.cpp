// CNI plugin lookup (CNI spec: the runtime searches CNI_PATH directories in order).
#include "cni/plugin_path.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "engine/base/error.hpp"

namespace tug::cni {

std::string find_plugin(const std::string& plugin, const std::vector<std::string>& dirs) {
    if (plugin.empty() || plugin.find('/') != std::string::npos) {
        throw Error(Errc::InvalidArgument, "invalid CNI plugin name \"" + plugin + "\"");
    }
    std::string searched;
    for (const auto& dir : dirs) {
        std::string candidate = dir + "/" + plugin;
        struct stat st{};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            ::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
        searched += (searched.empty() ? "" : ", ") + dir;
    }
    throw Error(Errc::NotFound,
                "CNI plugin " + plugin + " not found in " + (searched.empty() ? "(no directories)" : searched));
}

std::vector<std::string> existing_dirs(const std::vector<std::string>& dirs) {
    std::vector<std::string> out;
    for (const auto& dir : dirs) {
        struct stat st{};
        if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) out.push_back(dir);
    }
    return out;
}

}  // namespace tug::cni
