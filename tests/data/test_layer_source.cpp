// Loading polygon layers (gdal::load_layer) on fixtures written with GDAL, and on the real ONS
// files when they are present.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <string>

#include "core/crosswalk.hpp"
#include "core/error.hpp"
#include "data/fixtures.hpp"
#include "gdal/crs_util.hpp"
#include "gdal/field_detect.hpp"
#include "gdal/layer_source.hpp"
#include "gdal/polygon_repair.hpp"
#include "support/test_support.hpp"

using namespace devomap;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// The one-line UserError text `load` throws; fails the test when it throws nothing.
template <class F>
std::string user_error(F&& load) {
  try {
    load();
  } catch (const UserError& e) {
    const std::string message = e.what();
    CHECK(message.find('\n') == std::string::npos);
    return message;
  }
  FAIL("expected a UserError");
  return {};
}

double sum_column(const Layer& layer, const std::string& name) {
  const auto index = layer.attributes.find(name);
  REQUIRE(index);
  const auto& values = layer.attributes.columns[*index].values;
  return std::accumulate(values.begin(), values.end(), 0.0);
}

double area_km2(const Layer& layer, std::size_t row) {
  const auto index = layer.attributes.find("area_km2");
  REQUIRE(index);
  return layer.attributes.columns[*index].values[row];
}

// Distance from `expected` to the nearest vertex of the layer's first shape.
double nearest_vertex(const Layer& layer, Vec2 expected) {
  double best = INFINITY;
  for (const Polygon& polygon : layer.shapes.at(0))
    for (const Vec2& v : polygon.outer)
      best = std::min(best, std::hypot(v.x - expected.x, v.y - expected.y));
  return best;
}

// A small triangle with one corner at (x, y), in the layer's own units (degrees or metres).
test::FixtureLayer triangle_at(double x, double y, double leg, int epsg) {
  test::FixtureLayer layer;
  layer.epsg = epsg;
  char wkt[256];
  std::snprintf(wkt, sizeof wkt, "POLYGON((%.11f %.11f,%.11f %.11f,%.11f %.11f,%.11f %.11f))", x, y,
                x + leg, y, x, y + leg, x, y);
  layer.features.push_back({wkt, {}});
  return layer;
}

const char* const kSquareWithHole =
    "POLYGON((400000 300000,410000 300000,410000 310000,400000 310000,400000 300000),"
    "(403000 303000,403000 307000,407000 307000,407000 303000,403000 303000))";

}  // namespace

// ---------------------------------------------------------------------------------------------
// Geometry

TEST_CASE("a square with a hole keeps its hole, open rings and orientation", "[io]") {
  test::TempDir dir;
  test::FixtureLayer fixture;
  fixture.features.push_back({kSquareWithHole, {}});
  const auto path = test::write_layer(dir / "holes.shp", "ESRI Shapefile", fixture);

  const Layer layer = gdal::load_layer(path);
  REQUIRE(layer.size() == 1);
  REQUIRE(layer.shapes[0].size() == 1);
  const Polygon& polygon = layer.shapes[0][0];
  REQUIRE(polygon.holes.size() == 1);
  CHECK(polygon.outer.size() == 4);  // closing vertex dropped
  CHECK(polygon.holes[0].size() == 4);
  CHECK(signed_area(polygon.outer) > 0);                       // counter-clockwise
  CHECK(signed_area(polygon.holes[0]) < 0);                    // clockwise
  CHECK(area(layer.shapes[0]) == Approx(84e6).epsilon(1e-9));  // source is already BNG
  CHECK(layer.source_crs.epsg == 27700);
  CHECK(layer.display_crs.epsg == 27700);
  CHECK_FALSE(layer.source_crs.guessed);
  // Equal-area km2 differ from BNG's planar m2 by its scale factor (0.9996 on the central
  // meridian).
  CHECK(area_km2(layer, 0) == Approx(84.0).epsilon(0.002));
  CHECK(layer.bounds.min_x == Approx(400000));
  CHECK(layer.bounds.max_y == Approx(310000));
  CHECK(layer.report.repaired == 0);
  CHECK(layer.report.skipped.empty());
}

TEST_CASE("multipolygons keep their islands and an island inside a lake", "[io]") {
  test::TempDir dir;
  test::FixtureLayer fixture;
  // Part 1: 10 km square with a 6 km lake; part 2: a 2 km island inside the lake; part 3: apart.
  fixture.geometry = wkbMultiPolygon;
  fixture.features.push_back(
      {"MULTIPOLYGON(((400000 300000,410000 300000,410000 310000,400000 310000,400000 300000),"
       "(402000 302000,402000 308000,408000 308000,408000 302000,402000 302000)),"
       "((404000 304000,406000 304000,406000 306000,404000 306000,404000 304000)),"
       "((420000 300000,425000 300000,425000 305000,420000 305000,420000 300000)))",
       {}});
  const auto path = test::write_layer(dir / "islands.gpkg", "GPKG", fixture);

  const Layer layer = gdal::load_layer(path);
  REQUIRE(layer.size() == 1);
  REQUIRE(layer.shapes[0].size() == 3);
  std::size_t holes = 0;
  for (const Polygon& p : layer.shapes[0]) holes += p.holes.size();
  CHECK(holes == 1);
  CHECK(area(layer.shapes[0]) == Approx((100.0 - 36.0 + 4.0 + 25.0) * 1e6));
  CHECK(layer.report.repaired == 0);
  CHECK(layer.hit_test({405000, 305000}) == 0u);  // on the island
  CHECK_FALSE(layer.hit_test({403000, 303000}));  // in the lake
}

