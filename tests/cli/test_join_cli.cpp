// devomap join, run as a user would: the JSON report's exact shape, the text report, and bad
// input giving one clear line and exit code 1.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using devomap::test::run_devomap;
using devomap::test::TempDir;
using nlohmann::json;

namespace {

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Four small squares with LAD-style code and name fields, as GeoJSON (EPSG:4326).
void write_layer(const fs::path& path) {
  const char* areas[][2] = {{"E06000001", "Hartlepool"},
                            {"E06000002", "Middlesbrough"},
                            {"E06000063", "Cumberland"},
                            {"E08000016", "Barnsley"}};
  std::string features;
  for (int i = 0; i < 4; ++i) {
    const double x = -2.0 + 0.1 * i;
    char ring[256];
    std::snprintf(ring, sizeof ring,
                  "[[%.2f,54.0],[%.2f,54.0],[%.2f,54.05],[%.2f,54.05],[%.2f,54.0]]", x, x + 0.05,
                  x + 0.05, x, x);
    if (i) features += ",";
    features += std::string("{\"type\":\"Feature\",\"properties\":{\"LAD24CD\":\"") + areas[i][0] +
                "\",\"LAD24NM\":\"" + areas[i][1] +
                "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}";
  }
  write_file(path, "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}");
}

}  // namespace

