// Presentation mode's picture effects: fades, the spotlight, the projector theme and the glide
// between views. They work on a copy of the scene; the document's own scene is what exports draw.
#include <catch2/catch.hpp>

#include "core/atlas.hpp"
#include "core/scene_effects.hpp"

using namespace devomap;

namespace {
Scene three_areas() {
  Scene s;
  SceneLayer l;
  l.fills = {{200, 0, 0, 255}, {0, 200, 0, 255}, {0, 0, 200, 255}};
  s.layers.push_back(l);
  return s;
}
}  // namespace

TEST_CASE("colours fade from one view's to the next", "[effects]") {
  Scene s = three_areas();
  const std::vector<std::vector<Rgba>> before = {{{0, 0, 0, 255}, {0, 0, 0, 255}, {0, 0, 0, 255}}};
  Scene start = s;
  crossfade_fills(start, before, 0.0);
  CHECK(start.layers[0].fills == before[0]);
  Scene half = s;
  crossfade_fills(half, before, 0.5);
  CHECK(half.layers[0].fills[0] == Rgba{100, 0, 0, 255});
  Scene end = s;
  crossfade_fills(end, before, 1.0);
  CHECK(end.layers[0].fills == s.layers[0].fills);
  // Another map (another area count) is not faded.
  Scene other = s;
  crossfade_fills(other, {{{0, 0, 0, 255}}}, 0.5);
  CHECK(other.layers[0].fills == s.layers[0].fills);
}

TEST_CASE("the spotlight dims every area but one", "[effects]") {
  Scene s = three_areas();
  spotlight(s, 1);
  CHECK(s.layers[0].fills[1] == Rgba{0, 200, 0, 255});
  CHECK(s.layers[0].fills[0] == dimmed_fill(Rgba{200, 0, 0, 255}));
  CHECK(s.layers[0].fills[2] == dimmed_fill(Rgba{0, 0, 200, 255}));
  Scene none = three_areas();
  spotlight(none, 7);  // no such area: nothing dimmed
  CHECK(none.layers[0].fills == three_areas().layers[0].fills);
}

TEST_CASE("the projector theme darkens the sea and keeps the colours", "[effects]") {
  Scene s = three_areas();
  high_contrast(s);
  CHECK(s.background.r < 40);
  CHECK(s.layers[0].outline == Rgba{255, 255, 255, 255});
  CHECK(s.layers[0].fills == three_areas().layers[0].fills);
}

TEST_CASE("the camera glides between views, zooming evenly", "[effects]") {
  Camera a, b;
  a.centre = {0, 0};
  a.scale = 1;
  b.centre = {1000, 2000};
  b.scale = 4;
  b.width_px = 800;
  b.height_px = 600;
  const Camera start = camera_between(a, b, 0), mid = camera_between(a, b, 0.5),
               end = camera_between(a, b, 1);
  CHECK(start.centre.x == Approx(0));
  CHECK(start.scale == Approx(1));
  CHECK(mid.centre.x == Approx(500));
  CHECK(mid.scale == Approx(2));  // geometric: half way in zoom steps
  CHECK(end.centre.y == Approx(2000));
  CHECK(end.scale == Approx(4));
  CHECK(end.width_px == 800);
  CHECK(ease_in_out(0.25) < 0.25);
  CHECK(ease_in_out(0.75) > 0.75);
}