TEST_CASE("a self-intersecting bow-tie is repaired and counted", "[io]") {
  test::TempDir dir;
  test::FixtureLayer fixture;
  fixture.fields = {{"CODE", OFTString}};
  fixture.features.push_back(
      {"POLYGON((400000 300000,410000 300000,400000 310000,410000 310000,"
       "400000 300000))",
       {"E06000001"}});
  fixture.features.push_back(
      {"POLYGON(" + test::square_ring(420000, 300000, 1000) + ")", {"E06000002"}});
  const auto path = test::write_layer(dir / "bowtie.gpkg", "GPKG", fixture);

  const Layer layer = gdal::load_layer(path);
  REQUIRE(layer.size() == 2);
  CHECK(layer.report.repaired == 1);
  // The two triangles either side of the crossing, 25 km2 each.
  CHECK(layer.shapes[0].size() == 2);
  CHECK(area(layer.shapes[0]) == Approx(50e6).epsilon(1e-9));
  CHECK(area_km2(layer, 0) == Approx(50.0).epsilon(0.002));
  CHECK(area_km2(layer, 1) == Approx(1.0).epsilon(0.002));
}

TEST_CASE("a repair that yields a collection keeps its polygon part", "[io]") {
  test::TempDir dir;
  test::FixtureLayer fixture;
  // A square with a spike: make-valid returns GEOMETRYCOLLECTION(POLYGON, LINESTRING).
  fixture.features.push_back(
      {"POLYGON((400000 300000,410000 300000,410000 310000,405000 310000,405000 315000,"
       "405000 310000,400000 310000,400000 300000))",
       {}});
  const auto path = test::write_layer(dir / "spike.gpkg", "GPKG", fixture);
  const Layer layer = gdal::load_layer(path);
  REQUIRE(layer.size() == 1);
  CHECK(layer.report.repaired == 1);
  CHECK(area(layer.shapes[0]) == Approx(100e6).epsilon(1e-9));
  CHECK(layer.bounds.max_y == Approx(310000));  // the spike is gone
}

TEST_CASE("empty and null geometries are skipped and reported with index and code", "[io]") {
  test::TempDir dir;
  test::FixtureLayer fixture = test::district_layer(3);
  fixture.features[1].wkt = "";               // no geometry
  fixture.features[2].wkt = "POLYGON EMPTY";  // empty geometry
  const auto path = test::write_layer(dir / "gaps.gpkg", "GPKG", fixture);

  const Layer layer = gdal::load_layer(path);
  CHECK(layer.size() == 1);
  CHECK(layer.attributes.row_count == 1);
  CHECK(layer.code(0) == "E06000001");
  CHECK(layer.report.features_read == 3);
  REQUIRE(layer.report.skipped.size() == 2);
  CHECK(layer.report.skipped[0] == "feature 2 (E06000002): no geometry");
  CHECK(layer.report.skipped[1] == "feature 3 (E06000003): empty geometry");
}

TEST_CASE("curved geometries are linearised", "[io]") {
  test::TempDir dir;
  test::FixtureLayer fixture;
  fixture.geometry = wkbCurvePolygon;
  // A circle of radius 1 km as one circular arc ring.
  fixture.features.push_back(
      {"CURVEPOLYGON(CIRCULARSTRING(401000 300000,399000 300000,401000 300000))", {}});
  const auto path = test::write_layer(dir / "circle.gpkg", "GPKG", fixture);
  const Layer layer = gdal::load_layer(path);
  REQUIRE(layer.size() == 1);
  CHECK(layer.shapes[0][0].outer.size() > 32);
  CHECK(area(layer.shapes[0]) == Approx(M_PI * 1e6).epsilon(0.01));
}

// ---------------------------------------------------------------------------------------------
// Validity fast path (the cheap test that spares GEOS for shapes that are certainly valid)

TEST_CASE("certainly_valid proves simple shapes and defers everything doubtful to GEOS", "[io]") {
  auto ring = [](std::initializer_list<Vec2> points) { return Ring(points); };
  const Polygon square{ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}),
                       {ring({{2, 2}, {2, 8}, {8, 8}, {8, 2}, {2, 2}})}};
  CHECK(gdal::certainly_valid({square}));
  // Collinear middle vertex on a straight edge and a repeated point are fine.
  CHECK(gdal::certainly_valid(
      {{ring({{0, 0}, {5, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}), {}}}));

  const Polygon bowtie{ring({{0, 0}, {10, 0}, {0, 10}, {10, 10}, {0, 0}}), {}};
  CHECK_FALSE(gdal::certainly_valid({bowtie}));
  gdal::GeosRepairer geos;
  CHECK_FALSE(geos.is_valid({bowtie}));

  // A hole touching the shell at a vertex is valid OGC (common in ONS BGC layers).
  const Polygon touching{ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}),
                         {ring({{0, 0}, {5, 2}, {2, 5}, {0, 0}})}};
  CHECK(gdal::certainly_valid({touching}));
  CHECK(geos.is_valid({touching}));
  // ... but touching at two points cuts the interior in two: invalid.
  const Polygon cut{ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}),
                    {ring({{0, 0}, {5, 2}, {10, 10}, {2, 5}, {0, 0}})}};
  CHECK_FALSE(gdal::certainly_valid({cut}));
  CHECK_FALSE(geos.is_valid({cut}));
  // Two holes crossing at a shared vertex overlap: invalid.
  const Polygon crossing{
      ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}),
      {ring({{5, 5}, {3, 2}, {7, 2}, {5, 5}}), ring({{5, 5}, {2, 3}, {8, 7}, {5, 5}})}};
  CHECK_FALSE(gdal::certainly_valid({crossing}));
  CHECK_FALSE(geos.is_valid({crossing}));
  MultiPolygon touching_shape{touching};
  CHECK(gdal::ensure_valid(touching_shape, geos) == gdal::Repair::AlreadyValid);

  // A hole outside its shell, nested holes and overlapping parts are invalid.
  const Polygon hole_outside{square.outer,
                             {ring({{20, 20}, {20, 25}, {25, 25}, {25, 20}, {20, 20}})}};
  CHECK_FALSE(gdal::certainly_valid({hole_outside}));
  CHECK_FALSE(geos.is_valid({hole_outside}));
  const Polygon nested{square.outer,
                       {ring({{1, 1}, {1, 9}, {9, 9}, {9, 1}, {1, 1}}),
                        ring({{3, 3}, {3, 7}, {7, 7}, {7, 3}, {3, 3}})}};
  CHECK_FALSE(gdal::certainly_valid({nested}));
  const Polygon inner{ring({{3, 3}, {7, 3}, {7, 7}, {3, 7}, {3, 3}}), {}};
  CHECK_FALSE(gdal::certainly_valid({Polygon{square.outer, {}}, inner}));
  CHECK_FALSE(geos.is_valid({Polygon{square.outer, {}}, inner}));
  // An island inside another part's hole is fine.
  CHECK(
      gdal::certainly_valid({square, Polygon{ring({{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}}), {}}}));
  // A spike (the ring doubles back on itself).
  CHECK_FALSE(gdal::certainly_valid(
      {{ring({{0, 0}, {10, 0}, {10, 10}, {5, 10}, {5, 15}, {5, 10}, {0, 10}, {0, 0}}), {}}}));
  // Too few points.
  CHECK_FALSE(gdal::certainly_valid({{ring({{0, 0}, {10, 0}, {0, 0}}), {}}}));
}

