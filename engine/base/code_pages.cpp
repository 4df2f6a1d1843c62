#include "engine/base/code_pages.hpp"

#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace tug::base {

namespace {

using Ranges = std::vector<std::pair<uintptr_t, uintptr_t>>;

int collect_object(dl_phdr_info* info, size_t, void* out) {
    // The vDSO is the kernel's own mapping, not a file's.
    if (info->dlpi_name != nullptr && std::strncmp(info->dlpi_name, "linux-", 6) == 0) return 0;
    const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_LOAD || (ph.p_flags & PF_W) != 0) continue;
        // Only whole pages inside the segment: a page it shares with a writable neighbour
        // may hold private data.
        const uintptr_t start = info->dlpi_addr + ph.p_vaddr;
        const uintptr_t first = (start + page - 1) & ~(page - 1);
        const uintptr_t last = (start + ph.p_filesz) & ~(page - 1);
        if (last > first) static_cast<Ranges*>(out)->emplace_back(first, last);
    }
    return 0;
}

}  // namespace

void drop_clean_code_pages() {
    // Collected first and dropped after: the program headers being walked live in the
    // objects' first read-only pages, which reading them again would fault back in.
    Ranges ranges;
    ranges.reserve(32);
    ::dl_iterate_phdr(collect_object, &ranges);
    for (const auto& [first, last] : ranges) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

}  // namespace tug::base
