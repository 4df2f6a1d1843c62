// An OCI platform (os/architecture/variant), as index entries and image configs name it.
// In engine/api because image records carry one; engine/content gives it its JSON form.
#pragma once

#include <string>
#include <vector>

namespace tug::engine {

struct Platform {
    std::string architecture;  // "amd64", "arm64"
    std::string os;            // "linux"
    std::string variant;       // "v8", "" when absent
    std::string os_version;
    std::vector<std::string> os_features;

    bool operator==(const Platform&) const = default;
};

}  // namespace tug::engine
