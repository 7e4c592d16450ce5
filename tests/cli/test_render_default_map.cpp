// devomap render with no --layer: the UK devolution map from an imported data dir, its measures,
// and a user's table joined onto a layer with --table.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "support/image_compare.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using devomap::test::run_devomap;
using devomap::test::TempDir;

namespace {

// A data dir holding districts, nations and the population workbook, imported as a user would.
bool import_official(const fs::path& data, const fs::path& data_dir) {
  TempDir downloads;
  for (const char* f : {"lad_2024_uk_buc.gpkg", "ctry_2024_uk_buc.gpkg", "mye22final.xlsx"})
    fs::copy_file(data / f, downloads / f);
  const auto r =
      run_devomap({"--data-dir", data_dir.string(), "fetch", "--from", downloads.path().string()});
  INFO(r.out << r.err);
  return r.exit_code == 0;
}

}  // namespace

TEST_CASE("render: no --layer draws the UK devolution map by tier", "[render][devolution]") {
  const auto data = devomap::test::real_data_dir("render default devolution map");
  if (!data) return;
  TempDir tmp;
  REQUIRE(import_official(*data, tmp / "data"));
  const fs::path out = tmp / "uk.png";
  const auto r = run_devomap({"--data-dir", (tmp / "data").string(), "render", "--width", "800",
                              "--height", "1000", "--out", out.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("124 areas") != std::string::npos);
  // Greater Manchester is Established Mayoral (#08519c); Scotland a devolved government
  // (#756bb1). Sample the image for both colours rather than fixed pixels.
  const long long established = devomap::test::count_color(out, 8, 81, 156);
  const long long devolved = devomap::test::count_color(out, 117, 107, 177);
  CHECK(established > 500);
  CHECK(devolved > 20000);

  SECTION("a measure by its key") {
    const auto m = run_devomap({"--data-dir", (tmp / "data").string(), "render", "--field",
                                "per_head", "--width", "400", "--height", "500", "--out",
                                (tmp / "per-head.png").string()});
    INFO(m.err);
    CHECK(m.exit_code == 0);
    CHECK(fs::exists(tmp / "per-head.png"));
  }
  SECTION("an unknown measure lists the measures") {
    const auto m = run_devomap({"--data-dir", (tmp / "data").string(), "render", "--field",
                                "happiness", "--out", (tmp / "x.png").string()});
    CHECK(m.exit_code == 1);
    CHECK(m.err.find("not a measure of the default map") != std::string::npos);
    CHECK(m.err.find("per_head") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "x.png"));
  }
}

namespace {

// The <path> element of the area named `name` in an SVG export.
std::string svg_area(const std::string& svg, const std::string& name) {
  const auto at = svg.find("data-name=\"" + name + "\"");
  if (at == std::string::npos) return {};
  const auto start = svg.rfind("<path", at);
  return svg.substr(start, svg.find('>', at) - start);
}

std::string attribute(const std::string& element, const std::string& name) {
  const auto at = element.find(" " + name + "=\"");
  if (at == std::string::npos) return "(absent)";
  const auto start = at + name.size() + 3;
  return element.substr(start, element.find('"', start) - start);
}

}  // namespace

