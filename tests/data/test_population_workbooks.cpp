// The ONS mid-year population workbooks the default map divides by: the mid-2022 edition in
// the shared files, and the mid-2024 edition (mye24tablesuk.xlsx) from a fixture written in its
// published layout. No copy of mid-2024 is at hand, so the fixture follows what public scripts
// that read it show (sheet "MYE2 - Persons", seven title rows, the header on row 8: Code, Name,
// Geography, All ages, then ages 0 to 90+) with the title rows worded as in mid-2022. Its
// numbers are made up for the test; they are not ONS figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "data/catalog.hpp"
#include "data/import.hpp"
#include "data/manifest.hpp"
#include "data/xlsx_fixture.hpp"
#include "devolution/devolution_map.hpp"
#include "support/test_support.hpp"

using namespace devomap;
namespace fs = std::filesystem;
using devomap::test::XlsxSheet;

namespace {

// Twelve districts (enough to be a table keyed by districts), the UK and England rows first
// as ONS lists them.
void write_mid2024_layout(const fs::path& path) {
  XlsxSheet cover;
  cover.name = "Cover sheet";
  cover.rows[1] = {"Mid-Year Population Estimates, UK, June 2024"};
  XlsxSheet persons;
  persons.name = "MYE2 - Persons";
  persons.rows[1] = {
      "MYE2: Persons by single year of age and sex for local authorities in the "
      "UK, mid-2024"};
  persons.rows[2] = {"This worksheet contains one table. Freeze panes are turned on. "};
  persons.rows[4] = {
      "Please choose from the links presented in the cells below to e-mail us "
      "your opinion on this table: "};
  persons.rows[5] = {"This met my needs, please produce it next year"};
  persons.rows[6] = {"I need something slightly different (please specify)"};
  persons.rows[7] = {"This is not what I need at all (please specify)"};
  std::vector<std::string> header = {"Code", "Name", "Geography", "All ages"};
  for (int age = 0; age < 90; ++age) header.push_back(std::to_string(age));
  header.push_back("90+");
  persons.rows[8] = header;
  auto row = [](const std::string& code, const std::string& name, const std::string& geography,
                long total) {
    std::vector<std::string> cells = {code, name, geography, std::to_string(total)};
    // Ages spread evenly; the last column takes the remainder so they add up to the total.
    const long each = total / 91;
    for (int age = 0; age < 90; ++age) cells.push_back(std::to_string(each));
    cells.push_back(std::to_string(total - each * 90));
    return cells;
  };
  persons.rows[9] = row("K02000001", "UNITED KINGDOM", "Country", 1'300'000);
  persons.rows[10] = row("E92000001", "ENGLAND", "Country", 1'300'000);
  for (int i = 1; i <= 12; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "E080000%02d", i);
    persons.rows[10 + i] =
        row(code, "District " + std::to_string(i), "Metropolitan District", 100'000 + i * 1000);
  }
  devomap::test::write_xlsx_by_hand(path, {cover, persons});
}

}  // namespace

TEST_CASE("the mid-2024 workbook's layout: All ages under a title naming the year",
          "[population]") {
  test::TempDir dir;
  fs::create_directories(dir / "in");
  const fs::path book = dir / "in" / "mye24tablesuk.xlsx";
  write_mid2024_layout(book);
  const devolution::Population p =
      devolution::load_population(book.string(), std::string("MYE2 - Persons"));
  CHECK(p.label == "mid-2024");
  CHECK(p.column == "All ages");
  CHECK(p.by_code.at("E08000001") == 101'000);
  CHECK(p.by_code.at("E92000001") == 1'300'000);
  CHECK(p.by_code.size() == 14);

  // `fetch --from` recognises it as the mid-2024 population dataset of the manifest.
  const data::Manifest manifest =
      data::load_manifest(devomap::test::source_dir() / "geodata/manifest.json");
  data::ImportOptions options;
  options.from = dir / "in";
  options.data_dir = dir / "data";
  options.manifest = &manifest;
  std::ostringstream log;
  const data::ImportReport report = data::import_from(options, log);
  INFO(log.str());
  REQUIRE(report.files.size() == 1);
  REQUIRE(report.files[0].layers.size() == 1);
  const data::Recognition& r = report.files[0].layers[0];
  CHECK(r.kind == data::LayerKind::Population);
  CHECK(r.vintage == "2024");
  CHECK(r.layer == "MYE2 - Persons");
  REQUIRE(r.official);
  CHECK(r.official->id == "population_mid2024");
  const auto found =
      data::find_dataset(data::load_catalog(dir / "data"), data::LayerKind::Population);
  REQUIRE(found);
  CHECK(found->layer == "MYE2 - Persons");
}

TEST_CASE("a population sheet without a total or a year is refused with what to do",
          "[population]") {
  test::TempDir dir;
  XlsxSheet sheet;
  sheet.name = "Sheet1";
  sheet.rows[1] = {"Code", "Name", "Households"};
  for (int i = 1; i <= 3; ++i) sheet.rows[1 + i] = {"E0800000" + std::to_string(i), "D", "100"};
  devomap::test::write_xlsx_by_hand(dir / "h.xlsx", {sheet});
  CHECK_THROWS_WITH(devolution::load_population((dir / "h.xlsx").string(), std::nullopt),
                    Catch::Contains("no numeric column is named like a population") &&
                        Catch::Contains("All ages"));
}

TEST_CASE("real data: the mid-2022 workbook is read from MYE5 and says its year",
          "[population][real]") {
  const auto data = test::real_data_dir("mid-2022 population workbook");
  if (!data) return;
  const devolution::Population p =
      devolution::load_population((*data / "mye22final.xlsx").string(), std::string("MYE5"));
  CHECK(p.label == "mid-2022");
  CHECK(p.column == "Estimated Population mid-2022");
  // Its MYE2 sheet gives the same totals through the mid-2024 layout's rule.
  const devolution::Population persons = devolution::load_population(
      (*data / "mye22final.xlsx").string(), std::string("MYE2 - Persons"));
  CHECK(persons.label == "mid-2022");
  CHECK(persons.by_code.at("E08000003") == p.by_code.at("E08000003"));
}
