// devomap render with map specs and atlases: a spec saved from a render renders the same
// picture, options override a spec, views, bad specs, and --each writing one map per value.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/image_compare.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using devomap::test::run_devomap;
using devomap::test::TempDir;

namespace {

// Six districts in a 3 x 2 grid on the British National Grid, in two authorities (the last one
// in none), named like ONS fields.
void write_districts(const fs::path& path) {
  std::ofstream out(path);
  out << R"({"type":"FeatureCollection",
"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},
"features":[)";
  const char* authority[] = {"E47000001", "E47000001", "E47000002", "E47000002", "E47000002", ""};
  const char* authority_name[] = {"North Side",   "North Side",   "South & Vale",
                                  "South & Vale", "South & Vale", ""};
  for (int i = 0; i < 6; ++i) {
    const int x = 400000 + (i % 3) * 40000, y = 500000 + (i / 3) * 40000;
    out << (i ? "," : "") << R"({"type":"Feature","properties":{"LAD24CD":"E0600000)" << i + 1
        << R"(","LAD24NM":"District )" << i + 1 << R"(","CAUTH24CD":")" << authority[i]
        << R"(","CAUTH24NM":")" << authority_name[i] << R"(","value":)" << (i + 1) * 10
        << R"(},"geometry":{"type":"Polygon","coordinates":[[)";
    out << "[" << x << "," << y << "],[" << x + 40000 << "," << y << "],[" << x + 40000 << ","
        << y + 40000 << "],[" << x << "," << y + 40000 << "],[" << x << "," << y << "]]";
    out << "]}}";
  }
  out << "]}\n";
}

std::vector<std::string> base_args(const fs::path& layer, const fs::path& out) {
  return {"render",    "--layer",  layer.string(), "--field", "value",     "--method", "equal",
          "--classes", "3",        "--palette",    "Oranges", "--title",   "Values",   "--width",
          "480",       "--height", "360",          "--out",   out.string()};
}

}  // namespace

TEST_CASE("render --save-spec: rendering the saved spec gives the same PNG", "[spec][render]") {
  TempDir tmp;
  write_districts(tmp / "districts.geojson");
  auto args = base_args(tmp / "districts.geojson", tmp / "first.png");
  args.insert(args.end(), {"--subtitle", "By district", "--no-north-arrow", "--save-spec",
                           (tmp / "map.json").string()});
  const auto first = run_devomap(args);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Catch::Contains("map.json (map spec)"));
  const std::string spec = devomap::test::read_file(tmp / "map.json");
  CHECK_THAT(spec, Catch::Contains("\"devomap_map_spec\": 1"));
  CHECK_THAT(spec, Catch::Contains("\"path\": \"districts.geojson\""));  // relative: beside it
  CHECK_THAT(spec, Catch::Contains("\"palette\": \"Oranges\""));
  CHECK_THAT(spec, Catch::Contains("\"north_arrow\": false"));

  const auto again =
      run_devomap({"render", (tmp / "map.json").string(), "--out", (tmp / "second.png").string()});
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  const auto d = devomap::test::compare_png(tmp / "first.png", tmp / "second.png", 0);
  REQUIRE(d.same_size);
  CHECK(d.differing == 0);

  // The spec and its data move together: relative paths follow the spec's folder.
  fs::create_directories(tmp / "moved");
  fs::copy_file(tmp / "map.json", tmp / "moved/map.json");
  fs::copy_file(tmp / "districts.geojson", tmp / "moved/districts.geojson");
  const auto moved = run_devomap(
      {"render", (tmp / "moved/map.json").string(), "--out", (tmp / "moved/third.png").string()});
  INFO(moved.err);
  REQUIRE(moved.exit_code == 0);
  CHECK(devomap::test::compare_png(tmp / "first.png", tmp / "moved/third.png", 0).differing == 0);

  // Saving over an existing spec needs --force, like any output.
  auto twice = args;
  const auto out = std::find(twice.begin(), twice.end(), std::string("--out"));
  REQUIRE(out != twice.end());
  *(out + 1) = (tmp / "other.png").string();
  const auto refused = run_devomap(twice);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("map.json"));
  CHECK_FALSE(fs::exists(tmp / "other.png"));
}

