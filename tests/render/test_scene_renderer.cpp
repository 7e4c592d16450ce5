// SceneRenderer drawn headless (EGL surfaceless, DISPLAY unset) into an OffscreenTarget, with
// pixels checked at positions computed from the camera.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "core/camera.hpp"
#include "core/font.hpp"
#include "core/layout.hpp"
#include "core/mesh.hpp"
#include "core/scene.hpp"
#include "render/offscreen.hpp"
#include "render/render_fixtures.hpp"
#include "render/scene_renderer.hpp"

using namespace devomap;
using devomap::test::IsColor;
using devomap::test::pixel;

namespace {

constexpr Rgba kRed{200, 50, 50, 255};
constexpr Rgba kGreen{50, 160, 60, 255};
constexpr Rgba kBlue{40, 80, 200, 255};
constexpr Rgba kNoData{236, 236, 236, 255};
constexpr Rgba kBackground{238, 241, 245, 255};
constexpr Rgba kOutline{20, 20, 20, 255};

Legend sample_legend() {
  Legend legend;
  legend.title = "Population – 2022";
  legend.subtitle = "Quantile, 3 classes";
  legend.entries = {{kRed, "≤ 10", 1, false},
                    {kGreen, "10 – 20", 1, false},
                    {kBlue, "> 20 (£m)", 1, false},
                    {kNoData, "No data", 1, true}};
  legend.boundary_rule = "Upper bound included: 10 – 20 means > 10 and ≤ 20";
  return legend;
}

// The four-squares layer on a 640 x 400 logical viewport, 1.2 px per map unit, with the map on
// the right half so the legend (bottom-left) never covers it.
struct MapFixture {
  render::HeadlessContext context;  // first: everything below needs the GL context
  std::shared_ptr<Layer> layer = std::make_shared<Layer>(test::four_squares_layer());
  render::SceneRenderer renderer;
  Scene scene;
  Camera camera;

  MapFixture() {
    renderer.upload(layer.get(), build_layer_mesh(*layer, 1));
    SceneLayer map;
    map.layer = layer;
    map.fills = {kRed, kGreen, kNoData, kBlue};
    map.outline = kOutline;
    map.outline_px = 2;
    scene.layers.push_back(map);
    scene.background = kBackground;
    camera.centre = {-30, 110};
    camera.scale = 1.2;
    camera.width_px = 640;
    camera.height_px = 400;
  }

  render::Image render(float ratio = 1) {
    render::OffscreenTarget target(static_cast<int>(640 * ratio), static_cast<int>(400 * ratio));
    target.bind();
    renderer.draw(scene, camera, target.draw_target(ratio));
    return target.read_pixels();
  }

  // The pixel under a map point.
  Rgba at_map(const render::Image& image, double x, double y, float ratio = 1) const {
    const Vec2 s = camera.map_to_screen({x, y});
    return pixel(image, static_cast<int>(std::floor(s.x * ratio)),
                 static_cast<int>(std::floor(s.y * ratio)));
  }
};

// Counts pixels of a rectangle (device px) within `tolerance` of a colour.
int count_color(const render::Image& image, int x0, int y0, int x1, int y1, Rgba color,
                int tolerance = 3) {
  int n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) n += test::close_to(pixel(image, x, y), color, tolerance);
  return n;
}

}  // namespace

