// Area labels (interior anchors, greedy placement without collisions), the London inset of
// maps of Great Britain, and the drafted alt text.
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <string>

#include "core/alt_text.hpp"
#include "core/coverage.hpp"
#include "core/font.hpp"
#include "core/inset.hpp"
#include "core/labels.hpp"
#include "core/page_layout.hpp"
#include "core/style.hpp"

using namespace devomap;

namespace {

Ring rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

Column text_column(std::string name, std::vector<std::string> text) {
  Column c;
  c.name = std::move(name);
  c.text = std::move(text);
  return c;
}

// Areas in British National Grid metres with codes and names.
std::shared_ptr<Layer> layer_of(const std::vector<Ring>& rings, std::vector<std::string> codes,
                                std::vector<std::string> names) {
  auto layer = std::make_shared<Layer>();
  for (const Ring& r : rings) {
    layer->shapes.push_back({Polygon{r, {}}});
    layer->shape_bounds.push_back(bounds_of(layer->shapes.back()));
    layer->bounds.expand(layer->shape_bounds.back());
  }
  layer->display_crs.epsg = 27700;
  layer->attributes.row_count = rings.size();
  layer->attributes.columns = {text_column("LAD24CD", std::move(codes)),
                               text_column("LAD24NM", std::move(names))};
  layer->code_column = 0;
  layer->name_column = 1;
  return layer;
}

Scene scene_of(const std::shared_ptr<Layer>& layer, Rgba fill = {200, 220, 240, 255}) {
  Scene scene;
  SceneLayer sl;
  sl.layer = layer;
  sl.fills.assign(layer->size(), fill);
  scene.layers.push_back(sl);
  Legend legend;
  legend.title = "Population";
  legend.entries = {{{255, 255, 204, 255}, "0 – 10", 3}, {{65, 182, 196, 255}, "10 – 20", 4}};
  scene.legend = legend;
  return scene;
}

bool overlap(const LayoutRect& a, const LayoutRect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool inside(const LayoutRect& inner, const LayoutRect& outer) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
         inner.y + inner.h <= outer.y + outer.h;
}

// A Great-Britain-sized map: a tall north, a wide south, an east, and four London boroughs
// in a 40 km block, leaving the sea to the north-east empty.
std::shared_ptr<Layer> britain() {
  return layer_of(
      {rect(200e3, 300e3, 450e3, 1000e3), rect(200e3, 0, 500e3, 300e3),
       rect(540e3, 0, 600e3, 300e3), rect(500e3, 150e3, 520e3, 170e3),
       rect(520e3, 150e3, 540e3, 170e3), rect(500e3, 170e3, 520e3, 190e3),
       rect(520e3, 170e3, 540e3, 190e3), rect(500e3, 0, 540e3, 150e3),
       rect(500e3, 190e3, 540e3, 300e3)},
      {"S12000001", "E06000001", "E06000002", "E09000001", "E09000002", "E09000003", "E09000004",
       "E06000003", "E06000004"},
      {"North", "South", "East", "City", "Camden", "Brent", "Hackney", "Kent", "Essex"});
}

PageLayout gb_page(const Scene& scene, const LayoutSpec& spec) {
  PageSpec page;
  page.width_px = 800;
  page.height_px = 1000;
  return layout_page(scene, scene.layers[0].layer->bounds, MapUnits::Metres, page, spec,
                     default_fonts());
}

}  // namespace

TEST_CASE("labels: the pole of inaccessibility lies deep inside", "[labels]") {
  const Polygon square{rect(0, 0, 100, 100), {}};
  const InteriorPoint p = pole_of_inaccessibility(square, 0.1);
  CHECK(p.point.x == Approx(50).margin(0.5));
  CHECK(p.point.y == Approx(50).margin(0.5));
  CHECK(p.distance == Approx(50).margin(0.5));
  // An L shape: its centroid-ish middle is outside; the pole is in the thick arm, inside.
  const Polygon ell{{{0, 0}, {100, 0}, {100, 20}, {20, 20}, {20, 100}, {0, 100}}, {}};
  const InteriorPoint q = pole_of_inaccessibility(ell, 0.1);
  CHECK(contains(ell, q.point));
  // Where the arms meet, 2 - sqrt(2) of the arm's width from three edges at once.
  CHECK(q.distance == Approx(20 * (2 - std::sqrt(2.0))).margin(0.1));
  // The largest polygon of an area carries its label.
  const MultiPolygon islands{Polygon{rect(0, 0, 10, 10), {}}, Polygon{rect(100, 0, 200, 100), {}}};
  CHECK(label_anchor(islands, 0.1).point.x == Approx(150).margin(1));
}

