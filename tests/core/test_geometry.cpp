#include <catch2/catch.hpp>

#include "core/camera.hpp"
#include "core/geometry.hpp"

using namespace devomap;

namespace {

Polygon square_with_hole() {
  Polygon p;
  p.outer = {{0, 0}, {10, 0}, {10, 10}, {0, 10}};
  p.holes.push_back({{3, 3}, {3, 7}, {7, 7}, {7, 3}});
  return p;
}

}  // namespace

TEST_CASE("signed_area is positive for counter-clockwise rings", "[geometry]") {
  const Ring ccw = {{0, 0}, {4, 0}, {4, 3}, {0, 3}};
  CHECK(signed_area(ccw) == Approx(12));
  const Ring cw(ccw.rbegin(), ccw.rend());
  CHECK(signed_area(cw) == Approx(-12));
  CHECK(signed_area(Ring{{0, 0}, {1, 1}}) == 0);
  CHECK(signed_area(Ring{}) == 0);
  // Far from the origin (British National Grid magnitudes) the result stays exact.
  Ring far = ccw;
  for (Vec2& v : far) v = {v.x + 700000.25, v.y + 1200000.5};
  CHECK(signed_area(far) == Approx(12).epsilon(1e-12));
}

TEST_CASE("area subtracts holes and sums polygons", "[geometry]") {
  const Polygon p = square_with_hole();
  CHECK(area(p) == Approx(84));
  MultiPolygon m{p, p};
  for (Vec2& v : m[1].outer) v.x += 20;
  for (Vec2& v : m[1].holes[0]) v.x += 20;
  CHECK(area(m) == Approx(168));
  CHECK(vertex_count(m) == 16);
  const Bounds b = bounds_of(m);
  CHECK(b.min_x == 0);
  CHECK(b.max_x == 30);
  CHECK(b.min_y == 0);
  CHECK(b.max_y == 10);
  CHECK(b.centre().x == Approx(15));
  CHECK(bounds_of(MultiPolygon{}).empty());
}

TEST_CASE("contains respects holes and multipolygons", "[geometry]") {
  const Polygon p = square_with_hole();
  CHECK(contains(p, {1, 1}));
  CHECK_FALSE(contains(p, {5, 5}));  // in the hole
  CHECK_FALSE(contains(p, {11, 5}));
  CHECK(contains(p, {8.5, 5}));
  MultiPolygon m{p};
  Polygon island;
  island.outer = {{20, 0}, {24, 0}, {22, 3}};
  m.push_back(island);
  CHECK(contains(m, {22, 1}));
  CHECK_FALSE(contains(m, {15, 1}));
}

TEST_CASE("normalise_orientation makes shells CCW and holes CW", "[geometry]") {
  Polygon p = square_with_hole();
  std::reverse(p.outer.begin(), p.outer.end());
  std::reverse(p.holes[0].begin(), p.holes[0].end());
  MultiPolygon m{p};
  REQUIRE(signed_area(m[0].outer) < 0);
  REQUIRE(signed_area(m[0].holes[0]) > 0);
  normalise_orientation(m);
  CHECK(signed_area(m[0].outer) > 0);
  CHECK(signed_area(m[0].holes[0]) < 0);
  // Already normalised input is left alone.
  const MultiPolygon before = m;
  normalise_orientation(m);
  CHECK(m[0].outer[1].x == before[0].outer[1].x);
  CHECK(m[0].outer[1].y == before[0].outer[1].y);
}

TEST_CASE("Camera::fit centres the bounds and keeps the margin", "[camera]") {
  Camera cam;
  cam.resize(1000, 500);
  Bounds b;
  b.expand(Vec2{100, 200});
  b.expand(Vec2{300, 300});  // 200 x 100, same aspect as the viewport
  cam.fit(b, 0.1);           // margin = 0.1 * 500 = 50 px on each edge
  CHECK(cam.centre.x == Approx(200));
  CHECK(cam.centre.y == Approx(250));
  CHECK(cam.scale == Approx(std::min(900.0 / 200, 400.0 / 100)));
  // The limiting (vertical) extent lands exactly on the margins.
  CHECK(cam.map_to_screen({200, 300}).y == Approx(50));
  CHECK(cam.map_to_screen({200, 200}).y == Approx(450));
  // y goes up on the map and down on the screen.
  CHECK(cam.map_to_screen({100, 300}).x < cam.map_to_screen({300, 300}).x);
  const Bounds visible = cam.visible_bounds();
  CHECK(visible.contains({100, 200}));
  CHECK(visible.contains({300, 300}));

  Camera untouched = cam;
  untouched.fit(Bounds{});  // empty bounds: nothing changes
  CHECK(untouched.scale == cam.scale);
}

