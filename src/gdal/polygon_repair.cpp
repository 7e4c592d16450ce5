#include "gdal/polygon_repair.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

namespace devomap::gdal {

namespace {

// Larger than Shewchuk's orient2d error bound (3 + 16e)e, so a sign beyond it is exact.
constexpr double kOrientationError = 1e-15;

// +1 or -1 when the turn c makes from a->b is certain, 0 when round-off could change it.
int orientation(Vec2 a, Vec2 b, Vec2 c) {
  const double left = (b.x - a.x) * (c.y - a.y);
  const double right = (b.y - a.y) * (c.x - a.x);
  const double det = left - right;
  const double bound = kOrientationError * (std::abs(left) + std::abs(right));
  if (det > bound) return 1;
  if (det < -bound) return -1;
  return 0;
}

struct Segment {
  Vec2 a, b;
  double min_x, max_x, min_y, max_y;
  std::uint32_t ring;
  std::uint32_t position;  // among the ring's non-zero-length edges, in ring order
};

bool same(Vec2 p, Vec2 q) {
  return p.x == q.x && p.y == q.y;
}

// Point-in-ring for a ring asked many times (a coastline with hundreds of holes and islands):
// edges bucketed by y, so a query scans only the edges level with the point. Same answers as
// ring_contains: an edge that straddles the point's y always sits in the point's bucket.
class RingLocator {
 public:
  explicit RingLocator(const Ring& ring) : ring_(ring) {
    const std::size_t n = ring.size();
    if (n < 2) return;
    for (const Vec2& v : ring) {
      min_y_ = std::min(min_y_, v.y);
      max_y_ = std::max(max_y_, v.y);
    }
    const std::size_t bins = std::max<std::size_t>(1, n / 4);
    bin_height_ = (max_y_ - min_y_) / static_cast<double>(bins);
    if (!(bin_height_ > 0)) bin_height_ = 1.0;
    starts_.assign(bins + 1, 0);
    auto span = [&](std::size_t i) {
      const double y0 = std::min(ring[i].y, ring[(i + 1) % n].y);
      const double y1 = std::max(ring[i].y, ring[(i + 1) % n].y);
      return std::make_pair(bin(y0), bin(y1));
    };
    for (std::size_t i = 0; i < n; ++i) {
      const auto [b0, b1] = span(i);
      for (std::size_t b = b0; b <= b1; ++b) ++starts_[b + 1];
    }
    for (std::size_t b = 0; b < bins; ++b) starts_[b + 1] += starts_[b];
    edges_.resize(starts_.back());
    std::vector<std::uint32_t> fill(starts_.begin(), starts_.end() - 1);
    for (std::size_t i = 0; i < n; ++i) {
      const auto [b0, b1] = span(i);
      for (std::size_t b = b0; b <= b1; ++b) edges_[fill[b]++] = static_cast<std::uint32_t>(i);
    }
  }

  bool contains(Vec2 p) const {
    if (!(p.y >= min_y_ && p.y <= max_y_)) return false;
    const std::size_t b = bin(p.y), n = ring_.size();
    bool inside = false;
    for (std::uint32_t k = starts_[b]; k < starts_[b + 1]; ++k) {
      const std::size_t i = edges_[k];
      const Vec2 a = ring_[(i + 1) % n], c = ring_[i];  // the same edge order as ring_contains
      if ((a.y > p.y) != (c.y > p.y) && p.x < (c.x - a.x) * (p.y - a.y) / (c.y - a.y) + a.x)
        inside = !inside;
    }
    return inside;
  }

