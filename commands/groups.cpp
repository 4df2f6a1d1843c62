// The management command groups listed by `tug --help`.
#include "cli/registry.hpp"

namespace tug::commands {
namespace {

const cli::GroupRegistrar container{{"container", "Manage containers"}};
const cli::GroupRegistrar image{{"image", "Manage images"}};
const cli::GroupRegistrar manifest{{"manifest", "Manage Docker image manifests and manifest lists"}};
const cli::GroupRegistrar network{{"network", "Manage networks"}};
const cli::GroupRegistrar system{{"system", "Manage tug"}};
const cli::GroupRegistrar volume{{"volume", "Manage volumes"}};

}  // namespace
}  // namespace tug::commands