TEST_CASE("render: funding in a year, the nations and uncovered districts set apart, the date",
          "[render][devolution]") {
  const auto data = devomap::test::real_data_dir("render funding by year");
  if (!data) return;
  TempDir tmp;
  REQUIRE(import_official(*data, tmp / "data"));
  const std::string data_dir = (tmp / "data").string();
  const fs::path svg = tmp / "per-head-2025.svg";
  const auto r = run_devomap({"--data-dir", data_dir, "render", "--field", "per_head", "--year",
                              "2025-26", "--out", svg.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string text = devomap::test::read_file(svg);

  // Greater Manchester's integrated settlement holds its transport and adult education money:
  // counted once, about £225 a head (not £330).
  const std::string gm = svg_area(text, "Greater Manchester Combined Authority");
  const double gm_per_head = std::stod(attribute(gm, "data-number"));
  CHECK(gm_per_head > 200);
  CHECK(gm_per_head < 250);
  CHECK(attribute(gm, "data-value").rfind("£", 0) == 0);
  // Scotland: its devolved government's budget per head, shown apart, never "No data".
  const std::string scotland = svg_area(text, "Scotland");
  CHECK(std::stod(attribute(scotland, "data-number")) > 5000);
  CHECK(attribute(scotland, "data-value").find("not comparable") != std::string::npos);
  // A district outside any strategic authority: its own category, no number.
  const std::string rutland = svg_area(text, "Rutland");
  CHECK(attribute(rutland, "data-value") == "No strategic authority");
  CHECK(attribute(rutland, "data-number").empty());
  // The legend lists the categories set apart, and the page and alt text say the data's date.
  CHECK(text.find("No strategic authority</text>") != std::string::npos);
  CHECK(text.find("Devolution data as of 2026-") != std::string::npos);
  const std::string alt = devomap::test::read_file(tmp / "per-head-2025.svg.alt.txt");
  CHECK(alt.find("Devolution data as of 2026-") != std::string::npos);
  CHECK(alt.find("funding in 2025-26") != std::string::npos);
  CHECK(alt.find("ONS mid-2022 population") != std::string::npos);

  SECTION("without --year: the latest year with published figures, saved in the spec") {
    const auto d =
        run_devomap({"--data-dir", data_dir, "render", "--field", "funding", "--out",
                     (tmp / "f.svg").string(), "--save-spec", (tmp / "f.json").string()});
    INFO(d.err);
    REQUIRE(d.exit_code == 0);
    const std::string spec = devomap::test::read_file(tmp / "f.json");
    CHECK(spec.find("\"year\": \"2026-27\"") != std::string::npos);
    CHECK(devomap::test::read_file(tmp / "f.svg").find("Figures incomplete for 2026-27") !=
          std::string::npos);
  }
  SECTION("a year that is not one is a usage error") {
    const auto bad = run_devomap(
        {"--data-dir", data_dir, "render", "--year", "2026/27", "--out", (tmp / "x.png").string()});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("write it like 2026-27") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "x.png"));
  }
  SECTION("--year on a layer of the user's is refused") {
    const auto bad = run_devomap({"render", "--layer", (*data / "lad_2024_uk_buc.gpkg").string(),
                                  "--year", "2025-26", "--out", (tmp / "y.png").string()});
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("default map's funding") != std::string::npos);
  }
}

TEST_CASE("render: no --layer and an empty data dir explains how to get boundaries",
          "[render][devolution]") {
  TempDir tmp;
  const auto r = run_devomap(
      {"--data-dir", (tmp / "empty").string(), "render", "--out", (tmp / "x.png").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("UK devolution map cannot be drawn") != std::string::npos);
  CHECK(r.err.find("fetch") != std::string::npos);
  CHECK(r.err.find("(--data-dir DIR)") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "x.png"));
}

TEST_CASE("render: --table joins a user's table and --field colours one of its columns",
          "[render][join]") {
  const auto data = devomap::test::real_data_dir("render with a joined table");
  if (!data) return;
  TempDir tmp;
  // Two districts with a score, one row that matches nothing.
  {
    std::ofstream csv(tmp / "scores.csv");
    csv << "Area code,Area,Score\nE08000003,Manchester,10\nE06000001,Hartlepool,90\n"
           "X99999999,Nowhere,50\n";
  }
  const fs::path out = tmp / "scores.png";
  const auto r =
      run_devomap({"render", "--layer", (*data / "lad_2024_uk_buc.gpkg").string(), "--table",
                   (tmp / "scores.csv").string(), "--field", "Score", "--method", "equal",
                   "--classes", "2", "--width", "400", "--height", "500", "--out", out.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("2 of 361 areas matched") != std::string::npos);
  CHECK(r.err.find("1 table rows matched no area") != std::string::npos);
  CHECK(fs::exists(out));

  const auto bad = run_devomap({"render", "--layer", (*data / "lad_2024_uk_buc.gpkg").string(),
                                "--table", (tmp / "scores.csv").string(), "--field", "Nope",
                                "--out", (tmp / "bad.png").string()});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("Nope") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "bad.png"));
}

