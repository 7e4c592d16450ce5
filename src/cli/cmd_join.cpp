// devomap join: joins a table (CSV, XLSX, ODS) to a boundary layer and prints the join report.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/join.hpp"
#include "io/devolution_dataset.hpp"
#include "io/layer_source.hpp"
#include "io/table_source.hpp"

namespace devomap::cli {

namespace {

struct JoinCliOptions {
  std::string layer_path;
  std::string layer_name;
  std::string table_path;
  std::string sheet;
  int header_row = 0;
  std::string layer_key;
  std::string table_key;
  std::string by = "auto";
  std::vector<std::string> combine;
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
  io::TableLoadOptions table_options;
  if (!o.sheet.empty()) table_options.sheet = o.sheet;
  if (o.header_row != 0) {
    if (o.header_row < 1)
      throw UserError("--header-row " + std::to_string(o.header_row) +
                      ": rows count from 1, as a spreadsheet shows them");
    table_options.header_row = o.header_row;
  }

  JoinOptions join;
  if (o.by == "code") {
    join.mode = JoinMode::Code;
  } else if (o.by == "name") {
    join.mode = JoinMode::Name;
  } else if (o.by != "auto") {
    throw UserError("--by " + o.by + " is not known; use auto, code or name");
  }
  if (!o.layer_key.empty()) join.layer_key = o.layer_key;
  if (!o.table_key.empty()) join.table_key = o.table_key;
  for (const std::string& spec : o.combine) {
    const auto eq = spec.rfind('=');
    const auto rule =
        eq == std::string::npos ? std::nullopt : parse_combine_rule(spec.substr(eq + 1));
    if (!rule)
      throw UserError("--combine " + spec +
                      ": write COLUMN=RULE with RULE one of sum, mean, weighted-mean, first");
    join.combine[spec.substr(0, eq)] = *rule;
  }

  // Load the table first: its problems are cheaper to find than the layer's.
  io::LoadedTable table = io::load_table(o.table_path, table_options);
  for (const std::string& note : table.info.notes) std::cerr << "devomap: note: " << note << "\n";

  io::LoadOptions layer_options;
  layer_options.display = io::DisplayCrs::Source;  // no drawing here, so no reprojection
  if (!o.layer_name.empty()) layer_options.layer_name = o.layer_name;
  Layer layer = io::load_layer(o.layer_path, layer_options);
  for (const std::string& w : layer.report.warnings) std::cerr << "devomap: warning: " << w << "\n";

  // Codes of older or newer boundary vintages are translated with the dataset's crosswalk.
  std::optional<CodeCrosswalk> crosswalk;
  if (const auto folder = io::find_devolution_dataset()) {
    try {
      crosswalk = io::load_devolution_dataset(*folder).crosswalk();
    } catch (const UserError& e) {
      std::cerr << "devomap: note: codes of other boundary vintages are not translated: "
                << e.what() << "\n";
    }
  }
  if (crosswalk) join.crosswalk = &*crosswalk;

  const JoinResult result = join_table(layer, table.source, join);
  if (o.json) {
    std::cout << report_json(result.report).dump(2) << "\n";
  } else {
    std::cout << "Table: " << table.source.origin << ", header row " << table.info.header_row
              << (table.info.header_detected ? " (found automatically)" : "") << ", "
              << table.source.table.row_count << " data rows\n";
    std::cout << format_join_report(result.report);
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
  cmd->add_option("--table", options->table_path, "Table to join (CSV, TSV, XLSX, ODS)")
      ->required();
  cmd->add_option("--sheet", options->sheet, "Workbook sheet to read");
  cmd->add_option("--header-row", options->header_row,
                  "Row holding the column names, counting from 1 as a spreadsheet shows "
                  "(default: found automatically)");
  cmd->add_option("--layer-key", options->layer_key,
                  "Layer field to join on (default: its GSS code field, or its name field)");
  cmd->add_option("--table-key", options->table_key,
                  "Table column to join on (default: the column of GSS codes, else of names)");
  cmd->add_option("--by", options->by, "auto (default), code or name");
  cmd->add_option("--combine", options->combine,
                  "How merged districts' values combine, COLUMN=sum|mean|weighted-mean|first "
                  "(repeatable)");
  cmd->add_flag("--json", options->json, "Print the report as JSON");
  cmd->callback([options] { run_join(*options); });
}

}  // namespace devomap::cli