TEST_CASE("the fast validity check never passes a shape GEOS calls invalid", "[io]") {
  // Random star-shaped rings snapped to a coarse integer grid: the snapping makes shared
  // vertices, collinear edges, spikes, touching and crossing holes and overlapping parts. GEOS
  // is the oracle; ensure_valid must agree with it exactly.
  std::mt19937 random(20241128);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  double snap = 1.0;
  auto star = [&](double cx, double cy, double r_min, double r_max, int corners) {
    std::vector<double> angles;
    for (int i = 0; i < corners; ++i) angles.push_back(unit(random) * 2 * M_PI);
    std::sort(angles.begin(), angles.end());
    Ring ring;
    for (double a : angles) {
      const double r = r_min + unit(random) * (r_max - r_min);
      ring.push_back({std::round((cx + r * std::cos(a)) / snap) * snap,
                      std::round((cy + r * std::sin(a)) / snap) * snap});
    }
    ring.push_back(ring.front());
    return ring;
  };
  gdal::GeosRepairer geos;
  int proven = 0, valid = 0;
  for (int iteration = 0; iteration < 8000; ++iteration) {
    snap = iteration % 2 ? 2.0 : 1.0;  // the coarser grid makes more shared vertices
    MultiPolygon shape;
    const int parts = 1 + static_cast<int>(random() % 3);
    for (int p = 0; p < parts; ++p) {
      const double cx = 10 + 14 * p + (unit(random) - 0.5) * 8;
      Polygon polygon{star(cx, 10, 3, 10, 3 + static_cast<int>(random() % 10)), {}};
      const int holes = static_cast<int>(random() % 4);
      for (int h = 0; h < holes; ++h)
        polygon.holes.push_back(star(cx + (unit(random) - 0.5) * 10, 10 + (unit(random) - 0.5) * 10,
                                     1, 4, 3 + static_cast<int>(random() % 4)));
      shape.push_back(std::move(polygon));
    }
    const bool truth = geos.is_valid(shape);
    const bool quick = gdal::certainly_valid(shape);
    if (quick && !truth)
      FAIL_CHECK("certainly_valid passed a GEOS-invalid shape, iteration " << iteration);
    MultiPolygon copy = shape;
    const bool kept = gdal::ensure_valid(copy, geos) == gdal::Repair::AlreadyValid;
    if (kept != truth) FAIL_CHECK("ensure_valid disagrees with GEOS, iteration " << iteration);
    proven += quick;
    valid += truth;
  }
  // The generator must exercise both answers, and the fast path must carry most valid shapes.
  CHECK(valid > 600);
  CHECK(valid < 7000);
  CHECK(proven > valid / 2);
  INFO("GEOS-valid " << valid << ", proven by the fast check " << proven);
}

// ---------------------------------------------------------------------------------------------
// CRS

TEST_CASE("a layer without CRS in British National Grid's range is assumed EPSG:27700", "[io]") {
  test::TempDir dir;
  test::FixtureLayer fixture = test::district_layer(2);
  fixture.epsg.reset();
  const auto path = test::write_layer(dir / "noprj.shp", "ESRI Shapefile", fixture);
  REQUIRE_FALSE(fs::exists(dir / "noprj.prj"));

  const Layer layer = gdal::load_layer(path.string());
  CHECK(layer.source_crs.epsg == 27700);
  CHECK(layer.source_crs.guessed);
  CHECK(layer.display_crs.epsg == 27700);
  REQUIRE(layer.report.warnings.size() == 1);
  CHECK_THAT(layer.report.warnings[0], Contains("noprj.shp") && Contains("no .prj") &&
                                           Contains("assumed British National Grid (EPSG:27700)"));
  CHECK(layer.size() == 2);
}

TEST_CASE("a layer without CRS in degrees around the British Isles is read as lon/lat", "[io]") {
  test::TempDir dir;
  test::FixtureLayer fixture;
  fixture.epsg.reset();
  fixture.features.push_back({"POLYGON((-1 51,0 51,0 52,-1 52,-1 51))", {}});
  const auto path = test::write_layer(dir / "degrees.shp", "ESRI Shapefile", fixture);
  const Layer layer = gdal::load_layer(path.string());
  CHECK(layer.source_crs.epsg == 4326);
  CHECK(layer.source_crs.guessed);
  CHECK(layer.bounds.min_x > 400000);  // 1 degree west is east of BNG's false origin at 2 W
  REQUIRE(layer.report.warnings.size() == 1);
  CHECK_THAT(layer.report.warnings[0], Contains("assumed longitude/latitude (EPSG:4326)"));
}

