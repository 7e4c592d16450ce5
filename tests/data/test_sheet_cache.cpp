// The sheet cache (data/sheet_cache.hpp): a workbook read twice is parsed by GDAL once, a
// changed workbook is never answered from the old entry, and a damaged entry is ignored.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "data/sheet_cache.hpp"
#include "data/table_source.hpp"
#include "support/test_support.hpp"
#include "xlsx_fixture.hpp"

using namespace devomap;
using devomap::test::TempDir;
using devomap::test::write_xlsx_by_hand;
namespace fs = std::filesystem;

namespace {

// Sets an environment variable for one test and puts back what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value->c_str(), 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

void write_population(const fs::path& path, const std::string& hartlepool) {
  write_xlsx_by_hand(path, {{"Cover", {{1, {"Population estimates"}}}, {}, {}},
                            {"MYE5",
                             {{1, {"Population density, mid-2022"}},
                              {3, {"Code", "Name", "Population"}},
                              {4, {"E06000001", "Hartlepool", hartlepool}},
                              {5, {"E06000002", "Middlesbrough", "148285"}}},
                             {},
                             {}}});
}

std::vector<fs::path> entries(const fs::path& cache) {
  std::vector<fs::path> found;
  if (fs::exists(cache / "devomap" / "sheets"))
    for (const auto& e : fs::directory_iterator(cache / "devomap" / "sheets"))
      found.push_back(e.path());
  return found;
}

}  // namespace

TEST_CASE("sheet cache entries round-trip and refuse anything damaged", "[sheet_cache]") {
  data::CachedSheet sheet;
  sheet.sheets = {"Cover", "MYE5"};
  sheet.sheet = "MYE5";
  sheet.notes = {"a note\nwith a line break"};
  sheet.rows = {{3, {"Code", "", "Name"}}, {4, {"E06000001", "Hartlepool"}}, {9, {}}};
  const std::string bytes = data::encode_cached_sheet(sheet);
  const auto back = data::decode_cached_sheet(bytes);
  REQUIRE(back);
  CHECK(back->sheets == sheet.sheets);
  CHECK(back->sheet == sheet.sheet);
  CHECK(back->notes == sheet.notes);
  CHECK(back->rows == sheet.rows);
  // Every cut short, and bytes that are not an entry, are refused rather than half read.
  for (std::size_t size = 0; size < bytes.size(); ++size)
    CHECK_FALSE(data::decode_cached_sheet(bytes.substr(0, size)));
  CHECK_FALSE(data::decode_cached_sheet("devomap sheet cache 1\n99999999999\n"));
  CHECK_FALSE(data::decode_cached_sheet(bytes + "more"));
}

TEST_CASE("a workbook read again comes from the sheet cache until it changes", "[sheet_cache]") {
  TempDir dir;
  const ScopedEnv cache("XDG_CACHE_HOME", (dir / "cache").string());
  const ScopedEnv on("DEVOMAP_NO_CACHE", std::nullopt);
  const fs::path book = dir / "population.xlsx";
  write_population(book, "92338");
  data::TableLoadOptions options;
  options.sheet = "MYE5";
  const data::LoadedTable first = data::load_table(book.string(), options);
  REQUIRE(first.source.table.row_count == 2);
  REQUIRE(entries(dir / "cache").size() == 1);

  // Read again: the same table, every field as the first read gave it.
  const data::LoadedTable again = data::load_table(book.string(), options);
  CHECK(again.info.sheets == first.info.sheets);
  CHECK(again.info.sheet == "MYE5");
  CHECK(again.info.header_row == 3);
  CHECK(again.info.title_lines == first.info.title_lines);
  CHECK(again.source.row_numbers == first.source.row_numbers);
  REQUIRE(again.source.table.columns.size() == first.source.table.columns.size());
  for (std::size_t c = 0; c < first.source.table.columns.size(); ++c)
    CHECK(again.source.table.columns[c].text == first.source.table.columns[c].text);

  // Proof that the second read came from the entry: an entry altered by hand is what is read.
  const fs::path entry = entries(dir / "cache").front();
  std::string bytes;
  {
    std::ifstream in(entry, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const auto at = bytes.find("92338");
  REQUIRE(at != std::string::npos);
  bytes.replace(at, 5, "11111");
  std::ofstream(entry, std::ios::binary) << bytes;
  const auto population = [](const data::LoadedTable& t) {
    return t.source.table.columns[*t.source.table.find("Population")].values[0];
  };
  CHECK(population(data::load_table(book.string(), options)) == 11111);

  // The workbook changed: its new contents are read, never the old entry.
  write_population(book, "95000");
  CHECK(population(data::load_table(book.string(), options)) == 95000);

  // A damaged entry is ignored: the workbook is read again.
  for (const fs::path& e : entries(dir / "cache")) std::ofstream(e, std::ios::binary) << "junk";
  CHECK(population(data::load_table(book.string(), options)) == 95000);
}

TEST_CASE("DEVOMAP_NO_CACHE keeps nothing", "[sheet_cache]") {
  TempDir dir;
  const ScopedEnv cache("XDG_CACHE_HOME", (dir / "cache").string());
  const ScopedEnv off("DEVOMAP_NO_CACHE", std::string("1"));
  write_population(dir / "population.xlsx", "92338");
  data::TableLoadOptions options;
  options.sheet = "MYE5";
  CHECK(data::load_table((dir / "population.xlsx").string(), options).source.table.row_count == 2);
  CHECK(entries(dir / "cache").empty());
}
