#pragma once
namespace devomap::cli {
// True when the arguments name a subcommand (render, info, fetch, ...) or ask for help/version.
bool is_cli_invocation(int argc, char** argv);
// Runs the subcommand. Exit codes: 0 success, 1 bad input or failed operation (one line on
// stderr), 2 usage error.
int run(int argc, char** argv);
}  // namespace devomap::cli
