// `devomap measures [--json]`: every measure the default map can show now, from the devolution
// dataset and the data folder's files (population, outcome indicators), with the key that
// `render --field` takes, its period, unit and publisher.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "data/data_dir.hpp"
#include "devolution/devolution_map.hpp"

namespace devomap::cli {

namespace {

nlohmann::ordered_json measures_json(const devolution::DefaultMap& map) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const devolution::Measure& m : map.map.measures)
    list.push_back({{"key", m.key},
                    {"label", m.label},
                    {"group", m.group},
                    {"period", m.period},
                    {"unit", m.units},
                    {"source", m.source},
                    {"field", m.field},
                    {"description", m.description}});
  nlohmann::ordered_json out;
  out["measures"] = std::move(list);
  out["notes"] = map.map.notes;
  return out;
}

void print_measures(const devolution::DefaultMap& map) {
  std::string group;
  for (const devolution::Measure& m : map.map.measures) {
    if (m.group != group) {
      group = m.group;
      std::cout << (group.empty() ? "Other" : group) << ":\n";
    }
    std::cout << "  " << m.key << "\n    " << m.label << "\n    ";
    if (!m.period.empty()) std::cout << "period: " << m.period << "; ";
    if (!m.units.empty()) std::cout << "unit: " << m.units << "; ";
    std::cout << "source: " << m.source << "\n";
  }
  std::cout << "\nShow one with `devomap render --field KEY -o map.png`.\n";
  for (const std::string& n : map.map.notes) std::cerr << "note: " << n << "\n";
}

}  // namespace

void register_measures(CLI::App& app, const GlobalOptions& global) {
  struct MeasuresOptions {
    bool json = false;
  };
  auto options = std::make_shared<MeasuresOptions>();
  CLI::App* cmd = app.add_subcommand(
      "measures",
      "List what the UK devolution map can show: powers, money, population and the ONS outcome "
      "indicators in the data folder, each with its key for render --field, period, unit and "
      "source");
  cmd->add_flag("--json", options->json, "Print JSON instead of text");
  cmd->callback([options, &global] {
    const auto data_dir = data::resolve_data_dir(global.data_dir);
    std::string why;
    const auto sources = devolution::find_default_map_sources(data_dir, &why);
    if (!sources)
      throw UserError("the UK devolution map cannot be drawn, so it has no measures: " + why,
                      Remedy::ChooseDataDir);
    const devolution::DefaultMap map = devolution::load_default_map(*sources);
    if (options->json)
      std::cout << measures_json(map).dump(2) << "\n";
    else
      print_measures(map);
  });
}

}  // namespace devomap::cli
