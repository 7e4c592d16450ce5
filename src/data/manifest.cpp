#include "data/manifest.hpp"

#include <array>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/error.hpp"

namespace devomap::data {

namespace {

struct KindName {
  LayerKind kind;
  std::string_view name;
  std::string_view words;
};
constexpr std::array<KindName, 9> kKindNames = {{
    {LayerKind::Districts, "districts", "local authority districts"},
    {LayerKind::CombinedAuthorities, "combined_authorities", "combined authorities"},
    {LayerKind::Regions, "regions", "regions"},
    {LayerKind::Countries, "countries", "countries"},
    {LayerKind::Wards, "wards", "wards"},
    {LayerKind::SmallAreas, "small_areas", "small areas"},
    {LayerKind::LookupLadCauth, "lookup_lad_cauth", "LAD to combined authority lookup"},
    {LayerKind::Population, "population", "population by local authority district"},
    {LayerKind::Outcomes, "outcomes", "outcome indicators by local authority district"},
}};

struct PrefixKind {
  std::string_view prefix;
  LayerKind kind;
};
// GSS entity codes (first three characters of a code) devomap maps to a layer kind.
constexpr std::array<PrefixKind, 31> kPrefixes = {{
    {"E06", LayerKind::Districts},  {"E07", LayerKind::Districts},
    {"E08", LayerKind::Districts},  {"E09", LayerKind::Districts},
    {"W06", LayerKind::Districts},  {"S12", LayerKind::Districts},
    {"N09", LayerKind::Districts},  {"E47", LayerKind::CombinedAuthorities},
    {"E12", LayerKind::Regions},    {"E92", LayerKind::Countries},
    {"W92", LayerKind::Countries},  {"S92", LayerKind::Countries},
    {"N92", LayerKind::Countries},  {"E05", LayerKind::Wards},
    {"W05", LayerKind::Wards},      {"S13", LayerKind::Wards},
    {"N08", LayerKind::Wards},      {"E00", LayerKind::SmallAreas},
    {"W00", LayerKind::SmallAreas}, {"S00", LayerKind::SmallAreas},
    {"N00", LayerKind::SmallAreas}, {"E01", LayerKind::SmallAreas},
    {"W01", LayerKind::SmallAreas}, {"S01", LayerKind::SmallAreas},
    {"E02", LayerKind::SmallAreas}, {"W02", LayerKind::SmallAreas},
    {"S02", LayerKind::SmallAreas}, {"N20", LayerKind::SmallAreas},
    {"N21", LayerKind::SmallAreas}, {"N01", LayerKind::SmallAreas},
    {"N02", LayerKind::SmallAreas},
}};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

using nlohmann::json;

std::string need_string(const json& entry, const char* key, const std::string& where) {
  auto it = entry.find(key);
  if (it == entry.end() || !it->is_string() || it->get<std::string>().empty())
    throw UserError(where + ": missing or empty \"" + key + "\" (a non-empty string)");
  return it->get<std::string>();
}

std::string opt_string(const json& entry, const char* key, const std::string& where) {
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return {};
  if (!it->is_string()) throw UserError(where + ": \"" + key + "\" must be a string");
  return it->get<std::string>();
}

std::vector<std::string> opt_strings(const json& entry, const char* key, const std::string& where) {
  std::vector<std::string> out;
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return out;
  if (!it->is_array()) throw UserError(where + ": \"" + key + "\" must be a list of strings");
  for (const auto& v : *it) {
    if (!v.is_string()) throw UserError(where + ": \"" + key + "\" must be a list of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

ManifestEntry parse_entry(const json& e, const std::string& origin, std::size_t index) {
  std::string where = origin + ": entry " + std::to_string(index + 1);
  if (!e.is_object()) throw UserError(where + " is not a JSON object");
  ManifestEntry m;
  m.id = need_string(e, "id", where);
  where = origin + ": entry \"" + m.id + "\"";
  m.title = need_string(e, "title", where);
  const std::string kind = need_string(e, "kind", where);
  auto parsed_kind = layer_kind_from_string(kind);
  if (!parsed_kind)
    throw UserError(where + ": unknown kind \"" + kind +
                    "\" (use districts, combined_authorities, regions, countries, wards, "
                    "small_areas, lookup_lad_cauth or population)");
  m.kind = *parsed_kind;
  m.vintage = need_string(e, "vintage", where);
  if (m.vintage.size() < 4 || !std::isdigit(static_cast<unsigned char>(m.vintage[0])))
    throw UserError(where + ": vintage \"" + m.vintage + "\" must start with a year, e.g. 2024-12");
  if (const std::string res = opt_string(e, "resolution", where); !res.empty()) {
    m.resolution = resolution_from_string(res);
    if (!m.resolution)
      throw UserError(where + ": unknown resolution \"" + res + "\" (use BFC, BGC, BSC or BUC)");
  }
  m.url = need_string(e, "url", where);
  if (m.url.rfind("http://", 0) != 0 && m.url.rfind("https://", 0) != 0)
    throw UserError(where + ": url \"" + m.url + "\" must start with http:// or https://");
  m.url_status = need_string(e, "url_status", where);
  if (m.url_status != "verified" && m.url_status != "unverified")
    throw UserError(where + ": url_status must be \"verified\" or \"unverified\"");
  m.url_note = opt_string(e, "url_note", where);
  m.file_name = need_string(e, "file_name", where);
  if (m.file_name.find('/') != std::string::npos || m.file_name.find('\\') != std::string::npos ||
      m.file_name == "." || m.file_name == "..")
    throw UserError(where + ": file_name \"" + m.file_name + "\" must be a plain file name");
  m.format = need_string(e, "format", where);
  m.crs = opt_string(e, "crs", where);
  m.layer = opt_string(e, "layer", where);
  m.key_field = need_string(e, "key_field", where);
  m.name_field = opt_string(e, "name_field", where);
  m.fields = opt_strings(e, "fields", where);
  if (auto it = e.find("expected_count"); it != e.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() < 0)
      throw UserError(where + ": expected_count must be a whole number");
    m.expected_count = it->get<long long>();
  }
  m.count_note = opt_string(e, "count_note", where);
  if (auto it = e.find("official_packaging"); it != e.end() && !it->is_null()) {
    if (!it->is_array()) throw UserError(where + ": official_packaging must be a list");
    for (const auto& p : *it) {
      if (!p.is_object()) throw UserError(where + ": official_packaging items must be objects");
      m.official_packaging.push_back({need_string(p, "format", where + " official_packaging"),
                                      opt_string(p, "crs", where + " official_packaging")});
    }
  }
  m.licence = need_string(e, "licence", where);
  m.attribution = need_string(e, "attribution", where);
  return m;
}

}  // namespace

std::string_view to_string(LayerKind kind) {
  for (const auto& k : kKindNames)
    if (k.kind == kind) return k.name;
  return "unknown";
}

std::optional<LayerKind> layer_kind_from_string(std::string_view name) {
  for (const auto& k : kKindNames)
    if (k.name == name) return k.kind;
  return std::nullopt;
}

std::string_view describe(LayerKind kind) {
  for (const auto& k : kKindNames)
    if (k.kind == kind) return k.words;
  return "unknown";
}

std::string describe_nations(std::string_view letters) {
  std::vector<std::string> names;
  for (char c : letters) {
    if (c == 'E') names.push_back("England");
    if (c == 'W') names.push_back("Wales");
    if (c == 'S') names.push_back("Scotland");
    if (c == 'N') names.push_back("Northern Ireland");
  }
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out.empty() ? "no nation" : out;
}

bool is_boundary_kind(LayerKind kind) {
  return kind != LayerKind::LookupLadCauth && kind != LayerKind::Population &&
         kind != LayerKind::Outcomes;
}

std::filesystem::path data_subdir(LayerKind kind) {
  if (kind == LayerKind::LookupLadCauth) return "lookups";
  if (kind == LayerKind::Population) return "population";
  if (kind == LayerKind::Outcomes) return "outcomes";
  return std::filesystem::path("boundaries") / std::string(to_string(kind));
}

std::optional<LayerKind> kind_of_gss_code(std::string_view code) {
  if (code.size() != 9) return std::nullopt;
  for (std::size_t i = 1; i < 9; ++i)
    if (!std::isdigit(static_cast<unsigned char>(code[i]))) return std::nullopt;
  const char first = static_cast<char>(std::toupper(static_cast<unsigned char>(code[0])));
  const std::string prefix{first, code[1], code[2]};
  for (const auto& p : kPrefixes)
    if (p.prefix == prefix) return p.kind;
  return std::nullopt;
}

bool is_district_code(std::string_view code) {
  return kind_of_gss_code(code) == LayerKind::Districts;
}

std::string_view to_string(Resolution resolution) {
  switch (resolution) {
    case Resolution::BFC:
      return "BFC";
    case Resolution::BGC:
      return "BGC";
    case Resolution::BSC:
      return "BSC";
    case Resolution::BUC:
      return "BUC";
  }
  return "?";
}

std::optional<Resolution> resolution_from_string(std::string_view name) {
  const std::string u = upper(name);
  if (u == "BFC") return Resolution::BFC;
  if (u == "BGC") return Resolution::BGC;
  if (u == "BSC") return Resolution::BSC;
  if (u == "BUC") return Resolution::BUC;
  return std::nullopt;
}

int generalisation_rank(Resolution resolution) {
  return static_cast<int>(resolution);
}

const ManifestEntry* Manifest::find(std::string_view id) const {
  for (const auto& e : entries)
    if (e.id == id) return &e;
  return nullptr;
}

Manifest parse_manifest(const std::string& json_text, const std::string& origin) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::exception& e) {  // syntax, and numbers too large (1e400)
    std::string what = e.what();
    if (const auto close = what.find("] "); close != std::string::npos)
      what = what.substr(close + 2);
    throw UserError(origin + ": not valid JSON (" + what + "); restore it from the devomap " +
                    "sources (geodata/manifest.json)");
  }
  auto it = doc.find("datasets");
  if (!doc.is_object() || it == doc.end() || !it->is_array())
    throw UserError(origin + ": expected an object with a \"datasets\" list");
  Manifest m;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < it->size(); ++i) {
    ManifestEntry entry = parse_entry((*it)[i], origin, i);
    if (!ids.insert(entry.id).second)
      throw UserError(origin + ": id \"" + entry.id + "\" appears twice; ids must be unique");
    m.entries.push_back(std::move(entry));
  }
  return m;
}

