#include "data/catalog.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace devomap::data {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kCatalogFile = "catalog.json";

std::string origin_name(Origin o) {
  return o == Origin::Fetched ? "fetched" : "imported";
}

// Stored relative to the data dir so the folder can be moved as a whole.
std::string stored_path(const fs::path& data_dir, const fs::path& p) {
  const fs::path rel = p.lexically_relative(data_dir);
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return p.string();
}

json to_json(const CatalogEntry& e, const fs::path& data_dir) {
  json j;
  j["id"] = e.id;
  j["kind"] = std::string(to_string(e.kind));
  j["vintage"] = e.vintage;
  j["resolution"] = e.resolution ? json(std::string(to_string(*e.resolution))) : json(nullptr);
  j["resolution_estimated"] = e.resolution_estimated;
  j["national"] = e.national;
  j["path"] = stored_path(data_dir, e.path);
  if (!e.member.empty()) j["member"] = e.member;
  j["layer"] = e.layer;
  j["feature_count"] = e.feature_count;
  j["complete"] = e.complete;
  if (!e.nations.empty()) j["nations"] = e.nations;
  j["vertex_count"] = e.vertex_count;
  j["key_field"] = e.key_field;
  j["crs"] = e.crs;
  j["format"] = e.format;
  j["origin"] = origin_name(e.origin);
  j["source"] = e.source;
  j["manifest_id"] = e.manifest_id;
  j["notes"] = e.notes;
  return j;
}

template <typename T>
T get_or(const json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  return it->get<T>();
}

CatalogEntry from_json(const json& j, const fs::path& data_dir, const std::string& where) {
  CatalogEntry e;
  e.id = j.at("id").get<std::string>();
  const auto kind = layer_kind_from_string(j.at("kind").get<std::string>());
  if (!kind) throw UserError(where + ": entry \"" + e.id + "\" has an unknown kind");
  e.kind = *kind;
  e.vintage = get_or<std::string>(j, "vintage", "");
  if (auto r = get_or<std::string>(j, "resolution", ""); !r.empty())
    e.resolution = resolution_from_string(r);
  e.resolution_estimated = get_or<bool>(j, "resolution_estimated", false);
  e.national = get_or<bool>(j, "national", false);
  const fs::path stored = j.at("path").get<std::string>();
  e.path = stored.is_absolute() ? stored : data_dir / stored;
  e.member = get_or<std::string>(j, "member", "");
  e.layer = get_or<std::string>(j, "layer", "");
  e.feature_count = get_or<long long>(j, "feature_count", 0);
  e.complete = get_or<bool>(j, "complete", true);
  e.nations = get_or<std::string>(j, "nations", "");
  e.vertex_count = get_or<std::size_t>(j, "vertex_count", 0);
  e.key_field = get_or<std::string>(j, "key_field", "");
  e.crs = get_or<std::string>(j, "crs", "");
  e.format = get_or<std::string>(j, "format", "");
  e.origin = get_or<std::string>(j, "origin", "imported") == "fetched" ? Origin::Fetched
                                                                       : Origin::Imported;
  e.source = get_or<std::string>(j, "source", "");
  e.manifest_id = get_or<std::string>(j, "manifest_id", "");
  e.notes = get_or<std::vector<std::string>>(j, "notes", {});
  return e;
}

// Vintages compare by year: an imported "2024" and a fetched "2024-12" are the same release.
std::string year_of(const CatalogEntry& e) {
  return e.vintage.substr(0, 4);
}

int rank_or(const CatalogEntry& e, int fallback) {
  return e.resolution ? generalisation_rank(*e.resolution) : fallback;
}

}  // namespace

std::string CatalogEntry::gdal_path() const {
  if (member.empty()) return path.string();
  return "/vsizip/" + path.string() + "/" + member;
}

Catalog load_catalog(const fs::path& data_dir) {
  Catalog catalog;
  catalog.data_dir = data_dir;
  const fs::path file = data_dir / kCatalogFile;
  std::error_code ec;
  if (!fs::exists(file, ec)) return catalog;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UserError("cannot read " + file.string() + "; check its permissions");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string fix = "; delete it and run `devomap fetch` or `devomap fetch --from DIR` again";
  try {
    const json doc = json::parse(text.str());
    for (const auto& j : doc.at("datasets"))
      catalog.entries.push_back(from_json(j, data_dir, file.string()));
  } catch (const json::exception& e) {
    throw UserError(file.string() + " is not a valid devomap catalogue (" + e.what() + ")" + fix);
  }
  return catalog;
}

DataFolderLock::DataFolderLock(const fs::path& data_dir) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  const fs::path file = data_dir / ".devomap.lock";
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw UserError("cannot write to the data folder " + data_dir.string() + " (" +
                        std::strerror(errno) + "); check its permissions or pass --data-dir",
                    Remedy::ChooseDataDir);
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const std::string why = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    throw UserError("cannot lock the data folder " + data_dir.string() + " (" + why + ")");
  }
}

