#pragma once
// From what the user gave (a file, a folder, a .zip) to the datasets GDAL should open, with the
// checks that give a clear message before GDAL gives a vague one: a missing file, a shapefile
// without its .shx/.dbf, a truncated .shp, a zip or folder without any vector layer.
#include <string>
#include <vector>

namespace devomap::gdal {

struct SourceDataset {
  std::string gdal_path;  // what GDALOpenEx gets, e.g. "/vsizip//abs/x.zip/sub/folder"
  std::string inner;      // where it is inside a zip or folder, e.g. "sub/folder"; "" for itself
};

// The datasets behind `user_path`, in a stable order. Throws UserError naming the path.
std::vector<SourceDataset> resolve_sources(const std::string& user_path);

// Checks a .shp (plain or /vsizip/ path) has its .shx and .dbf beside it and is as long as its
// header says. `shown` is the name used in messages. Throws UserError.
void check_shapefile_parts(const std::string& shp_path, const std::string& shown);

// "Shapefile", "GeoPackage", ... lower-case extension helpers.
std::string lower_extension(const std::string& path);  // ".shp", ".zip", "" when none
bool ends_with_ci(const std::string& text, const std::string& suffix);

}  // namespace devomap::gdal