TEST_CASE("fills, holes, background and outlines land on the expected pixels", "[renderer]") {
  MapFixture f;
  const render::Image image = f.render();
  REQUIRE(image.width == 640);
  REQUIRE(image.height == 400);

  CHECK_THAT(f.at_map(image, 15, 50), IsColor(kRed));  // area 0, left of its hole
  CHECK_THAT(f.at_map(image, 85, 85), IsColor(kRed));
  CHECK_THAT(f.at_map(image, 50, 50), IsColor(kBackground));  // the hole shows background
  CHECK_THAT(f.at_map(image, 170, 50), IsColor(kGreen));
  CHECK_THAT(f.at_map(image, 170, 170), IsColor(kBlue));
  CHECK_THAT(f.at_map(image, 110, 110), IsColor(kBackground));  // the gap between squares
  CHECK_THAT(pixel(image, 630, 10), IsColor(kBackground));

  // Area 1's left edge (x = 120) is at screen x 500; a 2 px outline covers x 499..501.
  const Vec2 edge = f.camera.map_to_screen({120, 50});
  REQUIRE(edge.x == Approx(500));
  const int y = static_cast<int>(edge.y);
  CHECK_THAT(pixel(image, 499, y), IsColor(kOutline));
  CHECK_THAT(pixel(image, 500, y), IsColor(kOutline));
  CHECK_THAT(pixel(image, 503, y), IsColor(kGreen));
  CHECK_THAT(pixel(image, 496, y), IsColor(kBackground));
  // The hole's ring is outlined too: its left edge (x = 30) sits at screen x 392.
  const Vec2 hole_edge = f.camera.map_to_screen({30, 50});
  CHECK(test::darker_than(pixel(image, static_cast<int>(hole_edge.x), y), 60));
  CHECK(test::darker_than(pixel(image, static_cast<int>(hole_edge.x) - 1, y), 60));
}

TEST_CASE("an outline width of 0 draws no outline", "[renderer]") {
  MapFixture f;
  f.scene.layers[0].outline_px = 0;
  const render::Image image = f.render();
  const int y = static_cast<int>(f.camera.map_to_screen({120, 50}).y);
  CHECK_THAT(pixel(image, 500, y), IsColor(kGreen));
  CHECK_THAT(pixel(image, 499, y), IsColor(kBackground));
}

TEST_CASE("hover lightens the area and outlines it on top", "[renderer]") {
  MapFixture f;
  f.scene.layers[0].outline = {255, 255, 255, 255};
  f.scene.layers[0].outline_px = 1;
  const render::Image before = f.render();
  f.scene.hovered = 1;
  const render::Image after = f.render();

  const Rgba plain = f.at_map(before, 170, 50);
  const Rgba hovered = f.at_map(after, 170, 50);
  CHECK_THAT(plain, IsColor(kGreen));
  CHECK(hovered.r > plain.r + 30);  // lighter: mixed towards white
  CHECK(hovered.g > plain.g + 15);
  CHECK(hovered.b > plain.b + 30);
  // Other areas keep their colour.
  CHECK_THAT(f.at_map(after, 15, 50), IsColor(kRed));
  CHECK_THAT(f.at_map(after, 170, 170), IsColor(kBlue));

  // The hover outline (2 px, dark) covers x 499..501 on area 1's left edge, where the layer's
  // own 1 px outline is white.
  const int y = static_cast<int>(f.camera.map_to_screen({120, 50}).y);
  CHECK_FALSE(test::darker_than(pixel(before, 499, y), 100));
  CHECK(test::darker_than(pixel(after, 499, y), 60));
  CHECK(test::darker_than(pixel(after, 500, y), 60));
  // An area out of range is ignored rather than drawn or crashing.
  f.scene.hovered = 99;
  CHECK_THAT(f.at_map(f.render(), 170, 50), IsColor(kGreen));
}

TEST_CASE("selection draws a thick black outline over neighbours", "[renderer]") {
  MapFixture f;
  f.scene.layers[0].outline = {255, 255, 255, 255};
  f.scene.layers[0].outline_px = 1;
  f.scene.selected = 3;
  const render::Image image = f.render();
  // Area 3's left edge at x = 120 -> screen 500; 3 px covers 498.5..501.5.
  const int y = static_cast<int>(f.camera.map_to_screen({120, 170}).y);
  CHECK_THAT(pixel(image, 499, y), IsColor({0, 0, 0, 255}));
  CHECK_THAT(pixel(image, 500, y), IsColor({0, 0, 0, 255}));
  CHECK_THAT(pixel(image, 503, y), IsColor(kBlue));  // fill unchanged by selection
  // Area 1 (not selected) keeps its white outline.
  const int y1 = static_cast<int>(f.camera.map_to_screen({120, 50}).y);
  CHECK_FALSE(test::darker_than(pixel(image, 500, y1), 100));
}

