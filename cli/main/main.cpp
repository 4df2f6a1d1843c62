// tug's process entry point.
#include <cstring>

#include "cli/app.hpp"
#include "cli/process_heap.hpp"

namespace {

// Runs before every other static constructor (they allocate too), with the arguments
// glibc passes to initializers. The monitor is long-lived and keeps a small footprint.
__attribute__((constructor(101))) void prepare_heap(int argc, char** argv, char**) {
    if (argc > 1 && std::strcmp(argv[1], "__monitor") == 0) return;
    tug::cli::place_heap_on_huge_pages();
}

}  // namespace

int main(int argc, char** argv) { return tug::cli::run_main(argc, argv); }