TEST_CASE("labels: placed largest first, never overlapping, none for tiny areas", "[labels]") {
  // A row of big districts, one tiny one between two, and long names that cannot all fit.
  std::vector<Ring> rings;
  std::vector<std::string> codes, names;
  for (int i = 0; i < 6; ++i) {
    rings.push_back(rect(i * 100e3, 0, (i + 1) * 100e3, 100e3 + i * 10e3));
    codes.push_back("E0700000" + std::to_string(i));
    names.push_back(i % 2 ? "Somewhere with a very long name indeed" : "Area " + std::to_string(i));
  }
  rings.push_back(rect(300e3, 120e3, 301e3, 121e3));  // 1 km square: a few pixels
  codes.push_back("E07000099");
  names.push_back("Tiny");
  const auto layer = layer_of(rings, codes, names);
  const Scene scene = scene_of(layer);
  Camera camera;
  camera.width_px = 800;
  camera.height_px = 300;
  camera.fit(layer->bounds, 0.02);
  const LayoutRect frame{20, 40, 800, 300};
  const LayoutRect legend{20, 40, 120, 300};  // covers the first district's left part
  const auto labels = place_labels(scene, frame, camera, {legend}, default_fonts(), 1.0);
  REQUIRE_FALSE(labels.empty());
  for (std::size_t a = 0; a < labels.size(); ++a) {
    INFO(labels[a].lines.front().text);
    CHECK(inside(labels[a].box, frame));
    CHECK_FALSE(overlap(labels[a].box, legend));
    CHECK(labels[a].area != 6);  // the tiny area is left unlabelled, not overprinted
    for (std::size_t b = a + 1; b < labels.size(); ++b)
      CHECK_FALSE(overlap(labels[a].box, labels[b].box));
  }
  // Largest first: the tallest district (index 5) is named.
  bool five = false;
  for (const MapLabel& l : labels) five = five || l.area == 5;
  CHECK(five);
  // Long names wrap onto two lines where one would not fit.
  for (const MapLabel& l : labels)
    if (l.area % 2) CHECK(l.lines.size() == 2);
}

TEST_CASE("labels: key areas first, the small ones beside themselves with a leader", "[labels]") {
  // A big district with no authority, a big authority, and two small authorities (a city and a
  // town) in the middle of the big district: at this scale neither small one holds its name.
  const auto layer = layer_of({rect(0, 0, 400e3, 400e3), rect(400e3, 0, 800e3, 400e3),
                               rect(180e3, 180e3, 200e3, 200e3), rect(260e3, 260e3, 270e3, 270e3)},
                              {"E06000001", "E47000001", "E47000002", "E47000003"},
                              {"Shire", "Big Authority", "Greater City", "Town"});
  Scene scene = scene_of(layer);
  Camera camera;
  camera.width_px = 800;
  camera.height_px = 400;
  camera.fit(layer->bounds, 0.02);
  const LayoutRect frame{0, 0, 800, 400};
  const auto find = [](const std::vector<MapLabel>& labels, std::size_t area) {
    const MapLabel* found = nullptr;
    for (const MapLabel& l : labels)
      if (l.area == area) found = &l;
    return found;
  };

  SECTION("without key areas, only areas that hold their names are named") {
    const auto labels = place_labels(scene, frame, camera, {}, default_fonts(), 1.0);
    CHECK(find(labels, 0));
    CHECK(find(labels, 1));
    CHECK_FALSE(find(labels, 2));
    CHECK_FALSE(find(labels, 3));
  }
  SECTION("key areas are named, the small ones on a plate beside themselves") {
    auto keyed = std::make_shared<Layer>(*layer);
    keyed->label_weights = {0, 1000, 2000, 10};
    scene.layers[0].layer = keyed;
    const auto labels = place_labels(scene, frame, camera, {}, default_fonts(), 1.0);
    const MapLabel* big = find(labels, 1);
    const MapLabel* city = find(labels, 2);
    REQUIRE(big);
    REQUIRE(city);
    CHECK_FALSE(big->plate);  // it holds its own name
    REQUIRE(city->plate);
    REQUIRE(city->leader);
    // The leader runs from inside the city to the plate's edge; the plate leaves the city seen.
    const Vec2 inner = camera.map_to_screen({190e3, 190e3});
    CHECK(std::abs(city->leader->a.x - inner.x) < 8);
    CHECK(std::abs(city->leader->a.y - inner.y) < 8);
    CHECK_FALSE(city->plate->rect.contains(inner));
    CHECK(city->lines.front().text == "Greater City");
    // The plate keeps off the big authority (another key area).
    const Vec2 big_left = camera.map_to_screen({400e3, 200e3});
    CHECK(city->plate->rect.x + city->plate->rect.w < big_left.x);
    for (std::size_t a = 0; a < labels.size(); ++a)
      for (std::size_t b = a + 1; b < labels.size(); ++b)
        CHECK_FALSE(overlap(labels[a].box, labels[b].box));
    // Labels travel with the map: panning the camera moves every part by the same pixels.
    Camera panned = camera;
    panned.pan_pixels(30, -10);
    std::vector<MapLabel> moved = labels;
    move_labels(moved, camera, panned);
    const MapLabel* city_moved = find(moved, 2);
    CHECK(city_moved->plate->rect.x == Approx(city->plate->rect.x + 30));
    CHECK(city_moved->leader->a.y == Approx(city->leader->a.y - 10));
    CHECK(city_moved->lines.front().x == Approx(city->lines.front().x + 30));
  }
}

