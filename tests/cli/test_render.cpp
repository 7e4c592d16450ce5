// devomap render, run as a user would: golden image on the real district layer, exit codes and
// messages for bad input.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/image_compare.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using devomap::test::run_devomap;
using devomap::test::TempDir;

namespace {
// The golden image was rendered by this command on Mesa llvmpipe and checked by eye. A pixel
// differs when a channel moves by more than 24/255; up to 0.5 % of pixels may differ, enough
// for antialiasing and glyph rasterising differences between Mesa/FreeType builds, far too
// little to hide a missing area, a wrong class colour or a lost legend (each > 1 %).
constexpr int kChannelTolerance = 24;
constexpr double kMaxDiffFraction = 0.005;

fs::path golden(const std::string& name) {
  return devomap::test::source_dir() / "tests/golden" / name;
}

void check_against_golden(const fs::path& actual, const std::string& name) {
  const fs::path expected = golden(name);
  if (std::getenv("DEVOMAP_UPDATE_GOLDEN")) {
    fs::copy_file(actual, expected, fs::copy_options::overwrite_existing);
    WARN("golden image updated: " << expected);
  }
  REQUIRE(fs::exists(expected));
  const fs::path diff = fs::path(DEVOMAP_BINARY).parent_path() / ("diff-" + name);
  const auto d = devomap::test::compare_png(expected, actual, kChannelTolerance, diff);
  INFO("expected " << expected << ", actual " << actual << ": " << d.error);
  REQUIRE(d.loaded);
  REQUIRE(d.same_size);
  INFO(d.differing << " of " << d.total << " pixels differ; diff image: " << diff);
  CHECK(d.fraction() <= kMaxDiffFraction);
}
}  // namespace

TEST_CASE("render: district layer coloured by area_km2 matches the golden image") {
  const auto data = devomap::test::real_data_dir("render golden district map");
  if (!data) return;
  // Keep the actual image beside the binary so a failing run can be inspected.
  const fs::path out = fs::path(DEVOMAP_BINARY).parent_path() / "render-lad-area.png";
  fs::remove(out);
  fs::remove(out.string() + ".alt.txt");
  // The golden image predates the London inset (tests/cli/test_render_html.cpp covers it).
  const auto r = run_devomap(
      {"render", "--layer", (*data / "lad_2024_uk_buc_shp/LAD_2024_UK_BUC.shp").string(), "--field",
       "area_km2", "--width", "800", "--height", "600", "--no-inset", "--out", out.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  check_against_golden(out, "render-lad-area.png");
}

TEST_CASE("render: the GeoPackage in EPSG:4326 gives the same picture as the shapefile") {
  const auto data = devomap::test::real_data_dir("render gpkg vs shp");
  if (!data) return;
  TempDir tmp;
  const auto a = run_devomap(
      {"render", "--layer", (*data / "lad_2024_uk_buc_shp/LAD_2024_UK_BUC.shp").string(), "--field",
       "area_km2", "--width", "400", "--height", "300", "--out", (tmp / "shp.png").string()});
  const auto b = run_devomap({"render", "--layer", (*data / "lad_2024_uk_buc.gpkg").string(),
                              "--field", "area_km2", "--width", "400", "--height", "300", "--out",
                              (tmp / "gpkg.png").string()});
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  // Same areas, same classes; reprojected vertices differ by centimetres, so only edge pixels move.
  const auto d = devomap::test::compare_png(tmp / "shp.png", tmp / "gpkg.png", kChannelTolerance);
  REQUIRE(d.same_size);
  CHECK(d.fraction() <= 0.02);
}

TEST_CASE("render: bad input gives one clear line and exit code 1") {
  TempDir tmp;
  SECTION("missing file") {
    const auto r = run_devomap(
        {"render", "--layer", (tmp / "nowhere.shp").string(), "--out", (tmp / "x.png").string()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("nowhere.shp"));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(tmp / "x.png"));
  }
  SECTION("output exists and no --force") {
    const auto data = devomap::test::real_data_dir("render refuses to overwrite");
    if (!data) return;
    { std::ofstream(tmp / "keep.png") << "mine"; }
    const auto r = run_devomap({"render", "--layer", (*data / "lad_2024_uk_buc.gpkg").string(),
                                "--out", (tmp / "keep.png").string()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("--force"));
    std::ifstream in(tmp / "keep.png");
    std::string content;
    in >> content;
    CHECK(content == "mine");
  }
  SECTION("non-numeric field") {
    const auto data = devomap::test::real_data_dir("render non-numeric field");
    if (!data) return;
    const auto r = run_devomap({"render", "--layer", (*data / "lad_2024_uk_buc.gpkg").string(),
                                "--field", "LAD24NM", "--out", (tmp / "x.png").string()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("LAD24NM"));
    CHECK_THAT(r.err, Catch::Contains("area_km2"));  // the message lists the numeric fields
  }
  SECTION("unknown palette") {
    const auto data = devomap::test::real_data_dir("render unknown palette");
    if (!data) return;
    const auto r =
        run_devomap({"render", "--layer", (*data / "lad_2024_uk_buc.gpkg").string(), "--field",
                     "area_km2", "--palette", "NoSuchScheme", "--out", (tmp / "x.png").string()});
    CHECK(r.exit_code == 2);  // a malformed option value, whatever the layer
    CHECK_THAT(r.err, Catch::Contains("NoSuchScheme"));
  }
}

TEST_CASE("render: usage errors exit with code 2") {
  CHECK(run_devomap({"render"}).exit_code == 2);  // --layer, --out missing
  CHECK(run_devomap({"render", "--layer", "x.shp", "--out", "y.png", "--width", "0"}).exit_code ==
        2);
  CHECK(run_devomap({"no-such-command"}).exit_code != 0);
  CHECK(run_devomap({"--help"}).exit_code == 0);
}