TEST_CASE("a layer without CRS whose coordinates could be lon/lat needs --assume-crs", "[io]") {
  test::TempDir dir;
  test::FixtureLayer fixture;
  fixture.epsg.reset();
  fixture.features.push_back({"POLYGON((20 20,21 20,21 21,20 21,20 20))", {}});
  const auto path = test::write_layer(dir / "ambiguous.shp", "ESRI Shapefile", fixture);

  const std::string message = user_error([&] { gdal::load_layer(path.string()); });
  // The library says what would fix it in words, never a command-line option.
  CHECK_THAT(message, Contains("ambiguous.shp") && Contains("has no CRS") &&
                          Contains("give its coordinate system as an EPSG code"));
  CHECK(message.find("--") == std::string::npos);

  gdal::LoadOptions options;
  options.assume_epsg = 4326;
  const Layer layer = gdal::load_layer(path.string(), options);
  CHECK(layer.source_crs.epsg == 4326);
  CHECK_FALSE(layer.source_crs.guessed);
  CHECK(layer.display_crs.epsg == 27700);
  REQUIRE(layer.report.warnings.size() == 1);
  CHECK_THAT(layer.report.warnings[0], Contains("using EPSG:4326"));

  options.assume_epsg = 999999;
  CHECK_THAT(user_error([&] { gdal::load_layer(path.string(), options); }),
             Contains("EPSG:999999") && Contains("ambiguous.shp"));
}

TEST_CASE("the no-CRS guess: BNG outside lon/lat range, lon/lat around the British Isles", "[io]") {
  CHECK(gdal::guess_epsg_from_extent({-70.8, 7053.7, 655655.5, 1220312.2}) == 27700);  // ONS UK LAD
  CHECK(gdal::guess_epsg_from_extent({-8.6, 49.9, 1.8, 60.8}) == 4326);                // UK lon/lat
  CHECK_FALSE(gdal::guess_epsg_from_extent({10, 10, 90, 80}));  // could be either
  CHECK_FALSE(gdal::guess_epsg_from_extent({-708125, 6425924, 196145, 7520896}));  // Web Mercator
  CHECK_FALSE(gdal::guess_epsg_from_extent({400000, 300000, 800000, 400000}));     // too far east
}

TEST_CASE("WGS84 to British National Grid matches the OS test point within 6 m", "[io]") {
  // OS test point TP01 from the OSTN15 developer pack (OSTN15_OSGM15_TestInput_ETRStoOSGB.txt
  // and _TestOutput_): ETRS89 49.92226393730 N, -6.29977752014 E -> OSGB36 E 91492.146,
  // N 11318.804 (also quoted in https://github.com/OSGeo/PROJ/issues/2173). Without the OSTN15
  // grid PROJ uses the Helmert "OSGB36 to WGS 84 (6)" (2 m in EPSG, worse at the edges): it
  // lands 4.7 m from OS's answer on the Isles of Scilly, hence 6 m. With the grid installed
  // it would be within millimetres. ETRS89 and WGS84 agree within a metre here.
  const double lat = 49.92226393730, lon = -6.29977752014;
  const Vec2 grid{91492.146, 11318.804};
  test::TempDir dir;
  const auto wgs84 =
      test::write_layer(dir / "tp01.geojson", "GeoJSON", triangle_at(lon, lat, 0.001, 4326));
  const Layer to_bng = gdal::load_layer(wgs84.string());
  CHECK(nearest_vertex(to_bng, grid) < 6.0);

  // And back: BNG -> Web Mercator, compared with the closed-form spherical Mercator of TP01.
  const auto bng = test::write_layer(dir / "tp01.shp", "ESRI Shapefile",
                                     triangle_at(grid.x, grid.y, 100.0, 27700));
  gdal::LoadOptions options;
  options.display = gdal::DisplayCrs::WebMercator;
  const Layer to_mercator = gdal::load_layer(bng.string(), options);
  CHECK(to_mercator.display_crs.epsg == 3857);
  const double r = 6378137.0, rad = M_PI / 180.0;
  const Vec2 mercator{r * lon * rad, r * std::log(std::tan(M_PI / 4 + lat * rad / 2))};
  // 6 m on the ground is 6 / cos(lat) = 9.3 Mercator metres at 49.9 N.
  CHECK(nearest_vertex(to_mercator, mercator) < 6.0 / std::cos(lat * rad));
}

TEST_CASE("OSGB36 lon/lat to National Grid matches the OS worked example to a centimetre", "[io]") {
  // OS "A guide to coordinate systems in Great Britain", Annexe C worked example (Caister
  // water tower): 52 39' 27.2531" N, 1 43' 4.5177" E on OSGB36 -> E 651409.903, N 313177.270.
  const double lat = 52 + 39 / 60.0 + 27.2531 / 3600.0, lon = 1 + 43 / 60.0 + 4.5177 / 3600.0;
  test::TempDir dir;
  const auto path =
      test::write_layer(dir / "caister.gpkg", "GPKG", triangle_at(lon, lat, 0.001, 4277));
  const Layer layer = gdal::load_layer(path.string());
  CHECK(layer.source_crs.epsg == 4277);
  CHECK(nearest_vertex(layer, {651409.903, 313177.270}) < 0.01);
}

