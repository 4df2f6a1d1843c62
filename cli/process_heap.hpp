// The CLI process's heap, placed on transparent huge pages.
#pragma once

namespace tug::cli {

// Reserves the heap in one step and asks for huge pages over it (MADV_HUGEPAGE). Mapping
// a page is tug's largest start-up cost on hosts where the hypervisor shadows the page
// tables (about 11 us per 4 KiB page here, against 0.3 us per 4 KiB within a huge page):
// a `ps -a` over 1,000 containers touches some 2,000 heap pages. Long-lived processes
// (the container monitor, whose footprint is counted in kilobytes) must not call it: a
// huge page is 2 MiB of resident memory.
void place_heap_on_huge_pages();

}  // namespace tug::cli
