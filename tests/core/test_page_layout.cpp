// Page layout of exports: paper sizes, attribution, scale bar lengths and where each part goes.
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "core/error.hpp"
#include "core/font.hpp"
#include "core/page_layout.hpp"

using namespace devomap;

namespace {

Ring square(double x0, double y0, double side) {
  return {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}};
}

// A layer of axis-aligned squares (display CRS units: metres on the British National Grid).
std::shared_ptr<Layer> squares_layer(const std::vector<Ring>& rings) {
  auto layer = std::make_shared<Layer>();
  for (const Ring& r : rings) {
    layer->shapes.push_back({Polygon{r, {}}});
    layer->shape_bounds.push_back(bounds_of(layer->shapes.back()));
    layer->bounds.expand(layer->shape_bounds.back());
  }
  layer->display_crs.epsg = 27700;
  return layer;
}

Scene scene_of(const std::shared_ptr<Layer>& layer, bool with_legend = true) {
  Scene scene;
  SceneLayer sl;
  sl.layer = layer;
  sl.fills.assign(layer->size(), Rgba{200, 100, 50, 255});
  scene.layers.push_back(sl);
  if (with_legend) {
    Legend legend;
    legend.title = "Population";
    legend.entries = {{{255, 255, 204, 255}, "0 – 10", 3}, {{65, 182, 196, 255}, "10 – 20", 4}};
    scene.legend = legend;
  }
  return scene;
}

bool inside(const LayoutRect& inner, const LayoutRect& outer) {
  return inner.x >= outer.x - 1e-9 && inner.y >= outer.y - 1e-9 &&
         inner.x + inner.w <= outer.x + outer.w + 1e-9 &&
         inner.y + inner.h <= outer.y + outer.h + 1e-9;
}

bool overlap(const LayoutRect& a, const LayoutRect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// The page rectangle a map-space box covers.
LayoutRect on_page(const PageLayout& page, const Bounds& b) {
  const Vec2 p0 = page.map_to_page({b.min_x, b.max_y}), p1 = page.map_to_page({b.max_x, b.min_y});
  return {p0.x, p0.y, p1.x - p0.x, p1.y - p0.y};
}

}  // namespace

TEST_CASE("page_layout: paper sizes in pixels follow the DPI and orientation", "[page]") {
  PageSpec spec;
  spec.paper = Paper::A4;
  spec.dpi = 300;
  PageSize a4 = page_size(spec);
  CHECK(a4.width_px == 2480);
  CHECK(a4.height_px == 3508);
  CHECK(a4.scale == Approx(300.0 / 96));
  CHECK(a4.width_pt() == Approx(595.28).epsilon(1e-3));
  spec.landscape = true;
  CHECK(page_size(spec).width_px == 3508);
  spec.paper = Paper::A3;
  spec.landscape = false;
  spec.dpi = 150;
  CHECK(page_size(spec).width_px == 1754);
  CHECK(page_size(spec).height_px == 2480);
  spec.paper = Paper::Slide;
  spec.dpi = 96;
  CHECK(page_size(spec).width_px == 1280);
  CHECK(page_size(spec).height_px == 720);
  spec.dpi = 601;
  CHECK_THROWS_AS(page_size(spec), UserError);
  spec.dpi = 71;
  CHECK_THROWS_WITH(page_size(spec), Catch::Contains("72..600"));

  PageSpec exact;
  exact.width_px = 640;
  exact.height_px = 480;
  CHECK(page_size(exact).width_px == 640);
  CHECK(page_size(exact).scale == 1.0);
  CHECK(parse_paper("a4") == Paper::A4);
  CHECK(parse_paper("SLIDE") == Paper::Slide);
  CHECK_FALSE(parse_paper("letter"));
}

TEST_CASE("page_layout: official boundaries carry the OGL attribution", "[page]") {
  LayoutSpec spec;
  CHECK(attribution_text(spec).empty());
  spec.source = "Data: MHCLG";
  CHECK(attribution_text(spec) == "Data: MHCLG");
  spec.official_boundaries = true;
  spec.boundary_year = 2024;
  CHECK(attribution_text(spec) ==
        "Data: MHCLG. Contains OS data \xC2\xA9 Crown copyright and database right 2024. Source: "
        "Office for National Statistics licensed under the Open Government Licence v.3.0.");
  spec.source.clear();
  spec.boundary_year.reset();
  CHECK_THAT(attribution_text(spec),
             Catch::StartsWith("Contains OS data \xC2\xA9 Crown copyright and database right. "));
}

