// devomap join: joins a table (CSV, XLSX, ODS) to a boundary layer and prints the join report.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/table_options.hpp"
#include "core/error.hpp"
#include "core/join.hpp"
#include "data/table_source.hpp"
#include "devolution/devolution_dataset.hpp"
#include "gdal/layer_source.hpp"

namespace devomap::cli {

namespace {

struct JoinCliOptions {
  std::string layer_path;
  std::string layer_name;
  int assume_epsg = 0;  // --assume-crs; 0 = none
  TableCliOptions table;
  bool json = false;
};

nlohmann::ordered_json report_json(const JoinReport& report) {
  using nlohmann::ordered_json;
  ordered_json out;
  out["matched"] = report.matched;
  ordered_json unmatched_layer = ordered_json::array();
  for (const UnmatchedFeature& u : report.unmatched_layer)
    unmatched_layer.push_back({{"key", u.key}, {"name", u.name}});
  out["unmatched_layer"] = std::move(unmatched_layer);
  ordered_json unmatched_table = ordered_json::array();
  for (const UnmatchedRow& u : report.unmatched_table)
    unmatched_table.push_back({{"row", u.row}, {"key", u.key}});
  out["unmatched_table"] = std::move(unmatched_table);
  ordered_json duplicates = ordered_json::array();
  for (const DuplicateKey& d : report.duplicate_keys) duplicates.push_back(d.key);
  out["duplicate_keys"] = std::move(duplicates);
  ordered_json translated = ordered_json::array();
  for (const TranslatedKey& t : report.translated)
    translated.push_back({{"from", t.from}, {"to", t.to}});
  out["translated"] = std::move(translated);
  // Areas that took several rows, and how each column combined there.
  ordered_json merged = ordered_json::array();
  for (const MergedArea& m : report.merged) merged.push_back({{"key", m.key}, {"rows", m.rows}});
  out["merged"] = std::move(merged);
  ordered_json rules = ordered_json::array();
  for (const ColumnCombine& c : report.combine_rules)
    rules.push_back({{"column", c.column}, {"rule", to_string(c.rule)}, {"why", c.why}});
  out["combine_rules"] = std::move(rules);
  ordered_json unreadable = ordered_json::array();
  for (const UnreadableCell& u : report.unreadable)
    unreadable.push_back({{"row", u.row}, {"column", u.column}, {"text", u.text}});
  out["unreadable_cells"] = std::move(unreadable);
  ordered_json no_data = ordered_json::object();
  for (const auto& [column, n] : report.no_data) no_data[column] = n;
  out["no_data"] = std::move(no_data);
  out["suggested_key"] =
      report.suggested ? ordered_json(report.suggested->table_column) : ordered_json(nullptr);
  return out;
}

void run_join(const JoinCliOptions& o) {
  const data::TableLoadOptions table_options = table_load_options(o.table);
  JoinOptions join = command_line_join_options(o.table);
  // Load the table first: its problems are cheaper to find than the layer's.
  data::LoadedTable table = data::load_table(o.table.table_path, table_options);
  for (const std::string& note : table.info.notes) std::cerr << "devomap: note: " << note << "\n";

  gdal::LoadOptions layer_options;
  layer_options.display = gdal::DisplayCrs::Source;  // no drawing here, so no reprojection
  if (!o.layer_name.empty()) layer_options.layer_name = o.layer_name;
  if (o.assume_epsg > 0) layer_options.assume_epsg = o.assume_epsg;
  Layer layer = gdal::load_layer(o.layer_path, layer_options);
  print_load_report(layer);

  // Codes of older or newer boundary vintages are translated with the dataset's crosswalk.
  const std::optional<CodeCrosswalk> crosswalk = shipped_crosswalk();
  if (crosswalk) join.crosswalk = &*crosswalk;

  const JoinResult result = join_table(layer, table.source, join);
  if (o.json) {
    std::cout << report_json(result.report).dump(2) << "\n";
  } else {
    std::cout << "Table: " << table.source.origin << ", header row " << table.info.header_row
              << (table.info.header_detected ? " (found automatically)" : "") << ", "
              << table.source.table.row_count << " data rows\n";
    std::cout << format_join_report(result.report);
    if (result.report.suggested)
      std::cout << "To join by it: --table-key '" << result.report.suggested->table_column << "'\n";
  }
}

}  // namespace

void register_join(CLI::App& app, const GlobalOptions& /*global*/) {
  auto options = std::make_shared<JoinCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "join",
      "Join a table (CSV, XLSX, ODS) to a boundary layer by GSS code or area name and "
      "report what matched");
  cmd->add_option("--layer", options->layer_path, "Boundary layer (shapefile, GeoPackage, ...)")
      ->required();
  cmd->add_option("--layer-name", options->layer_name, "Layer inside a multi-layer source");
  cmd->add_option("--assume-crs", options->assume_epsg,
                  "EPSG code to assume for a layer that has no CRS")
      ->check(CLI::Range(1, 999999));
  add_table_options(*cmd, options->table, true);
  cmd->add_flag("--json", options->json, "Print the report as JSON");
  cmd->callback([options] { run_join(*options); });
}

}  // namespace devomap::cli