TEST_CASE("labels: text colour reads against the fill", "[labels]") {
  const auto layer = layer_of({rect(0, 0, 100e3, 100e3)}, {"E07000001"}, {"Dark"});
  Camera camera;
  camera.width_px = camera.height_px = 400;
  camera.fit(layer->bounds, 0.02);
  const LayoutRect frame{0, 0, 400, 400};
  auto labels =
      place_labels(scene_of(layer, {37, 52, 148, 255}), frame, camera, {}, default_fonts(), 1.0);
  REQUIRE(labels.size() == 1);
  CHECK(labels[0].lines[0].color == Rgba{255, 255, 255, 255});
  labels =
      place_labels(scene_of(layer, {255, 255, 204, 255}), frame, camera, {}, default_fonts(), 1.0);
  REQUIRE(labels.size() == 1);
  CHECK(labels[0].lines[0].color.r < 100);
}

TEST_CASE("inset: only maps of Great Britain in BNG with London get one", "[inset]") {
  const auto gb = britain();
  const Scene scene = scene_of(gb);
  CHECK(london_bounds(scene).has_value());
  CHECK(wants_london_inset(scene, gb->bounds));
  // Zoomed to the South East: London is large enough already.
  CHECK_FALSE(wants_london_inset(scene, Bounds{400e3, 100e3, 600e3, 300e3}));
  // Not in British National Grid.
  auto mercator = std::make_shared<Layer>(*gb);
  mercator->display_crs.epsg = 3857;
  CHECK_FALSE(wants_london_inset(scene_of(mercator), mercator->bounds));
  // No London codes.
  auto elsewhere = std::make_shared<Layer>(*gb);
  for (std::string& code : elsewhere->attributes.columns[0].text)
    if (code.rfind("E09", 0) == 0) code = "E06000050";
  CHECK_FALSE(wants_london_inset(scene_of(elsewhere), elsewhere->bounds));
  // London as a single area (the GLA on the devolution map) needs no enlargement.
  auto one_london = std::make_shared<Layer>(*gb);
  int kept = 0;
  for (std::string& code : one_london->attributes.columns[0].text)
    if (code.rfind("E09", 0) == 0 && kept++ > 0) code = "E06000050";
  CHECK_FALSE(wants_london_inset(scene_of(one_london), one_london->bounds));
  // The GLA counts as London.
  CHECK(is_london_code("E61000001"));
  CHECK_FALSE(is_london_code("E08000001"));
}

TEST_CASE("inset: in an empty part of the frame, clear of the legend and furniture", "[inset]") {
  const Scene scene = scene_of(britain());
  LayoutSpec spec;
  spec.title = "Britain";
  const PageLayout page = gb_page(scene, spec);
  REQUIRE(page.inset.has_value());
  const MapInset& inset = *page.inset;
  CHECK(inside(inset.frame, page.frame));
  for (const LayoutRect& part : {page.legend_box, page.scale_bar_box, page.north_arrow_box})
    if (part.w > 0) CHECK_FALSE(overlap(inset.frame, part));
  // It covers no area of the main map, and is larger than London is there.
  CHECK_FALSE(Coverage(scene, page.camera, page.frame).any_in(inset.frame));
  const Bounds london = *london_bounds(scene);
  CHECK(inset.camera.scale > 3 * page.camera.scale);
  // The locator on the main map surrounds London; the inset's camera shows all of it.
  const Vec2 a = page.map_to_page({london.min_x, london.max_y});
  const Vec2 b = page.map_to_page({london.max_x, london.min_y});
  CHECK(inset.locator.x <= a.x + 0.5);
  CHECK(inset.locator.y <= a.y + 0.5);
  CHECK(inset.locator.x + inset.locator.w >= b.x - 0.5);
  CHECK(inset.locator.y + inset.locator.h >= b.y - 0.5);
  const Bounds shown = inset.camera.visible_bounds();
  CHECK(shown.contains({london.min_x, london.min_y}));
  CHECK(shown.contains({london.max_x, london.max_y}));
  // The caption is on the page.
  bool caption = false;
  for (const LayoutText& t : page.texts) caption = caption || t.text == "London";
  CHECK(caption);

  SECTION("labels keep out of the inset and name London inside it") {
    LayoutSpec with_labels = spec;
    with_labels.labels = true;
    const PageLayout labelled = gb_page(scene, with_labels);
    REQUIRE(labelled.inset);
    bool camden_in_inset = false;
    for (const MapLabel& l : labelled.labels) {
      const bool in_inset = inside(l.box, labelled.inset->frame);
      if (!in_inset) CHECK_FALSE(overlap(l.box, labelled.inset->frame));
      if (in_inset) CHECK(is_london_code(scene.layers[0].layer->code(l.area)));
      camden_in_inset = camden_in_inset || (in_inset && l.lines[0].text == "Camden");
      CHECK_FALSE(overlap(l.box, labelled.legend_box));
    }
    CHECK(camden_in_inset);
  }
  SECTION("--no-inset turns it off") {
    LayoutSpec off = spec;
    off.london_inset = false;
    CHECK_FALSE(gb_page(scene, off).inset.has_value());
  }
}