TEST_CASE("recolouring changes the pixels without uploading again", "[renderer]") {
  MapFixture f;
  CHECK_THAT(f.at_map(f.render(), 170, 50), IsColor(kGreen));
  f.scene.layers[0].fills[1] = {250, 200, 0, 255};
  CHECK_THAT(f.at_map(f.render(), 170, 50), IsColor({250, 200, 0, 255}));
  CHECK_THAT(f.at_map(f.render(), 15, 50), IsColor(kRed));
}

TEST_CASE("no-data areas are hatched like the legend's no-data swatch", "[renderer]") {
  MapFixture f;
  const Rgba hatch = no_data_hatch_color(kNoData);
  // Without a legend there is no no-data entry, so area 2 is a plain fill.
  const render::Image plain = f.render();
  const Vec2 c = f.camera.map_to_screen({50, 170});
  const int cx = static_cast<int>(c.x), cy = static_cast<int>(c.y);
  CHECK(count_color(plain, cx - 15, cy - 15, cx + 15, cy + 15, kNoData) == 900);

  f.scene.legend = sample_legend();
  const render::Image image = f.render();
  const int fill = count_color(image, cx - 15, cy - 15, cx + 15, cy + 15, kNoData);
  const int lines = count_color(image, cx - 15, cy - 15, cx + 15, cy + 15, hatch);
  CHECK(fill > 500);
  CHECK(lines > 60);  // 1 px lines 6 px apart: about 1/6 of the pixels
  CHECK(fill + lines == 900);
  // A data area next to it is not hatched.
  const Vec2 d = f.camera.map_to_screen({170, 170});
  CHECK(count_color(image, static_cast<int>(d.x) - 15, static_cast<int>(d.y) - 15,
                    static_cast<int>(d.x) + 15, static_cast<int>(d.y) + 15, kBlue) == 900);
}

TEST_CASE("the legend's swatches, text and panel appear where the layout puts them", "[renderer]") {
  MapFixture f;
  f.scene.legend = sample_legend();
  const render::Image image = f.render();
  const LegendLayout layout = layout_legend(*f.scene.legend, 640, 400, 1, default_fonts());
  REQUIRE(layout.swatches.size() == 4);
  // The legend sits bottom-left, clear of the map (which starts at screen x 356).
  REQUIRE(layout.panel.x + layout.panel.w < f.camera.map_to_screen({0, 0}).x);
  CHECK(layout.panel.x == Approx(12));
  CHECK(layout.panel.y + layout.panel.h == Approx(400 - 12));

  const Rgba expected[] = {kRed, kGreen, kBlue};
  for (int i = 0; i < 3; ++i) {
    const LayoutRect& r = layout.swatches[i].rect;
    INFO("swatch " << i);
    CHECK_THAT(pixel(image, static_cast<int>(r.x + r.w / 2), static_cast<int>(r.y + r.h / 2)),
               IsColor(expected[i]));
    // Every pixel of the swatch is its colour.
    CHECK(count_color(image, static_cast<int>(r.x), static_cast<int>(r.y),
                      static_cast<int>(r.x + r.w), static_cast<int>(r.y + r.h),
                      expected[i]) == static_cast<int>(r.w * r.h));
  }
  // The no-data swatch: its grey plus darker hatch strokes, inside a darker border.
  const LayoutSwatch& nd = layout.swatches[3];
  REQUIRE(nd.no_data);
  const int x0 = static_cast<int>(nd.rect.x), y0 = static_cast<int>(nd.rect.y);
  const int x1 = static_cast<int>(nd.rect.x + nd.rect.w),
            y1 = static_cast<int>(nd.rect.y + nd.rect.h);
  const int swatch_pixels = (x1 - x0) * (y1 - y0);
  const int grey = count_color(image, x0, y0, x1, y1, kNoData);
  CHECK(grey > swatch_pixels / 3);
  CHECK(grey < swatch_pixels);
  int darker = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) darker += test::darker_than(pixel(image, x, y), 200);
  CHECK(darker > 10);
  CHECK_THAT(pixel(image, x0 - 1, y0 + 2), IsColor(no_data_hatch_color(kNoData)));

  // Text was drawn: dark pixels inside the title's box.
  const LayoutText& title = layout.texts.front();
  REQUIRE(title.text == "Population – 2022");
  const Font& bold = default_fonts().get(true);
  int ink = 0;
  for (int y = static_cast<int>(title.baseline - bold.ascent(title.size));
       y < static_cast<int>(title.baseline); ++y)
    for (int x = static_cast<int>(title.x); x < static_cast<int>(title.x + title.width); ++x)
      ink += test::darker_than(pixel(image, x, y), 110);
  CHECK(ink > 40);
  // The panel is opaque white inside its border.
  const Rgba panel =
      pixel(image, static_cast<int>(layout.panel.x) + 4, static_cast<int>(layout.panel.y) + 4);
  CHECK_THAT(panel, IsColor({255, 255, 255, 255}, 0));
}