TEST_CASE("page_layout: scale bar lengths are 1, 2 or 5 x 10^n km", "[page]") {
  CHECK(round_scale_length_km(173) == Approx(100));
  CHECK(round_scale_length_km(250) == Approx(200));
  CHECK(round_scale_length_km(5) == Approx(5));
  CHECK(round_scale_length_km(9.99) == Approx(5));
  CHECK(round_scale_length_km(0.37) == Approx(0.2));
  CHECK(round_scale_length_km(0) == 0);
  CHECK(map_units_of(CrsInfo{27700, "BNG", false}) == MapUnits::Metres);
  CHECK(map_units_of(CrsInfo{3857, "Web Mercator", false}) == MapUnits::WebMercator);
  CHECK(map_units_of(CrsInfo{4326, "WGS 84", false}) == MapUnits::Unknown);
}

TEST_CASE("page_layout: parts stay on the page and off the map", "[page]") {
  const FontSet& fonts = default_fonts();
  // An L of squares: the top-right corner of its bounds is empty.
  const auto layer =
      squares_layer({square(0, 0, 100000), square(100000, 0, 100000), square(0, 100000, 100000)});
  const Scene scene = scene_of(layer);
  PageSpec page;
  page.width_px = 900;
  page.height_px = 700;
  LayoutSpec spec;
  spec.title = "A title";
  spec.subtitle = "A subtitle";
  spec.official_boundaries = true;
  spec.boundary_year = 2024;
  const PageLayout out = layout_page(scene, layer->bounds, MapUnits::Metres, page, spec, fonts);
  const LayoutRect whole{0, 0, 900, 700};

  CHECK(inside(out.frame, whole));
  CHECK(out.camera.width_px == Approx(out.frame.w));
  // The map fills the frame (camera fitted to the frame, not the page).
  const LayoutRect map = on_page(out, layer->bounds);
  CHECK(inside(map, out.frame));
  CHECK(std::max(map.w / out.frame.w, map.h / out.frame.h) > 0.9);
  // Title above the frame, source below it.
  CHECK(out.title_box.y + out.title_box.h <= out.frame.y);
  CHECK(out.source_box.y >= out.frame.y + out.frame.h);
  // Every text is on the page.
  for (const auto* texts : {&out.texts, &out.legend.texts})
    for (const LayoutText& t : *texts) {
      INFO(t.text);
      CHECK(t.x >= 0);
      CHECK(t.x + t.width <= 900);
      CHECK(t.baseline - t.size >= 0);
      CHECK(t.baseline <= 700);
    }
  // The legend, scale bar and arrow cover none of the three squares and not each other.
  REQUIRE(out.legend_box.w > 0);
  REQUIRE(out.scale_bar_box.w > 0);
  REQUIRE(out.north_arrow_box.w > 0);
  for (const LayoutRect* part : {&out.legend_box, &out.scale_bar_box, &out.north_arrow_box}) {
    CHECK(inside(*part, whole));
    for (std::size_t i = 0; i < layer->size(); ++i)
      CHECK_FALSE(overlap(*part, on_page(out, layer->shape_bounds[i])));
  }
  CHECK_FALSE(overlap(out.legend_box, out.scale_bar_box));
  CHECK_FALSE(overlap(out.legend_box, out.north_arrow_box));
  // The empty top-right corner is used: the legend sits inside the frame.
  CHECK(inside(out.legend_box, out.frame));

  // The scale bar is a round length, at most 120 logical px, drawn to the camera's scale.
  const double km = out.scale_bar_km;
  REQUIRE(km > 0);
  const double mantissa = km / std::pow(10.0, std::floor(std::log10(km) + 1e-9));
  CHECK((mantissa == Approx(1) || mantissa == Approx(2) || mantissa == Approx(5)));
  CHECK_THAT(out.scale_bar_label, Catch::EndsWith(" km"));
  const double bar_px = km * 1000 * out.camera.scale;
  CHECK(bar_px <= 120 + 1e-6);
  CHECK(bar_px > 120 / 2.5 - 1e-6);  // the next round length up would not fit
  bool bar_found = false;
  for (const LayoutBox& b : out.boxes)
    if (std::abs(b.rect.w - bar_px) <= 1.0) bar_found = true;
  CHECK(bar_found);
  CHECK(out.notes.empty());
}

