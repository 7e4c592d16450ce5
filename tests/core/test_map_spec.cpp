// Map specs: what is written reads back the same; every mistake in a hand-written spec is an
// error naming the file and the JSON path; relative paths follow the spec's folder; partial
// styles (views, hand-written specs) change only what they name.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/map_spec.hpp"
#include "support/test_support.hpp"

using namespace devomap;
namespace fs = std::filesystem;

namespace {

Bounds box(double x0, double y0, double x1, double y1) {
  Bounds b;
  b.expand(Vec2{x0, y0});
  b.expand(Vec2{x1, y1});
  return b;
}

// Every member of a spec set away from its default.
MapSpec everything(const fs::path& folder) {
  MapSpec spec;
  spec.default_map = false;
  SpecLayer districts;
  districts.path = (folder / "data" / "districts.gpkg").string();
  districts.layer_name = "lad_2024";
  districts.label = "Districts";
  districts.assume_epsg = 27700;
  SpecLayer nations;
  nations.path = "/elsewhere/nations.geojson";
  nations.role = SpecLayerRole::Context;
  spec.layers = {districts, nations};
  SpecTable table;
  table.path = (folder / "scores.xlsx").string();
  table.sheet = "Data";
  table.header_row = 3;
  table.layer_key = "LAD24CD";
  table.table_key = "Code";
  table.by = JoinMode::Code;
  table.combine = {{"people", CombineRule::Sum}, {"rate", CombineRule::WeightedMean}};
  spec.table = table;

  StyleSpec style;
  style.field = "score";
  style.method = ClassMethod::Manual;
  style.classes = 4;
  style.palette = "RdBu";
  style.reverse = true;
  style.legend_title = "Score, 2025";
  style.units = "points";
  style.category_order = {"High", "Low"};
  style.category_colors = {{"High", Rgba{200, 10, 20, 255}}, {"Low", Rgba{1, 2, 3, 128}}};
  style.manual_breaks = {0.5, 10, 20.25};
  style.number_format.unit = NumberUnit::Pounds;
  style.number_format.scale = NumberScale::Thousands;
  style.number_format.decimals = 2;
  style.number_format.thousands_separator = false;
  style.number_format.per_head = true;
  Classification locked;
  locked.method = ClassMethod::Quantile;
  locked.edges = {1, 2.5, 7, 100};
  locked.counts = {0, 0, 0};
  locked.classes_requested = 3;
  style.locked = locked;
  spec.style = StylePatch::full(style);

  spec.page.paper = Paper::A3;
  spec.page.dpi = 150;
  spec.page.landscape = true;
  spec.layout.title = "Scores";
  spec.layout.subtitle = "By district";
  spec.layout.source = "Source: a survey";
  spec.layout.legend = false;
  spec.layout.scale_bar = false;
  spec.layout.north_arrow = false;
  spec.default_title = false;
  spec.extent = box(100000.5, 200000, 300000, 400000.25);
  spec.crs = "webmercator";

  SpecView north;
  north.name = "North";
  north.extent = box(300000, 400000, 500000, 600000);
  north.style.values.palette = "Greens";
  north.style.keys = {StyleMember::Palette};
  SpecView plain;
  plain.name = "Plain";
  spec.views = {north, plain};
  return spec;
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

// The message of the UserError parsing `text` throws ("" when it throws none).
std::string error_of(const std::string& text) {
  try {
    parse_map_spec(text, "map.json", "/tmp");
  } catch (const UserError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("map spec: what is written reads back identical", "[spec]") {
  const fs::path folder = "/projects/maps";
  const MapSpec spec = everything(folder);
  const std::string text = map_spec_json(spec, folder);
  const MapSpec back = parse_map_spec(text, "map.json", folder);
  CHECK(map_spec_json(back, folder) == text);

  // Member by member, for what the text comparison could hide.
  CHECK_FALSE(back.default_map);
  REQUIRE(back.layers.size() == 2);
  CHECK(back.layers[0].path == "/projects/maps/data/districts.gpkg");
  CHECK(back.layers[0].layer_name == std::optional<std::string>("lad_2024"));
  CHECK(back.layers[0].assume_epsg == std::optional<int>(27700));
  CHECK(back.layers[1].role == SpecLayerRole::Context);
  CHECK(back.layers[1].path == "/elsewhere/nations.geojson");
  REQUIRE(back.table);
  CHECK(back.table->header_row == std::optional<int>(3));
  CHECK(back.table->combine.at("rate") == CombineRule::WeightedMean);
  const StyleSpec& s = back.style.values;
  CHECK(s.field == std::optional<std::string>("score"));
  CHECK(s.method == ClassMethod::Manual);
  CHECK(s.palette == "RdBu");
  CHECK(s.reverse);
  CHECK(s.manual_breaks == std::vector<double>{0.5, 10, 20.25});
  CHECK(s.category_colors.at("Low") == Rgba{1, 2, 3, 128});
  CHECK(s.number_format == spec.style.values.number_format);
  REQUIRE(s.locked);
  CHECK(s.locked->edges == std::vector<double>{1, 2.5, 7, 100});
  CHECK(s.locked->class_count() == 3);
  CHECK(back.page.paper == Paper::A3);
  CHECK(back.page.dpi == 150);
  CHECK(back.page.landscape);
  CHECK(back.layout.title == "Scores");
  CHECK_FALSE(back.default_title);
  CHECK_FALSE(back.layout.legend);
  REQUIRE(back.extent);
  CHECK(back.extent->min_x == 100000.5);
  CHECK(back.extent->max_y == 400000.25);
  CHECK(back.crs == "webmercator");
  REQUIRE(back.views.size() == 2);
  CHECK(back.views[0].style.keys == std::set<StyleMember>{StyleMember::Palette});
  CHECK_FALSE(back.views[1].extent);
  CHECK(back.find_view("Plain") == &back.views[1]);

  // The default map and a pixel page, with no table, camera or views.
  MapSpec plain;
  plain.page.width_px = 800;
  plain.page.height_px = 600;
  StyleSpec tier;
  tier.field = "Devolution tier";
  tier.method = ClassMethod::Categorical;
  plain.style = StylePatch::full(tier);
  const std::string plain_text = map_spec_json(plain, folder);
  CHECK_THAT(plain_text, Catch::Contains("\"source\": \"default\""));
  const MapSpec plain_back = parse_map_spec(plain_text, "plain.json", folder);
  CHECK(map_spec_json(plain_back, folder) == plain_text);
  CHECK(plain_back.default_map);
  CHECK(plain_back.default_title);
  CHECK_FALSE(plain_back.page.paper);
  CHECK(plain_back.page.width_px == 800);
}

TEST_CASE("map spec: paths inside the spec's folder are written relative to it", "[spec]") {
  devomap::test::TempDir tmp;
  const fs::path folder = tmp / "project";
  fs::create_directories(folder / "data");
  const MapSpec spec = everything(folder);
  const std::string text = map_spec_json(spec, folder);
  CHECK_THAT(text, Catch::Contains("\"path\": \"data/districts.gpkg\""));
  CHECK_THAT(text, Catch::Contains("\"path\": \"scores.xlsx\""));
  CHECK_THAT(text, Catch::Contains("\"path\": \"/elsewhere/nations.geojson\""));

  // Read from the file, relative paths resolve against its folder, wherever the reader runs.
  write(folder / "map.json", text);
  const MapSpec back = read_map_spec(folder / "map.json");
  CHECK(fs::path(back.layers[0].path) == fs::absolute(folder / "data/districts.gpkg"));
  CHECK(fs::path(back.table->path) == fs::absolute(folder / "scores.xlsx"));

  CHECK(is_map_spec_file(folder / "map.json"));
  write(tmp / "layer.json", R"({"type": "FeatureCollection", "features": []})");
  CHECK_FALSE(is_map_spec_file(tmp / "layer.json"));
  CHECK_FALSE(is_map_spec_file(tmp / "missing.json"));

  try {
    read_map_spec(tmp / "missing.json");
    FAIL("no error");
  } catch (const UserError& e) {
    CHECK_THAT(e.what(), Catch::Contains("missing.json") && Catch::Contains("no such file"));
  }
}

TEST_CASE("map spec: a hand-written spec may leave members out", "[spec]") {
  const MapSpec spec = parse_map_spec(
      R"({"devomap_map_spec": 1, "style": {"field": "per_head", "classes": 7},
          "page": {"paper": "a4"}})",
      "map.json", "/tmp");
  CHECK(spec.default_map);
  CHECK(spec.default_title);
  CHECK(spec.style.keys == std::set<StyleMember>{StyleMember::Classes, StyleMember::Field});
  CHECK(spec.page.paper == Paper::A4);
  CHECK(spec.page.dpi == 300);  // print resolution on paper unless given, as on the CLI
  CHECK(spec.crs == "bng");
  CHECK_FALSE(spec.extent);
  CHECK(parse_map_spec(R"({"devomap_map_spec": 1, "page": {"width": 640, "height": 480}})",
                       "map.json", "/tmp")
            .page.dpi == 96);
  // A whole number written with a decimal point is still whole.
  CHECK(parse_map_spec(R"({"devomap_map_spec": 1, "style": {"classes": 4.0}})", "m", "/tmp")
            .style.values.classes == 4);
}

TEST_CASE("map spec: a partial style changes only what it names", "[spec]") {
  StyleSpec base;
  base.field = "tier";
  base.method = ClassMethod::Categorical;
  base.category_colors = {{"Mayoral", Rgba{1, 2, 3, 255}}};
  StylePatch patch;
  patch.values.palette = "Greens";
  patch.values.classes = 7;
  patch.keys = {StyleMember::Palette};  // classes is not named: it must not change
  const StyleSpec out = patch.apply(base);
  CHECK(out.field == std::optional<std::string>("tier"));
  CHECK(out.palette == "Greens");
  CHECK(out.classes == 5);
  CHECK(out.category_colors.size() == 1);

  StylePatch view;
  view.values.reverse = true;
  view.values.palette = "Reds";
  view.keys = {StyleMember::Reverse, StyleMember::Palette};
  patch.merge(view);
  CHECK(patch.keys == std::set<StyleMember>{StyleMember::Palette, StyleMember::Reverse});
  CHECK(patch.apply(base).palette == "Reds");
  CHECK(patch.apply(base).reverse);

  // field: null in a spec means outlines only, over whatever the base colours.
  const MapSpec none =
      parse_map_spec(R"({"devomap_map_spec": 1, "style": {"field": null}})", "m", "/tmp");
  CHECK_FALSE(none.style.apply(base).field);
}

TEST_CASE("map spec: every mistake names the file, the JSON path and what to do", "[spec]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"devomap_map_spec": 1,)", "map.json is not valid JSON"},
      {R"([1, 2])", "map.json is not a devomap map spec"},
      {R"({"source": "default"})", "is not a devomap map spec"},
      {R"({"devomap_map_spec": 3})", "version 3, written by a newer devomap"},
      {R"({"devomap_map_spec": "1"})", "map.json: devomap_map_spec: expected a version number"},
      {R"({"devomap_map_spec": 0})", "devomap_map_spec: 0 is not a map spec version"},
      {R"({"devomap_map_spec": 1, "colour": "red"})", "map.json: colour: unknown member"},
      {R"({"devomap_map_spec": 2, "year": "2026/27"})",
       "map.json: year: \"2026/27\" is not a financial year; write it like \"2026-27\""},
      {R"({"devomap_map_spec": 1, "style": {"classes": "five"}})",
       "map.json: style.classes: expected a whole number, got \"five\""},
      {R"({"devomap_map_spec": 1, "style": {"classes": 5.5}})",
       "style.classes: expected a whole number, got 5.5"},
      {R"({"devomap_map_spec": 1, "style": {"classes": 12}})",
       "style.classes: 12 is out of range; give 2 to 9"},
      {R"({"devomap_map_spec": 1, "style": {"method": "magic"}})",
       "style.method: \"magic\" is not a classification method; use one of equal, quantile"},
      {R"({"devomap_map_spec": 1, "style": {"palette": "Rainbow"}})",
       "style.palette: \"Rainbow\" is not a palette"},
      {R"({"devomap_map_spec": 1, "style": {"reverse": "yes"}})",
       "style.reverse: expected true or false, got \"yes\""},
      {R"({"devomap_map_spec": 1, "style": {"colour": 1}})",
       "style.colour: unknown member; style takes field, method"},
      {R"({"devomap_map_spec": 1, "style": {"field": 3}})",
       "style.field: expected text in quotes, got 3"},
      {R"({"devomap_map_spec": 1, "style": {"category_colors": {"Mayoral": "red"}}})",
       "style.category_colors.Mayoral: expected a colour \"#rrggbb\", got \"red\""},
      {R"({"devomap_map_spec": 1, "style": {"category_order": ["a", 2]}})",
       "style.category_order[1]: expected text in quotes, got 2"},
      {R"({"devomap_map_spec": 1, "style": {"manual_breaks": [3, 2]}})",
       "style.manual_breaks[1]: breaks must increase strictly"},
      {R"({"devomap_map_spec": 1, "style": {"manual_breaks": "1,2"}})",
       "style.manual_breaks: expected a list [ ... ], got \"1,2\""},
      {R"({"devomap_map_spec": 1, "style": {"number_format": {"unit": "dollars"}}})",
       "style.number_format.unit: \"dollars\" is not a unit; use plain, pounds or percent"},
      {R"({"devomap_map_spec": 1, "style": {"number_format": {"scale": "lakh"}}})",
       "style.number_format.scale: \"lakh\" is not a scale"},
      {R"({"devomap_map_spec": 1, "style": {"number_format": {"decimals": 11}}})",
       "style.number_format.decimals: 11 is out of range; give 0 to 10"},
      {R"({"devomap_map_spec": 1, "style": {"locked": {"edges": [1, 2]}}})",
       "style.locked.method: missing"},
      {R"({"devomap_map_spec": 1, "style": {"locked": {"method": "equal", "edges": [3, 1]}}})",
       "style.locked.edges[1]: edges must not decrease"},
      {R"({"devomap_map_spec": 1, "source": "europe"})", "source: \"europe\" is not a source"},
      {R"({"devomap_map_spec": 1, "source": {"layers": []}})", "source.layers: no data layer"},
      {R"({"devomap_map_spec": 1, "source": {"files": []}})", "source.files: unknown member"},
      {R"({"devomap_map_spec": 1, "source": {"layers": [{"layer": "x"}]}})",
       "source.layers[0].path: missing; give the boundary file"},
      {R"({"devomap_map_spec": 1, "source": {"layers": [{"path": "a.shp", "role": "base"}]}})",
       "source.layers[0].role: \"base\" is not a role; use data or context"},
      {R"({"devomap_map_spec": 1, "source": {"layers": [{"path": "a.shp", "role": "context"}]}})",
       "source.layers: no data layer"},
      {R"({"devomap_map_spec": 1, "source": {"layers": [{"path": "a.shp", "crs": 1}]}})",
       "source.layers[0].crs: unknown member"},
      {R"({"devomap_map_spec": 1, "crs": "wgs84"})", "crs: \"wgs84\" is not a display CRS"},
      {R"({"devomap_map_spec": 1, "table": {"sheet": "A"}})", "table.path: missing"},
      {R"({"devomap_map_spec": 1, "table": {"path": "t.csv", "by": "guess"}})",
       "table.by: \"guess\" is not a join mode"},
      {R"({"devomap_map_spec": 1, "table": {"path": "t.csv", "combine": {"n": "max"}}})",
       "table.combine.n: \"max\" is not a rule"},
      {R"({"devomap_map_spec": 1, "table": {"path": "t.csv", "header_row": 0}})",
       "table.header_row: 0 is out of range"},
      {R"({"devomap_map_spec": 1, "page": {"paper": "A5"}})",
       "page.paper: \"A5\" is not a paper size; use A4, A3 or slide"},
      {R"({"devomap_map_spec": 1, "page": {"paper": "A4", "width": 100}})",
       "page.width: give either a paper or a width and height, not both"},
      {R"({"devomap_map_spec": 1, "page": {"dpi": 1000}})", "page.dpi: 1000 is out of range"},
      {R"({"devomap_map_spec": 1, "page": {"width": -5}})", "page.width: -5 is out of range"},
      {R"({"devomap_map_spec": 1, "page": "A4"})", "page: expected an object { ... }, got \"A4\""},
      {R"({"devomap_map_spec": 1, "layout": {"legend": "no"}})",
       "layout.legend: expected true or false"},
      {R"({"devomap_map_spec": 1, "camera": {"extent": [1, 2, 3]}})",
       "camera.extent: expected [min_x, min_y, max_x, max_y], got a list"},
      {R"({"devomap_map_spec": 1, "camera": {"extent": [0, 0, 0, 0]}})",
       "camera.extent: the extent is empty"},
      {R"({"devomap_map_spec": 1, "camera": {"extent": [0, "a", 1, 1]}})",
       "camera.extent[1]: expected a number"},
      {R"({"devomap_map_spec": 1, "views": {"name": "a"}})", "views: expected a list"},
      {R"({"devomap_map_spec": 1, "views": [{"camera": {}}]})", "views[0].name: missing"},
      {R"({"devomap_map_spec": 1, "views": [{"name": "a"}, {"name": "a"}]})",
       "views[1].name: a view named \"a\" comes earlier"},
      {R"({"devomap_map_spec": 1, "views": [{"name": "a", "style": {"palette": 5}}]})",
       "views[0].style.palette: expected text in quotes, got 5"},
  };
  for (const auto& [text, expected] : cases) {
    INFO(text);
    const std::string message = error_of(text);
    CHECK_THAT(message, Catch::Contains(expected));
  }
}

