#include "core/geometry.hpp"

#include <algorithm>
#include <cmath>

namespace devomap {

double signed_area(const Ring& ring) {
  const std::size_t n = ring.size();
  if (n < 3) return 0.0;
  // Shift to the first vertex so large projected coordinates do not lose precision.
  const Vec2 o = ring[0];
  double twice = 0.0;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double ax = ring[i].x - o.x, ay = ring[i].y - o.y;
    const double bx = ring[i + 1].x - o.x, by = ring[i + 1].y - o.y;
    twice += ax * by - bx * ay;
  }
  return twice / 2.0;
}

double area(const Polygon& polygon) {
  double a = std::abs(signed_area(polygon.outer));
  for (const Ring& h : polygon.holes) a -= std::abs(signed_area(h));
  return std::max(a, 0.0);
}

double area(const MultiPolygon& shape) {
  double a = 0.0;
  for (const Polygon& p : shape) a += area(p);
  return a;
}

Bounds bounds_of(const MultiPolygon& shape) {
  Bounds b;
  for (const Polygon& p : shape)
    for (const Vec2& v : p.outer) b.expand(v);
  return b;
}

std::size_t vertex_count(const MultiPolygon& shape) {
  std::size_t n = 0;
  for (const Polygon& p : shape) {
    n += p.outer.size();
    for (const Ring& h : p.holes) n += h.size();
  }
  return n;
}

bool ring_contains(const Ring& ring, Vec2 p) {
  bool inside = false;
  const std::size_t n = ring.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const Vec2 a = ring[i], b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
      inside = !inside;
  }
  return inside;
}

bool contains(const Polygon& polygon, Vec2 p) {
  if (!ring_contains(polygon.outer, p)) return false;
  for (const Ring& h : polygon.holes)
    if (ring_contains(h, p)) return false;
  return true;
}

bool contains(const MultiPolygon& shape, Vec2 p) {
  for (const Polygon& poly : shape)
    if (contains(poly, p)) return true;
  return false;
}

void normalise_orientation(MultiPolygon& shape) {
  for (Polygon& p : shape) {
    if (signed_area(p.outer) < 0) std::reverse(p.outer.begin(), p.outer.end());
    for (Ring& h : p.holes)
      if (signed_area(h) > 0) std::reverse(h.begin(), h.end());
  }
}

}  // namespace devomap
