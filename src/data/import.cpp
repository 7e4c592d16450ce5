#include "data/import.hpp"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>
#include <regex>
#include <set>
#include <tuple>
#include <unordered_set>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "data/table_source.hpp"
#include "gdal/crs_util.hpp"
#include "gdal/gdal_env.hpp"
#include "gdal/layer_source.hpp"
#include "gdal/source_files.hpp"

namespace devomap::data {

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------- small helpers

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool iequals(const std::string& a, const std::string& b) {
  return lower(a) == lower(b);
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::optional<int> identify_epsg(const OGRSpatialReference* srs) {
  if (!srs) return std::nullopt;
  auto read_code = [](const OGRSpatialReference& s) -> std::optional<int> {
    const char* name = s.GetAuthorityName(nullptr);
    const char* code = s.GetAuthorityCode(nullptr);
    if (name && code && std::string(name) == "EPSG") return std::atoi(code);
    return std::nullopt;
  };
  if (auto code = read_code(*srs)) return code;
  // ESRI WKT (.prj of ONS shapefiles) has no authority: ask PROJ for a confident match.
  int count = 0;
  int* confidence = nullptr;
  OGRSpatialReferenceH* matches = srs->FindMatches(nullptr, &count, &confidence);
  std::optional<int> result;
  if (matches && count > 0 && confidence && confidence[0] >= 70)
    result = read_code(*OGRSpatialReference::FromHandle(matches[0]));
  OSRFreeSRSArray(matches);
  CPLFree(confidence);
  return result;
}

std::string crs_label(const std::string& crs) {
  if (crs.empty()) return "no CRS";
  if (crs == "EPSG:4326") return "WGS 84 (EPSG:4326)";
  if (crs == "EPSG:27700") return "British National Grid (EPSG:27700)";
  if (crs == "EPSG:3857") return "Web Mercator (EPSG:3857)";
  return crs;
}

// ---------------------------------------------------------------- geometry: vertex spacing

enum class Units { Metres, Degrees, WebMercator };

struct SpacingSum {
  Units units = Units::Metres;
  double metres_per_unit = 1;
  std::size_t vertices = 0;
  std::size_t segments = 0;
  double length_m = 0;

  double segment_m(double x1, double y1, double x2, double y2) const {
    const double dx = x2 - x1, dy = y2 - y1;
    switch (units) {
      case Units::Degrees: {
        const double lat = (y1 + y2) * 0.5 * M_PI / 180.0;
        return std::hypot(dx * 111320.0 * std::cos(lat), dy * 110574.0);
      }
      case Units::WebMercator: {
        constexpr double kRadius = 6378137.0;
        const double lat = 2 * std::atan(std::exp((y1 + y2) * 0.5 / kRadius)) - M_PI / 2;
        return std::hypot(dx, dy) * std::cos(lat);
      }
      case Units::Metres:
        break;
    }
    return std::hypot(dx, dy) * metres_per_unit;
  }

  void add_ring(const OGRLinearRing* ring) {
    if (!ring) return;
    const int n = ring->getNumPoints();
    vertices += static_cast<std::size_t>(n);
    for (int i = 1; i < n; ++i) {
      length_m += segment_m(ring->getX(i - 1), ring->getY(i - 1), ring->getX(i), ring->getY(i));
      ++segments;
    }
  }

  void add(const OGRGeometry* g) {
    if (!g) return;
    switch (wkbFlatten(g->getGeometryType())) {
      case wkbPolygon: {
        const auto* poly = g->toPolygon();
        add_ring(poly->getExteriorRing());
        for (int i = 0; i < poly->getNumInteriorRings(); ++i) add_ring(poly->getInteriorRing(i));
        break;
      }
      case wkbMultiPolygon:
      case wkbGeometryCollection: {
        const auto* coll = g->toGeometryCollection();
        for (int i = 0; i < coll->getNumGeometries(); ++i) add(coll->getGeometryRef(i));
        break;
      }
      default:
        break;
    }
  }
};

Units units_for(const OGRSpatialReference* srs, std::optional<int> epsg, OGRLayer& layer,
                double& metres_per_unit) {
  metres_per_unit = 1;
  if (srs) {
    if (srs->IsGeographic()) return Units::Degrees;
    if (epsg == 3857 || epsg == 900913) return Units::WebMercator;
    metres_per_unit = srs->GetLinearUnits(nullptr);
    return Units::Metres;
  }
  // No CRS: coordinates that fit lon/lat are taken as degrees.
  OGREnvelope env;
  if (layer.GetExtent(&env, TRUE) == OGRERR_NONE && env.MinX >= -180 && env.MaxX <= 180 &&
      env.MinY >= -90 && env.MaxY <= 90)
    return Units::Degrees;
  return Units::Metres;
}

// ---------------------------------------------------------------- field statistics

struct FieldAccumulator {
  std::unordered_set<std::string> values;
  std::size_t non_null = 0;
  std::map<LayerKind, std::size_t> kinds;
  std::unordered_set<std::string> district_codes;
  std::set<char> nations;
};

const std::regex& mid_year_pattern() {
  static const std::regex re(R"(mid[-_ ]?((19|20)\d\d))", std::regex::icase);
  return re;
}

void note_text(LayerScan& scan, const std::string& text) {
  const std::string l = lower(text);
  // "All ages" heads the total column of the ONS MYE2 sheets, whose titles say "Persons".
  if (l.find("population") != std::string::npos || l == "all ages") scan.mentions_population = true;
  for (std::sregex_iterator it(text.begin(), text.end(), mid_year_pattern()), end; it != end;
       ++it) {
    const std::string year = (*it)[1].str();
    if (year > scan.mid_year) scan.mid_year = year;
  }
}

LayerScan scan_layer(OGRLayer& layer, bool geometry) {
  LayerScan scan;
  scan.name = layer.GetName();
  const OGRwkbGeometryType declared = wkbFlatten(layer.GetGeomType());
  scan.has_geometry = declared != wkbNone;
  scan.geometry_type = OGRGeometryTypeToName(layer.GetGeomType());
  scan.polygons = declared == wkbPolygon || declared == wkbMultiPolygon;
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  if (srs) {
    scan.has_crs = true;
    scan.epsg = identify_epsg(srs);
    const char* name = srs->GetName();
    scan.crs_name = name ? name : "";
  } else if (scan.has_geometry) {
    // The same inference loading makes, so what is imported can be drawn.
    OGREnvelope env;
    if (layer.GetExtent(&env, TRUE) == OGRERR_NONE) {
      scan.guessed_epsg = gdal::guess_epsg_from_extent({env.MinX, env.MinY, env.MaxX, env.MaxY});
      char text[160];
      std::snprintf(text, sizeof text, "x %.6g..%.6g, y %.6g..%.6g", env.MinX, env.MaxX, env.MinY,
                    env.MaxY);
      scan.extent_text = text;
    }
  }

  OGRFeatureDefn* defn = layer.GetLayerDefn();
  const int field_count = defn->GetFieldCount();
  std::vector<int> text_fields;
  for (int i = 0; i < field_count; ++i) {
    const OGRFieldDefn* f = defn->GetFieldDefn(i);
    note_text(scan, f->GetNameRef());
    if (f->GetType() == OFTString) text_fields.push_back(i);
  }
  std::vector<FieldAccumulator> acc(static_cast<std::size_t>(field_count));
  std::unordered_set<std::string> all_district_codes;
  std::set<std::string> header_cells;

  // Unknown declared type (some GeoJSON): decide from the first geometry.
  const bool read_geometry = geometry && (scan.polygons || declared == wkbUnknown);
  if (!read_geometry && scan.has_geometry) {
    const char* ignored[] = {"OGR_GEOMETRY", "OGR_STYLE", nullptr};
    layer.SetIgnoredFields(ignored);
  }
  SpacingSum spacing;
  if (read_geometry) spacing.units = units_for(srs, scan.epsg, layer, spacing.metres_per_unit);

  layer.ResetReading();
  long long rows = 0;
  bool decided_unknown = declared != wkbUnknown;
  for (auto& feature : layer) {
    ++rows;
    for (int i : text_fields) {
      if (!feature->IsFieldSetAndNotNull(i)) continue;
      std::string value = trim(feature->GetFieldAsString(i));
      if (value.empty()) continue;
      auto& a = acc[static_cast<std::size_t>(i)];
      ++a.non_null;
      // Titles above a workbook's table ("MYE2: Persons by single year of age ... mid-2024")
      // name its year; they run longer than a header cell.
      if (rows <= 30) {
        if (value.size() <= 80) header_cells.insert(value);
        if (value.size() <= 200) note_text(scan, value);
      }
      if (auto kind = kind_of_gss_code(value)) {
        ++a.kinds[*kind];
        a.nations.insert(value[0]);
        if (*kind == LayerKind::Districts) {
          a.district_codes.insert(value);
          all_district_codes.insert(value);
        }
      }
      a.values.insert(std::move(value));
    }
    if (read_geometry) {
      const OGRGeometry* g = feature->GetGeometryRef();
      if (!decided_unknown && g) {
        const auto t = wkbFlatten(g->getGeometryType());
        scan.polygons = t == wkbPolygon || t == wkbMultiPolygon;
        decided_unknown = true;
      }
      if (scan.polygons) spacing.add(g);
    }
  }
  scan.feature_count = rows;
  scan.distinct_district_codes = all_district_codes.size();
  scan.header_cells.assign(header_cells.begin(), header_cells.end());
  scan.vertex_count = spacing.vertices;
  scan.mean_segment_m =
      spacing.segments ? spacing.length_m / static_cast<double>(spacing.segments) : 0;

  for (int i = 0; i < field_count; ++i) {
    const auto& a = acc[static_cast<std::size_t>(i)];
    FieldScan f;
    f.name = defn->GetFieldDefn(i)->GetNameRef();
    f.non_null = a.non_null;
    f.distinct = a.values.size();
    f.distinct_district_codes = a.district_codes.size();
    f.nations.assign(a.nations.begin(), a.nations.end());
    for (const auto& [kind, n] : a.kinds)
      if (a.non_null > 0 && static_cast<double>(n) >= 0.95 * static_cast<double>(a.non_null))
        f.code_kind = kind;
    scan.fields.push_back(std::move(f));
  }
  return scan;
}

// ---------------------------------------------------------------- recognising

const std::vector<LayerKind>& finest_first() {
  static const std::vector<LayerKind> order = {
      LayerKind::SmallAreas,          LayerKind::Wards,   LayerKind::Districts,
      LayerKind::CombinedAuthorities, LayerKind::Regions, LayerKind::Countries};
  return order;
}

std::vector<std::string> name_tokens(const std::string& text) {
  std::vector<std::string> tokens;
  std::string current;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      current += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!current.empty()) {
      tokens.push_back(current);
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(current);
  return tokens;
}

std::optional<Resolution> resolution_hint(const std::string& text) {
  for (const auto& t : name_tokens(text))
    if (auto r = resolution_from_string(t)) return r;
  return std::nullopt;
}

// ONS generalisations: BGC is 20 m, BSC 200 m, BUC 500 m; the mean vertex spacing of the
// shipped layers is ~100-160 m (BGC), ~870 m (BSC) and ~1200-1850 m (BUC).
Resolution resolution_from_spacing(double mean_segment_m) {
  if (mean_segment_m < 60) return Resolution::BFC;
  if (mean_segment_m < 350) return Resolution::BGC;
  if (mean_segment_m < 1000) return Resolution::BSC;
  return Resolution::BUC;
}

// "LAD24CD" -> "2024", "lsoa11cd" -> "2011".
std::string year_from_field(const std::string& field) {
  static const std::regex re(R"((\d\d)CD$)", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(field, m, re)) return {};
  const int yy = std::stoi(m[1].str());
  return std::to_string(yy > 70 ? 1900 + yy : 2000 + yy);
}

std::string year_from_name(const std::string& name) {
  static const std::regex re(R"((^|[^0-9])((19|20)\d\d)([^0-9]|$))");
  std::smatch m;
  if (std::regex_search(name, m, re)) return m[2].str();
  return {};
}

std::string field_list(const LayerScan& layer) {
  std::vector<std::string> names;
  for (const auto& f : layer.fields) names.push_back(f.name);
  if (names.size() > 8) {
    names.resize(8);
    names.push_back("...");
  }
  return names.empty() ? "none" : join(names, ", ");
}

bool has_name(const LayerScan& layer, const std::string& name) {
  if (layer.field(name)) return true;
  for (const auto& cell : layer.header_cells)
    if (iequals(cell, name)) return true;
  return false;
}

const ManifestEntry* match_official(const Manifest* manifest, const Recognition& r) {
  if (!manifest || !r.kind || r.vintage.empty()) return nullptr;
  const ManifestEntry* same_kind_year = nullptr;
  for (const auto& e : manifest->entries) {
    if (e.kind != *r.kind || e.year() != r.vintage) continue;
    if (!e.resolution || !r.resolution || e.resolution == r.resolution) return &e;
    if (!same_kind_year) same_kind_year = &e;
  }
  return same_kind_year;
}

std::string packaging_list(const std::vector<Packaging>& packaging) {
  // "GeoPackage/Shapefile in EPSG:27700 or GeoJSON in EPSG:4326"
  std::vector<std::pair<std::string, std::string>> by_crs;  // crs -> "A/B"
  for (const auto& p : packaging) {
    auto it = std::find_if(by_crs.begin(), by_crs.end(),
                           [&](const auto& kv) { return kv.first == p.crs; });
    if (it == by_crs.end())
      by_crs.emplace_back(p.crs, p.format);
    else
      it->second += "/" + p.format;
  }
  std::vector<std::string> parts;
  for (const auto& [crs, formats] : by_crs)
    parts.push_back(crs.empty() ? formats : formats + " in " + crs);
  return join(parts, " or ");
}

std::string plural(long long n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string count_words(LayerKind kind, long long n) {
  if (kind == LayerKind::Population || kind == LayerKind::Outcomes)
    return plural(n, "district code", "district codes");
  if (kind == LayerKind::LookupLadCauth) return plural(n, "row", "rows");
  return plural(n, "feature", "features");
}

Recognition recognise_boundaries(const LayerScan& layer, const std::string& name_hint) {
  Recognition r;
  r.layer = layer.name;
  r.count = layer.feature_count;
  r.vertex_count = layer.vertex_count;
  r.crs = layer.epsg ? "EPSG:" + std::to_string(*layer.epsg) : "";
  if (!layer.polygons) {
    r.explanation = "not recognised: a " + lower(layer.geometry_type) +
                    " layer; devomap maps polygon boundaries";
    return r;
  }
  if (!layer.has_crs && !layer.guessed_epsg) {
    r.explanation = "not imported: it has no CRS and its coordinates (" + layer.extent_text +
                    ") could be longitude/latitude or British National Grid metres; save it with "
                    "its coordinate system (a .prj beside a shapefile, or a GeoPackage) and import "
                    "it again";
    return r;
  }
  if (!layer.has_crs) {
    r.crs = "EPSG:" + std::to_string(*layer.guessed_epsg);
    r.differences.push_back(std::string("has no CRS: its coordinates are read as ") +
                            (*layer.guessed_epsg == 4326 ? "longitude/latitude (EPSG:4326)"
                                                         : "British National Grid (EPSG:27700)") +
                            ", as when it is drawn");
  }
  if (layer.feature_count == 0) {
    r.explanation = "not recognised: the layer has no features";
    return r;
  }
  const FieldScan* key = nullptr;
  for (LayerKind kind : finest_first()) {
    for (const auto& f : layer.fields) {
      if (f.code_kind != kind || !f.unique_over(layer.feature_count)) continue;
      // Prefer the conventional ...CD field when two fields qualify.
      if (!key || (lower(f.name).ends_with("cd") && !lower(key->name).ends_with("cd"))) key = &f;
    }
    if (key) break;
  }
  if (!key) {
    for (const auto& f : layer.fields) {
      if (!f.code_kind || f.distinct >= f.non_null) continue;
      r.explanation = "not recognised: code field " + f.name + " has repeats (" +
                      std::to_string(layer.feature_count) + " features but " +
                      std::to_string(f.distinct) + " distinct " +
                      std::string(describe(*f.code_kind)) +
                      " codes), so it is not this layer's key, and no field holds one unique GSS "
                      "code per feature; open the file in the window to draw it as it is";
      return r;
    }
    r.explanation =
        "not recognised: no field holds GSS codes of districts, combined authorities, regions, "
        "countries, wards or small areas (fields: " +
        field_list(layer) + ")";
    return r;
  }
  r.kind = key->code_kind;
  r.key_field = key->name;
  r.nations = key->nations;
  r.vintage = year_from_field(key->name);
  if (r.vintage.empty()) r.vintage = year_from_name(name_hint);
  r.resolution = resolution_hint(name_hint + " " + layer.name);
  if (!r.resolution && layer.vertex_count > 0) {
    r.resolution = resolution_from_spacing(layer.mean_segment_m);
    r.resolution_estimated = true;
  }
  r.explanation = std::string(describe(*r.kind)) + " by " + key->name + " (" +
                  count_words(*r.kind, r.count) + ", each code once)";
  return r;
}

// A long table of indicators by district (ONS Subnational indicators): a district code column
// beside Indicator and Period columns.
bool is_outcome_table(const LayerScan& layer) {
  bool indicator = false, period = false;
  for (const auto& f : layer.fields) {
    indicator = indicator || iequals(f.name, "Indicator");
    period = period || iequals(f.name, "Period");
  }
  return indicator && period;
}

Recognition recognise_table(const LayerScan& layer, const std::string& name_hint) {
  Recognition r;
  r.layer = layer.name;
  r.count = layer.feature_count;
  const FieldScan* district = nullptr;
  const FieldScan* cauth = nullptr;
  const FieldScan* most_codes = nullptr;
  for (const auto& f : layer.fields) {
    if (f.code_kind == LayerKind::Districts && !district) district = &f;
    if (f.code_kind == LayerKind::CombinedAuthorities && !cauth) cauth = &f;
    if (f.distinct_district_codes > 0 &&
        (!most_codes || f.distinct_district_codes > most_codes->distinct_district_codes))
      most_codes = &f;
  }
  if (district && cauth) {
    r.kind = LayerKind::LookupLadCauth;
    r.key_field = district->name;
    r.vintage = year_from_field(district->name);
    if (r.vintage.empty()) r.vintage = year_from_field(cauth->name);
    r.explanation = std::string(describe(*r.kind)) + ": " + district->name + " -> " + cauth->name +
                    " (" + count_words(*r.kind, r.count) + ")";
    if (!district->unique_over(layer.feature_count))
      r.differences.push_back(district->name + " repeats: " + std::to_string(district->distinct) +
                              " distinct codes in " + std::to_string(layer.feature_count) +
                              " rows");
    return r;
  }
  // A handful of district codes in notes or footers is not a table keyed by districts.
  constexpr std::size_t kMinDistricts = 10;
  if (most_codes && layer.distinct_district_codes >= kMinDistricts) {
    if (is_outcome_table(layer)) {
      r.kind = LayerKind::Outcomes;
      r.key_field = most_codes->name;
      r.count = static_cast<long long>(layer.distinct_district_codes);
      r.vintage = year_from_name(name_hint);
      r.explanation = "outcome indicators for " + count_words(*r.kind, r.count) + " (codes in " +
                      most_codes->name + ", one row per area and indicator)";
      return r;
    }
    if (layer.mentions_population) {
      r.kind = LayerKind::Population;
      r.key_field = most_codes->name;
      r.count = static_cast<long long>(layer.distinct_district_codes);
      r.vintage = layer.mid_year;
      if (r.vintage.empty()) r.vintage = year_from_field(most_codes->name);
      r.explanation = "population figures for " + count_words(*r.kind, r.count) + " (codes in " +
                      most_codes->name + ")";
      return r;
    }
    r.explanation = "not recognised: a table with " +
                    std::to_string(layer.distinct_district_codes) + " district codes (in " +
                    most_codes->name +
                    ") but neither a lookup to combined authorities (no E47 codes) nor population "
                    "figures (no field or heading mentions population); open it in the window as "
                    "data to join instead";
    return r;
  }
  r.explanation =
      "not recognised: a table without district codes (fields: " + field_list(layer) + ")";
  return r;
}

}  // namespace

// ---------------------------------------------------------------- public: scanning

const FieldScan* LayerScan::field(const std::string& field_name) const {
  for (const auto& f : fields)
    if (iequals(f.name, field_name)) return &f;
  return nullptr;
}

std::string format_name(const std::string& driver) {
  if (driver == "GPKG") return "GeoPackage";
  if (driver == "ESRI Shapefile") return "Shapefile";
  if (driver == "GeoJSON" || driver == "CSV" || driver == "XLSX" || driver == "ODS" ||
      driver == "FlatGeobuf" || driver == "KML" || driver == "LIBKML" || driver == "GML")
    return driver == "LIBKML" ? "KML" : driver;
  if (driver == "TopoJSON") return "TopoJSON";
  return driver;
}

DatasetScan scan_dataset(const std::string& gdal_path, bool geometry) {
  // GDAL's own messages would go to stderr; they are kept for ours instead.
  gdal::ErrorCapture capture;
  gdal::DatasetPtr ds = gdal::open_vector(gdal_path);
  if (!ds) {
    const std::string why = capture.summary();
    throw UserError("GDAL cannot open " + gdal_path + " as vector data" +
                    (why.empty() ? std::string() : " (" + why + ")"));
  }
  DatasetScan scan;
  scan.gdal_path = gdal_path;
  scan.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
  for (auto* layer : ds->GetLayers()) {
    scan.layers.push_back(scan_layer(*layer, geometry));
    if (capture.has_failure())
      throw DamagedFileError(gdal_path + " could not be read completely (layer " +
                             layer->GetName() + ": " + capture.first_failure() +
                             "); the file is damaged or truncated, download or export it again");
  }
  return scan;
}

// ---------------------------------------------------------------- public: recognising

std::vector<std::string> compare_with_official(const Recognition& r, const LayerScan& layer,
                                               const std::string& format,
                                               const ManifestEntry& official,
                                               bool compare_packaging) {
  std::vector<std::string> diffs;
  if (compare_packaging && !official.official_packaging.empty()) {
    const bool matches =
        std::any_of(official.official_packaging.begin(), official.official_packaging.end(),
                    [&](const Packaging& p) {
                      return p.format == format && (p.crs.empty() || p.crs == r.crs);
                    });
    if (!matches) {
      const bool is_table = !is_boundary_kind(official.kind);
      diffs.push_back((is_table ? format : crs_label(r.crs) + " " + format) +
                      " instead of the official " + packaging_list(official.official_packaging));
      // A table in another format is another product (e.g. an extract of the workbook): its
      // columns are not the workbook's, so listing them all as missing would be noise.
      if (is_table) {
        if (official.expected_count && r.kind && r.count != *official.expected_count)
          diffs.push_back(count_words(*r.kind, r.count) + " instead of the official " +
                          std::to_string(*official.expected_count));
        return diffs;
      }
    }
  }
  if (!official.key_field.empty() && !has_name(layer, official.key_field))
    diffs.push_back("key field " + r.key_field + " instead of " + official.key_field);
  std::vector<std::string> missing;
  for (const auto& f : official.fields)
    if (!iequals(f, official.key_field) && !has_name(layer, f)) missing.push_back(f);
  if (!missing.empty())
    diffs.push_back((missing.size() == 1 ? "field " : "fields ") + join(missing, ", ") +
                    " missing");
  if (official.expected_count && r.kind && r.count != *official.expected_count)
    diffs.push_back(count_words(*r.kind, r.count) + " instead of the official " +
                    std::to_string(*official.expected_count));
  return diffs;
}

namespace {
// A layer of a UK-wide kind (districts, countries) whose codes miss a nation, unless it holds
// every feature of the official release it matches: a Wales-only district file is kept as what
// it is and never stands in for the UK's districts.
bool is_partial_uk_layer(const Recognition& r) {
  const bool uk_kind = r.kind == LayerKind::Districts || r.kind == LayerKind::Countries;
  if (!uk_kind || r.nations.empty() || r.nations == "ENSW") return false;
  return !(r.official && r.official->expected_count && r.count >= *r.official->expected_count);
}
}  // namespace

std::vector<Recognition> recognise(const DatasetScan& scan, const std::string& name_hint,
                                   const Manifest* manifest) {
  std::vector<Recognition> out;
  bool any_geometry = false;
  for (const auto& layer : scan.layers) any_geometry = any_geometry || layer.has_geometry;
  for (const auto& layer : scan.layers)
    out.push_back(layer.has_geometry ? recognise_boundaries(layer, name_hint)
                                     : recognise_table(layer, name_hint));

  // A workbook is one population dataset: keep its best sheet (the one the manifest names, else
  // the most district codes, then the fewest rows) and say which other sheets hold codes too.
  if (!any_geometry && scan.layers.size() > 1) {
    std::vector<std::size_t> population;
    for (std::size_t i = 0; i < out.size(); ++i)
      if (out[i].kind == LayerKind::Population) population.push_back(i);
    if (!population.empty()) {
      // The sheet the manifest names for the official workbook wins when present.
      // The sheet the manifest names for the official workbook of that year wins.
      auto preferred = [&](std::size_t k) {
        if (manifest)
          for (const auto& e : manifest->entries)
            if (e.kind == LayerKind::Population && !e.layer.empty() && e.layer == out[k].layer &&
                e.year() == out[k].vintage)
              return true;
        return false;
      };
      std::size_t best = population.front();
      for (std::size_t i : population) {
        const auto key = [&](std::size_t k) {
          return std::make_tuple(preferred(k), out[k].count, -scan.layers[k].feature_count);
        };
        if (key(i) > key(best)) best = i;
      }
      Recognition chosen = out[best];
      std::vector<std::string> others;
      for (std::size_t i : population)
        if (i != best) others.push_back(out[i].layer);
      chosen.explanation += ", sheet " + chosen.layer;
      if (!others.empty()) chosen.explanation += " (also in sheets " + join(others, ", ") + ")";
      out = {chosen};
    }
  }

  for (std::size_t i = 0; i < out.size(); ++i) {
    Recognition& r = out[i];
    if (!r.kind) continue;
    r.official = match_official(manifest, r);
    if (is_partial_uk_layer(r))
      r.differences.push_back("holds codes of " + describe_nations(r.nations) +
                              " only: kept as a partial layer, never used as the UK's");
    if (!r.official) continue;
    const LayerScan& layer = *std::find_if(scan.layers.begin(), scan.layers.end(),
                                           [&](const LayerScan& l) { return l.name == r.layer; });
    auto diffs = compare_with_official(r, layer, format_name(scan.driver), *r.official, true);
    r.differences.insert(r.differences.end(), diffs.begin(), diffs.end());
  }
  return out;
}

// ---------------------------------------------------------------- importing

namespace {

const std::set<std::string>& data_extensions() {
  static const std::set<std::string> exts = {".shp", ".gpkg", ".geojson", ".json", ".fgb",
                                             ".kml", ".gml",  ".csv",     ".xlsx", ".xls",
                                             ".ods", ".zip",  ".dbf"};
  return exts;
}

const std::set<std::string>& shapefile_sidecars() {
  static const std::set<std::string> exts = {".shx", ".dbf", ".prj", ".cpg", ".sbn",
                                             ".sbx", ".qix", ".xml", ".qmd", ".fix",
                                             ".aih", ".ain", ".atx", ".ixs", ".mxs"};
  return exts;
}

std::string ext_of(const fs::path& p) {
  return lower(p.extension().string());
}

// The files that make up a shapefile: the .shp and every sibling sharing its stem.
std::vector<fs::path> shapefile_parts(const fs::path& shp) {
  std::vector<fs::path> parts;
  const std::string stem = shp.stem().string();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(shp.parent_path(), ec)) {
    if (!entry.is_regular_file()) continue;
    const fs::path p = entry.path();
    const std::string name = p.filename().string();
    if (name.size() > stem.size() && name.compare(0, stem.size(), stem) == 0 &&
        name[stem.size()] == '.') {
      const std::string rest = lower(name.substr(stem.size()));
      if (rest == ".shp" || shapefile_sidecars().count(rest) || rest == ".shp.xml")
        parts.push_back(p);
    }
  }
  std::sort(parts.begin(), parts.end());
  return parts;
}

bool has_shp_sibling(const fs::path& p) {
  std::error_code ec;
  for (const char* e : {".shp", ".SHP"}) {
    fs::path candidate = p;
    candidate.replace_extension(e);
    if (fs::exists(candidate, ec)) return true;
  }
  return false;
}

bool same_content(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::file_size(a, ec) != fs::file_size(b, ec) || ec) return false;
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  std::vector<char> ba(1 << 16), bb(1 << 16);
  while (fa && fb) {
    fa.read(ba.data(), static_cast<std::streamsize>(ba.size()));
    fb.read(bb.data(), static_cast<std::streamsize>(bb.size()));
    if (fa.gcount() != fb.gcount() || !std::equal(ba.begin(), ba.begin() + fa.gcount(), bb.begin()))
      return false;
  }
  return fa.eof() && fb.eof();
}

// The data folder could not be written (full disk, permissions): the import stops there, as
// every later copy would fail the same way.
class DataDirWriteError : public UserError {
 public:
  using UserError::UserError;
};

// Copies `files` into `folder`; identical files already there are kept. Throws UserError when a
// different file of the same name is there and `force` is off or a file cannot be read, and
// DataDirWriteError when the data folder cannot be written.
std::vector<fs::path> copy_into(const std::vector<fs::path>& files, const fs::path& folder,
                                bool force) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    throw DataDirWriteError("cannot create " + folder.string() + " (" + ec.message() +
                            "); check that the data dir is writable or pass --data-dir");
  // Check every part first so a shapefile is never half replaced.
  for (const auto& src : files) {
    const fs::path dest = folder / src.filename();
    if (fs::exists(dest) && !same_content(src, dest) && !force)
      throw UserError("not copied: " + dest.string() +
                      " already exists with different content; pass --force to replace it");
    if (!std::ifstream(src, std::ios::binary))
      throw UserError("cannot read " + src.string() + "; check that it is readable");
  }
  std::vector<fs::path> written;
  for (const auto& src : files) {
    const fs::path dest = folder / src.filename();
    written.push_back(dest);
    if (fs::exists(dest) && same_content(src, dest)) continue;
    // Complete or absent, never half copied, even if the import is killed.
    try {
      copy_file_atomically(src, dest, /*overwrite=*/true);
    } catch (const UserError& e) {
      throw DataDirWriteError(e.what());
    }
  }
  return written;
}

