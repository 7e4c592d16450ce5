// devomap render for reports: page layout, PNG/SVG/PDF from one command, tiling, and safe file
// writing. Most tests use a small GeoJSON written here; the golden page uses the real districts.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "support/image_compare.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using devomap::test::run_devomap;
using devomap::test::TempDir;

namespace {

std::vector<std::string> render_args(const fs::path& layer, const fs::path& out) {
  return {"render",         "--layer",    layer.string(),      "--field",  "value",
          "--method",       "equal",      "--classes",         "4",        "--title",
          "Test districts", "--subtitle", "Value by district", "--source", "Source: devomap tests",
          "--width",        "640",        "--height",          "480",      "--out",
          out.string()};
}

fs::path golden(const std::string& name) {
  return devomap::test::source_dir() / "tests/golden" / name;
}

}  // namespace

TEST_CASE("render: PNG, SVG and PDF of one page look the same", "[render][export]") {
  TempDir tmp;
  devomap::test::write_grid_districts(tmp / "districts.geojson", true);
  for (const char* name : {"map.png", "map.svg", "map.pdf"}) {
    const auto r = run_devomap(render_args(tmp / "districts.geojson", tmp / name));
    INFO(name << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("640x480 px"));
  }
  // The PDF rasterised at the page's DPI against the PNG: only antialiasing of edges and
  // glyphs differs (a channel by more than 64/255 on under 1.5 % of pixels); a missing area,
  // a wrong class colour, the legend swatches or the title would each exceed that.
  const std::string cmd = "pdftoppm -r 96 -png -singlefile '" + (tmp / "map.pdf").string() + "' '" +
                          (tmp / "pdf").string() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  auto d = devomap::test::compare_png(tmp / "map.png", tmp / "pdf.png", 64,
                                      fs::path(DEVOMAP_BINARY).parent_path() / "diff-pdf-png.png");
  INFO(d.error);
  REQUIRE(d.same_size);
  INFO(d.differing << " of " << d.total << " pixels differ");
  CHECK(d.fraction() <= 0.015);

  if (std::system("command -v rsvg-convert >/dev/null 2>&1") == 0) {
    const std::string svg_cmd = "rsvg-convert -b white -w 640 -h 480 -o '" +
                                (tmp / "svg.png").string() + "' '" + (tmp / "map.svg").string() +
                                "'";
    REQUIRE(std::system(svg_cmd.c_str()) == 0);
    d = devomap::test::compare_png(tmp / "map.png", tmp / "svg.png", 64);
    INFO(d.error);
    REQUIRE(d.same_size);
    INFO(d.differing << " of " << d.total << " SVG pixels differ");
    CHECK(d.fraction() <= 0.015);
  } else {
    std::cout << "SKIPPED: SVG raster comparison: rsvg-convert (librsvg2-bin) not installed\n";
  }
  // The layer's fields were ONS-style (LAD24CD): the OGL attribution with the year is added.
  CHECK_THAT(devomap::test::read_file(tmp / "map.svg"),
             Catch::Contains("Source: devomap tests. Contains OS data \xC2\xA9 Crown copyright "
                             "and database right 2024."));
}

TEST_CASE("render: a PNG rendered in tiles equals the untiled one", "[render][export]") {
  TempDir tmp;
  devomap::test::write_grid_districts(tmp / "districts.geojson", true);
  auto args = render_args(tmp / "districts.geojson", tmp / "whole.png");
  REQUIRE(run_devomap(args).exit_code == 0);
  args.back() = (tmp / "tiled.png").string();
  // 100 px tiles: 7 x 5 tiles with seams through the map, legend and text.
  ::setenv("DEVOMAP_MAX_TILE_PX", "100", 1);
  const auto r = run_devomap(args);
  ::unsetenv("DEVOMAP_MAX_TILE_PX");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto d = devomap::test::compare_png(tmp / "whole.png", tmp / "tiled.png", 24);
  REQUIRE(d.same_size);
  INFO(d.differing << " of " << d.total << " pixels differ");
  CHECK(d.differing <= 20);  // rounding at a few edge pixels at most
  // A bad value is a clear error, not a silent untiled render.
  args.back() = (tmp / "bad.png").string();
  ::setenv("DEVOMAP_MAX_TILE_PX", "lots", 1);
  const auto bad = run_devomap(args);
  ::unsetenv("DEVOMAP_MAX_TILE_PX");
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("DEVOMAP_MAX_TILE_PX"));
  CHECK_FALSE(fs::exists(tmp / "bad.png"));
}