 private:
  std::size_t bin(double y) const {
    const double f = (y - min_y_) / bin_height_;
    const std::size_t last = starts_.size() - 2;
    return f <= 0 ? 0 : std::min(last, static_cast<std::size_t>(f));
  }
  const Ring& ring_;
  double min_y_ = INFINITY, max_y_ = -INFINITY, bin_height_ = 1.0;
  std::vector<std::uint32_t> starts_;  // per bin, into edges_
  std::vector<std::uint32_t> edges_;   // edge i joins ring[i] and ring[i + 1]
};

Bounds ring_bounds(const Ring& ring) {
  Bounds b;
  for (const Vec2& v : ring) b.expand(v);
  return b;
}

bool overlaps(const Bounds& a, const Bounds& b) {
  return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

// Edges p-q1 and p-q2 meet only at p: they turn (certainly), or go straight on, not back.
bool meet_only_at(Vec2 p, Vec2 q1, Vec2 q2) {
  if (orientation(p, q1, q2) != 0) return true;
  const double ux = q1.x - p.x, uy = q1.y - p.y, vx = q2.x - p.x, vy = q2.y - p.y;
  const double dot = ux * vx + uy * vy;
  return dot < -1e-9 * (ux * ux + uy * uy + vx * vx + vy * vy);
}

bool certainly_disjoint(const Segment& s, const Segment& t) {
  const int o1 = orientation(s.a, s.b, t.a);
  const int o2 = orientation(s.a, s.b, t.b);
  if (o1 != 0 && o1 == o2) return true;
  const int o3 = orientation(t.a, t.b, s.a);
  const int o4 = orientation(t.a, t.b, s.b);
  return o3 != 0 && o3 == o4;
}

// Two rings meeting at a shared vertex (valid OGC when they do not cross there and the touches
// do not cut a polygon's interior in two). Recorded by the sweep, checked afterwards.
struct Touch {
  Vec2 point;
  std::uint32_t ring[2];
  std::uint32_t vertex[2];  // the touching vertex's position in each ring (start of that edge)
};

// Whether point v lies left (+1) or right (-1) of the path a -> p -> b, seen close to p; 0 when
// round-off leaves doubt. Left of the path is the angle swept counter-clockwise from p->b to
// p->a. A v on the line of one edge but pointing away from it (common in axis-aligned data) is
// still decided by the other edge where it can be.
int side_of_path(Vec2 a, Vec2 p, Vec2 b, Vec2 v) {
  const int turn = orientation(p, b, a);      // > 0: the left side is the convex wedge
  const int from_out = orientation(p, b, v);  // > 0: v is counter-clockwise of p->b
  const int to_in = orientation(p, v, a);     // > 0: v is clockwise of p->a
  if (turn > 0) {
    if (from_out < 0 || to_in < 0) return -1;
    return (from_out > 0 && to_in > 0) ? 1 : 0;
  }
  if (turn < 0) {
    if (from_out > 0 || to_in > 0) return 1;
    return (from_out < 0 && to_in < 0) ? -1 : 0;
  }
  // Straight on through p (a spike was refused earlier): the left side is a half-plane.
  const double dot = (a.x - p.x) * (b.x - p.x) + (a.y - p.y) * (b.y - p.y);
  return dot < 0 ? from_out : 0;
}

struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) {
    for (std::size_t i = 0; i < n; ++i) parent[i] = static_cast<std::uint32_t>(i);
  }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  bool unite(std::uint32_t a, std::uint32_t b) {  // false when already joined
    a = find(a);
    b = find(b);
    if (a == b) return false;
    parent[a] = b;
    return true;
  }
};

// The fast check over one shape. Doubts are kept as small groups of polygons: one polygon when
// only its own rings are in question, two when it is how two parts meet. Validity of a
// multipolygon is each part's validity plus a condition on each pair of parts, so GEOS need only
// check those groups: a country with one awkward island sends just the island to GEOS.
class QuickChecker {
 public:
  explicit QuickChecker(const MultiPolygon& shape) : shape_(shape), doubtful_(shape.size(), 0) {}

  QuickCheck run() {
    if (shape_.empty()) doubt_all();
    if (!whole_doubtful_) collect_edges();
    if (!whole_doubtful_) sweep();
    if (!whole_doubtful_) check_touches();
    if (!whole_doubtful_) check_nesting();
    QuickCheck out;
    out.whole_doubtful = whole_doubtful_;
    if (whole_doubtful_) return out;
    // Groups that share a polygon merge, so GEOS looks at each polygon at most once.
    UnionFind groups(shape_.size());
    for (const auto& [a, b] : pairs_) {
      groups.unite(a, b);
      doubtful_[a] = doubtful_[b] = 1;
    }
    std::vector<std::int64_t> group_of_root(shape_.size(), -1);
    for (std::uint32_t p = 0; p < doubtful_.size(); ++p) {
      if (!doubtful_[p]) continue;
      std::int64_t& group = group_of_root[groups.find(p)];
      if (group < 0) {
        group = static_cast<std::int64_t>(out.doubtful_groups.size());
        out.doubtful_groups.emplace_back();
      }
      out.doubtful_groups[static_cast<std::size_t>(group)].push_back(p);
    }
    return out;
  }