TEST_CASE("the display CRS can be Web Mercator or the source's own", "[io]") {
  test::TempDir dir;
  const auto path = test::write_layer(dir / "d.gpkg", "GPKG", test::district_layer(2));
  gdal::LoadOptions options;
  options.display = gdal::DisplayCrs::Source;
  const Layer own = gdal::load_layer(path.string(), options);
  CHECK(own.display_crs.epsg == 27700);
  CHECK(own.bounds.min_x == Approx(400000));

  options.display = gdal::DisplayCrs::WebMercator;
  const Layer mercator = gdal::load_layer(path.string(), options);
  CHECK(mercator.display_crs.epsg == 3857);
  CHECK(mercator.display_crs.name == "WGS 84 / Pseudo-Mercator");
  CHECK(mercator.bounds.min_y > 6.4e6);  // England in Web Mercator metres
  // Areas come from the source geometry, whatever the display CRS.
  CHECK(area_km2(mercator, 0) == Approx(area_km2(own, 0)));
}

// ---------------------------------------------------------------------------------------------
// Attributes and code/name detection

TEST_CASE("attributes become columns: numbers with NaN for null, text kept as text", "[io]") {
  test::TempDir dir;
  test::FixtureLayer fixture = test::district_layer(3);
  fixture.fields.push_back({"PADDED", OFTString});
  fixture.fields.push_back({"WHEN", OFTDate});
  for (auto& feature : fixture.features) {
    feature.values.push_back("007");
    feature.values.push_back("2024-12-01");
  }
  fixture.features[1].values[2] = "";  // null population
  const auto path = test::write_layer(dir / "attrs.gpkg", "GPKG", fixture);

  const Layer layer = gdal::load_layer(path.string());
  const Table& t = layer.attributes;
  REQUIRE(t.row_count == 3);
  REQUIRE(t.columns.size() == 7);  // 6 fields + area_km2
  const Column& pop = t.at(*t.find("POP"));
  CHECK(pop.kind == ColumnKind::Number);
  CHECK(pop.source_type == "Integer64");
  CHECK(pop.values[0] == 1000);
  CHECK(std::isnan(pop.values[1]));
  CHECK(pop.is_null(1));
  CHECK(pop.text[2] == "3000");
  const Column& density = t.at(*t.find("DENSITY"));
  CHECK(density.source_type == "Real");
  CHECK(density.values[1] == Approx(21.0));
  const Column& padded = t.at(*t.find("PADDED"));
  CHECK(padded.kind == ColumnKind::Text);
  CHECK(padded.text[0] == "007");
  const Column& when = t.at(*t.find("WHEN"));
  CHECK(when.kind == ColumnKind::Text);
  CHECK(when.source_type == "Date");
  const Column& area = t.at(*t.find("area_km2"));
  CHECK(area.derived);
  CHECK(area.kind == ColumnKind::Number);
  CHECK_FALSE(t.at(0).derived);
  CHECK(layer.code_column == t.find("LAD24CD"));
  CHECK(layer.name_column == t.find("LAD24NM"));
  CHECK(layer.name(2) == "District 3");
}

TEST_CASE("code detection prefers the unique GSS column ending in CD, name is its NM", "[io]") {
  auto text_column = [](std::string name, std::vector<std::string> values) {
    Column c;
    c.name = std::move(name);
    c.text = std::move(values);
    return c;
  };
  CHECK(looks_like_gss_code("E06000001"));
  CHECK(looks_like_gss_code("K02000001"));
  CHECK_FALSE(looks_like_gss_code("E0600000"));
  CHECK_FALSE(looks_like_gss_code("X06000001"));
  CHECK_FALSE(looks_like_gss_code("TLC"));

  SECTION("LSOA: lsoa11cd over the repeating parent lad19cd") {
    Table t;
    t.columns = {text_column("lad19cd", {"E09000001", "E09000001", "E09000002"}),
                 text_column("lad19nm", {"City", "City", "Barking"}),
                 text_column("lsoa11cd", {"E01000001", "E01000002", "E01000027"}),
                 text_column("lsoa11nm", {"City 001A", "City 001B", "Barking 001A"})};
    t.row_count = 3;
    const auto found = gdal::detect_code_and_name(t);
    CHECK(found.code == 2u);
    CHECK(found.name == 3u);
  }
  SECTION("CD suffix wins over another unique GSS column; a few non-codes are tolerated") {
    Table t;
    std::vector<std::string> codes, other;
    for (int i = 0; i < 40; ++i) {
      codes.push_back("W0" + std::to_string(6000000 + i));
      other.push_back("S1" + std::to_string(2000000 + i));
    }
    codes[5] = "";            // null
    other[7] = "not a code";  // 1 of 40 (2.5%)
    t.columns = {text_column("PARENT", other), text_column("CAUTH25CD", codes),
                 text_column("CAUTH25NM", std::vector<std::string>(40, "x"))};
    t.row_count = 40;
    const auto found = gdal::detect_code_and_name(t);
    CHECK(found.code == 1u);
    CHECK(found.name == 2u);
  }
  SECTION("no GSS column: no code; a *name* field is still found") {
    Table t;
    t.columns = {text_column("ITL125CD", {"TLC", "TLD"}), text_column("region_name", {"a", "b"})};
    t.row_count = 2;
    const auto found = gdal::detect_code_and_name(t);
    CHECK_FALSE(found.code);
    CHECK(found.name == 1u);
  }
  SECTION("a column with many non-codes is not a code column") {
    Table t;
    t.columns = {text_column("MIXED", {"E06000001", "x", "y", "E06000002"})};
    t.row_count = 4;
    CHECK_FALSE(gdal::detect_code_and_name(t).code);
  }
}

// ---------------------------------------------------------------------------------------------
// Formats and sources