TEST_CASE("render: the real districts in 1024 px tiles equal one 2000 px tile",
          "[render][export]") {
  const auto data = devomap::test::real_data_dir("render tiles of the generalised districts");
  if (!data) return;
  TempDir tmp;
  std::vector<std::string> args = {"render",
                                   "--layer",
                                   (*data / "lad_2024_uk_bgc.gpkg").string(),
                                   "--field",
                                   "area_km2",
                                   "--width",
                                   "2000",
                                   "--height",
                                   "2000",
                                   "--out",
                                   (tmp / "one.png").string()};
  ::setenv("DEVOMAP_MAX_TILE_PX", "2000", 1);
  const auto one = run_devomap(args);
  ::setenv("DEVOMAP_MAX_TILE_PX", "1024", 1);
  args.back() = (tmp / "tiled.png").string();
  const auto tiled = run_devomap(args);
  ::unsetenv("DEVOMAP_MAX_TILE_PX");
  REQUIRE(one.exit_code == 0);
  REQUIRE(tiled.exit_code == 0);
  // Every tile draws through one page-wide viewport: a seam out by one pixel would change
  // thousands of pixels along it; float rounding flips a sample at a few dozen edge pixels.
  const auto d = devomap::test::compare_png(tmp / "one.png", tmp / "tiled.png", 0);
  REQUIRE(d.same_size);
  INFO(d.differing << " of " << d.total << " pixels differ");
  CHECK(d.differing <= 200);
}

TEST_CASE("render: the output format comes from the extension", "[render][export]") {
  TempDir tmp;
  devomap::test::write_grid_districts(tmp / "districts.geojson", true);
  const auto r = run_devomap(render_args(tmp / "districts.geojson", tmp / "map.jpg"));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("map.jpg"));
  CHECK_THAT(r.err, Catch::Contains(".png, .svg, .pdf or .html"));
  CHECK_FALSE(fs::exists(tmp / "map.jpg"));
  // Upper case works too.
  CHECK(run_devomap(render_args(tmp / "districts.geojson", tmp / "MAP.SVG")).exit_code == 0);
}

TEST_CASE("render: existing files are kept without --force, for every format", "[render][export]") {
  TempDir tmp;
  devomap::test::write_grid_districts(tmp / "districts.geojson", true);
  for (const char* name : {"keep.png", "keep.svg", "keep.pdf"}) {
    { std::ofstream(tmp / name) << "mine"; }
    auto args = render_args(tmp / "districts.geojson", tmp / name);
    const auto r = run_devomap(args);
    INFO(name);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("--force"));
    CHECK(devomap::test::read_file(tmp / name) == "mine");
    args.push_back("--force");
    CHECK(run_devomap(args).exit_code == 0);
    CHECK(devomap::test::read_file(tmp / name).size() > 100);
  }
  // Nothing but the fixture, the three outputs and their alt texts: no temporary files left.
  int files = 0;
  for (const auto& e : fs::directory_iterator(tmp.path())) files += e.is_regular_file();
  CHECK(files == 7);
}

TEST_CASE("render: an unwritable folder is a clear error and leaves no file", "[render][export]") {
  TempDir tmp;
  devomap::test::write_grid_districts(tmp / "districts.geojson", true);
  fs::path folder = tmp / "read-only";
  fs::create_directory(folder);
  fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
  if (std::ofstream(folder / "probe")) {
    // Root ignores permissions; sysfs refuses new files even to root.
    fs::remove(folder / "probe");
    folder = "/sys";
    if (std::ofstream(folder / "devomap-probe") || !fs::is_directory(folder)) {
      std::cout << "SKIPPED: no unwritable folder for this user\n";
      return;
    }
  }
  for (const char* name : {"map.png", "map.svg", "map.pdf"}) {
    const auto r = run_devomap(render_args(tmp / "districts.geojson", folder / name));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains((folder / name).string()));
    CHECK_THAT(r.err, Catch::Contains("not writable"));
    CHECK_FALSE(fs::exists(folder / name));
  }
  if (folder != "/sys") CHECK(fs::is_empty(folder));
}