// The loader's full checks on a recognised boundary layer (sizes and headers, a full read,
// finite coordinates, a readable CRS), so what is catalogued can be drawn: "" when it passes,
// else why it is refused. Features the loader would leave out make an official file damaged.
std::string damage_in(const std::string& gdal_path, const Recognition& r) {
  try {
    gdal::LoadOptions options;
    options.layer_name = r.layer;
    options.display = gdal::DisplayCrs::Source;  // nothing is drawn here
    const Layer layer = gdal::load_layer(gdal_path, options);
    return skipped_summary(layer.report, "'" + gdal_path + "'");
  } catch (const UserError& e) {
    return e.what();
  }
}

struct Candidate {
  fs::path file;       // the user's file (zip, shp, gpkg, ...)
  std::string member;  // path inside the zip, "" otherwise
  std::string gdal_path;
  std::vector<fs::path> parts;  // files to copy
};

std::vector<std::string> zip_members(const fs::path& zip) {
  std::vector<std::string> members;
  const std::string root = "/vsizip/" + zip.string();
  char** list = VSIReadDirRecursive(root.c_str());
  std::set<std::string> all;
  for (char** p = list; p && *p; ++p) all.insert(*p);
  CSLDestroy(list);
  for (const auto& m : all) {
    const fs::path mp(m);
    const std::string ext = ext_of(mp);
    if (!data_extensions().count(ext) || ext == ".zip") continue;
    if (ext == ".dbf") {
      fs::path shp = mp;
      if (all.count(shp.replace_extension(".shp").generic_string()) ||
          all.count(shp.replace_extension(".SHP").generic_string()))
        continue;
    }
    members.push_back(m);
  }
  return members;
}

