#include "core/coverage.hpp"

#include <algorithm>
#include <cmath>

namespace devomap {

namespace {

double right(const LayoutRect& r) {
  return r.x + r.w;
}
double bottom(const LayoutRect& r) {
  return r.y + r.h;
}

}  // namespace

Coverage::Coverage(const Scene& scene, const Camera& camera, const LayoutRect& frame)
    : frame_(frame) {
  cell_ = std::max(1.0, std::max(frame.w, frame.h) / 300.0);
  nx_ = std::max(1, static_cast<int>(std::ceil(frame.w / cell_)));
  ny_ = std::max(1, static_cast<int>(std::ceil(frame.h / cell_)));
  cells_.assign(static_cast<std::size_t>(nx_) * ny_, 0);
  const Bounds visible = camera.visible_bounds();
  std::vector<Vec2> pts;
  std::vector<std::vector<double>> rows;
  for (const SceneLayer& sl : scene.layers) {
    if (!sl.layer) continue;
    const Layer& layer = *sl.layer;
    for (std::size_t i = 0; i < layer.size(); ++i) {
      const Bounds& b = layer.shape_bounds[i];
      if (b.max_x < visible.min_x || b.min_x > visible.max_x || b.max_y < visible.min_y ||
          b.min_y > visible.max_y)
        continue;
      for (const Polygon& polygon : layer.shapes[i]) add_polygon(polygon, camera, pts, rows);
    }
  }
  // Summed-area table: any_in() is then a constant-time query, so searches over many
  // candidate rectangles (the inset's free corner) stay cheap.
  sums_.assign(static_cast<std::size_t>(nx_ + 1) * (ny_ + 1), 0);
  for (int y = 0; y < ny_; ++y)
    for (int x = 0; x < nx_; ++x)
      sums_[static_cast<std::size_t>(y + 1) * (nx_ + 1) + x + 1] =
          cells_[static_cast<std::size_t>(y) * nx_ + x] +
          sums_[static_cast<std::size_t>(y) * (nx_ + 1) + x + 1] +
          sums_[static_cast<std::size_t>(y + 1) * (nx_ + 1) + x] -
          sums_[static_cast<std::size_t>(y) * (nx_ + 1) + x];
}

bool Coverage::any_in(const LayoutRect& r) const {
  const int c0 = std::max(0, static_cast<int>(std::floor((r.x - frame_.x) / cell_)));
  const int c1 = std::min(nx_ - 1, static_cast<int>(std::ceil((right(r) - frame_.x) / cell_)) - 1);
  const int r0 = std::max(0, static_cast<int>(std::floor((r.y - frame_.y) / cell_)));
  const int r1 = std::min(ny_ - 1, static_cast<int>(std::ceil((bottom(r) - frame_.y) / cell_)) - 1);
  if (c1 < c0 || r1 < r0) return false;
  const auto at = [&](int x, int y) { return sums_[static_cast<std::size_t>(y) * (nx_ + 1) + x]; };
  return at(c1 + 1, r1 + 1) - at(c0, r1 + 1) - at(c1 + 1, r0) + at(c0, r0) > 0;
}

void Coverage::mark(int x, int y) {
  if (x >= 0 && y >= 0 && x < nx_ && y < ny_) cells_[static_cast<std::size_t>(y) * nx_ + x] = 1;
}

void Coverage::add_polygon(const Polygon& polygon, const Camera& camera, std::vector<Vec2>& pts,
                           std::vector<std::vector<double>>& rows) {
  // Grid coordinates of every ring; remember where each ring starts.
  pts.clear();
  std::vector<std::size_t> starts;
  double min_y = 1e300, max_y = -1e300;
  const auto add_ring = [&](const Ring& ring) {
    starts.push_back(pts.size());
    for (const Vec2& v : ring) {
      const Vec2 s = camera.map_to_screen(v);
      const Vec2 g{s.x / cell_, s.y / cell_};
      pts.push_back(g);
      min_y = std::min(min_y, g.y);
      max_y = std::max(max_y, g.y);
      mark(static_cast<int>(std::floor(g.x)), static_cast<int>(std::floor(g.y)));
    }
  };
  add_ring(polygon.outer);
  for (const Ring& hole : polygon.holes) add_ring(hole);
  starts.push_back(pts.size());
  const int r0 = std::max(0, static_cast<int>(std::ceil(min_y - 0.5)));
  const int r1 = std::min(ny_ - 1, static_cast<int>(std::floor(max_y - 0.5)));
  if (r1 < r0) return;
  rows.assign(static_cast<std::size_t>(r1 - r0 + 1), {});
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
    const std::size_t first = starts[k], end = starts[k + 1];
    for (std::size_t i = first; i < end; ++i) {
      const Vec2 a = pts[i], b = pts[i + 1 < end ? i + 1 : first];
      const double lo = std::min(a.y, b.y), hi = std::max(a.y, b.y);
      const int e0 = std::max(r0, static_cast<int>(std::ceil(lo - 0.5)));
      const int e1 = std::min(r1, static_cast<int>(std::ceil(hi - 0.5)) - 1);
      for (int r = e0; r <= e1; ++r) {
        const double yc = r + 0.5;
        rows[r - r0].push_back(a.x + (yc - a.y) * (b.x - a.x) / (b.y - a.y));
      }
    }
  }
  for (int r = r0; r <= r1; ++r) {
    std::vector<double>& xs = rows[r - r0];
    std::sort(xs.begin(), xs.end());
    for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
      const int c0 = std::max(0, static_cast<int>(std::ceil(xs[i] - 0.5)));
      const int c1 = std::min(nx_ - 1, static_cast<int>(std::floor(xs[i + 1] - 0.5)));
      for (int c = c0; c <= c1; ++c) cells_[static_cast<std::size_t>(r) * nx_ + c] = 1;
    }
  }
}

}  // namespace devomap