 private:
  void doubt_all() { whole_doubtful_ = true; }
  void doubt_polygon(std::uint32_t polygon) { doubtful_[polygon] = 1; }
  void doubt_pair(std::uint32_t p, std::uint32_t q) {
    pairs_.emplace_back(std::min(p, q), std::max(p, q));
  }
  // A doubt about two rings: their polygon's when they share one, else that pair of parts'.
  void doubt_rings(std::uint32_t r1, std::uint32_t r2) {
    if (ring_polygon_[r1] == ring_polygon_[r2])
      doubt_polygon(ring_polygon_[r1]);
    else
      doubt_pair(ring_polygon_[r1], ring_polygon_[r2]);
  }
  bool polygon_doubtful(std::uint32_t ring) const { return doubtful_[ring_polygon_[ring]]; }

  void collect_edges() {
    for (std::uint32_t p = 0; p < shape_.size(); ++p) {
      rings_.push_back(&shape_[p].outer);
      ring_polygon_.push_back(p);
      for (const Ring& hole : shape_[p].holes) {
        rings_.push_back(&hole);
        ring_polygon_.push_back(p);
      }
    }
    first_edge_.resize(rings_.size());
    edges_per_ring_.resize(rings_.size());
    for (std::uint32_t r = 0; r < rings_.size(); ++r) {
      const Ring& ring = *rings_[r];
      first_edge_[r] = static_cast<std::uint32_t>(edges_.size());
      std::uint32_t kept = 0;
      for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const Vec2 a = ring[i], b = ring[i + 1];
        if (!std::isfinite(a.x) || !std::isfinite(a.y)) {
          doubt_all();  // GEOS cannot place it either; make-valid will sort it out
          return;
        }
        if (same(a, b)) continue;  // repeated points are allowed; skip them
        edges_.push_back({a, b, std::min(a.x, b.x), std::max(a.x, b.x), std::min(a.y, b.y),
                          std::max(a.y, b.y), r, kept++});
      }
      edges_per_ring_[r] = kept;
      if (ring.size() < 4 || !same(ring.front(), ring.back()) || kept < 3)
        doubt_polygon(ring_polygon_[r]);
    }
  }

  const Segment& edge(std::uint32_t ring, std::uint32_t k) const {
    return edges_[first_edge_[ring] + k % edges_per_ring_[ring]];
  }