TEST_CASE("map spec: the funding year and fixed categories round-trip (version 2)", "[spec]") {
  MapSpec spec;
  spec.year = "2025-26";
  StyleSpec style;
  style.field = "Devolved funding per head 2025-26 (£)";
  style.fixed_category_field = "Funding note 2025-26";
  spec.style = StylePatch::full(style);
  const std::string json = map_spec_json(spec, "/tmp");
  CHECK(json.find("\"devomap_map_spec\": 2") != std::string::npos);
  CHECK(json.find("\"year\": \"2025-26\"") != std::string::npos);
  const MapSpec back = parse_map_spec(json, "m", "/tmp");
  CHECK(back.year == "2025-26");
  CHECK(back.style.apply(StyleSpec{}).fixed_category_field == "Funding note 2025-26");
  CHECK(map_spec_json(back, "/tmp") == json);
  // A spec without a year stays version 1, so older devomaps still open it.
  MapSpec plain;
  plain.style = StylePatch::full(StyleSpec{});
  const std::string v1 = map_spec_json(plain, "/tmp");
  CHECK(v1.find("\"devomap_map_spec\": 1") != std::string::npos);
  CHECK(v1.find("fixed_category_field") == std::string::npos);
}

TEST_CASE("a number too large for a double names the spec, not the JSON library", "[map-spec]") {
  CHECK_THROWS_WITH(
      parse_map_spec(R"({"devomap_map_spec": 1, "style": {"classes": 1e400}})", "big.json", "."),
      Catch::Contains("big.json is not valid JSON (number overflow") &&
          !Catch::Contains("json.exception"));
}
