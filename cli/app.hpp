// The process entry: builds the command tree from the registry, parses, resolves the
// configuration, runs the chosen command and turns errors into docker's exit codes.
#pragma once

namespace tug::cli {

int run_main(int argc, char** argv);

}  // namespace tug::cli