TEST_CASE("render: --breaks draws manual classes and rejects what is not a number", "[render]") {
  const auto data = devomap::test::real_data_dir("render with manual breaks");
  if (!data) return;
  TempDir tmp;
  const std::string layer = (*data / "lad_2024_uk_buc.gpkg").string();
  const auto ok =
      run_devomap({"render", "--layer", layer, "--field", "area_km2", "--breaks", "100,1000",
                   "--number-format", "plain", "--width", "400", "--height", "500", "--out",
                   (tmp / "m.png").string(), "--save-spec", (tmp / "m.json").string()});
  INFO(ok.err);
  REQUIRE(ok.exit_code == 0);
  std::ifstream spec(tmp / "m.json");
  const std::string text((std::istreambuf_iterator<char>(spec)), std::istreambuf_iterator<char>());
  CHECK(text.find("\"manual\"") != std::string::npos);
  CHECK(text.find("\"manual_breaks\"") != std::string::npos);

  const auto bad = run_devomap({"render", "--layer", layer, "--field", "area_km2", "--breaks",
                                "100,x", "--out", (tmp / "bad.png").string()});
  CHECK(bad.exit_code == 2);  // a malformed option value
  CHECK(bad.err.find("'x'") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "bad.png"));
}

TEST_CASE("render and measures: ONS outcome indicators on the UK map and on district layers",
          "[render][devolution][outcomes]") {
  const auto data = devomap::test::real_data_dir("render outcomes");
  if (!data) return;
  TempDir tmp;
  REQUIRE(import_official(*data, tmp / "data"));
  // The outcomes file, imported as a user would: recognised by its columns and codes.
  TempDir more;
  fs::copy_file(*data / "ons_subnational_indicators_2024-03.csv",
                more / "ons_subnational_indicators_2024-03.csv");
  const std::string data_dir = (tmp / "data").string();
  const auto imported =
      run_devomap({"--data-dir", data_dir, "fetch", "--from", more.path().string()});
  INFO(imported.out << imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(imported.out.find("outcome indicators for 374 district codes") != std::string::npos);
  CHECK(imported.out.find("matches the official ons_subnational_indicators") != std::string::npos);

  SECTION("measures lists every measure with key, period, unit and source") {
    const auto m = run_devomap({"--data-dir", data_dir, "measures", "--json"});
    INFO(m.err);
    REQUIRE(m.exit_code == 0);
    CHECK(m.out.find("\"key\": \"per_head\"") != std::string::npos);
    CHECK(m.out.find("\"key\": \"gross_median_weekly_pay\"") != std::string::npos);
    CHECK(m.out.find("\"period\": \"2023\"") != std::string::npos);
    CHECK(m.out.find("ONS Subnational indicators explorer (March 2024)") != std::string::npos);
    const auto text = run_devomap({"--data-dir", data_dir, "measures"});
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("Outcomes: ") != std::string::npos);
  }
  SECTION("an outcome on the default map by its published name, with the rule in the alt text") {
    const fs::path out = tmp / "pay.svg";
    const auto m = run_devomap({"--data-dir", data_dir, "render", "--field",
                                "Gross median weekly pay", "--out", out.string()});
    INFO(m.err);
    REQUIRE(m.exit_code == 0);
    std::ifstream in(out);
    const std::string svg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(svg.find("Gross median weekly pay, 2023") != std::string::npos);
    CHECK(svg.find("population-weighted mean of district medians") != std::string::npos);
  }
  SECTION("an outcome on a district layer joins the indicator's rows") {
    const fs::path out = tmp / "pay-lad.png";
    const auto m = run_devomap({"--data-dir", data_dir, "render", "--layer",
                                (*data / "lad_2024_uk_buc.gpkg").string(), "--field",
                                "gross_value_added_per_hour_worked", "--out", out.string(),
                                "--save-spec", (tmp / "gva.json").string()});
    INFO(m.err);
    REQUIRE(m.exit_code == 0);
    CHECK(m.err.find("is an ONS outcome indicator") != std::string::npos);
    CHECK(m.err.find("Indicator=Gross value added per hour worked") != std::string::npos);
    // Former districts merged since publication are reported, never summed.
    CHECK(m.err.find("4 areas take several rows") != std::string::npos);
    // The saved spec reopens the same map: the table and its rows are in it.
    std::ifstream spec(tmp / "gva.json");
    const std::string text((std::istreambuf_iterator<char>(spec)),
                           std::istreambuf_iterator<char>());
    CHECK(text.find("\"Indicator\"") != std::string::npos);
  }
}

