#pragma once
// The table options `join` and `render` share (--table, --sheet, --header-row, --layer-key,
// --table-key, --by, --combine), read the same way by both so a table joins identically.
#include <optional>
#include <string>
#include <vector>

#include "core/crosswalk.hpp"
#include "core/join.hpp"
#include "data/table_source.hpp"

namespace CLI {
class Validator;
class App;
}  // namespace CLI

namespace devomap::cli {

struct TableCliOptions {
  std::string table_path;
  std::string sheet;
  int header_row = 0;
  std::string layer_key;
  std::string table_key;
  std::string by = "auto";
  std::vector<std::string> combine;
  std::vector<std::string> filter;  // COLUMN=VALUE, repeatable
};

void add_table_options(CLI::App& cmd, TableCliOptions& options, bool table_required);

// Throws UserError naming the option for a header row below 1, an unknown --by or a malformed
// --combine.
data::TableLoadOptions table_load_options(const TableCliOptions& options);
JoinOptions command_line_join_options(const TableCliOptions& options);

// The shipped dataset's code crosswalk (old <-> new district codes), or nullopt with a note on
// stderr when the dataset cannot be read.
std::optional<CodeCrosswalk> shipped_crosswalk();

}  // namespace devomap::cli
