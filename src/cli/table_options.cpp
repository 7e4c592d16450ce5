#include "cli/table_options.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/option_checks.hpp"
#include "core/error.hpp"
#include "devolution/devolution_dataset.hpp"

namespace devomap::cli {

void add_table_options(CLI::App& cmd, TableCliOptions& options, bool table_required) {
  auto* table =
      cmd.add_option("--table", options.table_path, "Table to join (CSV, TSV, XLSX, ODS)");
  if (table_required) table->required();
  cmd.add_option("--sheet", options.sheet, "Workbook sheet to read");
  cmd.add_option("--header-row", options.header_row,
                 "Row holding the column names, counting from 1 as a spreadsheet shows "
                 "(default: found automatically)")
      ->check(header_row_check());
  cmd.add_option("--layer-key", options.layer_key,
                 "Layer field to join on (default: its GSS code field, or its name field)");
  cmd.add_option("--table-key", options.table_key,
                 "Table column to join on (default: the column of GSS codes, else of names)");
  cmd.add_option("--by", options.by, "auto (default), code or name");
  cmd.add_option("--filter", options.filter,
                 "Rows of a long table to map, COLUMN=VALUE (repeatable: values of one column are "
                 "alternatives, different columns must all match), e.g. "
                 "--filter 'Indicator=Employment rate' --filter Period=2023");
  cmd.add_option("--combine", options.combine,
                 "How merged districts' values combine, COLUMN=sum|mean|weighted-mean|first|same "
                 "(repeatable)");
}

data::TableLoadOptions table_load_options(const TableCliOptions& o) {
  data::TableLoadOptions options;
  if (!o.sheet.empty()) options.sheet = o.sheet;
  if (o.header_row != 0) {
    if (o.header_row < 1)
      throw CLI::ValidationError("--header-row", std::to_string(o.header_row) +
                                                     ": rows count from 1, as a spreadsheet "
                                                     "shows them");
    options.header_row = o.header_row;
  }
  return options;
}

JoinOptions command_line_join_options(const TableCliOptions& o) {
  JoinOptions join;
  const auto mode = parse_join_mode(o.by);
  if (!mode) throw CLI::ValidationError("--by", o.by + " is not known; use auto, code or name");
  join.mode = *mode;
  if (!o.layer_key.empty()) join.layer_key = o.layer_key;
  if (!o.table_key.empty()) join.table_key = o.table_key;
  for (const std::string& spec : o.combine) {
    const auto eq = spec.rfind('=');
    const auto rule =
        eq == std::string::npos ? std::nullopt : parse_combine_rule(spec.substr(eq + 1));
    if (!rule)
      throw CLI::ValidationError(
          "--combine",
          spec + ": write COLUMN=RULE with RULE one of sum, mean, weighted-mean, first, same");
    join.combine[spec.substr(0, eq)] = *rule;
  }
  for (const std::string& text : o.filter) {
    const auto filter = parse_filter(text);
    if (!filter)
      throw CLI::ValidationError("--filter", text + ": write COLUMN=VALUE, e.g. Period=2023");
    join.filters[filter->first].push_back(filter->second);
  }
  return join;
}

std::optional<CodeCrosswalk> shipped_crosswalk() {
  std::string note;
  auto crosswalk = devolution::shipped_crosswalk(&note);
  if (!note.empty()) std::cerr << "devomap: note: " << note << "\n";
  return crosswalk;
}

}  // namespace devomap::cli