TEST_CASE("two imports into one data folder at once both keep everything", "[fetch][concurrency]") {
  const auto data = devomap::test::real_data_dir("concurrent imports");
  if (!data) return;
  TempDir tmp;
  TempDir a, b;
  fs::copy_file(*data / "lad_2024_uk_buc.gpkg", a / "lad_2024_uk_buc.gpkg");
  fs::copy_file(*data / "ctry_2024_uk_buc.gpkg", a / "ctry_2024_uk_buc.gpkg");
  fs::copy_file(*data / "mye22final.xlsx", b / "mye22final.xlsx");
  fs::copy_file(*data / "rgn_2023_en_buc.gpkg", b / "rgn_2023_en_buc.gpkg");
  const std::string data_dir = (tmp / "data").string();
  devomap::test::RunResult ra, rb;
  std::thread first([&] {
    ra = run_devomap({"--data-dir", data_dir, "fetch", "--from", a.path().string()});
  });
  std::thread second([&] {
    rb = run_devomap({"--data-dir", data_dir, "fetch", "--from", b.path().string()});
  });
  first.join();
  second.join();
  INFO(ra.out << ra.err << rb.out << rb.err);
  CHECK(ra.exit_code == 0);
  CHECK(rb.exit_code == 0);
  std::ifstream in(tmp / "data" / "catalog.json");
  const std::string catalog((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const char* file :
       {"lad_2024_uk_buc.gpkg", "ctry_2024_uk_buc.gpkg", "mye22final.xlsx", "rgn_2023_en_buc.gpkg"})
    CHECK(catalog.find(file) != std::string::npos);
  // No temporary file of either is left behind.
  for (const auto& entry : fs::recursive_directory_iterator(tmp / "data"))
    CHECK(entry.path().extension() != ".part");
}

TEST_CASE("compare: areas side by side, as a table or CSV; ambiguous names refused",
          "[compare][devolution]") {
  const auto data = devomap::test::real_data_dir("compare areas");
  if (!data) return;
  TempDir tmp;
  REQUIRE(import_official(*data, tmp / "data"));
  const std::string data_dir = (tmp / "data").string();
  const auto shown = run_devomap(
      {"--data-dir", data_dir, "compare", "Greater Manchester", "E47000007", "--year", "2025-26"});
  INFO(shown.out << shown.err);
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out.find("Greater Manchester Combined Authority") != std::string::npos);
  CHECK(shown.out.find("West Midlands Combined Authority") != std::string::npos);
  CHECK(shown.out.find("Devolved funding per head, 2025-26") != std::string::npos);
  CHECK(shown.out.find("Powers by domain") != std::string::npos);
  CHECK(shown.err.find("'Greater Manchester' taken as") != std::string::npos);

  const fs::path csv = tmp / "compare.csv";
  const auto written =
      run_devomap({"--data-dir", data_dir, "compare", "E47000001", "Wales", "--out", csv.string()});
  INFO(written.out << written.err);
  REQUIRE(written.exit_code == 0);
  std::ifstream in(csv);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.rfind("Group,Measure,Greater Manchester Combined Authority,Wales,Differs\r\n", 0) ==
        0);
  CHECK(text.find("Area,Kind of area,Combined authority,Nation,yes") != std::string::npos);
  // An existing file is kept unless --force.
  const auto again =
      run_devomap({"--data-dir", data_dir, "compare", "E47000001", "Wales", "--out", csv.string()});
  CHECK(again.exit_code == 1);
  CHECK(again.err.find("--force") != std::string::npos);

  const auto ambiguous =
      run_devomap({"--data-dir", data_dir, "compare", "North Yorkshire", "Wales"});
  CHECK(ambiguous.exit_code == 1);
  CHECK(ambiguous.err.find("York and North Yorkshire Combined Authority") != std::string::npos);
  const auto unknown = run_devomap({"--data-dir", data_dir, "compare", "Atlantis", "Wales"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.find("'Atlantis'") != std::string::npos);
  const auto one = run_devomap({"--data-dir", data_dir, "compare", "Wales"});
  CHECK(one.exit_code == 2);  // a usage error: two areas or more
  const auto image = run_devomap(
      {"--data-dir", data_dir, "compare", "Wales", "Scotland", "--out", (tmp / "c.png").string()});
  CHECK(image.exit_code == 1);
  CHECK(image.err.find("FILE.csv") != std::string::npos);
}
