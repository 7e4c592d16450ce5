#pragma once
// A boundary layer as devomap holds it: one MultiPolygon per area, in the display CRS, plus the
// attribute table and what loading had to do to it. Built by gdal/, read by everything else.
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "core/table.hpp"

namespace devomap {

struct CrsInfo {
  std::optional<int> epsg;  // e.g. 27700; nullopt when the CRS has no EPSG code or is unknown
  std::string name;         // e.g. "OSGB36 / British National Grid"
  bool guessed = false;     // true when the source had no CRS and devomap inferred it
};

// What loading found and did, shown to the user after a load.
struct LoadReport {
  std::size_t features_read = 0;
  std::size_t repaired = 0;           // invalid geometries fixed with make-valid
  std::vector<std::string> skipped;   // "feature 12 (E06000001): empty geometry", ...
  std::vector<std::string> warnings;  // e.g. "no .prj: assumed EPSG:27700 from the coordinates"
};

// What loading changed, one line each, for stderr and the window's notes ("" when nothing):
// "LABEL: 2 invalid polygons were repaired (...)" and "LABEL: 3 features were left out: feature
// 4 (E06000003): no geometry; ...", naming the first kNamedSkips and counting the rest.
inline constexpr std::size_t kNamedSkips = 20;
std::string repaired_summary(const LoadReport& report, const std::string& label);
std::string skipped_summary(const LoadReport& report, const std::string& label);

struct Layer {
  std::string source_path;  // what the user gave (file, folder or .zip)
  std::string layer_name;   // the OGR layer inside it
  CrsInfo source_crs;
  CrsInfo display_crs;

  std::vector<MultiPolygon> shapes;  // one per area, display CRS, oriented (outer CCW, holes CW)
  std::vector<Bounds> shape_bounds;  // one per area
  Bounds bounds;                     // of all areas
  Table attributes;                  // one row per area, same order as shapes; includes area_km2

  std::optional<std::size_t> code_column;  // the GSS code field (e.g. LAD24CD), if detected
  std::optional<std::size_t> name_column;  // the matching name field (e.g. LAD24NM), if detected

  LoadReport report;
  // The areas the map is about (the devolution map's authorities and nations, not the
  // districts between them): one weight per area, more than 0 for a key area (its population,
  // say); empty when all are alike. Labels name the key areas first, heaviest first, and beside
  // the area with a leader line when it is too small to hold its name.
  std::vector<double> label_weights;
  bool is_key_area(std::size_t i) const { return i < label_weights.size() && label_weights[i] > 0; }

  std::size_t size() const { return shapes.size(); }
  std::string code(std::size_t i) const {
    return code_column ? attributes.columns[*code_column].text[i] : std::string();
  }
  std::string name(std::size_t i) const {
    return name_column ? attributes.columns[*name_column].text[i] : std::string();
  }
  // Area under the point (display CRS), or nullopt. Linear scan with a bounds test first.
  std::optional<std::size_t> hit_test(Vec2 p) const;
};

}  // namespace devomap
