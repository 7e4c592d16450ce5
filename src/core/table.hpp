#pragma once
// A column-oriented attribute table: the fields of a boundary layer, or a table a user brings.
// Every cell keeps its text (what the user sees, keys keep leading zeros); numeric columns also
// hold a double per row where NaN means "no data" (never zero).
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace devomap {

enum class ColumnKind { Number, Text };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::Text;
  std::string source_type;        // the type as the source names it, e.g. OGR "Integer64"
  bool derived = false;           // computed by devomap (e.g. area_km2), not in the source
  std::vector<std::string> text;  // display text per row; empty for null
  std::vector<double> values;     // Number columns only: value per row, NaN = no data

  bool is_number() const { return kind == ColumnKind::Number; }
  bool is_null(std::size_t row) const {
    return is_number() ? std::isnan(values[row]) : text[row].empty();
  }
};

struct Table {
  std::vector<Column> columns;
  std::size_t row_count = 0;

  // Index of the column with this name (exact, then case-insensitive), or nullopt.
  std::optional<std::size_t> find(std::string_view name) const;
  const Column& at(std::size_t i) const { return columns[i]; }
  // Adds a numeric column; values.size() must equal row_count.
  Column& add_number_column(std::string name, std::vector<double> values, bool derived);
};

}  // namespace devomap
