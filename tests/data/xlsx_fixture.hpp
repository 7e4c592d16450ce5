#pragma once
// XLSX fixtures written part by part (GDAL's zip writer), for what GDAL's XLSX driver cannot
// write: rows at chosen numbers (titles above the table, blank rows) and merged cells.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace devomap::test {

// An XLSX written part by part (GDAL's zip writer), for what GDAL's XLSX driver cannot write:
// rows at chosen numbers (titles above the table, blank rows) and merged cells.
struct XlsxSheet {
  std::string name;
  std::map<int, std::vector<std::string>> rows;  // row number -> cells from column A
  std::vector<std::string> merges;               // "C5:D5"
  // Cells with a number format, "C6" -> "0.0%" (written as the cells' style).
  std::map<std::string, std::string> number_formats;
};

void write_xlsx_by_hand(const std::filesystem::path& path, const std::vector<XlsxSheet>& sheets);

}  // namespace devomap::test