TEST_CASE("a GeoJSON in lon/lat loads and is reprojected", "[io]") {
  test::TempDir dir;
  test::FixtureLayer fixture;
  fixture.epsg = 4326;
  fixture.fields = {{"CTRY24CD", OFTString}, {"CTRY24NM", OFTString}};
  fixture.features.push_back({"POLYGON((-1 51,0 51,0 52,-1 52,-1 51))", {"E92000001", "England"}});
  const auto path = test::write_layer(dir / "ctry.geojson", "GeoJSON", fixture);
  const Layer layer = gdal::load_layer(path.string());
  CHECK(layer.source_crs.epsg == 4326);
  CHECK(layer.display_crs.epsg == 27700);
  CHECK(layer.code(0) == "E92000001");
  CHECK(layer.name(0) == "England");
  // One degree square at 51.5 N: 111.2 km x 69.3 km.
  CHECK(area_km2(layer, 0) == Approx(7700).epsilon(0.01));
  CHECK(layer.bounds.min_x == Approx(469000).margin(2000));
}

TEST_CASE("a GeoPackage with two polygon layers needs a layer name", "[io]") {
  test::TempDir dir;
  test::FixtureLayer districts = test::district_layer(3);
  test::FixtureLayer regions = test::district_layer(1, 50000);
  regions.name = "regions";
  const auto path = test::write_layers(dir / "two.gpkg", "GPKG", {districts, regions});

  const std::string message = user_error([&] { gdal::load_layer(path.string()); });
  CHECK_THAT(message, Contains("two.gpkg") && Contains("2 polygon layers") &&
                          Contains("districts") && Contains("regions"));

  gdal::LoadOptions options;
  options.layer_name = "regions";
  const Layer layer = gdal::load_layer(path.string(), options);
  CHECK(layer.layer_name == "regions");
  CHECK(layer.size() == 1);

  options.layer_name = "wards";
  CHECK_THAT(user_error([&] { gdal::load_layer(path.string(), options); }),
             Contains("no layer named 'wards'") && Contains("districts (Polygon)"));
}

TEST_CASE("zipped shapefiles open from a plain .zip path", "[io]") {
  test::TempDir dir;
  const auto shp = test::write_layer(dir / "lad.shp", "ESRI Shapefile", test::district_layer(3));

  SECTION("flat zip") {
    test::write_zip(dir / "lad.zip", test::shapefile_parts(shp));
    const Layer layer = gdal::load_layer((dir / "lad.zip").string());
    CHECK(layer.size() == 3);
    CHECK(layer.source_path == (dir / "lad.zip").string());
    CHECK(layer.code(2) == "E06000003");
  }
  SECTION(".shp.zip") {
    test::write_zip(dir / "lad.shp.zip", test::shapefile_parts(shp));
    CHECK(gdal::load_layer((dir / "lad.shp.zip").string()).size() == 3);
  }
  SECTION("shapefile in a subfolder of the zip") {
    test::write_zip(dir / "nested.zip", test::shapefile_parts(shp, "download/data"));
    CHECK(gdal::load_layer((dir / "nested.zip").string()).size() == 3);
  }
  SECTION("several layers in the zip") {
    test::FixtureLayer big = test::district_layer(1, 50000);
    const auto other = test::write_layer(dir / "rgn.shp", "ESRI Shapefile", big);
    auto entries = test::shapefile_parts(shp, "a");
    for (auto& e : test::shapefile_parts(other, "b")) entries.push_back(e);
    test::write_zip(dir / "two.zip", entries);
    CHECK_THAT(user_error([&] { gdal::load_layer((dir / "two.zip").string()); }),
               Contains("two.zip") && Contains("lad") && Contains("rgn"));
    gdal::LoadOptions options;
    options.layer_name = "rgn";
    CHECK(gdal::load_layer((dir / "two.zip").string(), options).size() == 1);
  }
  SECTION("a zip with no vector layer") {
    std::ofstream(dir / "readme.txt") << "metadata only\n";
    test::write_zip(dir / "docs.zip", {{dir / "readme.txt", "readme.txt"}});
    CHECK_THAT(user_error([&] { gdal::load_layer((dir / "docs.zip").string()); }),
               Contains("docs.zip") && Contains("holds no vector layer") && Contains("readme.txt"));
  }
  SECTION("a zipped shapefile missing its .dbf") {
    auto entries = test::shapefile_parts(shp);
    std::erase_if(entries, [](auto& e) { return e.second == "lad.dbf"; });
    test::write_zip(dir / "broken.zip", entries);
    CHECK_THAT(user_error([&] { gdal::load_layer((dir / "broken.zip").string()); }),
               Contains("broken.zip/lad.shp") && Contains("lad.dbf"));
  }
}

TEST_CASE("gdal_path_for sends plain .zip paths through /vsizip/", "[io]") {
  const std::string zipped = gdal::gdal_path_for("data/LAD.ZIP");
  CHECK(zipped.rfind("/vsizip//", 0) == 0);
  CHECK(zipped.size() > std::string("/vsizip//data/LAD.ZIP").size());  // made absolute
  CHECK_THAT(zipped, Catch::Matchers::EndsWith("/data/LAD.ZIP"));
  CHECK(gdal::gdal_path_for("/data/lad.gpkg") == "/data/lad.gpkg");
  CHECK(gdal::gdal_path_for("/vsizip//data/lad.zip/x.shp") == "/vsizip//data/lad.zip/x.shp");
}

TEST_CASE("a folder of shapefiles is a source with a layer per file", "[io]") {
  test::TempDir dir;
  fs::create_directory(dir / "shapes");
  test::write_layer(dir / "shapes" / "lad.shp", "ESRI Shapefile", test::district_layer(3));
  SECTION("one shapefile: opened directly") {
    CHECK(gdal::load_layer((dir / "shapes").string()).size() == 3);
  }
  SECTION("two shapefiles: choose by name") {
    test::write_layer(dir / "shapes" / "rgn.shp", "ESRI Shapefile", test::district_layer(1, 50000));
    CHECK_THAT(user_error([&] { gdal::load_layer((dir / "shapes").string()); }),
               Contains("2 polygon layers") && Contains("lad") && Contains("rgn"));
    gdal::LoadOptions options;
    options.layer_name = "lad";
    CHECK(gdal::load_layer((dir / "shapes").string(), options).size() == 3);
  }
  SECTION("a folder without vector files") {
    fs::create_directory(dir / "empty");
    CHECK_THAT(user_error([&] { gdal::load_layer((dir / "empty").string()); }),
               Contains("holds no vector layer"));
  }
}