  // Only edges whose x-ranges overlap can meet.
  void sweep() {
    std::vector<Segment> sorted = edges_;
    std::sort(sorted.begin(), sorted.end(),
              [](const Segment& s, const Segment& t) { return s.min_x < t.min_x; });
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      const Segment& s = sorted[i];
      for (std::size_t j = i + 1; j < sorted.size() && sorted[j].min_x <= s.max_x; ++j) {
        const Segment& t = sorted[j];
        if (t.min_y > s.max_y || t.max_y < s.min_y) continue;
        const bool same_polygon = ring_polygon_[s.ring] == ring_polygon_[t.ring];
        if (same_polygon && polygon_doubtful(s.ring)) continue;  // GEOS will look at it all
        if (s.ring == t.ring) {
          const std::uint32_t m = edges_per_ring_[s.ring];
          if ((s.position + 1) % m == t.position) {
            if (!meet_only_at(s.b, s.a, t.b)) doubt_polygon(ring_polygon_[s.ring]);
            continue;
          }
          if ((t.position + 1) % m == s.position) {
            if (!meet_only_at(t.b, t.a, s.b)) doubt_polygon(ring_polygon_[s.ring]);
            continue;
          }
        }
        if (certainly_disjoint(s, t)) continue;
        if (!record_touch(s, t)) doubt_rings(s.ring, t.ring);
      }
    }
  }

  // Edges that are not disjoint must share exactly one end point and meet nowhere else; that
  // is a touch between two different rings, checked later. False: doubt.
  bool record_touch(const Segment& s, const Segment& t) {
    const bool aa = same(s.a, t.a), ab = same(s.a, t.b), ba = same(s.b, t.a), bb = same(s.b, t.b);
    if (aa + ab + ba + bb != 1 || s.ring == t.ring) return false;  // a ring touching itself too
    const Vec2 p = (aa || ab) ? s.a : s.b;
    const Vec2 s_other = (aa || ab) ? s.b : s.a;
    const Vec2 t_other = (aa || ba) ? t.b : t.a;
    if (!meet_only_at(p, s_other, t_other)) return false;
    const std::uint32_t m_s = edges_per_ring_[s.ring], m_t = edges_per_ring_[t.ring];
    touches_.push_back({p,
                        {s.ring, t.ring},
                        {(aa || ab) ? s.position : (s.position + 1) % m_s,
                         (aa || ba) ? t.position : (t.position + 1) % m_t}});
    return true;
  }

  // At each touch point every ring passes once and no two cross; within a polygon, rings and
  // touch points must not form a cycle (that would cut its interior in two). Several rings at one
  // point join like a star, not a cycle.
  void check_touches() {
    std::sort(touches_.begin(), touches_.end(), [](const Touch& t, const Touch& u) {
      return std::tie(t.point.x, t.point.y) < std::tie(u.point.x, u.point.y);
    });
    UnionFind joined(rings_.size());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> here;  // (ring, vertex) at this point
    for (std::size_t begin = 0; begin < touches_.size();) {
      std::size_t end = begin + 1;
      while (end < touches_.size() && same(touches_[end].point, touches_[begin].point)) ++end;
      const Vec2 p = touches_[begin].point;
      touch_points_.push_back(p);
      here.clear();
      for (std::size_t k = begin; k < end; ++k)
        for (int side = 0; side < 2; ++side)
          here.emplace_back(touches_[k].ring[side], touches_[k].vertex[side]);
      begin = end;
      std::sort(here.begin(), here.end());
      here.erase(std::unique(here.begin(), here.end()), here.end());

      bool passes_once = true;
      for (std::size_t k = 1; k < here.size(); ++k)
        if (here[k].first == here[k - 1].first) passes_once = false;
      if (!passes_once) {  // a ring touching itself: GEOS decides about all rings here
        for (const auto& [r1, v1] : here)
          for (const auto& [r2, v2] : here) doubt_rings(r1, r2);
        continue;
      }
      for (std::size_t x = 0; x < here.size(); ++x)
        for (std::size_t y = x + 1; y < here.size(); ++y)
          if (crossing_or_unsure(p, here[x], here[y])) doubt_rings(here[x].first, here[y].first);
      // One polygon's rings at p join as a star: fine unless two were already connected.
      // Rings are numbered polygon by polygon, so each polygon's rings here are one run.
      for (std::size_t run = 0; run < here.size();) {
        const std::uint32_t polygon = ring_polygon_[here[run].first];
        std::size_t run_end = run + 1;
        while (run_end < here.size() && ring_polygon_[here[run_end].first] == polygon) ++run_end;
        std::vector<std::uint32_t> roots;
        for (std::size_t k = run; k < run_end; ++k) roots.push_back(joined.find(here[k].first));
        std::sort(roots.begin(), roots.end());
        if (std::adjacent_find(roots.begin(), roots.end()) != roots.end())
          doubt_polygon(polygon);
        else
          for (std::size_t k = run + 1; k < run_end; ++k)
            joined.unite(here[run].first, here[k].first);
        run = run_end;
      }
    }
  }

  // Whether ring b crosses ring a at their shared vertex p (or round-off leaves doubt).
  bool crossing_or_unsure(Vec2 p, std::pair<std::uint32_t, std::uint32_t> a,
                          std::pair<std::uint32_t, std::uint32_t> b) const {
    const Vec2 a_in = edge(a.first, a.second + edges_per_ring_[a.first] - 1).a;
    const Vec2 a_out = edge(a.first, a.second).b;
    const Vec2 b_in = edge(b.first, b.second + edges_per_ring_[b.first] - 1).a;
    const Vec2 b_out = edge(b.first, b.second).b;
    const int side_in = side_of_path(a_in, p, a_out, b_in);
    const int side_out = side_of_path(a_in, p, a_out, b_out);
    return side_in == 0 || side_in != side_out;
  }

  // Rings meet at most at touch points, so containment is decided by any other point of a ring.
  bool probe(const Ring& ring, Vec2& out) const {
    auto less = [](Vec2 u, Vec2 v) { return std::tie(u.x, u.y) < std::tie(v.x, v.y); };
    for (const Vec2& v : ring)
      if (!std::binary_search(touch_points_.begin(), touch_points_.end(), v, less)) {
        out = v;
        return true;
      }
    // Every vertex touches another ring (a small part wedged between others): an edge's midpoint.
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
      if (!same(ring[i], ring[i + 1])) {
        out = {(ring[i].x + ring[i + 1].x) / 2, (ring[i].y + ring[i + 1].y) / 2};
        return true;
      }
    return false;
  }

  // Point in a polygon's shell; big shells asked often get a y-bucket index.
  bool shell_contains(std::uint32_t polygon, Vec2 point) {
    const Ring& shell = shape_[polygon].outer;
    if (shell.size() < 64) return ring_contains(shell, point);
    if (!shell_locators_[polygon]) shell_locators_[polygon] = std::make_unique<RingLocator>(shell);
    return shell_locators_[polygon]->contains(point);
  }

  void check_nesting() {
    shell_locators_.resize(shape_.size());
    std::vector<Bounds> shell_bounds(shape_.size());
    std::vector<std::vector<Bounds>> hole_bounds(shape_.size());
    for (std::uint32_t p = 0; p < shape_.size(); ++p) {
      shell_bounds[p] = ring_bounds(shape_[p].outer);
      for (const Ring& hole : shape_[p].holes) hole_bounds[p].push_back(ring_bounds(hole));
    }
    std::vector<Vec2> shell_probe(shape_.size());
    for (std::uint32_t p = 0; p < shape_.size(); ++p) {
      const Polygon& polygon = shape_[p];
      if (!probe(polygon.outer, shell_probe[p])) doubt_polygon(p);
      if (doubtful_[p]) continue;
      std::vector<Vec2> hole_probe(polygon.holes.size());
      for (std::size_t h = 0; h < polygon.holes.size() && !doubtful_[p]; ++h)
        if (!probe(polygon.holes[h], hole_probe[h]) || !shell_contains(p, hole_probe[h]))
          doubt_polygon(p);  // a hole outside its shell: GEOS will confirm it is invalid
      for (std::size_t a = 0; a < polygon.holes.size() && !doubtful_[p]; ++a)
        for (std::size_t b = a + 1; b < polygon.holes.size(); ++b)
          if (overlaps(hole_bounds[p][a], hole_bounds[p][b]) &&
              (ring_contains(polygon.holes[a], hole_probe[b]) ||
               ring_contains(polygon.holes[b], hole_probe[a]))) {
            doubt_polygon(p);  // nested holes
            break;
          }
    }
    // Parts of a multipolygon may not overlap; an island inside another part's hole is fine.
    auto inside_part = [&](std::uint32_t part, Vec2 point) {
      if (!shell_bounds[part].contains(point) || !shell_contains(part, point)) return false;
      for (std::size_t h = 0; h < shape_[part].holes.size(); ++h)
        if (hole_bounds[part][h].contains(point) && ring_contains(shape_[part].holes[h], point))
          return false;
      return true;
    };
    std::sort(pairs_.begin(), pairs_.end());
    for (std::uint32_t a = 0; a < shape_.size(); ++a)
      for (std::uint32_t b = a + 1; b < shape_.size(); ++b)
        if (overlaps(shell_bounds[a], shell_bounds[b]) &&
            !std::binary_search(pairs_.begin(), pairs_.end(), std::make_pair(a, b)) &&
            (inside_part(b, shell_probe[a]) || inside_part(a, shell_probe[b])))
          doubt_pair(a, b);  // overlapping parts: GEOS will confirm it is invalid
  }

  const MultiPolygon& shape_;
  std::vector<char> doubtful_;  // per polygon: its own rings are in question
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs_;  // parts whose meeting is unclear
  bool whole_doubtful_ = false;
  std::vector<const Ring*> rings_;
  std::vector<std::uint32_t> ring_polygon_;
  std::vector<Segment> edges_;  // in ring order: ring r's edge k is edges_[first_edge_[r] + k]
  std::vector<std::uint32_t> first_edge_, edges_per_ring_;
  std::vector<Touch> touches_;
  std::vector<Vec2> touch_points_;                            // sorted, unique
  std::vector<std::unique_ptr<RingLocator>> shell_locators_;  // per polygon, made on demand
};

}  // namespace

