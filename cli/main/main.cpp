// tug's process entry point.
#include "cli/app.hpp"

int main(int argc, char** argv) { return tug::cli::run_main(argc, argv); }