TEST_CASE("render SPEC: options given override the spec's values", "[spec][render]") {
  TempDir tmp;
  write_districts(tmp / "districts.geojson");
  auto args = base_args(tmp / "districts.geojson", tmp / "first.svg");
  args.insert(args.end(), {"--save-spec", (tmp / "map.json").string()});
  REQUIRE(run_devomap(args).exit_code == 0);

  const auto r = run_devomap({"render", (tmp / "map.json").string(), "--title", "Other title",
                              "--palette", "Greens", "--out", (tmp / "second.svg").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("480x360 px"));  // the spec's page stays
  const std::string svg = devomap::test::read_file(tmp / "second.svg");
  CHECK_THAT(svg, Catch::Contains("Other title"));
  CHECK(svg.find(">Values<") == std::string::npos);
  CHECK_THAT(devomap::test::read_file(tmp / "first.svg"),
             Catch::Contains("#fee6ce"));       // Oranges, 3 classes
  CHECK_THAT(svg, Catch::Contains("#e5f5e0"));  // Greens, 3 classes
  CHECK_THAT(svg, Catch::Contains("data-code=\"E06000006\""));

  // --paper switches the spec's pixel page to paper at print resolution.
  const auto paper = run_devomap({"render", (tmp / "map.json").string(), "--paper", "A4", "--dpi",
                                  "72", "--out", (tmp / "a4.pdf").string()});
  INFO(paper.err);
  CHECK(paper.exit_code == 0);
  CHECK_THAT(paper.out, Catch::Contains("A4 portrait at 72 dpi"));
}

TEST_CASE("render SPEC: views, a camera, and errors naming the JSON path", "[spec][render]") {
  TempDir tmp;
  write_districts(tmp / "districts.geojson");
  std::ofstream(tmp / "map.json") << R"({
  "devomap_map_spec": 1,
  "source": {"layers": [{"path": "districts.geojson"}]},
  "style": {"field": "value", "method": "equal", "classes": 3},
  "page": {"width": 400, "height": 400},
  "layout": {"title": "Whole", "legend": false, "scale_bar": false, "north_arrow": false},
  "views": [
    {"name": "corner", "camera": {"extent": [400000, 500000, 440000, 540000]},
     "style": {"palette": "Reds"}}
  ]
})";
  const auto whole =
      run_devomap({"render", (tmp / "map.json").string(), "--out", (tmp / "whole.png").string()});
  INFO(whole.err);
  REQUIRE(whole.exit_code == 0);
  const auto corner = run_devomap({"render", (tmp / "map.json").string(), "--view", "corner",
                                   "--out", (tmp / "corner.png").string()});
  INFO(corner.err);
  REQUIRE(corner.exit_code == 0);
  // The view fills the frame with district 1 in the lightest red (Reds, 3 classes: #fee0d2).
  unsigned char px[4];
  REQUIRE(devomap::test::read_pixel(tmp / "corner.png", 200, 220, px));
  CHECK(int(px[0]) == 0xfe);
  CHECK(int(px[1]) == 0xe0);
  CHECK(int(px[2]) == 0xd2);

  const auto missing = run_devomap({"render", (tmp / "map.json").string(), "--view", "north",
                                    "--out", (tmp / "x.png").string()});
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("--view north") && Catch::Contains("corner"));

  std::ofstream(tmp / "bad.json") << R"({"devomap_map_spec": 1, "style": {"classes": "five"}})";
  const auto bad =
      run_devomap({"render", (tmp / "bad.json").string(), "--out", (tmp / "x.png").string()});
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("bad.json: style.classes: expected a whole number, got "
                                      "\"five\""));
  std::ofstream(tmp / "new.json") << R"({"devomap_map_spec": 3})";
  const auto newer =
      run_devomap({"render", (tmp / "new.json").string(), "--out", (tmp / "x.png").string()});
  CHECK(newer.exit_code == 1);
  CHECK_THAT(newer.err, Catch::Contains("newer devomap"));
  CHECK_FALSE(fs::exists(tmp / "x.png"));
}