TEST_CASE("alt text: a numeric map names its range, extremes and missing data", "[alt]") {
  auto layer = layer_of({rect(0, 0, 1, 1), rect(1, 0, 2, 1), rect(2, 0, 3, 1), rect(3, 0, 4, 1)},
                        {"E06000001", "E06000002", "E07000003", "E09000004"},
                        {"Hartlepool", "Middlesbrough", "Redcar", "Camden"});
  layer->attributes.add_number_column("spend", {1200.5, 3400, std::nan(""), 80}, false);
  StyleSpec spec;
  spec.field = "spend";
  spec.method = ClassMethod::Equal;
  spec.classes = 3;
  const LayerStyle style = build_style(*layer, spec);
  const std::string alt = draft_alt_text(*layer, spec, style, "Spending");
  CHECK_THAT(alt, Catch::StartsWith("Map of Spending: spend by local authority district across "
                                    "4 areas, in 3 classes from 80 to 3,400."));
  CHECK_THAT(alt, Catch::Contains("Highest: Middlesbrough (3,400); lowest: Camden (80)"));
  CHECK_THAT(alt, Catch::EndsWith("1 area has no data."));
  const auto values = area_value_texts(*layer, spec, style);
  REQUIRE(values.size() == 4);
  CHECK(values[1] == "3,400");
  CHECK(values[2] == "No data");
}

TEST_CASE("alt text: a categorical map lists its largest categories", "[alt]") {
  std::vector<Ring> rings;
  std::vector<std::string> codes, names;
  for (int i = 0; i < 7; ++i) {
    rings.push_back(rect(i, 0, i + 1, 1));
    codes.push_back("E4700000" + std::to_string(i));
    names.push_back("Area " + std::to_string(i));
  }
  auto layer = layer_of(rings, codes, names);
  Column tier = text_column(
      "tier", {"Mayoral", "Mayoral", "Mayoral", "Foundation", "Foundation", "None", "Other"});
  layer->attributes.columns.push_back(tier);
  StyleSpec spec;
  spec.field = "tier";
  spec.palette = "Set2";
  const LayerStyle style = build_style(*layer, spec);
  const std::string alt = draft_alt_text(*layer, spec, style, "");
  CHECK_THAT(alt, Catch::StartsWith("Map of tier by combined authority across 7 areas, in 4 "
                                    "categories."));
  CHECK_THAT(alt, Catch::Contains("Largest: Mayoral (3 areas), Foundation (2)"));
  CHECK_THAT(alt, Catch::Contains("1 more category"));
  CHECK(area_value_texts(*layer, spec, style)[3] == "Foundation");
}

TEST_CASE("outlines fade where the areas are too small on screen to show between them",
          "[style][outline]") {
  // Nine 1 km squares and one 100 km square: the typical (median) area is 1 km wide.
  auto layer = std::make_shared<Layer>();
  for (int i = 0; i < 10; ++i) {
    const double w = i == 9 ? 100e3 : 1e3, x = i * 200e3;
    layer->shapes.push_back({Polygon{{{x, 0}, {x + w, 0}, {x + w, w}, {x, w}}, {}}});
    layer->shape_bounds.push_back(bounds_of(layer->shapes.back()));
  }
  CHECK(typical_area_width(*layer) == Approx(1e3));
  CHECK(typical_area_width(Layer{}) == 0);
  const SceneLayer sl = data_scene_layer(layer, std::vector<Rgba>(10, Rgba{10, 20, 30, 255}));
  // A city of them zoomed in (10 px each): full strength; at national zoom (1 px): gone.
  CHECK(drawn_outline(sl, 10.0 / 1e3).a == 255);
  CHECK(drawn_outline(sl, 1.0 / 1e3).a == 0);
  const Rgba half = drawn_outline(sl, 5.0 / 1e3);
  CHECK(half.a == 128);
  CHECK(half.r == kDataOutline.r);
}