QuickCheck quick_check(const MultiPolygon& shape) {
  return QuickChecker(shape).run();
}

bool certainly_valid(const MultiPolygon& shape) {
  return quick_check(shape).valid();
}

GeosRepairer::GeosRepairer() : context_(GEOS_init_r()) {
  if (!context_) throw std::runtime_error("GEOS could not start (GEOS_init_r failed)");
}

GeosRepairer::~GeosRepairer() {
  GEOS_finish_r(context_);
}

GEOSGeometry* GeosRepairer::to_geos(const MultiPolygon& shape) {
  dropped_ring_ = false;
  std::vector<GEOSGeometry*> polygons;
  std::vector<double> buffer;
  auto make_ring = [&](const Ring& ring) -> GEOSGeometry* {
    buffer.clear();
    for (const Vec2& v : ring) {
      buffer.push_back(v.x);
      buffer.push_back(v.y);
    }
    if (!ring.empty() && (ring.front().x != ring.back().x || ring.front().y != ring.back().y)) {
      buffer.push_back(ring.front().x);
      buffer.push_back(ring.front().y);
    }
    const auto n = static_cast<unsigned>(buffer.size() / 2);
    if (n < 4) {  // GEOS refuses rings of fewer than 4 points; such a ring has no area anyway
      dropped_ring_ = true;
      return nullptr;
    }
    GEOSCoordSequence* sequence = GEOSCoordSeq_copyFromBuffer_r(context_, buffer.data(), n, 0, 0);
    return sequence ? GEOSGeom_createLinearRing_r(context_, sequence) : nullptr;
  };
  for (const Polygon& polygon : shape) {
    GEOSGeometry* shell = make_ring(polygon.outer);
    if (!shell) continue;
    std::vector<GEOSGeometry*> holes;
    for (const Ring& hole : polygon.holes)
      if (GEOSGeometry* h = make_ring(hole)) holes.push_back(h);
    GEOSGeometry* p = GEOSGeom_createPolygon_r(context_, shell, holes.data(),
                                               static_cast<unsigned>(holes.size()));
    if (p) polygons.push_back(p);
  }
  return GEOSGeom_createCollection_r(context_, GEOS_MULTIPOLYGON, polygons.data(),
                                     static_cast<unsigned>(polygons.size()));
}