TEST_CASE("render: page options are checked before any work", "[render][export]") {
  TempDir tmp;
  devomap::test::write_grid_districts(tmp / "districts.geojson", true);
  const std::string layer = (tmp / "districts.geojson").string();
  const std::string out = (tmp / "x.png").string();
  // A malformed or out-of-range option value is a usage error (exit 2).
  auto r = run_devomap({"render", "--layer", layer, "--paper", "letter", "--out", out});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("A4, A3 or slide"));
  r = run_devomap({"render", "--layer", layer, "--paper", "A4", "--dpi", "1200", "--out", out});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("72..600"));
  for (const auto& [option, value] : std::vector<std::pair<std::string, std::string>>{
           {"--method", "magic"}, {"--crs", "mars"}, {"--number-format", "roman"}}) {
    r = run_devomap({"render", "--layer", layer, option, value, "--out", out});
    INFO(option);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(value));
  }
  // --paper and --width contradict each other; --landscape needs a paper.
  CHECK(run_devomap({"render", "--layer", layer, "--paper", "A4", "--width", "800", "--out", out})
            .exit_code == 2);
  CHECK(run_devomap({"render", "--layer", layer, "--landscape", "--out", out}).exit_code == 2);
  CHECK_FALSE(fs::exists(out));
  // A paper page gets its pixel size from the DPI.
  r = run_devomap(
      {"render", "--layer", layer, "--paper", "A4", "--landscape", "--dpi", "72", "--out", out});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("842x595 px, A4 landscape at 72 dpi"));
}