TEST_CASE("render --deck: a PDF page per view, or a file per view", "[spec][render][deck]") {
  TempDir tmp;
  write_districts(tmp / "districts.geojson");
  std::ofstream(tmp / "deck.json") << R"({
  "devomap_map_spec": 1,
  "source": {"layers": [{"path": "districts.geojson"}]},
  "style": {"field": "value", "method": "equal", "classes": 3},
  "page": {"width": 400, "height": 400},
  "views": [
    {"name": "corner", "camera": {"extent": [400000, 500000, 440000, 540000]},
     "style": {"palette": "Reds"}},
    {"name": "whole / all"}
  ]
})";
  const auto pdf = run_devomap(
      {"render", (tmp / "deck.json").string(), "--deck", "--out", (tmp / "deck.pdf").string()});
  INFO(pdf.err);
  REQUIRE(pdf.exit_code == 0);
  CHECK_THAT(pdf.out, Catch::Contains("(2 pages)"));
  const std::string text = devomap::test::read_file(tmp / "deck.pdf");
  std::size_t pages = 0;
  for (auto at = text.find("/Type /Page"); at != std::string::npos;
       at = text.find("/Type /Page", at + 1))
    pages += text.compare(at, 12, "/Type /Pages") != 0;
  CHECK(pages == 2);
  // Each page is named by its view (text is kept as text in the PDF).
  const std::string alt = devomap::test::read_file(tmp / "deck.pdf.alt.txt");
  CHECK_THAT(alt, Catch::Contains("Page 1: ") && Catch::Contains("Page 2: "));

  const auto files = run_devomap({"render", (tmp / "deck.json").string(), "--deck", "--out",
                                  (tmp / "slides/{view}.png").string()});
  INFO(files.err);
  REQUIRE(files.exit_code == 0);
  CHECK(fs::exists(tmp / "slides/corner.png"));
  CHECK(fs::exists(tmp / "slides/whole_all.png"));  // a file name safe on every system (as --each)
  // Each view is its own map (its camera and palette).
  CHECK(devomap::test::read_file(tmp / "slides/corner.png") !=
        devomap::test::read_file(tmp / "slides/whole_all.png"));

  // Bad requests say what to do; nothing is written.
  const auto png = run_devomap(
      {"render", (tmp / "deck.json").string(), "--deck", "--out", (tmp / "deck.png").string()});
  CHECK(png.exit_code == 1);
  CHECK_THAT(png.err, Catch::Contains("only as a PDF") && Catch::Contains("{view}"));
  const auto again = run_devomap({"render", (tmp / "deck.json").string(), "--deck", "--out",
                                  (tmp / "slides/{view}.png").string()});
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err, Catch::Contains("--force"));
  std::ofstream(tmp / "none.json") << R"({"devomap_map_spec": 1,
    "source": {"layers": [{"path": "districts.geojson"}]}})";
  const auto none = run_devomap(
      {"render", (tmp / "none.json").string(), "--deck", "--out", (tmp / "none.pdf").string()});
  CHECK(none.exit_code == 1);
  CHECK_THAT(none.err, Catch::Contains("no views"));
  CHECK_FALSE(fs::exists(tmp / "none.pdf"));
  CHECK_FALSE(fs::exists(tmp / "deck.png"));
}

TEST_CASE("render --each: one map per value, zoomed, the rest dimmed", "[atlas][render]") {
  TempDir tmp;
  write_districts(tmp / "districts.geojson");
  const std::string pattern = (tmp / "maps/{value}-{name}.png").string();
  const std::vector<std::string> args = {"render",
                                         "--layer",
                                         (tmp / "districts.geojson").string(),
                                         "--field",
                                         "value",
                                         "--method",
                                         "equal",
                                         "--classes",
                                         "3",
                                         "--width",
                                         "400",
                                         "--height",
                                         "300",
                                         "--no-legend",
                                         "--no-scale-bar",
                                         "--no-north-arrow",
                                         "--each",
                                         "CAUTH24CD",
                                         "--out",
                                         pattern};
  const auto r = run_devomap(args);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const fs::path north = tmp / "maps/E47000001-North_Side.png";
  const fs::path south = tmp / "maps/E47000002-South_Vale.png";
  CHECK(fs::exists(north));
  CHECK(fs::exists(south));
  CHECK_THAT(r.out, Catch::Contains("E47000001-North_Side.png: North Side (E47000001), 2 areas"));
  CHECK_THAT(r.out, Catch::Contains("atlas: 2 maps, one per CAUTH24CD value"));
  CHECK_THAT(r.out, Catch::Contains("1 area has no CAUTH24CD"));

  // The page's areas keep their class colours (YlGnBu, 3 classes); the others are drawn
  // lighter and greyer, not left out.
  const long long bright_north = devomap::test::count_color(north, 0xed, 0xf8, 0xb1);
  CHECK(bright_north > 1000);  // districts 1 and 2 are in the lowest class
  const long long dark_in_north = devomap::test::count_color(north, 0x2c, 0x7f, 0xb8);
  CHECK(dark_in_north == 0);  // district 6 (top class) is dimmed on this page
  const long long mid_in_south = devomap::test::count_color(south, 0x7f, 0xcd, 0xbb);
  CHECK(mid_in_south > 1000);  // districts 3 and 4 are its own
  const long long dark_in_south = devomap::test::count_color(south, 0x2c, 0x7f, 0xb8);
  CHECK(dark_in_south > 1000);  // and district 5; district 6 (in none) is dimmed

  // Again: the files exist, so nothing is written without --force.
  const auto again = run_devomap(args);
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err,
             Catch::Contains("2 of the 2 atlas files exist already") && Catch::Contains("--force"));
  auto forced = args;
  forced.push_back("--force");
  CHECK(run_devomap(forced).exit_code == 0);

  // One file name for many maps is refused before anything is drawn.
  auto single = args;
  single.back() = (tmp / "one.png").string();
  const auto one = run_devomap(single);
  CHECK(one.exit_code == 1);
  CHECK_THAT(one.err, Catch::Contains("{value}"));
  CHECK_FALSE(fs::exists(tmp / "one.png"));

  auto unknown = args;
  unknown[unknown.size() - 3] = "REGION";
  const auto missing = run_devomap(unknown);
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("--each: one map per value of REGION") &&
                              Catch::Contains("CAUTH24CD"));
}

