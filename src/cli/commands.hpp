#pragma once
// Each subcommand lives in its own cmd_<name>.cpp and registers itself on the CLI11 app.
// Callbacks throw devomap::UserError for bad input; cli.cpp turns that into exit code 1.
#include <string>

namespace CLI {
class App;
}

namespace devomap {
struct Layer;
}

namespace devomap::cli {

// Writes to stderr what loading `layer` changed: its warnings, repaired polygons and every
// feature left out (named), so no command drops an area silently.
void print_load_report(const Layer& layer);

struct GlobalOptions {
  std::string data_dir;  // --data-dir; resolve with data::resolve_data_dir
};

void register_render(CLI::App& app, const GlobalOptions& global);
void register_info(CLI::App& app, const GlobalOptions& global);
void register_fetch(CLI::App& app, const GlobalOptions& global);
void register_classify(CLI::App& app, const GlobalOptions& global);
void register_join(CLI::App& app, const GlobalOptions& global);
void register_measures(CLI::App& app, const GlobalOptions& global);
void register_compare(CLI::App& app, const GlobalOptions& global);

}  // namespace devomap::cli