DataFolderLock::~DataFolderLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

void update_national_flags(Catalog& catalog) {
  // Most generalised rank per (kind, vintage year).
  std::map<std::pair<LayerKind, std::string>, int> best;
  for (const auto& e : catalog.entries) {
    if (!is_boundary_kind(e.kind) || !e.complete) continue;
    const auto key = std::make_pair(e.kind, e.vintage.substr(0, 4));
    const int rank = rank_or(e, -1);
    auto it = best.find(key);
    if (it == best.end() || rank > it->second) best[key] = rank;
  }
  for (auto& e : catalog.entries) {
    e.national = is_boundary_kind(e.kind) && e.complete &&
                 rank_or(e, -1) == best[std::make_pair(e.kind, e.vintage.substr(0, 4))];
  }
}

void save_catalog(Catalog& catalog) {
  update_national_flags(catalog);
  json doc;
  doc["version"] = 1;
  doc["about"] =
      "Datasets devomap fetched or imported into this folder; written by devomap, safe to delete "
      "(run devomap fetch or devomap fetch --from DIR to rebuild it).";
  doc["datasets"] = json::array();
  for (const auto& e : catalog.entries) doc["datasets"].push_back(to_json(e, catalog.data_dir));
  std::error_code ec;
  fs::create_directories(catalog.data_dir, ec);
  // Complete or absent: an unnamed file linked into place, so a kill leaves no partial
  // catalogue and no temporary file; readers without the lock see the old one or the new one.
  write_file_atomically(catalog.data_dir / kCatalogFile, doc.dump(2) + "\n", /*overwrite=*/true);
}

void upsert(Catalog& catalog, CatalogEntry entry) {
  auto same_dataset = [&](const CatalogEntry& e) {
    return e.path == entry.path && e.member == entry.member && e.layer == entry.layer;
  };
  catalog.entries.erase(
      std::remove_if(catalog.entries.begin(), catalog.entries.end(), same_dataset),
      catalog.entries.end());
  std::set<std::string> ids;
  for (const auto& e : catalog.entries) ids.insert(e.id);
  const std::string base = entry.id;
  for (int n = 2; ids.count(entry.id); ++n) entry.id = base + "-" + std::to_string(n);
  catalog.entries.push_back(std::move(entry));
}

std::optional<CatalogEntry> find_boundaries(const Catalog& catalog, LayerKind kind, Detail prefer) {
  const CatalogEntry* best = nullptr;
  auto score = [&](const CatalogEntry& e) {
    // Higher is better in every component.
    const int rank = rank_or(e, 1);
    const int detail = prefer == Detail::National ? rank : -rank;
    const long long vertices = static_cast<long long>(e.vertex_count);
    return std::make_tuple(detail, e.complete ? 1 : 0, -static_cast<int>(e.notes.size()),
                           prefer == Detail::National ? -vertices : vertices);
  };
  // A complete layer beats a partial one of any year (a newer Wales-only file never replaces
  // the UK's districts); then the newest; then the detail asked for.
  for (const auto& e : catalog.entries) {
    if (e.kind != kind || !is_boundary_kind(kind)) continue;
    if (!best || (e.complete && !best->complete) ||
        (e.complete == best->complete &&
         (year_of(e) > year_of(*best) ||
          (year_of(e) == year_of(*best) && score(e) > score(*best)))))
      best = &e;
  }
  if (!best) return std::nullopt;
  return *best;
}

std::optional<CatalogEntry> find_dataset(const Catalog& catalog, LayerKind kind) {
  const CatalogEntry* best = nullptr;
  for (const auto& e : catalog.entries) {
    if (e.kind != kind) continue;
    auto score = [](const CatalogEntry& c) {
      return std::make_tuple(c.complete ? 1 : 0, -static_cast<int>(c.notes.size()));
    };
    if (!best || year_of(e) > year_of(*best) ||
        (year_of(e) == year_of(*best) && score(e) > score(*best)))
      best = &e;
  }
  if (!best) return std::nullopt;
  return *best;
}

std::string first_run_help(const fs::path& data_dir) {
  return "No official boundaries in " + data_dir.string() +
         " yet. Online, run `devomap fetch` to download the ONS boundaries (local authority "
         "districts, combined authorities, regions, countries), the district-to-combined-authority "
         "lookups and the ONS mid-year population workbook into it. Offline, download those files "
         "by "
         "hand from the ONS Open Geography Portal (geoportal.statistics.gov.uk) on another "
         "machine, "
         "put them in one folder and run `devomap fetch --from DIR`: each file is recognised by "
         "the "
         "GSS codes inside it, whatever its name or format (Shapefile, GeoPackage, GeoJSON, zip, "
         "CSV, XLSX). To use another folder pass --data-dir DIR or set DEVOMAP_DATA_DIR.";
}

}  // namespace devomap::data
