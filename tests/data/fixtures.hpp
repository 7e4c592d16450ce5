#pragma once
// Small vector files written with GDAL into a test's TempDir: exactly the shapes, fields and CRS
// a test needs, in any OGR format, plus zips of them.
#include <ogr_core.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace devomap::test {

struct FixtureField {
  std::string name;
  OGRFieldType type = OFTString;
};

struct FixtureFeature {
  std::string wkt;                  // "" for a feature without geometry
  std::vector<std::string> values;  // one per field, as text; "" writes null
};

struct FixtureLayer {
  std::string name = "areas";
  OGRwkbGeometryType geometry = wkbPolygon;
  std::optional<int> epsg = 27700;  // nullopt: no CRS (a shapefile without .prj)
  std::vector<FixtureField> fields;
  std::vector<FixtureFeature> features;
};

// Writes the layers with an OGR driver ("ESRI Shapefile", "GPKG", "GeoJSON", "CSV") to `path`
// and returns `path`. For "ESRI Shapefile" `path` is the .shp (one layer) or a folder (several).
std::filesystem::path write_layers(const std::filesystem::path& path, const std::string& driver,
                                   const std::vector<FixtureLayer>& layers);
inline std::filesystem::path write_layer(const std::filesystem::path& path,
                                         const std::string& driver, const FixtureLayer& layer) {
  return write_layers(path, driver, {layer});
}

// Writes a zip holding each file under its entry name (e.g. "sub/areas.shp"), with GDAL's
// /vsizip/ writer.
void write_zip(const std::filesystem::path& zip,
               const std::vector<std::pair<std::filesystem::path, std::string>>& entries);
// The .shp and its siblings (.shx, .dbf, .prj, .cpg where present) for write_zip.
std::vector<std::pair<std::filesystem::path, std::string>> shapefile_parts(
    const std::filesystem::path& shp, const std::string& folder_in_zip = "");

// WKT of an axis-aligned square (closed, counter-clockwise) with corner (x, y) and side `size`.
std::string square_ring(double x, double y, double size);
// A district-like layer in British National Grid: codes E0600000n in LAD24CD, names in LAD24NM,
// a population (Integer64) and a density (Real), one square of `size_m` per feature.
FixtureLayer district_layer(int count, double size_m = 10000.0);

}  // namespace devomap::test