bool GeosRepairer::read_ring(const GEOSGeometry* ring, Ring& out) {
  const GEOSCoordSequence* sequence = GEOSGeom_getCoordSeq_r(context_, ring);
  unsigned size = 0;
  if (!sequence || !GEOSCoordSeq_getSize_r(context_, sequence, &size) || size < 4) return false;
  std::vector<double> buffer(static_cast<std::size_t>(size) * 2);
  if (!GEOSCoordSeq_copyToBuffer_r(context_, sequence, buffer.data(), 0, 0)) return false;
  out.resize(size);
  for (unsigned i = 0; i < size; ++i) out[i] = {buffer[2 * i], buffer[2 * i + 1]};
  return true;
}

void GeosRepairer::collect_polygons(const GEOSGeometry* geometry, MultiPolygon& out) {
  switch (GEOSGeomTypeId_r(context_, geometry)) {
    case GEOS_POLYGON: {
      Polygon polygon;
      if (!read_ring(GEOSGetExteriorRing_r(context_, geometry), polygon.outer)) return;
      const int holes = GEOSGetNumInteriorRings_r(context_, geometry);
      for (int i = 0; i < holes; ++i) {
        Ring hole;
        if (read_ring(GEOSGetInteriorRingN_r(context_, geometry, i), hole))
          polygon.holes.push_back(std::move(hole));
      }
      out.push_back(std::move(polygon));
      return;
    }
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION: {
      const int parts = GEOSGetNumGeometries_r(context_, geometry);
      for (int i = 0; i < parts; ++i)
        collect_polygons(GEOSGetGeometryN_r(context_, geometry, i), out);
      return;
    }
    default:
      return;  // points and lines left over from repair have no area
  }
}

