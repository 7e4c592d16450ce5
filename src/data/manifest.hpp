#pragma once
// The official ONS releases devomap knows how to fetch (geodata/manifest.json): what each file
// is, where it is downloaded from, and what a correct copy contains (key field, feature count,
// CRS, fields). Used by `devomap fetch` to download and check files, and by the import to say how
// a user's own copy differs from the official packaging.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace devomap::data {

// What a dataset is, whatever file it came in.
enum class LayerKind {
  Districts,            // local authority districts (E06/E07/E08/E09/W06/S12/N09)
  CombinedAuthorities,  // E47
  Regions,              // E12
  Countries,            // E92/W92/S92/N92
  Wards,                // E05/W05/S13/N08
  SmallAreas,           // output areas, LSOA/MSOA, data zones (E00/E01/E02/W0x/S00/S01/...)
  LookupLadCauth,       // table: LAD code -> combined authority code
  Population,           // table: population figures by LAD code
  Outcomes,             // table: outcome indicators by LAD code (long: area x indicator)
};

// Stable names used in manifest.json and catalog.json: "districts", "combined_authorities", ...
std::string_view to_string(LayerKind kind);
std::optional<LayerKind> layer_kind_from_string(std::string_view name);
// Human wording for messages: "districts", "combined authorities", "LAD→CAUTH lookup", ...
std::string_view describe(LayerKind kind);
// Sub-folder of the data dir for this kind: "boundaries/districts", "lookups", "population".
std::filesystem::path data_subdir(LayerKind kind);
bool is_boundary_kind(LayerKind kind);

// The boundary layer kind a GSS code belongs to ("E06000001" -> Districts), by its 3-character
// entity prefix; nullopt for anything that is not a letter + 8 digits or an entity devomap does
// not use (e.g. K02 UK, E10 counties).
std::optional<LayerKind> kind_of_gss_code(std::string_view code);
bool is_district_code(std::string_view code);
// The nations of GSS codes' first letters: "ENSW" -> "England, Northern Ireland, Scotland and
// Wales"; "W" -> "Wales"; "" -> "no nation".
std::string describe_nations(std::string_view letters);

// ONS generalisation levels, from full detail to most generalised.
enum class Resolution { BFC, BGC, BSC, BUC };
std::string_view to_string(Resolution resolution);
std::optional<Resolution> resolution_from_string(std::string_view name);
// 0 = full detail (BFC) ... 3 = most generalised (BUC).
int generalisation_rank(Resolution resolution);

// One way ONS publishes a release for download by hand ("GeoPackage" in "EPSG:27700").
struct Packaging {
  std::string format;  // "GeoPackage", "Shapefile", "GeoJSON", "CSV", "XLSX"
  std::string crs;     // "EPSG:27700"; "" for tables
};

struct ManifestEntry {
  std::string id;     // e.g. "lad_2024_buc"
  std::string title;  // the ONS dataset title
  LayerKind kind = LayerKind::Districts;
  std::string vintage;                        // "2024-12"; the year is the first four characters
  std::optional<Resolution> resolution;       // boundaries only
  std::string url;                            // where `devomap fetch` downloads it
  std::string url_status;                     // "verified" or "unverified"
  std::string url_note;                       // how the URL was derived
  std::string file_name;                      // name of the downloaded file in the data dir
  std::string format;                         // what the URL delivers: "GeoJSON", "CSV", "XLSX"
  std::string crs;                            // what the URL delivers, e.g. "EPSG:27700"; "" tables
  std::string layer;                          // layer/sheet to check ("" = the only one)
  std::string key_field;                      // e.g. "LAD24CD"
  std::string name_field;                     // e.g. "LAD24NM"
  std::vector<std::string> fields;            // the official attribute schema
  std::optional<long long> expected_count;    // features / rows / LAD codes (population)
  std::string count_note;                     // what expected_count counts when not features
  std::vector<Packaging> official_packaging;  // the portal's own downloads
  std::string licence;
  std::string attribution;

  std::string year() const { return vintage.substr(0, 4); }
};

struct Manifest {
  std::filesystem::path source;  // the file it was read from ("" when parsed from text)
  std::vector<ManifestEntry> entries;

  const ManifestEntry* find(std::string_view id) const;
};

// Parses manifest JSON; `origin` names it in messages. Throws UserError naming the entry and the
// field that is wrong.
Manifest parse_manifest(const std::string& json_text, const std::string& origin);
// Reads and parses a manifest file. Throws UserError when missing or unreadable.
Manifest load_manifest(const std::filesystem::path& path);

// Where the shipped manifest is: `explicit_path` when given, else $DEVOMAP_MANIFEST, else
// <exe>/../share/devomap/manifest.json, else geodata/manifest.json in the source tree this binary
// was built from. Throws UserError naming every place tried when none exists.
std::filesystem::path find_manifest(const std::string& explicit_path);

}  // namespace devomap::data