TEST_CASE("Camera screen_to_map inverts map_to_screen", "[camera]") {
  Camera cam;
  cam.resize(1600, 1000);
  cam.centre = {400000, 300000};
  cam.scale = 0.0025;
  for (const Vec2 m : {Vec2{400000, 300000}, Vec2{123456.5, 987654.25}, Vec2{-5000, 1200000}}) {
    const Vec2 back = cam.screen_to_map(cam.map_to_screen(m));
    CHECK(back.x == Approx(m.x).margin(1e-6));
    CHECK(back.y == Approx(m.y).margin(1e-6));
  }
  CHECK(cam.map_to_screen(cam.centre).x == Approx(800));
  CHECK(cam.map_to_screen(cam.centre).y == Approx(500));
}

TEST_CASE("Camera zoom_at keeps the point under the cursor fixed", "[camera]") {
  Camera cam;
  cam.resize(800, 600);
  cam.centre = {50, 50};
  cam.scale = 2;
  const Vec2 cursor{123, 456};
  const Vec2 before = cam.screen_to_map(cursor);
  cam.zoom_at(cursor, 3.0);
  CHECK(cam.scale == Approx(6));
  const Vec2 after = cam.screen_to_map(cursor);
  CHECK(after.x == Approx(before.x));
  CHECK(after.y == Approx(before.y));
  cam.zoom_at(cursor, 1.0 / 3.0);
  CHECK(cam.scale == Approx(2));
  CHECK(cam.centre.x == Approx(50));
  CHECK(cam.centre.y == Approx(50));

  cam.pan_pixels(10, 20);  // drag right and down: the map follows the cursor
  CHECK(cam.centre.x == Approx(45));
  CHECK(cam.centre.y == Approx(60));
}

TEST_CASE("the extent a camera shows is the data in view, not the sea beside it", "[camera]") {
  Bounds uk;  // tall: 700 km wide, 1200 km high
  uk.expand(Vec2{0, 0});
  uk.expand(Vec2{700000, 1200000});
  Camera wide;
  wide.width_px = 1600;
  wide.height_px = 600;
  wide.fit(uk, 0.0);
  const Bounds visible = wide.visible_bounds();
  CHECK(visible.width() > 2 * uk.width());  // the window shows sea both sides
  const Bounds shown = shown_extent(wide, uk);
  CHECK(shown.min_x == Approx(0));
  CHECK(shown.max_x == Approx(700000));
  CHECK(shown.height() == Approx(1200000));
  CHECK_FALSE(suits_landscape(shown));
  CHECK(suits_landscape(visible));
  // Zoomed in on a part, the part is the view.
  Camera close = wide;
  close.scale *= 8;
  const Bounds part = shown_extent(close, uk);
  CHECK(part.width() == Approx(close.visible_bounds().width()));
  // Looking at open sea, the view is what the window shows.
  Camera away = wide;
  away.centre = Vec2{5000000, 5000000};
  CHECK(shown_extent(away, uk).min_x == Approx(away.visible_bounds().min_x));
}

TEST_CASE("Camera::fit_extent is what fit turns back into the same camera", "[camera]") {
  Camera c;
  c.width_px = 1260;
  c.height_px = 972;
  c.centre = {312411.35, 455464.52};
  c.scale = 0.0027574;
  Camera again;
  again.width_px = c.width_px;
  again.height_px = c.height_px;
  again.fit(c.fit_extent());
  CHECK(again.scale == Approx(c.scale).epsilon(1e-12));
  CHECK(again.centre.x == Approx(c.centre.x).epsilon(1e-12));
  CHECK(again.centre.y == Approx(c.centre.y).epsilon(1e-12));
  // Inside what is visible, by the margin fit leaves.
  const Bounds v = c.visible_bounds(), e = c.fit_extent();
  CHECK(e.min_x > v.min_x);
  CHECK(e.max_y < v.max_y);
}
