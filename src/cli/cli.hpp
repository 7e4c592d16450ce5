#pragma once
#include <string>

#include "core/error.hpp"

namespace devomap::cli {
// True when the arguments name a subcommand (render, info, fetch, ...) or ask for help/version.
bool is_cli_invocation(int argc, char** argv);
// Runs the subcommand. Exit codes: 0 success, 1 bad input or failed operation (one line on
// stderr), 2 usage error.
int run(int argc, char** argv);
// The option that makes the choice an error's remedy names, as " (--table-key COLUMN)"; "" for
// none. Printed after the error's own words.
std::string command_line_remedy(Remedy remedy);
}  // namespace devomap::cli
