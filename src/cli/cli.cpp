// The command-line front end: one CLI11 app, one subcommand per cmd_*.cpp. Kept to this TU and
// the cmd_ files because CLI11 is slow to compile.
#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <array>
#include <iostream>
#include <string_view>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/layer.hpp"

namespace devomap::cli {

namespace {
constexpr std::array<std::string_view, 7> kSubcommands = {
    "render", "info", "fetch", "classify", "join", "measures", "compare"};

bool is_subcommand(std::string_view arg) {
  for (auto s : kSubcommands)
    if (arg == s) return true;
  return false;
}
}  // namespace

bool is_cli_invocation(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h" || arg == "--version") return true;
    if (arg == "--data-dir") {
      ++i;  // skip its value
      continue;
    }
    if (arg.rfind("--data-dir=", 0) == 0) continue;
    if (!arg.empty() && arg[0] == '-') return false;  // a window option
    return is_subcommand(arg);                        // first positional decides
  }
  return false;
}

void print_load_report(const Layer& layer) {
  for (const std::string& w : layer.report.warnings) std::cerr << "devomap: warning: " << w << "\n";
  const std::string label = "'" + layer.source_path + "'";
  if (const std::string r = repaired_summary(layer.report, label); !r.empty())
    std::cerr << "devomap: note: " << r << "\n";
  if (const std::string s = skipped_summary(layer.report, label); !s.empty())
    std::cerr << "devomap: warning: " << s << "\n";
}

std::string command_line_remedy(Remedy remedy) {
  switch (remedy) {
    case Remedy::None:
      return "";
    case Remedy::ChooseLayer:
      return " (--layer-name NAME)";
    case Remedy::ChooseSheet:
      return " (--sheet NAME)";
    case Remedy::ChooseHeaderRow:
      return " (--header-row N)";
    case Remedy::ChooseTableKey:
      return " (--table-key COLUMN)";
    case Remedy::ChooseLayerKey:
      return " (--layer-key FIELD)";
    case Remedy::AssumeCrs:
      return " (--assume-crs EPSG)";
    case Remedy::AllowReplace:
      return " (--force)";
    case Remedy::ChooseDataDir:
      return " (--data-dir DIR)";
    case Remedy::ChooseField:
      return " (--field NAME)";
    case Remedy::ChooseRows:
      return " (--filter COLUMN=VALUE)";
  }
  return "";
}

int run(int argc, char** argv) {
  CLI::App app{
      "devomap: maps of who holds which powers, and how much money, across the UK's regions.\n"
      "Run without a subcommand to open the window: devomap [--present] [--ui-scale N] [PATH]\n"
      "  --present     full screen for a meeting: the deck's views stepped with Right/Left\n"
      "                (Space, PageDown, PageUp), H for a projector theme, Esc to leave;\n"
      "                F5 in the window does the same\n"
      "  --ui-scale N  panels and type N times larger (0.5 to 4; default: the desktop's)"};
  app.set_version_flag("--version", std::string("devomap ") + DEVOMAP_VERSION);
  GlobalOptions global;
  app.add_option("--data-dir", global.data_dir,
                 "Folder of fetched/imported official files (else $DEVOMAP_DATA_DIR, else "
                 "$XDG_DATA_HOME/devomap)");
  app.require_subcommand(1);
  register_render(app, global);
  register_info(app, global);
  register_measures(app, global);
  register_compare(app, global);
  register_fetch(app, global);
  register_classify(app, global);
  register_join(app, global);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const UserError& e) {
    std::cerr << "devomap: " << e.what() << command_line_remedy(e.remedy()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "devomap: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace devomap::cli