// ---------------------------------------------------------------------------------------------
// Bad input: one line naming the file and what to do

TEST_CASE("bad input gives one-line messages naming the file and what to do", "[io]") {
  test::TempDir dir;
  const auto shp = test::write_layer(dir / "lad.shp", "ESRI Shapefile", test::district_layer(3));

  SECTION("missing file") {
    CHECK_THAT(user_error([&] { gdal::load_layer((dir / "nope.shp").string()); }),
               Contains("nope.shp") && Contains("does not exist") && Contains("check the path"));
  }
  SECTION("missing .dbf") {
    fs::remove(dir / "lad.dbf");
    CHECK_THAT(user_error([&] { gdal::load_layer(shp.string()); }),
               Contains("lad.shp") && Contains("lad.dbf") && Contains("copy all parts"));
  }
  SECTION("missing .shx") {
    fs::remove(dir / "lad.shx");
    CHECK_THAT(user_error([&] { gdal::load_layer(shp.string()); }),
               Contains("lad.shp") && Contains("lad.shx") && Contains("copy all parts"));
  }
  SECTION("truncated .shp") {
    const auto size = fs::file_size(shp);
    fs::resize_file(shp, size - 40);
    CHECK_THAT(user_error([&] { gdal::load_layer(shp.string()); }),
               Contains("lad.shp") && Contains("is truncated") &&
                   Contains("download or export the shapefile again"));
  }
  SECTION("a .shp that is not a shapefile") {
    std::ofstream(dir / "fake.shp") << std::string(200, 'x');
    std::ofstream(dir / "fake.shx") << "x";
    std::ofstream(dir / "fake.dbf") << "x";
    CHECK_THAT(user_error([&] { gdal::load_layer((dir / "fake.shp").string()); }),
               Contains("fake.shp") && Contains("not a valid shapefile"));
  }
  SECTION("point layer") {
    test::FixtureLayer points;
    points.name = "stations";
    points.geometry = wkbPoint;
    points.features.push_back({"POINT(400000 300000)", {}});
    const auto path = test::write_layer(dir / "stations.gpkg", "GPKG", points);
    CHECK_THAT(user_error([&] { gdal::load_layer(path.string()); }),
               Contains("stations.gpkg") && Contains("has Point geometry") &&
                   Contains("devomap maps polygon layers (areas). Use a polygon layer such as"));
  }
  SECTION("line layer beside a polygon layer names the polygon layer") {
    test::FixtureLayer roads;
    roads.name = "roads";
    roads.geometry = wkbLineString;
    roads.features.push_back({"LINESTRING(400000 300000,410000 310000)", {}});
    const auto path =
        test::write_layers(dir / "mixed.gpkg", "GPKG", {roads, test::district_layer(1)});
    gdal::LoadOptions options;
    options.layer_name = "roads";
    CHECK_THAT(user_error([&] { gdal::load_layer(path.string(), options); }),
               Contains("has Line String geometry") && Contains("such as 'districts'"));
    CHECK(gdal::load_layer(path.string()).layer_name == "districts");  // the only polygon layer
  }
  SECTION("empty layer") {
    test::FixtureLayer empty = test::district_layer(0);
    const auto path = test::write_layer(dir / "empty.gpkg", "GPKG", empty);
    CHECK_THAT(user_error([&] { gdal::load_layer(path.string()); }),
               Contains("empty.gpkg") && Contains("has no features"));
  }
  SECTION("unknown format") {
    std::ofstream(dir / "notes.txt") << "these are not boundaries\n";
    CHECK_THAT(user_error([&] { gdal::load_layer((dir / "notes.txt").string()); }),
               Contains("notes.txt") && Contains("is not a vector file GDAL can read") &&
                   Contains("GeoPackage"));
  }
  SECTION("attribute-only table") {
    std::ofstream(dir / "table.csv") << "code,value\nE06000001,3\n";
    CHECK_THAT(user_error([&] { gdal::load_layer((dir / "table.csv").string()); }),
               Contains("table.csv") && Contains("has no geometry"));
  }
}

TEST_CASE("cancel stops a load; progress reaches 1", "[io]") {
  test::TempDir dir;
  const auto path = test::write_layer(dir / "d.gpkg", "GPKG", test::district_layer(5));
  std::atomic<float> progress{0.0f};
  std::atomic<bool> cancel{false};
  gdal::LoadOptions options;
  options.progress = &progress;
  options.cancel = &cancel;
  CHECK(gdal::load_layer(path.string(), options).size() == 5);
  CHECK(progress.load() == 1.0f);
  cancel = true;
  CHECK_THROWS_AS(gdal::load_layer(path.string(), options), gdal::LoadCancelled);
}

// ---------------------------------------------------------------------------------------------
// Real ONS files (skipped visibly when absent)

