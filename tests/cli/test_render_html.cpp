// devomap render for reports, part two: interactive HTML, the alt text beside every export
// (--alt-text to override it), area labels (--labels) and the London inset (--no-inset).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using devomap::test::run_devomap;
using devomap::test::TempDir;

namespace {

std::vector<std::string> args_for(const fs::path& layer, const fs::path& out) {
  return {"render",         "--layer",   layer.string(), "--field",  "value",
          "--method",       "equal",     "--classes",    "4",        "--title",
          "Test districts", "--width",   "640",          "--height", "480",
          "--out",          out.string()};
}

}  // namespace

TEST_CASE("render: --out map.html writes an interactive page and its alt text", "[render][html]") {
  TempDir tmp;
  devomap::test::write_grid_districts(tmp / "d.geojson", false);
  const auto r = run_devomap(args_for(tmp / "d.geojson", tmp / "map.html"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("wrote " + (tmp / "map.html").string()));
  const std::string html = devomap::test::read_file(tmp / "map.html");
  // Values read as the legend writes them: 10, 20, 30, 40 are whole numbers, and so are its
  // classes (10 - 17, 18 - 25, ...), so no decimals.
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("http") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("data-code=\"E06000004\" data-name=\"Stockton\" "
                                   "data-value=\"40\""));
  const std::string alt =
      "Map of Test districts: value by local authority district across 4 areas, in 4 classes "
      "from 10 to 40. Highest: Stockton (40); lowest: Hartlepool (10).";
  CHECK(devomap::test::read_file(tmp / "map.html.alt.txt") == alt + "\n");
  CHECK_THAT(html, Catch::Contains("aria-label=\"" + alt + "\""));
}

TEST_CASE("render: the alt text goes beside every format; --alt-text overrides it",
          "[render][html]") {
  TempDir tmp;
  devomap::test::write_grid_districts(tmp / "d.geojson", false);
  for (const char* name : {"map.png", "map.svg", "map.pdf"}) {
    auto args = args_for(tmp / "d.geojson", tmp / name);
    args.insert(args.end(), {"--alt-text", "Four districts of Teesside."});
    const auto r = run_devomap(args);
    INFO(name << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(devomap::test::read_file(tmp / (std::string(name) + ".alt.txt")) ==
          "Four districts of Teesside.\n");
  }
  CHECK_THAT(devomap::test::read_file(tmp / "map.svg"),
             Catch::Contains("<desc id=\"map-desc\">Four districts of Teesside.</desc>"));
  // An existing alt text file is kept without --force, and the map is not written either.
  { std::ofstream(tmp / "new.svg.alt.txt") << "mine"; }
  const auto r = run_devomap(args_for(tmp / "d.geojson", tmp / "new.svg"));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("new.svg.alt.txt"));
  CHECK_THAT(r.err, Catch::Contains("--force"));
  CHECK(devomap::test::read_file(tmp / "new.svg.alt.txt") == "mine");
  CHECK_FALSE(fs::exists(tmp / "new.svg"));
}

TEST_CASE("render: --labels names the areas in SVG", "[render][labels]") {
  TempDir tmp;
  devomap::test::write_grid_districts(tmp / "d.geojson", false);
  auto args = args_for(tmp / "d.geojson", tmp / "plain.svg");
  REQUIRE(run_devomap(args).exit_code == 0);
  CHECK(devomap::test::read_file(tmp / "plain.svg").find("id=\"labels\"") == std::string::npos);
  args.back() = (tmp / "labelled.svg").string();
  args.push_back("--labels");
  const auto r = run_devomap(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string svg = devomap::test::read_file(tmp / "labelled.svg");
  const auto at = svg.find("<g id=\"labels\"");
  REQUIRE(at != std::string::npos);
  CHECK(svg.find(">Stockton</text>", at) != std::string::npos);
  CHECK(svg.find(">Hartlepool</text>", at) != std::string::npos);
}

TEST_CASE("render: UK districts get a London inset unless --no-inset", "[render][inset]") {
  const auto data = devomap::test::real_data_dir("render London inset");
  if (!data) return;
  TempDir tmp;
  const std::string layer = (*data / "lad_2024_uk_buc.gpkg").string();
  auto r = run_devomap(
      {"render", "--layer", layer, "--field", "area_km2", "--out", (tmp / "uk.svg").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string svg = devomap::test::read_file(tmp / "uk.svg");
  CHECK_THAT(svg, Catch::Contains("<g id=\"inset-map\" clip-path=\"url(#inset-frame)\">"));
  CHECK_THAT(svg, Catch::Contains("data-name=\"Camden\""));
  CHECK_THAT(svg, Catch::Contains(">London</text>"));
  r = run_devomap({"render", "--layer", layer, "--field", "area_km2", "--no-inset", "--out",
                   (tmp / "plain.svg").string()});
  REQUIRE(r.exit_code == 0);
  CHECK(devomap::test::read_file(tmp / "plain.svg").find("inset-map") == std::string::npos);
}
