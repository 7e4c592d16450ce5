#include "gdal/source_files.hpp"

#include <cpl_vsi.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>

#include "core/error.hpp"
#include "gdal/gdal_env.hpp"

namespace devomap::gdal {

namespace fs = std::filesystem;

namespace {

// Vector formats we look for inside a zip or folder (shapefiles are handled per folder).
constexpr std::array<const char*, 9> kVectorExtensions = {
    ".gpkg", ".geojson", ".json", ".fgb", ".kml", ".gml", ".sqlite", ".tab", ".mif"};

std::string to_lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool vsi_exists(const std::string& path) {
  VSIStatBufL stat;
  return VSIStatL(path.c_str(), &stat) == 0;
}

// The sibling with this extension in lower or upper case (GDAL accepts both), or "".
std::string find_sibling(const std::string& stem, const std::string& lower_ext) {
  std::string upper_ext = lower_ext;
  for (char& c : upper_ext) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& candidate : {stem + lower_ext, stem + upper_ext})
    if (vsi_exists(candidate)) return candidate;
  return {};
}

std::uint32_t read_big_endian32(const unsigned char* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
         (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
}

std::uint32_t read_little_endian(const unsigned char* bytes, int count) {
  std::uint32_t value = 0;
  for (int i = count - 1; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

// The .dbf header gives the record count, the header length (32 bytes, 32 per field, a
// terminator) and the record length. A damaged header makes GDAL open the file with no fields,
// losing every area's code and name without an error, so it is checked here.
void check_dbf(const std::string& dbf_path, const std::string& shown) {
  const std::string name = fs::path(dbf_path).filename().string();
  const std::string again =
      "; every area's codes and names would be lost, so it is not read. "
      "Download or export the shapefile again";
  VSIStatBufL stat;
  unsigned char header[32] = {};
  std::size_t got = 0;
  if (VSIStatL(dbf_path.c_str(), &stat) == 0)
    if (VSILFILE* file = VSIFOpenL(dbf_path.c_str(), "rb")) {
      got = VSIFReadL(header, 1, sizeof header, file);
      VSIFCloseL(file);
    }
  if (got < sizeof header)
    throw UserError("'" + shown + "': its attribute file " + name +
                    " is shorter than a .dbf header" + again);
  const std::uint64_t records = read_little_endian(header + 4, 4);
  const std::uint64_t header_length = read_little_endian(header + 8, 2);
  const std::uint64_t record_length = read_little_endian(header + 10, 2);
  // A header too short for even one field while records hold data means damage; a file that
  // really has no fields (33-byte header, 1-byte records) is accepted.
  if (header_length < 33 || record_length < 1 || (header_length < 65 && record_length > 1))
    throw UserError("'" + shown + "': the header of its attribute file " + name +
                    " is damaged (header length " + std::to_string(header_length) +
                    " bytes, records of " + std::to_string(record_length) + ")" + again);
  const auto actual = static_cast<std::uint64_t>(stat.st_size);
  const std::uint64_t declared = header_length + records * record_length;
  if (actual < declared)
    throw UserError("'" + shown + "': its attribute file " + name + " is truncated: it has " +
                    std::to_string(actual) + " bytes but its header says " +
                    std::to_string(declared) + again);
}

bool hidden_or_metadata(const std::string& relative) {
  if (relative.find("__MACOSX") != std::string::npos) return true;
  std::size_t start = 0;
  while (start < relative.size()) {
    if (relative[start] == '.') return true;
    const std::size_t slash = relative.find('/', start);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return false;
}

std::string parent_of(const std::string& relative) {
  const std::size_t slash = relative.rfind('/');
  return slash == std::string::npos ? std::string() : relative.substr(0, slash);
}

std::string join(const std::string& base, const std::string& relative) {
  if (relative.empty()) return base;
  if (!base.empty() && base.back() == '/') return base + relative;
  return base + "/" + relative;
}

// Listing entries are relative paths with '/' separators; folders end with '/'.
std::vector<std::string> list_folder(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;
  auto it =
      fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it.depth() > 4) {
      it.disable_recursion_pending();
      continue;
    }
    std::string relative = fs::relative(it->path(), root, ec).generic_string();
    if (ec) break;
    if (it->is_directory(ec)) relative += '/';
    out.push_back(std::move(relative));
  }
  return out;
}

std::vector<std::string> list_zip(const std::string& vsi_root, const std::string& user_path) {
  gdal::ErrorCapture errors;
  char** entries = VSIReadDirRecursive(vsi_root.c_str());
  if (!entries) {
    const std::string why = errors.summary();
    throw UserError("'" + user_path + "' could not be read as a zip archive" +
                    (why.empty() ? std::string() : " (" + why + ")") +
                    "; download it again or unzip it and open the folder");
  }
  std::vector<std::string> out;
  for (char** e = entries; *e; ++e) out.emplace_back(*e);
  CSLDestroy(entries);
  // Some zips name folders only implicitly; mark the ones GDAL reports as directories.
  for (std::string& entry : out) {
    if (entry.empty() || entry.back() == '/') continue;
    VSIStatBufL stat;
    if (VSIStatL(join(vsi_root, entry).c_str(), &stat) == 0 && VSI_ISDIR(stat.st_mode))
      entry += '/';
  }
  return out;
}

std::vector<SourceDataset> plan_datasets(const std::string& base, const std::string& user_path,
                                         std::vector<std::string> listing, bool is_zip) {
  std::sort(listing.begin(), listing.end());
  std::set<std::string> gdb_folders;
  std::map<std::string, std::vector<std::string>> shapefiles_by_folder;
  std::vector<std::string> other_files;
  std::vector<std::string> seen_files;  // for the "found only ..." message

  for (const std::string& entry : listing) {
    if (hidden_or_metadata(entry)) continue;
    const bool is_folder = !entry.empty() && entry.back() == '/';
    const std::string relative = is_folder ? entry.substr(0, entry.size() - 1) : entry;
    const bool inside_gdb = std::any_of(gdb_folders.begin(), gdb_folders.end(),
                                        [&](auto& g) { return relative.rfind(g + "/", 0) == 0; });
    if (inside_gdb) continue;
    if (is_folder) {
      if (ends_with_ci(relative, ".gdb")) gdb_folders.insert(relative);
      continue;
    }
    seen_files.push_back(relative);
    const std::string ext = lower_extension(relative);
    if (ext == ".shp") {
      shapefiles_by_folder[parent_of(relative)].push_back(relative);
    } else if (std::find(kVectorExtensions.begin(), kVectorExtensions.end(), ext) !=
               kVectorExtensions.end()) {
      other_files.push_back(relative);
    }
  }

  std::vector<SourceDataset> out;
  for (const std::string& gdb : gdb_folders) out.push_back({join(base, gdb), gdb});
  for (const auto& [folder, files] : shapefiles_by_folder) {
    for (const std::string& shp : files)
      check_shapefile_parts(join(base, shp), join(user_path, shp));
    // GDAL opens a folder of shapefiles as one dataset with a layer per file.
    if (files.size() == 1)
      out.push_back({join(base, files.front()), files.front()});
    else
      out.push_back({join(base, folder), folder});
  }
  for (const std::string& file : other_files) out.push_back({join(base, file), file});

  if (out.empty()) {
    std::string found;
    for (std::size_t i = 0; i < seen_files.size() && i < 5; ++i)
      found += (i ? ", " : "") + seen_files[i];
    if (seen_files.size() > 5) found += ", ...";
    const std::string what = is_zip ? "the zip" : "the folder";
    throw UserError("'" + user_path + "' holds no vector layer (no .shp, .gpkg or .geojson in " +
                    what + (found.empty() ? std::string(", which is empty") : "; found " + found) +
                    "); open the boundary file itself, or the zip of the shapefile download");
  }
  return out;
}

}  // namespace

std::string lower_extension(const std::string& path) {
  const std::size_t slash = path.find_last_of("/\\");
  const std::size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
  return to_lower(path.substr(dot));
}

bool ends_with_ci(const std::string& text, const std::string& suffix) {
  if (suffix.size() > text.size()) return false;
  return to_lower(text.substr(text.size() - suffix.size())) == to_lower(suffix);
}

void check_shapefile_parts(const std::string& shp_path, const std::string& shown) {
  gdal::ErrorCapture quiet;  // VSI may report missing files; our messages say it better
  const std::string stem = shp_path.substr(0, shp_path.size() - 4);
  const std::string base_name = fs::path(stem).filename().string();
  if (find_sibling(stem, ".shx").empty())
    throw UserError("'" + shown + "' cannot be read without its index file " + base_name +
                    ".shx beside it; copy all parts of the shapefile (.shp, .shx, .dbf, .prj) "
                    "into the same folder, or open the original .zip");
  const std::string dbf = find_sibling(stem, ".dbf");
  if (dbf.empty())
    throw UserError("'" + shown + "' has no attribute file " + base_name +
                    ".dbf beside it, so its areas have no codes or names; copy all parts of the "
                    "shapefile (.shp, .shx, .dbf, .prj) into the same folder, or open the "
                    "original .zip");

  // The header records the file length; a shorter file was cut off in download or copy.
  VSIStatBufL stat;
  if (VSIStatL(shp_path.c_str(), &stat) != 0)
    throw UserError("'" + shown + "' cannot be read; check the file's permissions");
  const auto actual = static_cast<std::uint64_t>(stat.st_size);
  unsigned char header[100] = {};
  std::size_t got = 0;
  if (VSILFILE* file = VSIFOpenL(shp_path.c_str(), "rb")) {
    got = VSIFReadL(header, 1, sizeof header, file);
    VSIFCloseL(file);
  }
  const std::string again = "; download or export the shapefile again";
  if (got < sizeof header)
    throw UserError("'" + shown + "' is truncated (" + std::to_string(actual) +
                    " bytes, shorter than a shapefile header)" + again);
  if (read_big_endian32(header) != 9994)
    throw UserError("'" + shown + "' is not a valid shapefile (its header is damaged)" + again);
  const std::uint64_t declared = std::uint64_t{read_big_endian32(header + 24)} * 2;
  if (actual < declared)
    throw UserError("'" + shown + "' is truncated: it has " + std::to_string(actual) +
                    " bytes but its header says " + std::to_string(declared) + again);
  check_dbf(dbf, shown);
}

std::vector<SourceDataset> resolve_sources(const std::string& user_path) {
  gdal::ensure_registered();
  if (user_path.rfind("/vsi", 0) == 0) return {{user_path, ""}};

  const fs::path path(user_path);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status))
    throw UserError("'" + user_path +
                    "' does not exist; check the path (devomap opens a boundary file, a folder "
                    "of shapefiles or a .zip)");

  if (fs::is_directory(status)) {
    std::string trimmed = user_path;
    while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
    if (ends_with_ci(trimmed, ".gdb")) return {{user_path, ""}};
    return plan_datasets(trimmed, trimmed, list_folder(path), false);
  }

  const std::string ext = lower_extension(user_path);
  if (ext == ".zip") {
    const std::string root = "/vsizip/" + fs::absolute(path).string();
    return plan_datasets(root, user_path, list_zip(root, user_path), true);
  }
  if (ext == ".shp") check_shapefile_parts(user_path, user_path);
  return {{user_path, ""}};
}

}  // namespace devomap::gdal