TEST_CASE("real: LAD 2024 BUC shapefile", "[io][real]") {
  const auto data = test::real_data_dir("real: LAD 2024 BUC shapefile");
  if (!data) return;
  const auto shp = *data / "lad_2024_uk_buc_shp" / "LAD_2024_UK_BUC.shp";
  const Layer layer = gdal::load_layer(shp.string());
  CHECK(layer.size() == 361);
  CHECK(layer.source_crs.epsg == 27700);
  CHECK(layer.display_crs.epsg == 27700);
  REQUIRE(layer.code_column);
  REQUIRE(layer.name_column);
  CHECK(layer.attributes.at(*layer.code_column).name == "LAD24CD");
  CHECK(layer.attributes.at(*layer.name_column).name == "LAD24NM");
  CHECK(layer.report.repaired == 0);
  CHECK(layer.report.skipped.empty());
  // The UK is ~244,000 km2 (ONS SAM to mean high water); BUC's 500 m generalisation shifts
  // it a little, so 3% is allowed.
  CHECK(sum_column(layer, "area_km2") == Approx(244000).epsilon(0.03));
  // Every LAD is between the City of London (~3 km2) and Highland (~26,000 km2).
  const auto& areas = layer.attributes.at(*layer.attributes.find("area_km2")).values;
  CHECK(*std::min_element(areas.begin(), areas.end()) > 1.0);
  CHECK(*std::max_element(areas.begin(), areas.end()) < 30000.0);

  SECTION("the same file zipped opens as a plain .zip") {
    test::TempDir dir;
    test::write_zip(dir / "LAD_2024_UK_BUC.zip", test::shapefile_parts(shp, "LAD_2024_UK_BUC"));
    const Layer zipped = gdal::load_layer((dir / "LAD_2024_UK_BUC.zip").string());
    CHECK(zipped.size() == 361);
    CHECK(zipped.bounds.min_x == layer.bounds.min_x);
    CHECK(zipped.bounds.max_y == layer.bounds.max_y);
  }
  SECTION("two threads give exactly what one gives") {
    gdal::LoadOptions options;
    options.threads = 2;
    const Layer parallel = gdal::load_layer(shp.string(), options);
    REQUIRE(parallel.size() == layer.size());
    for (std::size_t i = 0; i < layer.size(); ++i) {
      REQUIRE(parallel.shapes[i].size() == layer.shapes[i].size());
      CHECK(vertex_count(parallel.shapes[i]) == vertex_count(layer.shapes[i]));
      CHECK(area_km2(parallel, i) == area_km2(layer, i));
    }
  }
}

TEST_CASE("real: LAD 2024 BUC GeoPackage (EPSG:4326) reprojects onto the shapefile", "[io][real]") {
  const auto data = test::real_data_dir("real: LAD 2024 BUC GeoPackage");
  if (!data) return;
  const Layer shp =
      gdal::load_layer((*data / "lad_2024_uk_buc_shp" / "LAD_2024_UK_BUC.shp").string());
  const Layer gpkg = gdal::load_layer((*data / "lad_2024_uk_buc.gpkg").string());
  CHECK(gpkg.source_crs.epsg == 4326);
  CHECK(gpkg.display_crs.epsg == 27700);
  CHECK(gpkg.size() == 361);
  // Both come from the same ONS layer; the GeoPackage went through a 4326 round trip and ~10 m
  // TopoJSON quantisation, so 1 km is ample and still catches a wrong axis order or datum.
  CHECK(gpkg.bounds.min_x == Approx(shp.bounds.min_x).margin(1000));
  CHECK(gpkg.bounds.min_y == Approx(shp.bounds.min_y).margin(1000));
  CHECK(gpkg.bounds.max_x == Approx(shp.bounds.max_x).margin(1000));
  CHECK(gpkg.bounds.max_y == Approx(shp.bounds.max_y).margin(1000));
  CHECK(sum_column(gpkg, "area_km2") == Approx(sum_column(shp, "area_km2")).epsilon(0.005));
  CHECK(gpkg.attributes.at(*gpkg.code_column).name == "LAD24CD");
}

TEST_CASE("real: LSOA 2011 simplified (EPSG:3857) loads all 32,844 areas", "[io][real]") {
  const auto data = test::real_data_dir("real: LSOA 2011");
  if (!data) return;
  const Layer layer = gdal::load_layer((*data / "lsoa_2011_en_simplified.gpkg").string());
  CHECK(layer.size() == 32844);
  CHECK(layer.source_crs.epsg == 3857);
  CHECK(layer.display_crs.epsg == 27700);
  CHECK(layer.attributes.at(*layer.code_column).name == "lsoa11cd");
  CHECK(layer.attributes.at(*layer.name_column).name == "lsoa11nm");
  // England is ~130,300 km2; this third-party simplification keeps it within a few %.
  CHECK(sum_column(layer, "area_km2") == Approx(130300).epsilon(0.03));
}

TEST_CASE("features with coordinates that are not numbers are left out and listed", "[io]") {
  test::TempDir dir;
  const test::FixtureLayer fixture = test::district_layer(2);
  const auto path = test::write_layer(dir / "nan.gpkg", "GPKG", fixture);
  {
    // WKT cannot say NaN: put one into the second feature's ring through OGR.
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    REQUIRE(ds);
    OGRLayer* l = ds->GetLayer(0);
    l->ResetReading();
    OGRFeature* first = l->GetNextFeature();
    OGRFeature::DestroyFeature(first);
    OGRFeature* second = l->GetNextFeature();
    REQUIRE(second);
    OGRLinearRing ring;
    ring.addPoint(420000, 300000);
    ring.addPoint(std::nan(""), 300000);
    ring.addPoint(430000, 310000);
    ring.addPoint(420000, 300000);
    OGRPolygon polygon;
    polygon.addRing(&ring);
    second->SetGeometry(&polygon);
    REQUIRE(l->SetFeature(second) == OGRERR_NONE);
    OGRFeature::DestroyFeature(second);
  }
  const Layer layer = gdal::load_layer(path.string());
  CHECK(layer.size() == 1);
  REQUIRE(layer.report.skipped.size() == 1);
  CHECK_THAT(layer.report.skipped[0], Contains("E06000002") && Contains("not numbers"));
  CHECK(std::isfinite(layer.bounds.min_x));
  CHECK(std::isfinite(layer.bounds.max_y));
}
