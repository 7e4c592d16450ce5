#include "data/xlsx_fixture.hpp"

#include <cpl_conv.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "data/table_source.hpp"

namespace devomap::test {
namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// The style index of each distinct number format of the workbook (0 is the default style).
std::map<std::string, int> style_indices(const std::vector<XlsxSheet>& sheets) {
  std::map<std::string, int> out;
  for (const XlsxSheet& s : sheets)
    for (const auto& [cell, format] : s.number_formats)
      out.emplace(format, static_cast<int>(out.size()) + 1);
  return out;
}

std::string styles_xml(const std::map<std::string, int>& styles) {
  std::string fmts, xfs = "<xf numFmtId=\"0\"/>";
  std::map<int, std::string> by_index;  // cellXfs are listed in style-index order
  for (const auto& [format, index] : styles) by_index[index] = format;
  for (const auto& [index, format] : by_index) {
    fmts += "<numFmt numFmtId=\"" + std::to_string(163 + index) + "\" formatCode=\"" +
            xml_escape(format) + "\"/>";
    xfs += "<xf numFmtId=\"" + std::to_string(163 + index) + "\" applyNumberFormat=\"1\"/>";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet "
         "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"" +
         std::to_string(styles.size()) + "\">" + fmts + "</numFmts><cellXfs count=\"" +
         std::to_string(styles.size() + 1) + "\">" + xfs + "</cellXfs></styleSheet>";
}

std::string sheet_xml(const XlsxSheet& sheet, const std::map<std::string, int>& styles) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet "
      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
  for (const auto& [number, cells] : sheet.rows) {
    xml += "<row r=\"" + std::to_string(number) + "\">";
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (cells[c].empty()) continue;
      const std::string ref = data::column_letters(c) + std::to_string(number);
      char* end = nullptr;
      std::strtod(cells[c].c_str(), &end);
      std::string style;
      if (const auto f = sheet.number_formats.find(ref); f != sheet.number_formats.end())
        style = " s=\"" + std::to_string(styles.at(f->second)) + "\"";
      if (end && *end == '\0')
        xml += "<c r=\"" + ref + "\"" + style + "><v>" + cells[c] + "</v></c>";
      else
        xml +=
            "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + xml_escape(cells[c]) + "</t></is></c>";
    }
    xml += "</row>";
  }
  xml += "</sheetData>";
  if (!sheet.merges.empty()) {
    xml += "<mergeCells count=\"" + std::to_string(sheet.merges.size()) + "\">";
    for (const std::string& m : sheet.merges) xml += "<mergeCell ref=\"" + m + "\"/>";
    xml += "</mergeCells>";
  }
  return xml + "</worksheet>";
}

}  // namespace

void write_xlsx_by_hand(const std::filesystem::path& path, const std::vector<XlsxSheet>& sheets) {
  std::map<std::string, std::string> parts;
  std::string types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
      "Extension=\"rels\" "
      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default "
      "Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/"
      "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>";
  std::string workbook =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook "
      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>";
  std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  const std::map<std::string, int> styles = style_indices(sheets);
  if (!styles.empty()) {
    parts["xl/styles.xml"] = styles_xml(styles);
    types +=
        "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/"
        "vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
    rels +=
        "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>";
  }
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    types += "<Override PartName=\"/xl/worksheets/sheet" + n +
             ".xml\" ContentType=\"application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
    workbook +=
        "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n +
            "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            "worksheet\" Target=\"worksheets/sheet" +
            n + ".xml\"/>";
    parts["xl/worksheets/sheet" + n + ".xml"] = sheet_xml(sheets[i], styles);
  }
  parts["[Content_Types].xml"] = types + "</Types>";
  parts["xl/workbook.xml"] = workbook + "</sheets></workbook>";
  parts["xl/_rels/workbook.xml.rels"] = rels + "</Relationships>";
  parts["_rels/.rels"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
      "Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
      "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
  void* zip = CPLCreateZip(path.c_str(), nullptr);
  REQUIRE(zip);
  for (const auto& [name, text] : parts) {
    REQUIRE(CPLCreateFileInZip(zip, name.c_str(), nullptr) == CE_None);
    REQUIRE(CPLWriteFileInZip(zip, text.data(), static_cast<int>(text.size())) == CE_None);
    REQUIRE(CPLCloseFileInZip(zip) == CE_None);
  }
  REQUIRE(CPLCloseZip(zip) == CE_None);
}

}  // namespace devomap::test
