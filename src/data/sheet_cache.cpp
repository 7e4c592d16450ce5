#include "data/sheet_cache.hpp"

#include <gdal.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/atomic_file.hpp"
#include "data/data_dir.hpp"

namespace devomap::data {
namespace {

constexpr const char* kMagic = "devomap sheet cache 1\n";
constexpr std::uint64_t kFnvOffset = 1469598103934665603ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

std::uint64_t fnv1a(std::uint64_t hash, const char* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(data[i]);
    hash *= kFnvPrime;
  }
  return hash;
}

std::optional<std::uint64_t> file_hash(const std::string& path, std::uint64_t& size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::uint64_t hash = kFnvOffset;
  size = 0;
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    hash = fnv1a(hash, buffer.data(), got);
    size += got;
  }
  if (in.bad()) return std::nullopt;
  return hash;
}

std::string hex(std::uint64_t v) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
  return text;
}

void put_number(std::string& out, std::uint64_t v) {
  out += std::to_string(v);
  out += '\n';
}
void put_text(std::string& out, const std::string& text) {
  put_number(out, text.size());
  out += text;
}

// Reads what put_number / put_text wrote; every read checks the bytes are there.
struct Reader {
  const std::string& bytes;
  std::size_t at = 0;
  bool ok = true;

  std::uint64_t number() {
    const std::size_t end = bytes.find('\n', at);
    if (!ok || end == std::string::npos || end == at || end - at > 20) return fail();
    std::uint64_t v = 0;
    for (std::size_t i = at; i < end; ++i) {
      if (bytes[i] < '0' || bytes[i] > '9') return fail();
      v = v * 10 + static_cast<std::uint64_t>(bytes[i] - '0');
    }
    at = end + 1;
    return v;
  }
  std::string text() {
    const std::uint64_t size = number();
    if (!ok || size > bytes.size() - at) {
      fail();
      return {};
    }
    std::string t = bytes.substr(at, size);
    at += size;
    return t;
  }
  // A count of things each taking at least one byte: never more than the bytes left.
  std::uint64_t count() {
    const std::uint64_t n = number();
    return ok && n <= bytes.size() - at ? n : fail();
  }
  std::uint64_t fail() {
    ok = false;
    return 0;
  }
};

std::optional<std::filesystem::path> entry_path(const std::string& key) {
  const auto dir = cache_dir();
  if (!dir) return std::nullopt;
  return *dir / "sheets" / (hex(fnv1a(kFnvOffset, key.data(), key.size())) + ".sheet");
}

}  // namespace

std::optional<std::string> sheet_cache_key(const std::string& path, const std::string& format,
                                           const std::optional<std::string>& sheet) {
  if (!cache_dir() || path.rfind("/vsi", 0) == 0) return std::nullopt;
  std::uint64_t size = 0;
  const auto hash = file_hash(path, size);
  if (!hash) return std::nullopt;
  // The path too: notes name the file, so a copy elsewhere gets its own entry.
  return std::string(kMagic) + path + "\n" + format + "\n" + std::to_string(size) + " " +
         hex(*hash) + "\n" + (sheet ? "sheet " + *sheet : std::string("any sheet")) + "\nGDAL " +
         GDALVersionInfo("RELEASE_NAME") + "\n";
}

std::string encode_cached_sheet(const CachedSheet& sheet) {
  std::string out = kMagic;
  put_number(out, sheet.sheets.size());
  for (const std::string& s : sheet.sheets) put_text(out, s);
  put_text(out, sheet.sheet);
  put_number(out, sheet.notes.size());
  for (const std::string& n : sheet.notes) put_text(out, n);
  put_number(out, sheet.rows.size());
  for (const auto& [number, cells] : sheet.rows) {
    put_number(out, number);
    put_number(out, cells.size());
    for (const std::string& c : cells) put_text(out, c);
  }
  out += "end\n";
  return out;
}

std::optional<CachedSheet> decode_cached_sheet(const std::string& bytes) {
  const std::string magic = kMagic;
  if (bytes.compare(0, magic.size(), magic) != 0) return std::nullopt;
  Reader in{bytes, magic.size()};
  CachedSheet sheet;
  sheet.sheets.resize(in.count());
  for (std::string& s : sheet.sheets) s = in.text();
  sheet.sheet = in.text();
  sheet.notes.resize(in.count());
  for (std::string& n : sheet.notes) n = in.text();
  sheet.rows.resize(in.count());
  for (auto& [number, cells] : sheet.rows) {
    number = in.number();
    cells.resize(in.count());
    for (std::string& c : cells) c = in.text();
    if (!in.ok) return std::nullopt;
  }
  if (!in.ok || bytes.compare(in.at, std::string::npos, "end\n") != 0) return std::nullopt;
  return sheet;
}

std::optional<CachedSheet> read_cached_sheet(const std::string& key) {
  const auto path = entry_path(key);
  if (!path) return std::nullopt;
  std::ifstream in(*path, std::ios::binary);
  if (!in) return std::nullopt;
  // The entry starts with its whole key, so two keys with one file name never mix.
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.compare(0, key.size(), key) != 0) return std::nullopt;
  return decode_cached_sheet(bytes.substr(key.size()));
}

void write_cached_sheet(const std::string& key, const CachedSheet& sheet) {
  const auto path = entry_path(key);
  if (!path) return;
  try {
    std::error_code ignored;
    std::filesystem::create_directories(path->parent_path(), ignored);
    write_file_atomically(*path, key + encode_cached_sheet(sheet), true);
  } catch (const std::exception&) {
    // A cache that cannot be written costs only time: the next load reads the workbook again.
  }
}

}  // namespace devomap::data