Manifest load_manifest(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UserError("cannot read the manifest " + path.string() +
                    "; pass --manifest FILE or reinstall devomap");
  std::ostringstream text;
  text << in.rdbuf();
  Manifest m = parse_manifest(text.str(), path.string());
  m.source = path;
  return m;
}

std::filesystem::path find_manifest(const std::string& explicit_path) {
  namespace fs = std::filesystem;
  if (!explicit_path.empty()) {
    if (!fs::is_regular_file(explicit_path))
      throw UserError("manifest " + explicit_path + " does not exist; check the --manifest path");
    return explicit_path;
  }
  std::vector<fs::path> tried;
  if (const char* env = std::getenv("DEVOMAP_MANIFEST"); env && *env) {
    if (fs::is_regular_file(env)) return env;
    tried.emplace_back(std::string(env) + " ($DEVOMAP_MANIFEST)");
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share/devomap/manifest.json";
    if (fs::is_regular_file(installed)) return installed;
    tried.push_back(installed);
  }
  // A binary run from its build tree: this file is <source>/src/io/manifest.cpp.
  const fs::path source_tree =
      fs::path(__FILE__).parent_path().parent_path().parent_path() / "geodata/manifest.json";
  if (fs::is_regular_file(source_tree)) return source_tree;
  tried.push_back(source_tree);
  std::string list;
  for (const auto& p : tried) list += (list.empty() ? "" : ", ") + p.string();
  throw UserError("cannot find devomap's manifest of official files (tried " + list +
                  "); pass --manifest FILE or set DEVOMAP_MANIFEST");
}

}  // namespace devomap::data