TEST_CASE("page_layout: a map with no free corner gets its legend beside or below it", "[page]") {
  const FontSet& fonts = default_fonts();
  // A solid block of the frame's shape (about 744 x 544 px): no corner is free.
  const auto layer = squares_layer({{{0, 0}, {548000, 0}, {548000, 400000}, {0, 400000}}});
  const Scene scene = scene_of(layer);
  PageSpec page;
  page.width_px = 800;
  page.height_px = 600;
  const PageLayout out = layout_page(scene, layer->bounds, MapUnits::Metres, page, {}, fonts);
  REQUIRE(out.legend_box.w > 0);
  const LayoutRect map = on_page(out, layer->bounds);
  for (const LayoutRect* part : {&out.legend_box, &out.scale_bar_box, &out.north_arrow_box}) {
    CHECK_FALSE(overlap(*part, map));
    CHECK(inside(*part, LayoutRect{0, 0, 800, 600}));
  }
  CHECK_FALSE(overlap(out.legend_box, out.frame));
}

TEST_CASE("page_layout: type and lines scale with the DPI", "[page]") {
  const FontSet& fonts = default_fonts();
  const auto layer = squares_layer({square(0, 0, 100000), square(100000, 0, 100000)});
  const Scene scene = scene_of(layer);
  LayoutSpec spec;
  spec.title = "Title";
  PageSpec page;
  page.paper = Paper::A4;
  page.dpi = 96;
  const PageLayout low = layout_page(scene, layer->bounds, MapUnits::Metres, page, spec, fonts);
  page.dpi = 192;
  const PageLayout high = layout_page(scene, layer->bounds, MapUnits::Metres, page, spec, fonts);
  CHECK(high.page.width_px == Approx(2 * low.page.width_px).margin(1));
  REQUIRE(!low.texts.empty());
  CHECK(high.texts[0].size == Approx(2 * low.texts[0].size));
  CHECK(high.frame.w == Approx(2 * low.frame.w).margin(3));
  CHECK(high.legend.scale == Approx(2 * low.legend.scale));
}

TEST_CASE("page_layout: the scale bar knows its CRS", "[page]") {
  const FontSet& fonts = default_fonts();
  PageSpec page;
  page.width_px = 800;
  page.height_px = 800;
  SECTION("Web Mercator: true at the centre's latitude, and says so") {
    // About 54 degrees north: y = R * ln(tan(45 + lat / 2)).
    const double y = 6378137.0 * std::log(std::tan((45 + 27) * 3.14159265358979 / 180));
    const auto layer = squares_layer({square(-200000, y - 200000, 400000)});
    const PageLayout out =
        layout_page(scene_of(layer), layer->bounds, MapUnits::WebMercator, page, {}, fonts);
    REQUIRE(out.scale_bar_km > 0);
    CHECK_THAT(out.scale_bar_label, Catch::Contains("at 54\xC2\xB0N"));
    // cos(54 deg) = 0.588: the bar is longer on the page than in Mercator metres.
    const double bar_px = out.scale_bar_km * 1000 / 0.5878 * out.camera.scale;
    CHECK(bar_px <= 120.5);
    CHECK_FALSE(out.notes.empty());
  }
  SECTION("unknown units: no scale bar, and a note saying why") {
    const auto layer = squares_layer({square(-2, 50, 4)});
    const PageLayout out =
        layout_page(scene_of(layer), layer->bounds, MapUnits::Unknown, page, {}, fonts);
    CHECK(out.scale_bar_km == 0);
    CHECK(out.scale_bar_box.w == 0);
    REQUIRE_FALSE(out.notes.empty());
    CHECK_THAT(out.notes[0], Catch::Contains("scale bar omitted"));
    CHECK(out.north_arrow_box.w > 0);
  }
  SECTION("parts can be switched off") {
    const auto layer = squares_layer({square(0, 0, 100000)});
    LayoutSpec spec;
    spec.legend = false;
    spec.scale_bar = false;
    spec.north_arrow = false;
    const PageLayout out =
        layout_page(scene_of(layer), layer->bounds, MapUnits::Metres, page, spec, fonts);
    CHECK(out.legend.empty());
    CHECK(out.boxes.empty());
    CHECK(out.polygons.empty());
    CHECK(out.texts.empty());
  }
}

TEST_CASE("page_layout: a page too small for the map is a clear error", "[page]") {
  const auto layer = squares_layer({square(0, 0, 100000)});
  PageSpec page;
  page.width_px = 60;
  page.height_px = 60;
  CHECK_THROWS_WITH(
      layout_page(scene_of(layer), layer->bounds, MapUnits::Metres, page, {}, default_fonts()),
      Catch::Contains("too small"));
}
