#pragma once
// Plain polygon geometry in map units (after reprojection). Rings are stored open: the closing
// vertex that OGR repeats is dropped on load, so ring.size() is the number of distinct corners.
#include <cstddef>
#include <limits>
#include <vector>

namespace devomap {

struct Vec2 {
  double x = 0.0;
  double y = 0.0;
};

struct Bounds {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  bool empty() const { return !(min_x <= max_x && min_y <= max_y); }
  double width() const { return empty() ? 0.0 : max_x - min_x; }
  double height() const { return empty() ? 0.0 : max_y - min_y; }
  Vec2 centre() const { return {(min_x + max_x) / 2, (min_y + max_y) / 2}; }
  void expand(Vec2 p) {
    if (p.x < min_x) min_x = p.x;
    if (p.y < min_y) min_y = p.y;
    if (p.x > max_x) max_x = p.x;
    if (p.y > max_y) max_y = p.y;
  }
  void expand(const Bounds& b) {
    if (b.empty()) return;
    expand(Vec2{b.min_x, b.min_y});
    expand(Vec2{b.max_x, b.max_y});
  }
  bool contains(Vec2 p) const {
    return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y;
  }
};

using Ring = std::vector<Vec2>;

struct Polygon {
  Ring outer;               // counter-clockwise after normalisation
  std::vector<Ring> holes;  // clockwise after normalisation
};

// One area (a feature) may be several polygons: islands, exclaves.
using MultiPolygon = std::vector<Polygon>;

// Shoelace area; positive for counter-clockwise rings.
double signed_area(const Ring& ring);
// Outer area minus holes, always >= 0.
double area(const Polygon& polygon);
double area(const MultiPolygon& shape);
Bounds bounds_of(const MultiPolygon& shape);
std::size_t vertex_count(const MultiPolygon& shape);

// Even-odd point-in-ring (the ring open, either orientation).
bool ring_contains(const Ring& ring, Vec2 p);
// Even-odd point-in-polygon over the outer ring and its holes.
bool contains(const Polygon& polygon, Vec2 p);
bool contains(const MultiPolygon& shape, Vec2 p);

// Makes outer rings counter-clockwise and holes clockwise (the triangulator relies on it).
void normalise_orientation(MultiPolygon& shape);

}  // namespace devomap
