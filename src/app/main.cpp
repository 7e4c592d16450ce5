// devomap: one binary. With a subcommand (render, info, fetch, ...) it is the command-line tool
// and never touches a display; otherwise it opens the window (optionally on a layer path).
#include "cli/cli.hpp"
#include "ui/app.hpp"

int main(int argc, char** argv) {
  if (devomap::cli::is_cli_invocation(argc, argv)) return devomap::cli::run(argc, argv);
  return devomap::ui::run_app(argc, argv);
}