std::string make_id(const Recognition& r) {
  if (r.official) return r.official->id;
  std::string id = std::string(to_string(*r.kind));
  if (!r.vintage.empty()) id += "_" + r.vintage;
  if (r.resolution) id += "_" + lower(std::string(to_string(*r.resolution)));
  return id;
}

std::string display(const fs::path& p, const fs::path& base) {
  const fs::path rel = p.lexically_relative(base);
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return p.string();
}

bool inside(const fs::path& p, const fs::path& dir) {
  const fs::path rel = p.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

namespace {

// Every regular file under `from` (or `from` itself), skipping hidden folders and the data
// folder, in a stable order.
std::vector<fs::path> gather_files(const fs::path& from, const fs::path& data_dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(from)) {
    for (auto it = fs::recursive_directory_iterator(
             from, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const fs::path p = it->path();
      // Non-throwing checks: a link loop or a dangling link is passed over, never an abort.
      std::error_code status_error;
      if (it->is_directory(status_error) &&
          (p == data_dir || p.filename().string().starts_with("."))) {
        it.disable_recursion_pending();
        continue;
      }
      // Regular files only: a pipe or device among them would block the scan.
      if (it->is_regular_file(status_error)) files.push_back(p);
    }
  } else {
    files.push_back(from);
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The datasets among `files`: shapefiles with their parts, the members of zips, tables and
// other GIS files; what devomap does not read goes to report.skipped.
std::vector<Candidate> find_candidates(const std::vector<fs::path>& files, const fs::path& base,
                                       ImportReport& report, std::ostream& log) {
  std::vector<Candidate> candidates;
  for (const auto& f : files) {
    const std::string ext = ext_of(f);
    if (ext == ".dbf" && has_shp_sibling(f)) continue;
    if (shapefile_sidecars().count(ext) && ext != ".dbf") {
      if (!has_shp_sibling(f) && !(ext == ".xml" && has_shp_sibling(f.parent_path() / f.stem())))
        report.skipped.push_back(f);
      continue;
    }
    if (!data_extensions().count(ext)) {
      report.skipped.push_back(f);
      continue;
    }
    if (ext == ".zip") {
      const auto members = zip_members(f);
      if (members.empty()) {
        ImportedFile nothing;
        nothing.source = f;
        nothing.outcome = "not recognised: the zip holds no GIS or table files";
        log << display(f, base) << ": " << nothing.outcome << "\n";
        report.files.push_back(nothing);
        continue;
      }
      for (const auto& m : members)
        candidates.push_back({f, m, "/vsizip/" + f.string() + "/" + m, {f}});
      continue;
    }
    candidates.push_back({f, "", f.string(), ext == ".shp" ? shapefile_parts(f) : std::vector{f}});
  }
  return candidates;
}

// Reads an imported population workbook once, so its sheet is in the sheet cache
// (data/sheet_cache.hpp) before a map first needs it: the window then starts without GDAL
// parsing the whole workbook (about a second for ONS's). CSV reads quickly: nothing to keep.
void warm_sheet_cache(const fs::path& path, const std::string& sheet) {
  const std::string ext = lower(path.extension().string());
  if (ext != ".xlsx" && ext != ".xlsm" && ext != ".ods") return;
  TableLoadOptions options;
  if (!sheet.empty()) options.sheet = sheet;
  try {
    load_table(path.string(), options);
  } catch (const UserError&) {
    // Said with what to do when a map reads the table; the import itself is not affected.
  }
}

// The catalogue's record of one recognised layer copied into `folder`.
CatalogEntry catalog_entry(const Recognition& r, const Candidate& c, const fs::path& folder,
                           const DatasetScan& scan) {
  CatalogEntry entry;
  entry.id = make_id(r);
  entry.kind = *r.kind;
  entry.vintage = r.official ? r.official->vintage : r.vintage;
  entry.resolution = r.resolution;
  entry.resolution_estimated = r.resolution_estimated;
  entry.path = folder / c.file.filename();
  entry.member = c.member;
  entry.layer = r.layer;
  entry.feature_count = r.count;
  entry.complete =
      !(r.official && r.official->expected_count && r.count < *r.official->expected_count);
  entry.nations = r.nations;
  if (is_partial_uk_layer(r)) entry.complete = false;
  entry.vertex_count = r.vertex_count;
  entry.key_field = r.key_field;
  entry.crs = r.crs;
  entry.format = format_name(scan.driver);
  entry.origin = Origin::Imported;
  entry.source = c.file.string() + (c.member.empty() ? "" : "/" + c.member);
  entry.manifest_id = r.official ? r.official->id : "";
  entry.notes = r.differences;
  if (r.resolution_estimated)
    entry.notes.push_back("resolution " + std::string(to_string(*r.resolution)) +
                          " estimated from the vertex spacing");
  if (!r.official)
    entry.notes.push_back("no official release of " + std::string(describe(*r.kind)) +
                          (r.vintage.empty() ? "" : " " + r.vintage) + " in the manifest");
  return entry;
}

// "districts.shp: Local authority districts, 2024, BUC -> boundaries/...; matches ...".
std::string import_line(const std::string& prefix, const Recognition& r, const CatalogEntry& entry,
                        const fs::path& data_dir) {
  std::string line = prefix + r.explanation;
  if (r.kind && is_boundary_kind(*r.kind)) {
    line += ", " + (r.vintage.empty() ? std::string("vintage unknown") : r.vintage);
    if (r.resolution)
      line += ", " + std::string(to_string(*r.resolution)) +
              (r.resolution_estimated ? " (estimated from vertex spacing)" : "");
  } else if (!r.vintage.empty()) {
    line += ", " + r.vintage;
  }
  line += " -> " + display(entry.path, data_dir);
  if (r.official && r.differences.empty())
    line += "; matches the official " + r.official->id;
  else if (r.official)
    line += "; differs from the official " + r.official->id + ": " + join(r.differences, "; ");
  else
    line += "; " + entry.notes.back();
  return line;
}

// Scans one candidate, copies each recognised layer into the data folder and records it in
// the catalogue. Returns what happened, one line per layer, also written to `log`.
ImportedFile import_candidate(const Candidate& c, const ImportOptions& options,
                              const fs::path& base, const fs::path& data_dir, Catalog& catalog,
                              std::ostream& log) {
  ImportedFile result;
  result.source = c.file;
  const std::string shown = display(c.file, base) + (c.member.empty() ? "" : "/" + c.member);
  const auto refused = [&](const UserError& e, bool damaged) {
    result.damaged = damaged;
    result.outcome = (damaged ? "not imported: " : "not recognised: ") + std::string(e.what());
    log << shown << ": " << result.outcome << "\n";
    return result;
  };
  DatasetScan scan;
  try {
    // A damaged shapefile gets the loader's message, not a guess from what GDAL could read.
    if (gdal::ends_with_ci(c.gdal_path, ".shp")) gdal::check_shapefile_parts(c.gdal_path, shown);
  } catch (const UserError& e) {
    return refused(e, true);
  }
  try {
    scan = scan_dataset(c.gdal_path);
  } catch (const DamagedFileError& e) {
    return refused(e, true);
  } catch (const UserError& e) {
    return refused(e, false);  // not a file GDAL reads at all
  }
  const std::string hint =
      c.member.empty() ? c.file.filename().string() : c.file.filename().string() + " " + c.member;
  result.layers = recognise(scan, hint, options.manifest);
  const bool multi = result.layers.size() > 1;
  std::set<LayerKind> copied_kinds;
  std::vector<std::string> lines;
  for (const auto& r : result.layers) {
    const std::string prefix = shown + (multi ? " [" + r.layer + "]" : "") + ": ";
    if (!r.kind) {
      lines.push_back(prefix + r.explanation);
      continue;
    }
    if (is_boundary_kind(*r.kind))
      if (const std::string damage = damage_in(c.gdal_path, r); !damage.empty()) {
        lines.push_back(prefix + "not imported: " + damage);
        result.damaged = true;
        continue;
      }
    const fs::path folder = data_dir / data_subdir(*r.kind);
    std::vector<fs::path> copies;
    try {
      copies = copy_into(c.parts, folder, options.force);
    } catch (const DataDirWriteError&) {
      throw;
    } catch (const UserError& e) {
      lines.push_back(prefix + r.explanation + "; " + e.what());
      continue;
    }
    if (copied_kinds.insert(*r.kind).second)
      result.copies.insert(result.copies.end(), copies.begin(), copies.end());
    result.recognised = true;
    CatalogEntry entry = catalog_entry(r, c, folder, scan);
    if (entry.kind == LayerKind::Population && entry.member.empty())
      warm_sheet_cache(entry.path, entry.layer);
    lines.push_back(import_line(prefix, r, entry, data_dir));
    upsert(catalog, std::move(entry));
  }
  if (result.layers.empty()) lines.push_back(shown + ": not recognised: it holds no layers");
  result.outcome = join(lines, "\n");
  log << result.outcome << "\n";
  return result;
}

}  // namespace

ImportReport import_from(const ImportOptions& options, std::ostream& log) {
  gdal::ensure_registered();
  std::error_code ec;
  if (!fs::exists(options.from, ec))
    throw UserError("--from " + options.from.string() +
                    " does not exist; give the folder holding the files you downloaded");
  const fs::path from = fs::weakly_canonical(options.from);
  const fs::path data_dir = fs::weakly_canonical(options.data_dir);
  if (from == data_dir || inside(from, data_dir))
    throw UserError("--from " + from.string() + " is inside the data dir " + data_dir.string() +
                    "; give the folder where your downloaded files are");
  const fs::path base = fs::is_directory(from) ? from : from.parent_path();

  ImportReport report;
  const std::vector<Candidate> candidates =
      find_candidates(gather_files(from, data_dir), base, report, log);
  const DataFolderLock lock(data_dir);  // from reading the catalogue to saving it
  Catalog catalog = load_catalog(data_dir);
  bool catalog_changed = false;
  for (const auto& c : candidates) {
    ImportedFile result;
    try {
      result = import_candidate(c, options, base, data_dir, catalog, log);
    } catch (const DataDirWriteError& e) {
      // What was copied before stays catalogued; the failure is said as what it is.
      if (catalog_changed) save_catalog(catalog);
      throw UserError(std::string(e.what()) + "; " + std::to_string(report.recognised) +
                      " file(s) were imported before that");
    }
    catalog_changed = catalog_changed || result.recognised;
    if (result.recognised) ++report.recognised;
    if (result.damaged) report.damaged.push_back(display(c.file, base));
    report.files.push_back(std::move(result));
  }
  if (catalog_changed) save_catalog(catalog);

  if (!report.skipped.empty()) {
    std::vector<std::string> names;
    for (const auto& s : report.skipped) names.push_back(display(s, base));
    log << "skipped " << plural(static_cast<long long>(names.size()), "file", "files")
        << " that devomap does not read: " << join(names, ", ") << "\n";
  }
  return report;
}

}  // namespace devomap::data
