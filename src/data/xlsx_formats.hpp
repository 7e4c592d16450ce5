#pragma once
// What GDAL's XLSX driver does not say: which cells a workbook formats as percentages. Excel
// stores 5% as 0.05 and shows it through the cell's number format, so a reader of the values
// alone would print "0.05" where the sheet shows "5%".
#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace devomap::data {

// (sheet row number, 0-based column) of every numeric cell of the workbook's sheet number
// `sheet_index` (0-based, in workbook order) whose number format is a percentage (Excel's
// built-in 0% and 0.00%, or any format code with % outside quotes). Empty when the workbook
// cannot be read this way (it is then read as before).
std::set<std::pair<std::size_t, std::size_t>> xlsx_percent_cells(const std::string& path,
                                                                 std::size_t sheet_index);

// The sheet names of a workbook (XLSX from its workbook part, ODS through GDAL), in order; empty
// when the file is not a workbook or cannot be read. Quick enough for a form to call as the
// user types a path.
std::vector<std::string> workbook_sheet_names(const std::string& path);

// A fraction written as the percentage the sheet shows: 0.05 -> "5%", 0.125 -> "12.5%".
std::string percent_text(double fraction);

}  // namespace devomap::data