TEST_CASE("join --json: the report's exact shape on a table with every problem") {
  TempDir dir;
  write_layer(dir / "lad.geojson");
  write_file(dir / "data.csv",
             "Population by district\n"
             "\n"
             "code,name,population,rate\n"
             "E06000001,Hartlepool,\"93,861\",1.5\n"
             "E06000001,Hartlepool again,1,1\n"
             "E07000026,Allerdale,100,n/a\n"
             "E07000028,Carlisle,300,2\n"
             "E07000029,Copeland,oops,3\n"
             "E08000038,Barnsley 2025,250,4\n"
             "E09999999,Nowhere,5,5\n");
  const auto r = run_devomap({"join", "--layer", (dir / "lad.geojson").string(), "--table",
                              (dir / "data.csv").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json j = json::parse(r.out);

  // Exactly these keys, in this order.
  const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(r.out);
  std::vector<std::string> keys;
  for (auto it = ordered.begin(); it != ordered.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"matched", "unmatched_layer", "unmatched_table",
                                         "duplicate_keys", "translated", "merged", "combine_rules",
                                         "unreadable_cells", "no_data", "suggested_key"});
  CHECK(j["matched"] == 3);
  CHECK(j["unmatched_layer"] == json::parse(R"([{"key":"E06000002","name":"Middlesbrough"}])"));
  // Row numbers as a spreadsheet shows them: the header is on row 3.
  CHECK(j["unmatched_table"] == json::parse(R"([{"row":10,"key":"E09999999"}])"));
  CHECK(j["duplicate_keys"] == json::parse(R"(["E06000001"])"));
  CHECK(j["translated"] == json::parse(R"([{"from":"E07000026","to":"E06000063"},
                                            {"from":"E07000028","to":"E06000063"},
                                            {"from":"E07000029","to":"E06000063"},
                                            {"from":"E08000038","to":"E08000016"}])"));
  // Cumberland took three rows: the population is summed, the rate weighted by it.
  CHECK(j["merged"] == json::parse(R"([{"key":"E06000063","rows":[6,7,8]}])"));
  CHECK(j["combine_rules"] ==
        json::parse(R"([{"column":"population","rule":"sum","why":"count or money"},
                        {"column":"rate","rule":"weighted-mean",
                         "why":"rate, proportion, score or average, weighted by population"}])"));
  CHECK(j["unreadable_cells"] == json::parse(R"([{"row":8,"column":"population","text":"oops"}])"));
  // Matched rows with no data: population on row 8, rate on row 6.
  CHECK(j["no_data"] == json::parse(R"({"population":1,"rate":1})"));
  CHECK(j["suggested_key"].is_null());
  // The unreadable cell is also said on stderr, in words.
  CHECK(r.err.find("note: data.csv: column 'population': 1 cell(s) are not numbers (first: row 8, "
                   "'oops'); read as no data") != std::string::npos);
}

TEST_CASE("join: the text report names keys, merges and suggestions") {
  TempDir dir;
  write_layer(dir / "lad.geojson");
  write_file(dir / "names.csv",
             "id;council;spend\n1;Hartlepool Borough Council;\xA3"
             "1.2m\n2;MIDDLESBROUGH;"
             "\xA3"
             "450k\n3;Barnsley;12\n");
  const auto r = run_devomap(
      {"join", "--layer", (dir / "lad.geojson").string(), "--table", (dir / "names.csv").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("by name: table column 'council' = layer field 'LAD24NM'") != std::string::npos);
  CHECK(r.out.find("Matched 3 of 4 areas") != std::string::npos);
  CHECK(r.out.find("Added to the layer: id, spend") != std::string::npos);
  CHECK(r.err.find("read it as Windows-1252") != std::string::npos);
  CHECK(r.err.find("separated by semicolons") != std::string::npos);

  // A key that matches nothing: said plainly, with the field that would match.
  const auto bad = run_devomap({"join", "--layer", (dir / "lad.geojson").string(), "--table",
                                (dir / "names.csv").string(), "--table-key", "id", "--json"});
  REQUIRE(bad.exit_code == 0);
  const json j = json::parse(bad.out);
  CHECK(j["matched"] == 0);
  CHECK(j["suggested_key"] == "council");
}

TEST_CASE("join: bad input gives one line and exit code 1") {
  TempDir dir;
  write_layer(dir / "lad.geojson");
  write_file(dir / "header.csv", "code,value\n");
  write_file(dir / "ok.csv", "code,value\nE06000001,1\n");
  const std::string layer = (dir / "lad.geojson").string();

  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "join");
    return run_devomap(args);
  };
  auto r = run({"--layer", layer, "--table", (dir / "header.csv").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("has a header row (row 1: code, value) but no data rows") != std::string::npos);

  r = run({"--layer", layer, "--table", (dir / "missing.csv").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("missing.csv does not exist") != std::string::npos);

  r = run({"--layer", layer, "--table", (dir / "ok.csv").string(), "--table-key", "nope"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("table field 'nope' is not in ok.csv") != std::string::npos);

  r = run({"--layer", layer, "--table", (dir / "ok.csv").string(), "--header-row", "7"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("header row 7 is outside the table") != std::string::npos);

  // Malformed option values are usage errors (exit 2); what is checked against files, 1.
  r = run({"--layer", layer, "--table", (dir / "ok.csv").string(), "--combine", "value"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--combine: value: write COLUMN=RULE") != std::string::npos);
  r = run({"--layer", layer, "--table", (dir / "ok.csv").string(), "--header-row", "-1"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("rows count from 1") != std::string::npos);
  r = run({"--layer", layer, "--table", (dir / "ok.csv").string(), "--header-row", "0"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("rows count from 1") != std::string::npos);
  r = run({"--layer", layer, "--table", (dir / "ok.csv").string(), "--by", "postcode"});
  CHECK(r.exit_code == 2);

  r = run({"--layer", layer});
  CHECK(r.exit_code == 2);  // usage error: --table is required

  // The library says what to choose in plain words; the command line adds its option.
  write_file(dir / "nokey.csv", "label,value\nfoo,1\nbar,2\n");
  r = run({"--layer", layer, "--table", (dir / "nokey.csv").string(), "--by", "code"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("choose the table's key column") != std::string::npos);
  CHECK(r.err.find("(--table-key COLUMN)") != std::string::npos);
}

TEST_CASE("join: real ONS population table on the LAD 2024 shapefile") {
  const auto data = devomap::test::real_data_dir("join cli real data");
  if (!data) return;
  const std::string layer = (*data / "lad_2024_uk_buc_shp/LAD_2024_UK_BUC.shp").string();
  const auto r = run_devomap({"join", "--layer", layer, "--table",
                              (*data / "lad_population_mid2022.csv").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json j = json::parse(r.out);
  CHECK(j["matched"] == 361);
  CHECK(j["unmatched_layer"].empty());
  CHECK(j["unmatched_table"].empty());

  const auto book = run_devomap({"join", "--layer", layer, "--table",
                                 (*data / "mye22final.xlsx").string(), "--sheet", "MYE5"});
  INFO(book.err);
  REQUIRE(book.exit_code == 0);
  CHECK(book.out.find("header row 8 (found automatically)") != std::string::npos);
  CHECK(book.out.find("Matched 361 of 361 areas") != std::string::npos);
}

TEST_CASE("join and classify: a layer with no CRS takes --assume-crs when asked for it") {
  TempDir dir;
  // GDAL reads a WKT column as geometry with no CRS; these degrees lie far from the UK.
  write_file(dir / "areas.csv",
             "WKT,LAD24CD\n\"POLYGON((20 20,21 20,21 21,20 21,20 20))\",E06000001\n"
             "\"POLYGON((22 20,23 20,23 21,22 21,22 20))\",E06000002\n");
  write_file(dir / "t.csv", "code,value\nE06000001,5\nE06000002,7\n");
  const std::string layer = (dir / "areas.csv").string();
  const std::string table = (dir / "t.csv").string();
  const auto refused = run_devomap({"join", "--layer", layer, "--table", table});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("--assume-crs EPSG") != std::string::npos);
  const auto joined =
      run_devomap({"join", "--layer", layer, "--table", table, "--assume-crs", "4326"});
  INFO(joined.err);
  CHECK(joined.exit_code == 0);
  CHECK(joined.out.find("Matched 2 of 2 areas") != std::string::npos);
  const auto classified =
      run_devomap({"classify", "--layer", layer, "--assume-crs", "4326", "--field", "area_km2",
                   "--method", "equal", "--classes", "2"});
  INFO(classified.err);
  CHECK(classified.exit_code == 0);
}
