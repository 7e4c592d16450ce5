#pragma once
// The catalogue of the data dir (catalog.json): every dataset fetched or imported, with what it
// is, where it came from and how it differs from the official release. The window and the CLI
// ask it for "the districts layer for a national view" instead of guessing file names.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "data/manifest.hpp"

namespace devomap::data {

enum class Detail {
  National,  // the most generalised copy (whole-UK views draw fast, outlines stay readable)
  Detailed,  // the least generalised copy (zoomed-in views)
};

enum class Origin { Fetched, Imported };

struct CatalogEntry {
  std::string id;  // unique in the catalogue, e.g. "lad_2024_buc" or "lad_2024_buc-2"
  LayerKind kind = LayerKind::Districts;
  std::string vintage;                   // "2024-12" when matched to the manifest, else "2024"
  std::optional<Resolution> resolution;  // boundaries only
  bool resolution_estimated = false;     // from vertex spacing rather than the name
  bool national = false;                 // the most generalised copy of its kind and vintage
  std::filesystem::path path;   // absolute path of the file in the data dir (the .zip if zipped)
  std::string member;           // path inside the zip, "" when not zipped
  std::string layer;            // OGR layer / sheet name
  long long feature_count = 0;  // features; rows (lookups); LAD codes (population)
  bool complete = true;  // false: fewer features than the official release, or part of the UK
  std::string nations;   // first letters of the codes it holds ("ENSW"); "" when not recorded
  std::size_t vertex_count = 0;
  std::string key_field;
  std::string crs;     // "EPSG:27700"; "" for tables
  std::string format;  // "GeoPackage", "Shapefile", "GeoJSON", "CSV", "XLSX"
  Origin origin = Origin::Imported;
  std::string source;              // the URL fetched, or the user's original path
  std::string manifest_id;         // the official release it corresponds to, "" if none
  std::vector<std::string> notes;  // differences from the official release, caveats

  // What to hand to GDAL / gdal::load_layer: the path, or /vsizip/<zip>/<member>.
  std::string gdal_path() const;
};

struct Catalog {
  std::filesystem::path data_dir;
  std::vector<CatalogEntry> entries;
};

// Reads <data_dir>/catalog.json; an empty catalogue when there is none. Paths in the file are
// relative to the data dir and come back absolute. Throws UserError when the file is corrupt.
Catalog load_catalog(const std::filesystem::path& data_dir);

// The data folder's lock: an exclusive lock on <data_dir>/.devomap.lock, held while it lives.
// Imports and fetches hold it from reading the catalogue to saving it, so two of them at once
// (two terminals, a window and a terminal) take turns and both keep everything; readers need
// none (the catalogue is replaced by a rename, whole). Creates the folder; throws UserError when
// it cannot be written.
class DataFolderLock {
 public:
  explicit DataFolderLock(const std::filesystem::path& data_dir);
  ~DataFolderLock();
  DataFolderLock(const DataFolderLock&) = delete;
  DataFolderLock& operator=(const DataFolderLock&) = delete;

 private:
  int fd_ = -1;
};

// Writes <data_dir>/catalog.json atomically (temp file + rename), after recomputing the
// `national` flags. Throws UserError when the data dir cannot be written.
void save_catalog(Catalog& catalog);

// Adds `entry`, replacing an entry for the same file and layer; makes its id unique.
void upsert(Catalog& catalog, CatalogEntry entry);

// Marks, per kind and vintage, the most generalised boundary copies as `national`.
void update_national_flags(Catalog& catalog);

// The boundaries of `kind` to draw: newest vintage first, then the preferred detail (National:
// most generalised; Detailed: least generalised), then complete copies (feature count as the
// official release expects) before partial ones. nullopt when the catalogue has none.
std::optional<CatalogEntry> find_boundaries(const Catalog& catalog, LayerKind kind, Detail prefer);

// The newest lookup or population table (or any kind), complete copies first.
std::optional<CatalogEntry> find_dataset(const Catalog& catalog, LayerKind kind);

// One paragraph for an empty data dir: what to do online (`devomap fetch`) and offline
// (`devomap fetch --from DIR`). Used by the window's first screen and by the CLI.
std::string first_run_help(const std::filesystem::path& data_dir);

}  // namespace devomap::data
