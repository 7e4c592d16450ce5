#include "core/camera.hpp"

#include <algorithm>

namespace devomap {

void Camera::fit(const Bounds& b, double margin_fraction) {
  if (b.empty()) return;
  const double margin = margin_fraction * std::min(width_px, height_px);
  const double avail_w = std::max(1.0, width_px - 2 * margin);
  const double avail_h = std::max(1.0, height_px - 2 * margin);
  const double bw = std::max(b.width(), 1e-9), bh = std::max(b.height(), 1e-9);
  scale = std::min(avail_w / bw, avail_h / bh);
  centre = b.centre();
}

Bounds Camera::fit_extent(double margin_fraction) const {
  const double margin = margin_fraction * std::min(width_px, height_px);
  const double half_w = std::max(1.0, width_px - 2 * margin) / 2 / scale;
  const double half_h = std::max(1.0, height_px - 2 * margin) / 2 / scale;
  Bounds b;
  b.expand(Vec2{centre.x - half_w, centre.y - half_h});
  b.expand(Vec2{centre.x + half_w, centre.y + half_h});
  return b;
}

void Camera::zoom_at(Vec2 screen, double factor) {
  const Vec2 before = screen_to_map(screen);
  scale = std::clamp(scale * factor, 1e-12, 1e12);
  const Vec2 after = screen_to_map(screen);
  centre.x += before.x - after.x;
  centre.y += before.y - after.y;
}

Bounds Camera::visible_bounds() const {
  Bounds b;
  b.expand(screen_to_map({0, 0}));
  b.expand(screen_to_map({width_px, height_px}));
  return b;
}

Bounds shown_extent(const Camera& camera, const Bounds& data) {
  const Bounds visible = camera.visible_bounds();
  if (data.empty()) return visible;
  Bounds shown;
  shown.min_x = std::max(visible.min_x, data.min_x);
  shown.min_y = std::max(visible.min_y, data.min_y);
  shown.max_x = std::min(visible.max_x, data.max_x);
  shown.max_y = std::min(visible.max_y, data.max_y);
  if (shown.empty() || shown.width() <= 0 || shown.height() <= 0) return visible;
  return shown;
}

bool suits_landscape(const Bounds& extent) {
  return !extent.empty() && extent.width() > extent.height();
}

}  // namespace devomap
