#pragma once
// Validity check and repair of polygons as read from a file (rings CLOSED, first == last).
// GEOS's isValid costs ~0.7 us per vertex (370 ms on LAD BGC), so a fast conservative test
// proves most shapes valid first and only the doubtful ones go to GEOS.
#include <geos_c.h>

#include <cstdint>
#include <vector>

#include "core/geometry.hpp"

namespace devomap::gdal {

// True only when `shape` is certainly OGC-valid: no ring crosses or touches another ring or itself
// (beyond consecutive edges), holes lie inside their shell and not inside each other, and parts
// of a multipolygon do not overlap. Any touching vertex, collinear overlap or round-off doubt
// answers false, which means "ask GEOS", not "invalid". Rings must be closed.
bool certainly_valid(const MultiPolygon& shape);

// The same check, saying where the doubt lies: in small groups of polygons (one polygon's own
// rings, or how two parts meet) that GEOS can check on their own, or in the whole shape.
struct QuickCheck {
  bool whole_doubtful = false;
  std::vector<std::vector<std::uint32_t>> doubtful_groups;  // indices into the shape
  bool valid() const { return !whole_doubtful && doubtful_groups.empty(); }
};
QuickCheck quick_check(const MultiPolygon& shape);

// One GEOS context; use one per thread.
class GeosRepairer {
 public:
  GeosRepairer();
  ~GeosRepairer();
  GeosRepairer(const GeosRepairer&) = delete;
  GeosRepairer& operator=(const GeosRepairer&) = delete;

  bool is_valid(const MultiPolygon& shape);
  // GEOS MakeValid, keeping only the polygonal parts (a GeometryCollection result may also hold
  // lines or points). Rings come back closed. Empty when nothing with area is left.
  MultiPolygon make_valid(const MultiPolygon& shape);
  // The union of `shapes` (open or closed rings): districts dissolved into the area they make
  // up. Comes back with open rings, outer rings counter-clockwise. A shape GEOS rejects is
  // made valid first; empty when nothing with area is left.
  MultiPolygon union_of(const std::vector<const MultiPolygon*>& shapes);

 private:
  GEOSGeometry* to_geos(const MultiPolygon& shape);
  void collect_polygons(const GEOSGeometry* geometry, MultiPolygon& out);
  bool read_ring(const GEOSGeometry* ring, Ring& out);
  GEOSContextHandle_t context_;
  bool dropped_ring_ = false;  // the last to_geos left out a ring of under 4 points
};

enum class Repair { AlreadyValid, Repaired, NothingLeft };

// Checks `shape` and repairs it in place when invalid.
Repair ensure_valid(MultiPolygon& shape, GeosRepairer& geos);

}  // namespace devomap::gdal