TEST_CASE("render --each on real districts: one map per combined authority",
          "[atlas][render][real]") {
  const auto data = devomap::test::real_data_dir("atlas of combined authorities");
  if (!data) return;
  TempDir tmp;
  const auto r = run_devomap({"render", "--layer", (*data / "lad_2024_uk_buc.gpkg").string(),
                              "--table", (*data / "lad24_cauth24_en_lu.csv").string(), "--field",
                              "area_km2", "--width", "500", "--height", "400", "--each",
                              "CAUTH24CD", "--out", (tmp / "atlas/{name}.png").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Greater_Manchester.png: Greater Manchester (E47000001), 10 "
                                    "areas"));
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(tmp / "atlas"))
    if (entry.path().extension() == ".png") ++files;
  CHECK(files >= 10);
  // Keep a few pages for a person to look at.
  const fs::path keep = fs::path(DEVOMAP_BINARY).parent_path() / "atlas-samples";
  fs::create_directories(keep);
  for (const char* name : {"Greater_Manchester.png", "West_Yorkshire.png"})
    if (fs::exists(tmp / "atlas" / name))
      fs::copy_file(tmp / "atlas" / name, keep / name, fs::copy_options::overwrite_existing);
}

TEST_CASE("render --save-spec on the UK devolution map renders the same again",
          "[spec][render][devolution]") {
  const auto data = devomap::test::real_data_dir("map spec of the default map");
  if (!data) return;
  TempDir tmp;
  {
    TempDir downloads;
    for (const char* f : {"lad_2024_uk_buc.gpkg", "ctry_2024_uk_buc.gpkg", "mye22final.xlsx"})
      fs::copy_file(*data / f, downloads / f);
    const auto r = run_devomap(
        {"--data-dir", (tmp / "data").string(), "fetch", "--from", downloads.path().string()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  const std::string data_dir = (tmp / "data").string();
  const auto first =
      run_devomap({"--data-dir", data_dir, "render", "--field", "per_head", "--classes", "4",
                   "--width", "500", "--height", "600", "--out", (tmp / "first.png").string(),
                   "--save-spec", (tmp / "uk.json").string()});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  const std::string spec = devomap::test::read_file(tmp / "uk.json");
  CHECK_THAT(spec, Catch::Contains("\"source\": \"default\""));
  CHECK_THAT(spec, Catch::Contains("\"units\": \"\xC2\xA3 per head of the mid-2022 population\""));
  const auto again = run_devomap({"--data-dir", data_dir, "render", (tmp / "uk.json").string(),
                                  "--out", (tmp / "second.png").string()});
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(devomap::test::compare_png(tmp / "first.png", tmp / "second.png", 0).differing == 0);

  // A hand-written spec naming a measure by its key gets the measure's legend and units.
  std::ofstream(tmp / "hand.json") << R"({"devomap_map_spec": 1, "style": {"field": "per_head",
    "classes": 4}, "page": {"width": 500, "height": 600}})";
  const auto hand = run_devomap({"--data-dir", data_dir, "render", (tmp / "hand.json").string(),
                                 "--out", (tmp / "hand.svg").string()});
  INFO(hand.err);
  REQUIRE(hand.exit_code == 0);
  CHECK_THAT(devomap::test::read_file(tmp / "hand.svg"),
             Catch::Contains("Devolved funding per head"));
  const auto wrong = run_devomap({"--data-dir", data_dir, "render", (tmp / "hand.json").string(),
                                  "--field", "happiness", "--out", (tmp / "x.png").string()});
  CHECK(wrong.exit_code == 1);
  CHECK_THAT(wrong.err, Catch::Contains("field happiness is not a measure"));
  CHECK_THAT(wrong.err, Catch::Contains("(--field NAME)"));
}
