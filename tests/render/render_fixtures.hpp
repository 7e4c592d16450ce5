#pragma once
// Shared fixtures for the render tests: hand-built layers, pixel access, and no display.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/color.hpp"
#include "core/layer.hpp"
#include "render/offscreen.hpp"

namespace Catch {
template <>
struct StringMaker<devomap::Rgba> {
  static std::string convert(const devomap::Rgba& c) {
    char text[32];
    std::snprintf(text, sizeof text, "rgba(%d,%d,%d,%d)", c.r, c.g, c.b, c.a);
    return text;
  }
};
}  // namespace Catch

namespace devomap::test {

// Every render test must work without an X server or Wayland compositor: drop the variables
// before any test runs, so a pass proves the EGL surfaceless path needs no display.
inline const bool kDisplayUnset = [] {
  ::unsetenv("DISPLAY");
  ::unsetenv("WAYLAND_DISPLAY");
  return true;
}();

inline Ring rect_ring(double x0, double y0, double x1, double y1, bool clockwise = false) {
  Ring r{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
  if (clockwise) std::swap(r[1], r[3]);
  return r;
}

// Adds one area (shape) to a layer, keeping bounds and the attribute row count in step.
inline void add_area(Layer& layer, MultiPolygon shape) {
  normalise_orientation(shape);
  layer.shape_bounds.push_back(bounds_of(shape));
  layer.bounds.expand(layer.shape_bounds.back());
  layer.shapes.push_back(std::move(shape));
  layer.attributes.row_count = layer.shapes.size();
}

// Four 100 x 100 squares with 20-unit gaps; area 0 has a 40 x 40 hole in its middle.
//   area 2 [0,100]x[120,220]    area 3 [120,220]x[120,220]
//   area 0 [0,100]x[0,100]      area 1 [120,220]x[0,100]
inline Layer four_squares_layer() {
  Layer layer;
  layer.source_path = "synthetic";
  add_area(layer, {Polygon{rect_ring(0, 0, 100, 100), {rect_ring(30, 30, 70, 70, true)}}});
  add_area(layer, {Polygon{rect_ring(120, 0, 220, 100), {}}});
  add_area(layer, {Polygon{rect_ring(0, 120, 100, 220), {}}});
  add_area(layer, {Polygon{rect_ring(120, 120, 220, 220), {}}});
  return layer;
}

inline Rgba pixel(const render::Image& image, int x, int y) {
  REQUIRE(x >= 0);
  REQUIRE(y >= 0);
  REQUIRE(x < image.width);
  REQUIRE(y < image.height);
  const std::size_t i = (static_cast<std::size_t>(y) * image.width + x) * 4;
  return {image.rgba[i], image.rgba[i + 1], image.rgba[i + 2], image.rgba[i + 3]};
}

inline bool close_to(Rgba a, Rgba b, int tolerance = 2) {
  const auto near = [tolerance](int p, int q) { return std::abs(p - q) <= tolerance; };
  return near(a.r, b.r) && near(a.g, b.g) && near(a.b, b.b) && near(a.a, b.a);
}

// CHECK_THAT(pixel(image, x, y), IsColor(expected)) prints both colours on failure.
class IsColor : public Catch::MatcherBase<Rgba> {
 public:
  explicit IsColor(Rgba expected, int tolerance = 2) : expected_(expected), tolerance_(tolerance) {}
  bool match(const Rgba& actual) const override { return close_to(actual, expected_, tolerance_); }
  std::string describe() const override {
    return "is within " + std::to_string(tolerance_) + " of " +
           Catch::StringMaker<Rgba>::convert(expected_);
  }

 private:
  Rgba expected_;
  int tolerance_;
};

inline bool darker_than(Rgba c, int level) {
  return c.r < level && c.g < level && c.b < level;
}

}  // namespace devomap::test
