#pragma once
// Ear-clipping triangulation of one polygon with holes, robust to what real boundary files hold:
// holes touching the shell or each other at a vertex, duplicate and collinear points, slivers and
// polygons made slightly self-intersecting by reprojection. It never throws and always
// terminates; what it could not do cleanly is counted in the result.
//
// Outline of the method: every ring becomes a circular linked list; holes are joined to the
// shell by bridges (Eberly's visible-vertex search, choosing among copies of a vertex by a wedge
// test); then every group of coincident vertices is re-linked so that their interior wedges are
// disjoint, which may split the ring into several simple cycles; each cycle is ear-clipped
// (z-order index for large cycles), with fallbacks for bad input: drop degenerate points, cut
// local self-intersections, split along a valid diagonal, and finally force ears.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/geometry.hpp"

namespace devomap {

struct TriangulateResult {
  std::size_t triangles = 0;       // appended to the output (3 indices each)
  std::size_t forced_ears = 0;     // triangles cut without a clean ear test (invalid input)
  std::size_t dropped_pieces = 0;  // pieces of ring running backwards (twists) left out
  // The polygon could not be triangulated as a whole: a hole outside the shell (it is left
  // out, so the shell stays filled), no triangle at all for a polygon with area, or the
  // iteration guard tripped.
  // The output still holds every triangle that was found.
  bool failed = false;
};

// Reusable triangulator: keeps its buffers between calls, so one per thread avoids allocations.
class Triangulator {
 public:
  // Appends the triangles of `polygon` to `indices` as counter-clockwise triples (forced ears
  // may not be) of `base + i`, where i indexes the polygon's flattened vertex list: outer ring
  // first, then each hole in order (rings open, no repeated closing vertex). Expects the outer ring
  // CCW and the holes CW (normalise_orientation); rings of the other orientation are treated as if
  // they were correctly oriented.
  TriangulateResult triangulate(const Polygon& polygon, std::vector<std::uint32_t>& indices,
                                std::uint32_t base = 0);

 private:
  struct Node {
    double x = 0, y = 0;
    std::uint32_t vertex = 0;  // index into the flattened vertex list
    std::int32_t prev = -1, next = -1;
    std::int32_t prev_z = -1, next_z = -1;  // z-order neighbours, only while hashed
    std::uint32_t z = 0;
    bool removed = false;
  };

  std::int32_t add_ring(const Ring& ring, std::uint32_t first_vertex, bool reverse);
  std::int32_t copy_node(std::int32_t n);
  void remove_node(std::int32_t n);
  std::int32_t filter_points(std::int32_t start);
  bool bridge_hole(std::int32_t hole, std::int32_t outer, std::int32_t hole_begin,
                   std::int32_t hole_end);
  std::int32_t find_bridge(std::int32_t hole, std::int32_t outer) const;
  template <typename Visit>
  bool for_each_edge_near(std::int32_t outer, double lo_y, double hi_y, Visit&& visit) const;
  std::size_t bucket_of(double y) const;
  void index_edge(std::int32_t p);
  void relink_coincident();
  void clip_cycle(std::int32_t start);
  void index_z_order(std::int32_t start, std::size_t cycle_size);
  bool is_ear(std::int32_t ear) const;
  bool is_ear_hashed(std::int32_t ear) const;
  std::int32_t cure_local_intersections(std::int32_t start);
  bool split_cycle(std::int32_t start);
  void force_ears(std::int32_t start);
  void emit(std::int32_t a, std::int32_t b, std::int32_t c);
  bool locally_inside(std::int32_t a, std::int32_t b) const;
  bool middle_inside(std::int32_t a, std::int32_t b) const;
  bool intersects_ring(std::int32_t a, std::int32_t b) const;
  bool valid_diagonal(std::int32_t a, std::int32_t b) const;
  std::int32_t split_at(std::int32_t a, std::int32_t b);
  double orient(std::int32_t a, std::int32_t b, std::int32_t c) const;
  bool same_point(std::int32_t a, std::int32_t b) const {
    return nodes_[a].x == nodes_[b].x && nodes_[a].y == nodes_[b].y;
  }
  std::uint32_t z_key(double x, double y) const;
  bool guard_tripped();
  bool at_least_three(std::int32_t n) const;

  struct Keyed {
    double x, y;
    std::int32_t node;
  };
  struct Spoke {
    double dx, dy;        // direction of the edge leaving the shared point
    bool incoming;        // the edge arrives at the point (from owner's prev)
    std::int32_t owner;   // the occurrence of the point this edge belongs to
    std::int32_t target;  // outgoing edges: the node they lead to
  };
  struct WorkItem {
    std::int32_t start;
    int pass;     // 0 clean ears, 1 after filtering, 2 after curing twists, 3 forced
    bool hashed;  // the cycle has a z-order list
  };

  std::vector<Node> nodes_;
  std::vector<std::uint64_t> zsort_;
  std::vector<std::int32_t> table_;
  std::vector<std::int32_t> live_;
  std::vector<std::int32_t> cycles_;
  std::vector<char> seen_;
  std::vector<Keyed> keyed_;
  std::vector<Spoke> spokes_;
  std::vector<WorkItem> work_;
  // Edges of the merged ring by horizontal band, for polygons with many holes (bridge search).
  struct BucketEntry {
    std::int32_t node;
    std::int32_t next;
  };
  std::vector<std::int32_t> buckets_;  // first entry per band, -1 when none; empty: not used
  std::vector<BucketEntry> bucket_entries_;
  double bucket_min_y_ = 0, bucket_scale_ = 0;
  std::vector<std::uint32_t>* out_ = nullptr;
  std::uint32_t base_ = 0;
  Vec2 origin_;
  TriangulateResult result_;
  bool hashed_ = false;
  double z_min_x_ = 0, z_min_y_ = 0, z_inv_size_ = 0;
  // Work done on this polygon (nodes visited), against a limit that stops runaway input.
  mutable std::size_t steps_ = 0;
  std::size_t step_limit_ = 0;
};

// Convenience: triangulates one polygon into a fresh index list (base 0).
std::vector<std::uint32_t> triangulate(const Polygon& polygon, TriangulateResult* result = nullptr);

// Sum of |triangle area| over `indices` (into the polygon's flattened vertices), for checking a
// triangulation against area(polygon).
double triangles_area(const Polygon& polygon, const std::vector<std::uint32_t>& indices,
                      std::uint32_t base = 0);

}  // namespace devomap
