#pragma once
// `devomap fetch --from DIR`: bringing official files the user already has into the data dir.
// Each layer is recognised by the GSS codes in its key field (never by file name), compared with
// the official release in the manifest, and copied (never moved or modified) into the data dir's
// canonical layout; the catalogue records what is there.
//
// The scanning half (scan_dataset) is also what `devomap fetch` uses to check a download.
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "data/catalog.hpp"
#include "data/manifest.hpp"

namespace devomap::data {

// --- scanning: what GDAL sees in a file, read attribute by attribute (no reprojection) ---

struct FieldScan {
  std::string name;
  std::size_t non_null = 0;
  std::size_t distinct = 0;
  // The kind whose GSS codes fill at least 95% of the non-null values, if any.
  std::optional<LayerKind> code_kind;
  std::size_t distinct_district_codes = 0;
  std::string nations;  // first letters of the GSS codes it holds, sorted: "ENSW" for the UK
  bool unique_over(long long features) const {
    return features > 0 && non_null == static_cast<std::size_t>(features) && distinct == non_null;
  }
};

struct LayerScan {
  std::string name;
  bool has_geometry = false;
  bool polygons = false;      // polygon / multipolygon geometry
  std::string geometry_type;  // OGR name, e.g. "Multi Polygon", "None"
  long long feature_count = 0;
  std::optional<int> epsg;  // identified EPSG code of the layer CRS
  std::string crs_name;     // "" when the layer has no CRS
  std::vector<FieldScan> fields;
  std::vector<std::string> header_cells;    // short texts of the first rows (spreadsheet headers)
  std::size_t distinct_district_codes = 0;  // over all text cells (tables)
  bool mentions_population = false;         // a field name or cell says "population"
  std::string mid_year;                     // latest "mid-YYYY"/"midYYYY" seen, "" if none
  std::size_t vertex_count = 0;             // polygon layers
  double mean_segment_m = 0;                // mean vertex spacing in metres (polygon layers)
  bool has_crs = false;                     // the layer declares a CRS
  // No CRS: what its extent says it is (as loading will read it), if anything; and the extent.
  std::optional<int> guessed_epsg;
  std::string extent_text;

  const FieldScan* field(const std::string& name) const;  // case-insensitive
};

struct DatasetScan {
  std::string gdal_path;  // what was opened
  std::string driver;     // GDAL short name: "GPKG", "ESRI Shapefile", "GeoJSON", "CSV", "XLSX"
  std::vector<LayerScan> layers;
};

// A file that opens but cannot be read to the end (truncated, damaged): refused, never skipped
// as "not recognised".
class DamagedFileError : public UserError {
 public:
  using UserError::UserError;
};

// Opens `gdal_path` read-only with GDAL and scans every layer. `geometry` = false skips vertex
// counting (attributes only). Throws UserError naming the file when GDAL cannot open it, and
// DamagedFileError when GDAL fails part way through reading it.
DatasetScan scan_dataset(const std::string& gdal_path, bool geometry = true);

// "GeoPackage", "Shapefile", "GeoJSON", "CSV", "XLSX", ... for a GDAL driver short name.
std::string format_name(const std::string& gdal_driver);

// --- recognising ---

struct Recognition {
  std::string layer;              // OGR layer name
  std::optional<LayerKind> kind;  // nullopt: not recognised (see `explanation`)
  std::string key_field;
  std::string vintage;  // year, "2024"; "" when unknown
  std::optional<Resolution> resolution;
  bool resolution_estimated = false;  // from vertex spacing, not the name
  long long count = 0;                // features; rows (lookups); LAD codes (population)
  std::size_t vertex_count = 0;
  std::string crs;                          // "EPSG:4326", "" unknown/none
  std::string explanation;                  // "districts by LAD24CD (361 features, all unique)"
  const ManifestEntry* official = nullptr;  // the matching manifest release, if any
  std::vector<std::string> differences;     // how it differs from `official`
  std::string nations;                      // nations its key codes cover ("ENSW"); "" when unknown
};

// Recognises every layer of a scanned dataset. `name_hint` is the file name (for the resolution
// hint only: BUC/BGC/BFC/BSC). `manifest` may be null (no comparison then).
std::vector<Recognition> recognise(const DatasetScan& scan, const std::string& name_hint,
                                   const Manifest* manifest);

// How a dataset differs from an official release: packaging (format + CRS), missing fields,
// key field name, count. Empty when it matches.
std::vector<std::string> compare_with_official(const Recognition& r, const LayerScan& layer,
                                               const std::string& format,
                                               const ManifestEntry& official,
                                               bool compare_packaging);

// --- importing ---

struct ImportOptions {
  std::filesystem::path from;      // a folder (searched recursively) or one file
  std::filesystem::path data_dir;  // where copies and catalog.json go
  const Manifest* manifest = nullptr;
  bool force = false;  // replace a different file of the same name already in the data dir
};

struct ImportedFile {
  std::filesystem::path source;               // the user's file (a .shp stands for its siblings)
  std::vector<Recognition> layers;            // empty when GDAL could not open it
  std::vector<std::filesystem::path> copies;  // files written into the data dir
  std::string outcome;                        // one line for the user
  bool recognised = false;
  bool damaged = false;  // refused: truncated, bad header, unreadable features, bad .prj
};

struct ImportReport {
  std::vector<ImportedFile> files;
  std::vector<std::filesystem::path> skipped;  // not data files (README, .md, ...)
  std::size_t recognised = 0;
  std::vector<std::string> damaged;  // files refused as damaged, as shown in the log
};

// Imports everything recognisable under `options.from`, writes one line per file to `log`, and
// updates catalog.json. Every recognised boundary layer first passes the loader's full checks;
// a damaged one is refused (report.damaged). Throws UserError when `from` does not exist or the
// data dir cannot be written (full disk, permissions), saying so; what was imported before
// stays catalogued.
ImportReport import_from(const ImportOptions& options, std::ostream& log);

}  // namespace devomap::data
