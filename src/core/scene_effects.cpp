#include "core/scene_effects.hpp"

#include <algorithm>
#include <cmath>

#include "core/atlas.hpp"

namespace devomap {

double ease_in_out(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

Rgba mix(Rgba a, Rgba b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  const auto channel = [t](std::uint8_t x, std::uint8_t y) {
    return static_cast<std::uint8_t>(std::lround(x + (y - x) * t));
  };
  return {channel(a.r, b.r), channel(a.g, b.g), channel(a.b, b.b), channel(a.a, b.a)};
}

void crossfade_fills(Scene& scene, const std::vector<std::vector<Rgba>>& from, double t) {
  for (std::size_t i = 0; i < scene.layers.size() && i < from.size(); ++i) {
    std::vector<Rgba>& fills = scene.layers[i].fills;
    if (from[i].size() != fills.size()) continue;
    for (std::size_t a = 0; a < fills.size(); ++a) fills[a] = mix(from[i][a], fills[a], t);
  }
}

void spotlight(Scene& scene, std::size_t area) {
  for (auto it = scene.layers.rbegin(); it != scene.layers.rend(); ++it) {
    if (!it->interactive) continue;
    if (area >= it->fills.size()) return;
    for (std::size_t a = 0; a < it->fills.size(); ++a)
      if (a != area) it->fills[a] = dimmed_fill(it->fills[a]);
    return;
  }
}

void high_contrast(Scene& scene) {
  scene.background = Rgba{18, 20, 24, 255};
  for (SceneLayer& l : scene.layers) {
    l.outline = Rgba{255, 255, 255, 255};
    l.outline_px = std::max(l.outline_px, 1.0f);
  }
}

Camera camera_between(const Camera& a, const Camera& b, double t) {
  const double e = ease_in_out(t);
  Camera c = b;
  c.centre.x = a.centre.x + (b.centre.x - a.centre.x) * e;
  c.centre.y = a.centre.y + (b.centre.y - a.centre.y) * e;
  if (a.scale > 0 && b.scale > 0) c.scale = a.scale * std::pow(b.scale / a.scale, e);
  return c;
}

}  // namespace devomap