TEST_CASE("pixel ratio 2 scales map outlines and the legend", "[renderer]") {
  MapFixture f;
  f.scene.legend = sample_legend();
  const render::Image image = f.render(2);
  REQUIRE(image.width == 1280);
  REQUIRE(image.height == 800);
  CHECK_THAT(f.at_map(image, 170, 50, 2), IsColor(kGreen));
  CHECK_THAT(f.at_map(image, 50, 50, 2), IsColor(kBackground));
  // Area 1's left edge at device x 1000; 2 logical px = 4 device px: 998..1002.
  const int y = static_cast<int>(f.camera.map_to_screen({120, 50}).y * 2);
  for (int x = 998; x < 1002; ++x) CHECK_THAT(pixel(image, x, y), IsColor(kOutline));
  CHECK_THAT(pixel(image, 1003, y), IsColor(kGreen));

  const LegendLayout one = layout_legend(*f.scene.legend, 640, 400, 1, default_fonts());
  const LegendLayout two = layout_legend(*f.scene.legend, 1280, 800, 2, default_fonts());
  CHECK(two.panel.w == Approx(2 * one.panel.w).margin(2));
  CHECK(two.panel.h == Approx(2 * one.panel.h).margin(2));
  const LayoutRect& r = two.swatches[1].rect;
  CHECK_THAT(pixel(image, static_cast<int>(r.x + r.w / 2), static_cast<int>(r.y + r.h / 2)),
             IsColor(kGreen));
}

TEST_CASE("area colours past the first row of the lookup texture", "[renderer]") {
  render::HeadlessContext context;
  auto layer = std::make_shared<Layer>();
  for (int i = 0; i < 2100; ++i) test::add_area(*layer, {});
  // Areas 5 (row 0), 1500 (row 1) and 2099 (row 2) get squares side by side.
  const auto put = [&](std::size_t area, double x) {
    layer->shapes[area] = {Polygon{test::rect_ring(x, 0, x + 10, 10), {}}};
    layer->shape_bounds[area] = bounds_of(layer->shapes[area]);
    layer->bounds.expand(layer->shape_bounds[area]);
  };
  put(5, 0);
  put(1500, 20);
  put(2099, 40);
  render::SceneRenderer renderer;
  renderer.upload(layer.get(), build_layer_mesh(*layer, 1));
  Scene scene;
  SceneLayer map;
  map.layer = layer;
  map.fills.assign(layer->size(), {0, 0, 0, 255});
  map.fills[5] = kRed;
  map.fills[1500] = kGreen;
  map.fills[2099] = kBlue;
  map.outline_px = 0;
  scene.layers.push_back(map);
  Camera camera;
  camera.width_px = 200;
  camera.height_px = 100;
  camera.fit(layer->bounds, 0.1);
  render::OffscreenTarget target(200, 100);
  target.bind();
  renderer.draw(scene, camera, target.draw_target());
  const render::Image image = target.read_pixels();
  const auto at = [&](double x, double y) {
    const Vec2 s = camera.map_to_screen({x, y});
    return pixel(image, static_cast<int>(s.x), static_cast<int>(s.y));
  };
  CHECK_THAT(at(5, 5), IsColor(kRed));
  CHECK_THAT(at(25, 5), IsColor(kGreen));
  CHECK_THAT(at(45, 5), IsColor(kBlue));
}

