#pragma once
// Opening boundary layers with GDAL/OGR: any polygon source (Shapefile, GeoPackage, GeoJSON,
// zipped shapefile as a plain .zip, a folder of shapefiles), reprojected with PROJ to the
// display CRS, repaired, with code/name fields detected and area_km2 derived.
#include <array>
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/layer.hpp"

namespace devomap::gdal {

enum class DisplayCrs { BritishNationalGrid, WebMercator, Source };

struct LoadOptions {
  std::optional<std::string> layer_name;  // which layer in a multi-layer source; default: the
                                          // only polygon layer, else a UserError listing them
  DisplayCrs display = DisplayCrs::BritishNationalGrid;
  // For a source without a CRS where no guess is certain: the EPSG code the user chose.
  std::optional<int> assume_epsg;
  std::atomic<float>* progress = nullptr;     // 0..1 while reading; may be null
  const std::atomic<bool>* cancel = nullptr;  // when set, load_layer throws LoadCancelled
  // Threads for repair, area and reprojection: 0 = automatic (2 for layers over ~60k vertices).
  int threads = 0;
};

// Thrown by load_layer when LoadOptions::cancel was set; a UserError so front ends that do not
// care can treat it like any other stopped load.
class LoadCancelled : public Cancelled {
 public:
  explicit LoadCancelled(const std::string& path)
      : Cancelled("Loading '" + path + "' was cancelled") {}
};

// Loads one polygon layer. Throws UserError with a one-line message naming the file (and
// layer/feature) and what to do: missing file, .shp without .dbf/.shx, truncated file, a point
// or line layer, an empty layer, a layer without CRS whose coordinates leave doubt, ...
// The result: rings open and oriented, invalid shapes repaired (report.repaired), empty ones
// skipped (report.skipped), code/name columns detected, and a derived `area_km2` column computed
// in a Lambert azimuthal equal-area projection of the source geometry.
Layer load_layer(const std::string& path, const LoadOptions& options = {});

// --- describing any dataset (devomap info) ---
struct FieldInfo {
  std::string name;
  std::string type;  // OGR type name: "String", "Integer", "Integer64", "Real", "Date", ...
};
struct LayerInfo {
  std::string name;
  std::string geometry;         // OGR geometry type name, e.g. "Multi Polygon", "Point", "None"
  std::optional<int> crs_epsg;  // nullopt when none or no EPSG code
  std::string crs_name;         // "" when none
  long long feature_count = 0;
  std::optional<std::array<double, 4>> extent;  // minx, miny, maxx, maxy in the layer's CRS
  std::vector<FieldInfo> fields;
  // Polygon layers, once check_geometry ran: what loading repairs and leaves out.
  std::optional<std::size_t> repaired;
  std::vector<std::string> left_out;  // "feature 12 (E06000001): empty geometry", ...
  std::string check_note;             // why the geometry could not be checked, else ""
};
std::vector<LayerInfo> describe_dataset(const std::string& path);
// Loads each polygon layer of `layers` as a map would and records its repairs and left-out
// features (or, when it cannot be loaded, why in check_note).
void check_geometry(const std::string& path, std::vector<LayerInfo>& layers);

// The path GDAL should open for what the user gave: "x.zip" -> "/vsizip/x.zip", etc.
std::string gdal_path_for(const std::string& user_path);

}  // namespace devomap::gdal
