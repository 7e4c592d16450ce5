// The window's map picture (render::MapPicture): still frames are exactly SceneRenderer::draw,
// hover redraws only the overlays, a moving camera moves the kept picture, and the map is
// drawn again at full quality once the camera settles.
#include <catch2/catch.hpp>

#include <memory>

#include "core/camera.hpp"
#include "core/mesh.hpp"
#include "core/scene.hpp"
#include "render/map_picture.hpp"
#include "render/offscreen.hpp"
#include "render/render_fixtures.hpp"
#include "render/scene_renderer.hpp"

using namespace devomap;
using devomap::render::MapFrame;
using devomap::test::IsColor;
using devomap::test::pixel;

namespace {

constexpr Rgba kBackground{238, 241, 245, 255};
constexpr int kWidth = 640, kHeight = 400;

struct PictureFixture {
  render::HeadlessContext context;  // first: everything below needs the GL context
  std::shared_ptr<Layer> layer = std::make_shared<Layer>(test::four_squares_layer());
  render::SceneRenderer renderer;
  render::OffscreenTarget window{kWidth, kHeight, 1};  // stands in for the window
  render::MapPicture picture;
  Scene scene;
  Camera camera;
  std::uint64_t map_revision = 1, revision = 1;

  PictureFixture() {
    renderer.upload(layer.get(), build_layer_mesh(*layer, 1));
    SceneLayer map;
    map.layer = layer;
    map.fills = {{200, 50, 50, 255}, {50, 160, 60, 255}, {236, 236, 236, 255}, {40, 80, 200, 255}};
    map.outline = {20, 20, 20, 255};
    map.outline_px = 2;
    scene.layers.push_back(map);
    scene.background = kBackground;
    Legend legend;
    legend.title = "Population";
    legend.entries = {{{200, 50, 50, 255}, "≤ 10", 1, false},
                      {{40, 80, 200, 255}, "> 10", 1, false}};
    scene.legend = legend;
    camera.centre = {-30, 110};
    camera.scale = 1.2;
    camera.width_px = kWidth;
    camera.height_px = kHeight;
  }

  MapFrame draw(bool moving) {
    return picture.draw(renderer, scene, camera, map_revision, revision, moving,
                        window.draw_target(), window.resolved_framebuffer());
  }
  render::Image shown() { return window.read_pixels(); }
  // What SceneRenderer::draw gives at the same camera (the path exports take).
  render::Image drawn() {
    render::OffscreenTarget target(kWidth, kHeight);
    target.bind();
    renderer.draw(scene, camera, target.draw_target());
    return target.read_pixels();
  }
};

}  // namespace

TEST_CASE("a still window map is exactly what SceneRenderer::draw gives", "[map_picture]") {
  PictureFixture f;
  f.scene.selected = 1;
  f.scene.hovered = 3;
  CHECK(f.draw(false) == MapFrame::full);
  const render::Image shown = f.shown(), drawn = f.drawn();
  REQUIRE(shown.rgba.size() == drawn.rgba.size());
  CHECK(shown.rgba == drawn.rgba);
}

TEST_CASE("hover and selection redraw only the overlays over the kept map", "[map_picture]") {
  PictureFixture f;
  CHECK(f.draw(false) == MapFrame::full);
  CHECK(f.draw(false) == MapFrame::reused);
  f.scene.hovered = 1;
  ++f.revision;
  CHECK(f.draw(false) == MapFrame::overlays);
  CHECK(f.shown().rgba == f.drawn().rgba);
  f.scene.hovered.reset();
  f.scene.selected = 0;
  ++f.revision;
  CHECK(f.draw(false) == MapFrame::overlays);
  CHECK(f.shown().rgba == f.drawn().rgba);
  // A restyle is a new map: drawn in full, even while the camera moves.
  f.scene.layers[0].fills[1] = {250, 200, 20, 255};
  ++f.map_revision;
  ++f.revision;
  CHECK(f.draw(true) == MapFrame::full);
  CHECK(f.shown().rgba == f.drawn().rgba);
}

TEST_CASE("hover moving from area to area stays exactly SceneRenderer::draw", "[map_picture]") {
  PictureFixture f;
  f.camera.centre = {60, 110};  // areas 1 and 3 run off the right edge of the view
  REQUIRE(f.draw(false) == MapFrame::full);
  const std::optional<std::size_t> hovers[] = {0, 1, 3, std::nullopt, 2, 2, 1};
  const std::optional<std::size_t> selections[] = {std::nullopt, std::nullopt, 1, 1, 3, 0, 0};
  for (int step = 0; step < 7; ++step) {
    f.scene.hovered = hovers[step];
    f.scene.selected = selections[step];
    ++f.revision;
    INFO("step " << step);
    CHECK(f.draw(false) == MapFrame::overlays);
    CHECK(f.shown().rgba == f.drawn().rgba);
  }
}

TEST_CASE("a moving camera moves the kept map; settling draws it again", "[map_picture]") {
  PictureFixture f;
  REQUIRE(f.draw(false) == MapFrame::full);
  const render::Image before = f.shown();
  constexpr int dx = 24, dy = -10;
  f.camera.pan_pixels(dx, dy);
  CHECK(f.draw(true) == MapFrame::moving);
  CHECK(f.picture.showing_moved_base());
  const render::Image moved = f.shown();
  // The map moved by whole pixels: every pixel of the map's half of the view is the one that
  // was (dx, dy) away before. The legend (bottom-left) stays where it is.
  int same = 0, total = 0;
  for (int y = 20; y < kHeight - 20; ++y)
    for (int x = kWidth / 2; x < kWidth - dx; ++x, ++total)
      if (test::close_to(pixel(moved, x + dx, y + dy), pixel(before, x, y))) ++same;
  CHECK(same == total);
  // Where the kept map does not reach (the strip the drag uncovered): background.
  CHECK_THAT(pixel(moved, 5, kHeight / 3), IsColor(kBackground));
  CHECK_THAT(pixel(moved, kWidth / 2, kHeight - 3), IsColor(kBackground));

  // The camera stopped: the map is drawn again at full quality where it now is.
  CHECK(f.draw(false) == MapFrame::full);
  CHECK_FALSE(f.picture.showing_moved_base());
  CHECK(f.shown().rgba == f.drawn().rgba);
}

TEST_CASE("a wheel zoom scales the kept map about the pointer", "[map_picture]") {
  PictureFixture f;
  REQUIRE(f.draw(false) == MapFrame::full);
  const Vec2 pointer{480, 200};
  const Vec2 under = f.camera.screen_to_map(pointer);
  f.camera.zoom_at(pointer, 2.0);
  CHECK(f.draw(true) == MapFrame::moving);
  const render::Image zoomed = f.shown();
  // The map point under the pointer stays under it; the area around it doubles in size.
  CHECK(f.camera.map_to_screen(under).x == Approx(pointer.x));
  f.draw(false);
  const render::Image sharp = f.shown();
  int same = 0, total = 0;
  for (int y = 100; y < 300; y += 3)
    for (int x = 360; x < 600; x += 3, ++total)
      if (test::close_to(pixel(zoomed, x, y), pixel(sharp, x, y), 40)) ++same;
  // Only pixels near outlines differ (blurred by the scaling).
  CHECK(same > total * 9 / 10);
}