TEST_CASE("far from the mesh origin and zoomed in, edges stay on their pixels", "[renderer]") {
  render::HeadlessContext context;
  auto layer = std::make_shared<Layer>();
  // British National Grid magnitudes: the origin (bounds centre) is ~215 km from the square.
  test::add_area(*layer, {Polygon{test::rect_ring(530000, 180000, 530020, 180020), {}}});
  test::add_area(*layer, {Polygon{test::rect_ring(100000, 600000, 100001, 600001), {}}});
  render::SceneRenderer renderer;
  const LayerMesh mesh = build_layer_mesh(*layer, 1);
  REQUIRE(std::abs(mesh.origin.x - 530000) > 200000);
  renderer.upload(layer.get(), mesh);
  Scene scene;
  scene.background = kBackground;
  SceneLayer map;
  map.layer = layer;
  map.fills = {kBlue, kRed};
  map.outline_px = 0;
  scene.layers.push_back(map);
  Camera camera;
  camera.centre = {530010, 180010};
  camera.scale = 10;  // 10 px per metre: the 20 m square is 200 px
  camera.width_px = 300;
  camera.height_px = 300;
  render::OffscreenTarget target(300, 300);
  target.bind();
  renderer.draw(scene, camera, target.draw_target());
  const render::Image image = target.read_pixels();
  // The square spans screen 50..250 on both axes.
  CHECK_THAT(pixel(image, 51, 150), IsColor(kBlue));
  CHECK_THAT(pixel(image, 48, 150), IsColor(kBackground));
  CHECK_THAT(pixel(image, 248, 150), IsColor(kBlue));
  CHECK_THAT(pixel(image, 251, 150), IsColor(kBackground));
  CHECK_THAT(pixel(image, 150, 51), IsColor(kBlue));
  CHECK_THAT(pixel(image, 150, 48), IsColor(kBackground));
  CHECK_THAT(pixel(image, 150, 248), IsColor(kBlue));
  CHECK_THAT(pixel(image, 150, 251), IsColor(kBackground));
}

TEST_CASE("a layer that was never uploaded, or was forgotten, is not drawn", "[renderer]") {
  MapFixture f;
  auto other = std::make_shared<Layer>(test::four_squares_layer());
  SceneLayer extra = f.scene.layers[0];
  extra.layer = other;
  extra.fills.assign(4, {255, 0, 255, 255});
  f.scene.layers.push_back(extra);
  CHECK_THAT(f.at_map(f.render(), 170, 50), IsColor(kGreen));
  f.renderer.forget(f.layer.get());
  CHECK_THAT(f.at_map(f.render(), 170, 50), IsColor(kBackground));
}

TEST_CASE("an inconsistent mesh is refused with a message", "[renderer]") {
  render::HeadlessContext context;
  render::SceneRenderer renderer;
  const Layer layer = test::four_squares_layer();
  LayerMesh mesh = build_layer_mesh(layer, 1);
  mesh.fill_indices.push_back(static_cast<std::uint32_t>(mesh.fill_area.size()));
  mesh.fill_indices.push_back(0);
  mesh.fill_indices.push_back(0);
  CHECK_THROWS_WITH(renderer.upload(&layer, mesh), Catch::Contains("fill index out of range"));
  mesh = build_layer_mesh(layer, 1);
  mesh.line_normal.pop_back();
  CHECK_THROWS_WITH(renderer.upload(&layer, mesh),
                    Catch::Contains("line_normal/line_xy sizes differ"));
}
