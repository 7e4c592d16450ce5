#pragma once
// Loading a table a user brings (CSV/TSV/TXT, XLSX, ODS) into a devomap::SourceTable: every key
// kept as text (leading zeros survive), the header row found below any titles and notes an
// official workbook puts above it, merged header cells named, numbers written as people write
// them recognised per column, and the spreadsheet row of every data row remembered for reports.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/join.hpp"

namespace devomap::data {

struct TableLoadOptions {
  std::optional<std::string> sheet;  // workbook sheet; default: the only sheet with a table
  std::optional<int> header_row;     // 1-based, as a spreadsheet shows it; default: detected
};

struct TableLoadInfo {
  std::string format;               // "CSV", "XLSX" or "ODS"
  std::vector<std::string> sheets;  // all sheets of a workbook, in order
  std::string sheet;                // the sheet read ("" for CSV)
  std::size_t header_row = 0;       // 1-based; the first header row when it spans two
  bool header_detected = false;     // false when given by the user
  std::string encoding;             // CSV: "UTF-8", "UTF-8 with BOM", "Windows-1252", ...
  char delimiter = 0;               // CSV: ',', ';', '\t' or '|'
  std::vector<std::string> notes;   // what the user should know (one line each)
  // Text of the rows above the header (a workbook's title, e.g. "MYE2: Persons by single year
  // of age and sex for local authorities in the UK, mid-2022"), one line per row.
  std::vector<std::string> title_lines;
};

struct LoadedTable {
  SourceTable source;
  TableLoadInfo info;
};

// Loads the table. Throws UserError (one line naming the file, sheet and row) for: a missing or
// unreadable file, an unknown format, an unknown sheet (listing the sheets), several sheets with
// tables and no --sheet (listing them), an empty file or sheet, a header row out of range or
// blank, a header with no data rows below it, a binary file.
LoadedTable load_table(const std::string& path, const TableLoadOptions& options = {});

// The records of a delimited text file, decoded to UTF-8 (BOM, UTF-16 and Windows-1252 handled)
// with quotes honoured; `delimiter` 0 detects it. Blank lines are kept as empty records.
// Throws UserError when the file cannot be read or is not text.
std::vector<std::vector<std::string>> read_csv_records(const std::string& path, char delimiter = 0);

// Spreadsheet column letters: 0 -> "A", 25 -> "Z", 26 -> "AA".
std::string column_letters(std::size_t index);

}  // namespace devomap::data