bool GeosRepairer::is_valid(const MultiPolygon& shape) {
  if (shape.empty()) return false;
  GEOSGeometry* geometry = to_geos(shape);
  if (!geometry) return false;
  const bool valid = !dropped_ring_ && GEOSisValid_r(context_, geometry) == 1;
  GEOSGeom_destroy_r(context_, geometry);
  return valid;
}

MultiPolygon GeosRepairer::make_valid(const MultiPolygon& shape) {
  MultiPolygon out;
  GEOSGeometry* geometry = to_geos(shape);
  if (!geometry) return out;
  GEOSGeometry* repaired = GEOSMakeValid_r(context_, geometry);
  GEOSGeom_destroy_r(context_, geometry);
  if (!repaired) return out;
  collect_polygons(repaired, out);
  GEOSGeom_destroy_r(context_, repaired);
  return out;
}

MultiPolygon GeosRepairer::union_of(const std::vector<const MultiPolygon*>& shapes) {
  std::vector<GEOSGeometry*> parts;
  for (const MultiPolygon* shape : shapes) {
    GEOSGeometry* g = to_geos(*shape);
    if (!g) continue;
    // One invalid district would make the whole union throw; repair it on its own.
    if (GEOSisValid_r(context_, g) != 1) {
      GEOSGeometry* fixed = GEOSMakeValid_r(context_, g);
      GEOSGeom_destroy_r(context_, g);
      g = fixed;
      if (!g) continue;
    }
    parts.push_back(g);
  }
  MultiPolygon out;
  if (parts.empty()) return out;
  GEOSGeometry* collection = GEOSGeom_createCollection_r(
      context_, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size()));
  if (!collection) return out;
  GEOSGeometry* merged = GEOSUnaryUnion_r(context_, collection);
  GEOSGeom_destroy_r(context_, collection);
  if (!merged) return out;
  collect_polygons(merged, out);
  GEOSGeom_destroy_r(context_, merged);
  for (Polygon& polygon : out) {
    polygon.outer.pop_back();  // GEOS rings repeat their first point; layers keep rings open
    for (Ring& hole : polygon.holes) hole.pop_back();
  }
  normalise_orientation(out);
  return out;
}

Repair ensure_valid(MultiPolygon& shape, GeosRepairer& geos) {
  const QuickCheck quick = quick_check(shape);
  if (quick.valid()) return Repair::AlreadyValid;
  std::size_t doubtful_vertices = 0;
  for (const auto& group : quick.doubtful_groups)
    for (std::uint32_t p : group) doubtful_vertices += vertex_count(MultiPolygon{shape[p]});
  if (quick.whole_doubtful || doubtful_vertices >= vertex_count(shape)) {
    if (geos.is_valid(shape)) return Repair::AlreadyValid;
  } else {
    const bool groups_valid = std::all_of(quick.doubtful_groups.begin(),
                                          quick.doubtful_groups.end(), [&](const auto& group) {
                                            MultiPolygon parts;
                                            for (std::uint32_t p : group) parts.push_back(shape[p]);
                                            return geos.is_valid(parts);
                                          });
    if (groups_valid) return Repair::AlreadyValid;
  }
  shape = geos.make_valid(shape);
  return shape.empty() || area(shape) <= 0.0 ? Repair::NothingLeft : Repair::Repaired;
}

}  // namespace devomap::gdal
