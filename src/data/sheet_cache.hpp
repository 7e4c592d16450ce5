#pragma once
// Workbook sheets as read (every cell's text, by spreadsheet row), kept so that an unchanged
// workbook is parsed by GDAL only once: GDAL parses the whole of an XLSX when it opens it, about
// a second for ONS's population workbook (a 22 MB sheet beside the small one devomap reads), on
// every start. Entries live in cache_dir()/sheets (data/data_dir.hpp), one file each, keyed by
// the workbook's contents (size and a 64-bit FNV-1a hash of every byte), the sheet asked for,
// GDAL's version and this format's version, so a changed file or GDAL is never answered from
// an old entry. What is cached is what GDAL gave before devomap's own reading (header, types,
// notes), which runs again on every load exactly as without the cache. Any failure reading or
// writing an entry is ignored: the workbook is then read as if there were no cache.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace devomap::data {

struct CachedSheet {
  std::vector<std::string> sheets;  // every sheet of the workbook, in order
  std::string sheet;                // the one read
  std::vector<std::string> notes;   // what reading it told the user
  std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;  // row number, cells
};

// The entry's key for reading `path` as `format` ("XLSX", "ODS") with `sheet` asked for (none:
// devomap picks), or nullopt when there is no cache (see cache_dir) or the file cannot be read.
std::optional<std::string> sheet_cache_key(const std::string& path, const std::string& format,
                                           const std::optional<std::string>& sheet);
std::optional<CachedSheet> read_cached_sheet(const std::string& key);
void write_cached_sheet(const std::string& key, const CachedSheet& sheet);

// The bytes of an entry and back (exposed for tests); decode gives nullopt for anything that
// is not a whole entry of this format.
std::string encode_cached_sheet(const CachedSheet& sheet);
std::optional<CachedSheet> decode_cached_sheet(const std::string& bytes);

}  // namespace devomap::data
