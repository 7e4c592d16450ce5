#include "data/xlsx_formats.hpp"

#include <cpl_error.h>
#include <cpl_minixml.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "gdal/gdal_env.hpp"

namespace devomap::data {
namespace {

struct XmlDeleter {
  void operator()(CPLXMLNode* node) const { CPLDestroyXMLNode(node); }
};
using XmlPtr = std::unique_ptr<CPLXMLNode, XmlDeleter>;

// A part of the zipped workbook, parsed; null when missing or not XML.
XmlPtr read_part(const std::string& path, const std::string& part) {
  const std::string name = "/vsizip/{" + path + "}/" + part;
  VSILFILE* f = VSIFOpenL(name.c_str(), "rb");
  if (!f) return nullptr;
  std::string text;
  char buffer[65536];
  for (std::size_t n; (n = VSIFReadL(buffer, 1, sizeof buffer, f)) > 0;) text.append(buffer, n);
  VSIFCloseL(f);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  XmlPtr xml(CPLParseXMLString(text.c_str()));
  CPLPopErrorHandler();
  return xml;
}

// The first element called `name` among `node`'s children (and their descendants, breadth
// first at each level), ignoring namespace prefixes.
const CPLXMLNode* child(const CPLXMLNode* node, const char* name) {
  for (const CPLXMLNode* c = node ? node->psChild : nullptr; c; c = c->psNext) {
    if (c->eType != CXT_Element) continue;
    const char* local = std::strrchr(c->pszValue, ':');
    if (std::strcmp(local ? local + 1 : c->pszValue, name) == 0) return c;
  }
  return nullptr;
}

// The document element called `name`: the parsed text starts with the <?xml ?> declaration,
// the element follows it as a sibling.
const CPLXMLNode* root(const XmlPtr& xml, const char* name) {
  for (const CPLXMLNode* n = xml.get(); n; n = n->psNext) {
    if (n->eType != CXT_Element) continue;
    const char* local = std::strrchr(n->pszValue, ':');
    if (std::strcmp(local ? local + 1 : n->pszValue, name) == 0) return n;
  }
  return nullptr;
}

std::string attribute(const CPLXMLNode* node, const char* name) {
  const char* v = CPLGetXMLValue(node, name, nullptr);
  return v ? v : "";
}

// A format code shows a percentage: a % outside quoted text and [brackets].
bool is_percent_code(const std::string& code) {
  bool quoted = false, bracket = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '[') bracket = true;
    if (!quoted && c == ']') bracket = false;
    if (!quoted && !bracket && c == '%') return true;
  }
  return false;
}

// Per cell style index (the `s` of a cell): whether its number format is a percentage.
std::vector<bool> percent_styles(const std::string& path) {
  std::vector<bool> out;
  XmlPtr styles = read_part(path, "xl/styles.xml");
  const CPLXMLNode* sheet = root(styles, "styleSheet");
  if (!sheet) return out;
  std::map<int, bool> custom;
  for (const CPLXMLNode* f = child(child(sheet, "numFmts"), "numFmt"); f; f = f->psNext)
    if (f->eType == CXT_Element)
      custom[std::atoi(attribute(f, "numFmtId").c_str())] =
          is_percent_code(attribute(f, "formatCode"));
  for (const CPLXMLNode* xf = child(child(sheet, "cellXfs"), "xf"); xf; xf = xf->psNext) {
    if (xf->eType != CXT_Element) continue;
    const int id = std::atoi(attribute(xf, "numFmtId").c_str());
    const auto it = custom.find(id);
    out.push_back(id == 9 || id == 10 || (it != custom.end() && it->second));
  }
  return out;
}

// The part name of the workbook's sheet number `index` ("xl/worksheets/sheet1.xml").
std::string sheet_part(const std::string& path, std::size_t index) {
  XmlPtr workbook = read_part(path, "xl/workbook.xml");
  XmlPtr rels = read_part(path, "xl/_rels/workbook.xml.rels");
  const CPLXMLNode* sheets = child(root(workbook, "workbook"), "sheets");
  std::size_t i = 0;
  std::string id;
  for (const CPLXMLNode* s = child(sheets, "sheet"); s; s = s->psNext)
    if (s->eType == CXT_Element && i++ == index) id = attribute(s, "r:id");
  if (id.empty()) return "";
  for (const CPLXMLNode* r = child(root(rels, "Relationships"), "Relationship"); r; r = r->psNext)
    if (r->eType == CXT_Element && attribute(r, "Id") == id) {
      const std::string target = attribute(r, "Target");
      return target.rfind("/", 0) == 0 ? target.substr(1) : "xl/" + target;
    }
  return "";
}

// "C12" -> (12, 2).
std::pair<std::size_t, std::size_t> cell_position(const std::string& ref) {
  std::size_t col = 0, i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) col = col * 26 + (ref[i] - 'A' + 1);
  return {static_cast<std::size_t>(std::atol(ref.c_str() + i)), col == 0 ? 0 : col - 1};
}

}  // namespace

std::set<std::pair<std::size_t, std::size_t>> xlsx_percent_cells(const std::string& path,
                                                                 std::size_t sheet_index) {
  std::set<std::pair<std::size_t, std::size_t>> out;
  const std::vector<bool> percent = percent_styles(path);
  if (std::find(percent.begin(), percent.end(), true) == percent.end()) return out;
  const std::string part = sheet_part(path, sheet_index);
  if (part.empty()) return out;
  XmlPtr sheet = read_part(path, part);
  const CPLXMLNode* data = child(root(sheet, "worksheet"), "sheetData");
  for (const CPLXMLNode* row = child(data, "row"); row; row = row->psNext) {
    if (row->eType != CXT_Element) continue;
    for (const CPLXMLNode* c = child(row, "c"); c; c = c->psNext) {
      if (c->eType != CXT_Element) continue;
      const std::string type = attribute(c, "t");
      if (!type.empty() && type != "n") continue;  // text, booleans, errors
      const std::size_t style = static_cast<std::size_t>(std::atol(attribute(c, "s").c_str()));
      if (style < percent.size() && percent[style]) out.insert(cell_position(attribute(c, "r")));
    }
  }
  return out;
}

std::vector<std::string> workbook_sheet_names(const std::string& path) {
  std::vector<std::string> names;
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return names;
  if (ext == ".xlsx") {
    XmlPtr workbook = read_part(path, "xl/workbook.xml");
    const CPLXMLNode* sheets = child(root(workbook, "workbook"), "sheets");
    for (const CPLXMLNode* s = child(sheets, "sheet"); s; s = s->psNext)
      if (s->eType == CXT_Element) names.push_back(attribute(s, "name"));
  } else if (ext == ".ods") {
    gdal::ensure_registered();
    gdal::ErrorCapture quiet;
    const char* drivers[] = {"ODS", nullptr};
    gdal::DatasetPtr dataset(GDALDataset::FromHandle(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr)));
    for (int i = 0; dataset && i < dataset->GetLayerCount(); ++i)
      names.push_back(dataset->GetLayer(i)->GetName());
  }
  return names;
}

std::string percent_text(double fraction) {
  char text[64];
  std::snprintf(text, sizeof text, "%.10g%%", fraction * 100.0);
  return text;
}

}  // namespace devomap::data
