#pragma once
// Numbers as people write them in spreadsheets and reports: "£1.2bn", "£450m", "1,234",
// "12.5%", "(3.2)" for a negative, "−3" with U+2212. Markers such as "n/a", "..", "[c]" or a dash
// mean "no data" (NaN, never zero). Also decides which columns of a loaded table are numbers.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/table.hpp"

namespace devomap {

enum class CellKind { Number, NoData, Unreadable };

struct ParsedCell {
  CellKind kind = CellKind::NoData;
  double value = 0;      // NaN unless kind == Number
  bool percent = false;  // written with a % sign; value is as written (12.5% -> 12.5)
  bool money = false;    // written with a currency sign (£, $, €)
};

// Parses one cell. Accepted: optional sign (+, -, U+2212) or parentheses for a negative, a
// currency sign (£ $ €) before or after the sign, digits with "," (or space) thousands
// separators in groups of three, a decimal point, an exponent, then an optional "%" or scale
// word: k/thousand, m/mn/million, bn/b/billion, tn/trillion (any case, optional space).
// Blank cells and no-data markers give NoData; anything else is Unreadable.
ParsedCell parse_cell(std::string_view text);

// True for the usual "no data" markers: "", "n/a", "na", "-", "–", "—", "..", "...", "x", ":",
// "[c]", "[x]", "[z]", "[low]", "[u]", "null", "none" (any case, surrounding spaces ignored).
bool is_no_data_marker(std::string_view text);
// The markers that mean "no data" in a text column too ("null", "NA", "N/A", "-", "..", "[c]",
// "[x]", "[z]", ...), leaving out those that can be real text there ("x", "none", "*").
bool is_text_no_data_marker(std::string_view text);

// The text with leading/trailing ASCII white space and no-break spaces (U+00A0, U+202F,
// U+2009) removed.
std::string_view trim_cell(std::string_view text);

// A cell that had to be read as no data because it is not a number, in a number column.
struct UnreadableCell {
  std::size_t row = 0;  // as a spreadsheet shows it (1 = the sheet's first row)
  std::string column;
  std::string text;
};

struct ColumnTypingReport {
  std::vector<UnreadableCell> unreadable;  // in number columns, read as no data
  std::vector<std::string> notes;          // one line per column that mixes numbers and text
};

// Turns the text columns of `table` whose non-empty cells are numbers into Number columns (the
// text stays, as the user wrote it). A column where at least 80% of the cells that are not
// no-data markers are numbers is a Number column and its other cells are reported as
// unreadable; a column with fewer numbers stays Text, with a note when it is mostly numbers.
// `row_numbers[i]` is the spreadsheet row of table row i, used in the report.
ColumnTypingReport assign_column_kinds(Table& table, const std::vector<std::size_t>& row_numbers);

}  // namespace devomap
