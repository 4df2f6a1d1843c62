// Reserving the CLI's heap on transparent huge pages.
#include "cli/process_heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace tug::cli {

namespace {

constexpr uintptr_t kHugePage = 2u << 20;
// glibc's largest mmap threshold: blocks up to it come from the heap, on huge pages.
constexpr size_t kLargestHeapBlock = 32u << 20;
constexpr size_t kReserve = kLargestHeapBlock - (1u << 20);

}  // namespace

void place_heap_on_huge_pages() {
    // Big blocks stay in the heap, and freed memory is not handed back to the kernel
    // (the process is short-lived; handing back and faulting in again is the cost).
    mallopt(M_MMAP_THRESHOLD, static_cast<int>(kLargestHeapBlock));
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * kLargestHeapBlock));
    auto* before = static_cast<char*>(sbrk(0));
    // Growing the heap by a block that is freed at once leaves the room as free top of
    // the heap: only the block's header and the new top's are written.
    void* block = std::malloc(kReserve);
    asm volatile("" : : "r"(block) : "memory");  // the compiler would drop the pair
    auto* after = static_cast<char*>(sbrk(0));
    std::free(block);
    if (before == reinterpret_cast<char*>(-1) || after <= before) return;  // no brk heap
    const uintptr_t start = (reinterpret_cast<uintptr_t>(before) + kHugePage - 1) & ~(kHugePage - 1);
    const uintptr_t end = reinterpret_cast<uintptr_t>(after) & ~(kHugePage - 1);
    if (end > start) ::madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
}

}  // namespace tug::cli