TEST_CASE("render: an A4 page with title, legend, scale bar and source matches the golden image",
          "[render][export]") {
  const auto data = devomap::test::real_data_dir("render golden A4 page");
  if (!data) return;
  const std::string name = "render-lad-a4-page.png";
  const fs::path out = fs::path(DEVOMAP_BINARY).parent_path() / name;
  fs::remove(out);
  fs::remove(out.string() + ".alt.txt");
  // The golden image predates the London inset (tests/cli/test_render_html.cpp covers it).
  const auto r = run_devomap(
      {"render", "--layer", (*data / "lad_2024_uk_buc_shp/LAD_2024_UK_BUC.shp").string(), "--field",
       "area_km2", "--paper", "A4", "--dpi", "72", "--title", "Area of local authority districts",
       "--subtitle", "UK, December 2024 boundaries", "--source", "Areas computed by devomap",
       "--no-inset", "--out", out.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const fs::path expected = golden(name);
  if (std::getenv("DEVOMAP_UPDATE_GOLDEN")) {
    fs::copy_file(out, expected, fs::copy_options::overwrite_existing);
    WARN("golden image updated: " << expected);
  }
  REQUIRE(fs::exists(expected));
  // Same tolerance as the other golden image (test_render.cpp).
  const fs::path diff = fs::path(DEVOMAP_BINARY).parent_path() / ("diff-" + name);
  const auto d = devomap::test::compare_png(expected, out, 24, diff);
  INFO(d.error);
  REQUIRE(d.same_size);
  INFO(d.differing << " of " << d.total << " pixels differ; diff image: " << diff);
  CHECK(d.fraction() <= 0.005);
}

TEST_CASE("render: a table that matches no area is an error, one matching few a warning",
          "[render][join]") {
  TempDir tmp;
  devomap::test::write_grid_districts(tmp / "districts.geojson", true);
  // Ward codes against districts: a map of nothing but "no data" is not what was asked for.
  std::ofstream(tmp / "wards.csv") << "code,v\nE05000026,1\nE05000027,2\n";
  const auto none = run_devomap({"render", "--layer", (tmp / "districts.geojson").string(),
                                 "--table", (tmp / "wards.csv").string(), "--field", "v", "--out",
                                 (tmp / "none.svg").string()});
  CHECK(none.exit_code == 1);
  CHECK_THAT(none.err, Catch::Contains("no area matched wards.csv") &&
                           Catch::Contains("E05000026") && Catch::Contains("E06000001"));
  CHECK_FALSE(fs::exists(tmp / "none.svg"));

  std::ofstream(tmp / "one.csv") << "code,v\nE06000001,1\n";
  const auto few = run_devomap({"render", "--layer", (tmp / "districts.geojson").string(),
                                "--table", (tmp / "one.csv").string(), "--field", "v", "--out",
                                (tmp / "few.svg").string()});
  INFO(few.err);
  CHECK(few.exit_code == 0);
  CHECK_THAT(few.err, Catch::Contains("warning: only 1 of 4 areas matched one.csv"));
}

TEST_CASE("render, classify: a long table needs --filter, which a saved spec keeps",
          "[render][join]") {
  TempDir tmp;
  devomap::test::write_grid_districts(tmp / "districts.geojson", true);
  std::ofstream(tmp / "long.csv") << "code,Indicator,value\n"
                                     "E06000001,Pay,500\nE06000001,Jobs rate,70\n"
                                     "E06000002,Pay,480\nE06000002,Jobs rate,65\n"
                                     "E06000003,Pay,510\nE06000003,Jobs rate,72\n";
  const std::vector<std::string> base = {"render",
                                         "--layer",
                                         (tmp / "districts.geojson").string(),
                                         "--table",
                                         (tmp / "long.csv").string(),
                                         "--field",
                                         "value"};
  auto args = base;
  args.insert(args.end(), {"--out", (tmp / "a.svg").string()});
  const auto refused = run_devomap(args);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err,
             Catch::Contains("long table") && Catch::Contains("(--filter COLUMN=VALUE)"));
  CHECK_FALSE(fs::exists(tmp / "a.svg"));

  args = base;
  args.insert(args.end(), {"--filter", "Indicator=Pay", "--out", (tmp / "b.svg").string(),
                           "--save-spec", (tmp / "b.json").string()});
  const auto chosen = run_devomap(args);
  INFO(chosen.err);
  REQUIRE(chosen.exit_code == 0);
  CHECK_THAT(chosen.err, Catch::Contains("kept 3 of 6 rows"));
  const std::string spec = devomap::test::read_file(tmp / "b.json");
  CHECK_THAT(spec, Catch::Contains("\"filter\"") && Catch::Contains("\"devomap_map_spec\": 2"));
  const auto again =
      run_devomap({"render", (tmp / "b.json").string(), "--out", (tmp / "c.svg").string()});
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(devomap::test::read_file(tmp / "c.svg") == devomap::test::read_file(tmp / "b.svg"));

  const auto classified = run_devomap({"classify", "--table", (tmp / "long.csv").string(),
                                       "--filter", "Indicator=Jobs rate", "--field", "value",
                                       "--method", "equal", "--classes", "2", "--json"});
  INFO(classified.err);
  CHECK(classified.exit_code == 0);
  CHECK_THAT(classified.out, Catch::Contains("\"edges\":[65.0,68.0,72.0]"));
}

TEST_CASE("render: repaired polygons are reported, never silent", "[render]") {
  TempDir tmp;
  // A self-intersecting bow-tie beside a square, in British National Grid metres.
  std::ofstream(tmp / "bowtie.geojson")
      << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":)"
         R"("urn:ogc:def:crs:EPSG::27700"}},"features":[)"
         R"({"type":"Feature","properties":{"LAD24CD":"E06000001"},"geometry":{"type":"Polygon",)"
         R"("coordinates":[[[400000,300000],[410000,300000],[400000,310000],[410000,310000],)"
         R"([400000,300000]]]}},)"
         R"({"type":"Feature","properties":{"LAD24CD":"E06000002"},"geometry":{"type":"Polygon",)"
         R"("coordinates":[[[420000,300000],[421000,300000],[421000,301000],[420000,301000],)"
         R"([420000,300000]]]}}]})";
  const auto r = run_devomap(
      {"render", "--layer", (tmp / "bowtie.geojson").string(), "--out", (tmp / "b.svg").string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("bowtie.geojson: 1 invalid polygon was repaired"));
}
