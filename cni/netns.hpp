// Pinned network namespaces: a new netns bind-mounted onto a file (so it outlives every
// process in it), with its loopback up; removal unmounts and unlinks.
#pragma once

#include <string>

namespace tug::cni {

// Creates a network namespace pinned at path (the file is created; its directory must
// exist), with `lo` up. The namespace is made in a helper thread, so the calling
// thread's namespace never changes. AlreadyExists when path is already a pinned netns.
void create_netns(const std::string& path);

// Unmounts and unlinks a pinned netns. Missing or already unmounted is not an error,
// so this is safe to call twice or after a crash.
void remove_netns(const std::string& path);

// Whether path is a pinned namespace (a mount point).
bool netns_pinned(const std::string& path);

}  // namespace tug::cni
