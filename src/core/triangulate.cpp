#include "core/triangulate.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace devomap {

namespace {

// Cycles above this size get a z-order index for the ear test; below it a plain scan is faster.
constexpr std::size_t kHashThreshold = 80;
// How many corners a forced ear is chosen from (the flattest convex one wins).
constexpr int kForcedEarScan = 256;
// Holes x vertices above which the bridge search uses a banded edge index.
constexpr std::size_t kBucketWork = 50'000;

std::uint32_t spread_bits(std::uint32_t v) {
  v = (v | (v << 8)) & 0x00FF00FFu;
  v = (v | (v << 4)) & 0x0F0F0F0Fu;
  v = (v | (v << 2)) & 0x33333333u;
  v = (v | (v << 1)) & 0x55555555u;
  return v;
}

// Cross product (b - a) x (c - a): positive when a, b, c turn left (counter-clockwise).
double cross(double ax, double ay, double bx, double by, double cx, double cy) {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

int sign(double v) {
  return (v > 0) - (v < 0);
}

std::size_t point_hash(double x, double y) {
  std::uint64_t bx, by;
  x += 0.0;  // -0 and +0 are the same point
  y += 0.0;
  std::memcpy(&bx, &x, sizeof bx);
  std::memcpy(&by, &y, sizeof by);
  std::uint64_t h =
      bx * 0x9E3779B97F4A7C15ull ^ (by + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
  h ^= h >> 29;
  return static_cast<std::size_t>(h);
}

}  // namespace

double Triangulator::orient(std::int32_t a, std::int32_t b, std::int32_t c) const {
  const Node &na = nodes_[a], &nb = nodes_[b], &nc = nodes_[c];
  return cross(na.x, na.y, nb.x, nb.y, nc.x, nc.y);
}

inline std::uint32_t Triangulator::z_key(double x, double y) const {
  const double fx = std::clamp((x - z_min_x_) * z_inv_size_, 0.0, 32767.0);
  const double fy = std::clamp((y - z_min_y_) * z_inv_size_, 0.0, 32767.0);
  return spread_bits(static_cast<std::uint32_t>(fx)) |
         (spread_bits(static_cast<std::uint32_t>(fy)) << 1);
}

bool Triangulator::at_least_three(std::int32_t n) const {
  return n >= 0 && nodes_[n].next != n && nodes_[n].next != nodes_[n].prev;
}

bool Triangulator::guard_tripped() {
  if (++steps_ <= step_limit_) return false;
  result_.failed = true;
  return true;
}

std::int32_t Triangulator::add_ring(const Ring& ring, std::uint32_t first_vertex, bool reverse) {
  const std::size_t n = ring.size();
  std::int32_t first = -1, last = -1;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = reverse ? n - 1 - k : k;
    const double x = ring[i].x - origin_.x, y = ring[i].y - origin_.y;
    // Drop consecutive duplicates (including a closing vertex that was left in).
    if (last >= 0 && nodes_[last].x == x && nodes_[last].y == y) continue;
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    Node node;
    node.x = x;
    node.y = y;
    node.vertex = first_vertex + static_cast<std::uint32_t>(i);
    const auto id = static_cast<std::int32_t>(nodes_.size());
    node.prev = last;
    nodes_.push_back(node);
    if (last >= 0) nodes_[last].next = id;
    if (first < 0) first = id;
    last = id;
  }
  if (first < 0) return -1;
  if (last != first && same_point(first, last)) {
    const std::int32_t before = nodes_[last].prev;
    nodes_[last].removed = true;
    last = before;
  }
  nodes_[last].next = first;
  nodes_[first].prev = last;
  return first;
}

std::int32_t Triangulator::copy_node(std::int32_t n) {
  Node node = nodes_[n];
  node.prev = node.next = node.prev_z = node.next_z = -1;
  node.removed = false;
  nodes_.push_back(node);
  return static_cast<std::int32_t>(nodes_.size() - 1);
}

void Triangulator::remove_node(std::int32_t n) {
  Node& node = nodes_[n];
  nodes_[node.prev].next = node.next;
  nodes_[node.next].prev = node.prev;
  if (node.prev_z >= 0) nodes_[node.prev_z].next_z = node.next_z;
  if (node.next_z >= 0) nodes_[node.next_z].prev_z = node.prev_z;
  node.prev_z = node.next_z = -1;
  node.removed = true;
}

// Removes repeated and exactly collinear points around the cycle; returns a live node of it, or
// -1 when fewer than three points remain.
std::int32_t Triangulator::filter_points(std::int32_t start) {
  if (start < 0) return -1;
  std::int32_t p = start, end = start;
  bool again;
  do {
    again = false;
    const std::int32_t n = nodes_[p].next;
    if (n == p) return -1;
    if (same_point(p, n) || orient(nodes_[p].prev, p, n) == 0) {
      const std::int32_t before = nodes_[p].prev;
      remove_node(p);
      if (nodes_[before].next == before) return -1;
      p = end = before;
      again = true;
    } else {
      p = n;
    }
  } while (again || p != end);
  if (nodes_[end].next == nodes_[end].prev) return -1;  // two points: no area
  return end;
}

// b lies inside the interior wedge at a (edges a.prev->a and a->a.next, interior on the left).
bool Triangulator::locally_inside(std::int32_t a, std::int32_t b) const {
  const std::int32_t pa = nodes_[a].prev, na = nodes_[a].next;
  if (orient(pa, a, na) > 0) return orient(a, na, b) >= 0 && orient(pa, a, b) >= 0;
  return orient(a, na, b) >= 0 || orient(pa, a, b) >= 0;
}

// Eberly's bridge search: the ring vertex visible from the hole's leftmost point, found from
// the nearest edge hit by a ray to the left and then the smallest-angle vertex inside the
// triangle that ray leaves. Returns -1 when the ray hits nothing (the hole is not inside), and
// -2 - p when the hole point lies inside the edge p->p.next.
std::int32_t Triangulator::find_bridge(std::int32_t hole, std::int32_t outer) const {
  const double hx = nodes_[hole].x, hy = nodes_[hole].y;
  double qx = -std::numeric_limits<double>::infinity();
  double up_x = qx;  // nearest crossing by an edge running up: seen from outside the ring
  std::int32_t m = -1, found = -1;
  // Exact at the ends (touching is recognised exactly) and the same for both directions of an
  // edge (the two sides of a bridge agree).
  const auto crossing_x = [hy](const Node& a, const Node& b) {
    if (hy == a.y) return a.x;
    if (hy == b.y) return b.x;
    const Node &lo = a.y < b.y ? a : b, &hi = a.y < b.y ? b : a;
    return lo.x + (hy - lo.y) * (hi.x - lo.x) / (hi.y - lo.y);
  };
  const auto hit_test = [&](std::int32_t p) {
    const std::int32_t n = nodes_[p].next;
    const Node &np = nodes_[p], &nn = nodes_[n];
    if (np.x == hx && np.y == hy) {  // the hole touches the ring at a vertex
      found = p;
      return true;
    }
    if (nn.y == np.y) return false;
    if (hy <= np.y && hy >= nn.y) {
      // An edge running down (the ring is CCW, so its interior side faces the ray).
      const double x = crossing_x(np, nn);
      if (x <= hx && x > qx) {
        qx = x;
        m = np.x < nn.x ? p : n;  // the far end: the triangle below stays left of the hole
        if (x == hx) {
          // The hole touches this edge: at its end, or inside it (the caller splits it).
          found = (nn.x == hx && nn.y == hy) ? n : -2 - p;
          return true;
        }
      }
    } else if (hy >= np.y && hy <= nn.y) {
      const double x = crossing_x(np, nn);
      if (x <= hx && x > up_x) up_x = x;
    }
    return false;
  };
  const bool touched = for_each_edge_near(outer, hy, hy, hit_test);
  if (!touched && up_x > qx) return -1;  // the hole point is outside the ring
  if (!touched && m >= 0) {
    // Any vertex inside the triangle (hole point, ray hit, m) could block the bridge; the one
    // at the smallest angle to the ray cannot. Copies of one point are told apart by the wedge
    // test; complete ties go to the lowest node so the bucketed and plain walks agree.
    const double mx = nodes_[m].x, my = nodes_[m].y;
    const double lo_x = std::min(mx, qx), lo_y = std::min(my, hy), hi_y = std::max(my, hy);
    double ax = hx, ay = hy, bx = qx, by = hy, cx = mx, cy = my;
    if (cross(ax, ay, bx, by, cx, cy) < 0) std::swap(bx, cx), std::swap(by, cy);
    double best_tan = std::numeric_limits<double>::infinity();
    const auto candidate = [&](std::int32_t p) {
      const Node& np = nodes_[p];
      if (np.x >= lo_x && np.x < hx && np.y >= lo_y && np.y <= hi_y &&
          cross(ax, ay, bx, by, np.x, np.y) >= 0 && cross(bx, by, cx, cy, np.x, np.y) >= 0 &&
          cross(cx, cy, ax, ay, np.x, np.y) >= 0 && locally_inside(p, hole)) {
        const double tan = std::abs(hy - np.y) / (hx - np.x);
        if (tan < best_tan || (tan == best_tan && (np.x > nodes_[found].x ||
                                                   (np.x == nodes_[found].x && p < found)))) {
          found = p;
          best_tan = tan;
        }
      }
      return false;
    };
    for_each_edge_near(outer, lo_y, hi_y, candidate);
    if (found < 0) found = m;
  }
  return found;
}

// Calls visit(p) for every merged-ring node p whose edge p->next may reach [lo_y, hi_y] (and
// maybe others), stopping early when visit returns true. Returns whether it stopped.
template <typename Visit>
bool Triangulator::for_each_edge_near(std::int32_t outer, double lo_y, double hi_y,
                                      Visit&& visit) const {
  if (buckets_.empty()) {
    std::int32_t p = outer;
    do {
      if (visit(p)) return true;
      p = nodes_[p].next;
    } while (p != outer);
    return false;
  }
  const std::size_t first = bucket_of(lo_y), last = bucket_of(hi_y);
  for (std::size_t b = first; b <= last; ++b)
    for (std::int32_t e = buckets_[b]; e >= 0; e = bucket_entries_[e].next)
      if (visit(bucket_entries_[e].node)) return true;
  return false;
}

std::size_t Triangulator::bucket_of(double y) const {
  const double f = (y - bucket_min_y_) * bucket_scale_;
  if (!(f > 0)) return 0;
  return std::min(static_cast<std::size_t>(f), buckets_.size() - 1);
}

// Files the edge p->p.next under every bucket its y-range touches.
void Triangulator::index_edge(std::int32_t p) {
  if (buckets_.empty()) return;
  const double y0 = nodes_[p].y, y1 = nodes_[nodes_[p].next].y;
  const std::size_t first = bucket_of(std::min(y0, y1)), last = bucket_of(std::max(y0, y1));
  for (std::size_t b = first; b <= last; ++b) {
    bucket_entries_.push_back({p, buckets_[b]});
    buckets_[b] = static_cast<std::int32_t>(bucket_entries_.size() - 1);
  }
}

bool Triangulator::bridge_hole(std::int32_t hole, std::int32_t outer, std::int32_t hole_begin,
                               std::int32_t hole_end) {
  std::int32_t m = find_bridge(hole, outer);
  if (m == -1) return false;
  const auto first_new = static_cast<std::int32_t>(nodes_.size());
  if (m <= -2) {
    // The hole point lies inside the edge p->next: give the ring a vertex there.
    const std::int32_t p = -2 - m, n = nodes_[p].next;
    m = copy_node(hole);
    nodes_[p].next = m;
    nodes_[m].prev = p;
    nodes_[m].next = n;
    nodes_[n].prev = m;
  }
  if (same_point(m, hole)) {
    // Zero-length bridge: swapping the successors of the two coincident nodes joins the rings
    // at that point without adding a slit.
    const std::int32_t mn = nodes_[m].next, hn = nodes_[hole].next;
    nodes_[m].next = hn;
    nodes_[hn].prev = m;
    nodes_[hole].next = mn;
    nodes_[mn].prev = hole;
  } else {
    split_at(m, hole);
  }
  if (!buckets_.empty()) {
    // The hole's edges, the bridge and the copies are now part of the ring the next holes see.
    for (std::int32_t n = hole_begin; n < hole_end; ++n)
      if (!nodes_[n].removed) index_edge(n);
    index_edge(m);
    for (auto n = first_new; n < static_cast<std::int32_t>(nodes_.size()); ++n) index_edge(n);
  }
  return true;
}

// Connects a and b by a two-way edge, duplicating both: a->b and b'->a'. When a and b are on
// one cycle this splits it in two (returns b's copy, on the second cycle); when they are on two
// cycles this joins them.
std::int32_t Triangulator::split_at(std::int32_t a, std::int32_t b) {
  const std::int32_t a2 = copy_node(a), b2 = copy_node(b);
  const std::int32_t an = nodes_[a].next, bp = nodes_[b].prev;
  nodes_[a].next = b;
  nodes_[b].prev = a;
  nodes_[a2].next = an;
  nodes_[an].prev = a2;
  nodes_[bp].next = b2;
  nodes_[b2].prev = bp;
  nodes_[b2].next = a2;
  nodes_[a2].prev = b2;
  return b2;
}

// Wherever the ring passes one point several times (bridges, holes touching the shell or each
// other, pinched rings), pairs each outgoing edge with the next incoming edge counter-clockwise
// around the point, so the interior wedges there are disjoint. This can split the ring into
// several cycles or join cycles; either way each result is locally simple at that point.
void Triangulator::relink_coincident() {
  // Find the points the ring visits more than once with a hash table (most polygons have none,
  // so this must be cheaper than sorting every vertex).
  std::size_t capacity = 16;
  while (capacity < 2 * live_.size()) capacity <<= 1;
  table_.assign(capacity, -1);
  keyed_.clear();
  for (const std::int32_t n : live_) {
    std::size_t slot = point_hash(nodes_[n].x, nodes_[n].y) & (capacity - 1);
    for (;;) {
      const std::int32_t t = table_[slot];
      if (t < 0) {
        table_[slot] = n;
        break;
      }
      if (same_point(t, n)) {
        keyed_.push_back({nodes_[t].x, nodes_[t].y, t});
        keyed_.push_back({nodes_[n].x, nodes_[n].y, n});
        break;
      }
      slot = (slot + 1) & (capacity - 1);
    }
  }
  if (keyed_.empty()) return;
  std::sort(keyed_.begin(), keyed_.end(), [](const Keyed& a, const Keyed& b) {
    if (a.x != b.x) return a.x < b.x;
    if (a.y != b.y) return a.y < b.y;
    return a.node < b.node;
  });
  keyed_.erase(std::unique(keyed_.begin(), keyed_.end(),
                           [](const Keyed& a, const Keyed& b) { return a.node == b.node; }),
               keyed_.end());

  const auto half = [](const Spoke& s) { return s.dy < 0 || (s.dy == 0 && s.dx < 0); };
  const auto by_angle = [&half](const Spoke& a, const Spoke& b) {
    const bool ha = half(a), hb = half(b);
    if (ha != hb) return hb;
    const double c = a.dx * b.dy - a.dy * b.dx;
    if (c != 0) return c > 0;
    if (a.incoming != b.incoming) return a.incoming;  // a zero-width slit: close it, then open
    return a.owner < b.owner;
  };

  std::vector<Spoke>& spokes = spokes_;
  for (std::size_t i = 0; i < keyed_.size();) {
    std::size_t j = i + 1;
    while (j < keyed_.size() && keyed_[j].x == keyed_[i].x && keyed_[j].y == keyed_[i].y) ++j;
    if (j - i >= 2) {
      spokes.clear();
      bool usable = true;
      for (std::size_t k = i; k < j && usable; ++k) {
        const std::int32_t o = keyed_[k].node;
        const Node &no = nodes_[o], &np = nodes_[no.prev], &nn = nodes_[no.next];
        if (same_point(o, no.prev) || same_point(o, no.next)) usable = false;
        spokes.push_back({np.x - no.x, np.y - no.y, true, o, -1});
        spokes.push_back({nn.x - no.x, nn.y - no.y, false, o, no.next});
      }
      if (usable) {
        std::sort(spokes.begin(), spokes.end(), by_angle);
        const std::size_t count = spokes.size();
        for (std::size_t k = 0; k < count; ++k)
          if (spokes[k].incoming == spokes[(k + 1) % count].incoming) usable = false;
        if (usable) {
          for (std::size_t k = 0; k < count; ++k) {
            if (spokes[k].incoming) continue;
            const Spoke& in = spokes[(k + 1) % count];
            nodes_[in.owner].next = spokes[k].target;
            nodes_[spokes[k].target].prev = in.owner;
          }
        }
      }
    }
    i = j;
  }
}

void Triangulator::index_z_order(std::int32_t start, std::size_t cycle_size) {
  double min_x = nodes_[start].x, min_y = nodes_[start].y, max_x = min_x, max_y = min_y;
  std::int32_t p = start;
  do {
    const Node& n = nodes_[p];
    min_x = std::min(min_x, n.x);
    min_y = std::min(min_y, n.y);
    max_x = std::max(max_x, n.x);
    max_y = std::max(max_y, n.y);
    p = n.next;
  } while (p != start);
  const double size = std::max(max_x - min_x, max_y - min_y);
  z_min_x_ = min_x;
  z_min_y_ = min_y;
  z_inv_size_ = size > 0 ? 32767.0 / size : 0.0;

  zsort_.clear();
  zsort_.reserve(cycle_size);
  p = start;
  do {
    Node& n = nodes_[p];
    n.z = z_key(n.x, n.y);
    zsort_.push_back((static_cast<std::uint64_t>(n.z) << 32) | static_cast<std::uint32_t>(p));
    p = n.next;
  } while (p != start);
  std::sort(zsort_.begin(), zsort_.end());
  std::int32_t before = -1;
  for (const std::uint64_t key : zsort_) {
    const auto id = static_cast<std::int32_t>(key & 0xFFFFFFFFu);
    nodes_[id].prev_z = before;
    nodes_[id].next_z = -1;
    if (before >= 0) nodes_[before].next_z = id;
    before = id;
  }
}

bool Triangulator::is_ear(std::int32_t ear) const {
  const std::int32_t a = nodes_[ear].prev, c = nodes_[ear].next;
  if (orient(a, ear, c) <= 0) return false;  // reflex or flat corner
  const Node &na = nodes_[a], &nb = nodes_[ear], &nc = nodes_[c];
  const double min_x = std::min({na.x, nb.x, nc.x}), max_x = std::max({na.x, nb.x, nc.x});
  const double min_y = std::min({na.y, nb.y, nc.y}), max_y = std::max({na.y, nb.y, nc.y});
  for (std::int32_t p = nc.next; p != a; p = nodes_[p].next) {
    ++steps_;
    const Node& np = nodes_[p];
    if (np.x < min_x || np.x > max_x || np.y < min_y || np.y > max_y) continue;
    if (same_point(p, a) || same_point(p, ear) || same_point(p, c)) continue;
    if (cross(na.x, na.y, nb.x, nb.y, np.x, np.y) >= 0 &&
        cross(nb.x, nb.y, nc.x, nc.y, np.x, np.y) >= 0 &&
        cross(nc.x, nc.y, na.x, na.y, np.x, np.y) >= 0 && orient(np.prev, p, np.next) <= 0)
      return false;
  }
  return true;
}

bool Triangulator::is_ear_hashed(std::int32_t ear) const {
  const std::int32_t a = nodes_[ear].prev, c = nodes_[ear].next;
  if (orient(a, ear, c) <= 0) return false;
  const Node &na = nodes_[a], &nb = nodes_[ear], &nc = nodes_[c];
  const double min_x = std::min({na.x, nb.x, nc.x}), max_x = std::max({na.x, nb.x, nc.x});
  const double min_y = std::min({na.y, nb.y, nc.y}), max_y = std::max({na.y, nb.y, nc.y});
  const std::uint32_t min_z = z_key(min_x, min_y), max_z = z_key(max_x, max_y);
  const auto blocks = [&](std::int32_t p) {
    ++steps_;
    const Node& np = nodes_[p];
    if (np.x < min_x || np.x > max_x || np.y < min_y || np.y > max_y) return false;
    if (same_point(p, a) || same_point(p, ear) || same_point(p, c)) return false;
    return cross(na.x, na.y, nb.x, nb.y, np.x, np.y) >= 0 &&
           cross(nb.x, nb.y, nc.x, nc.y, np.x, np.y) >= 0 &&
           cross(nc.x, nc.y, na.x, na.y, np.x, np.y) >= 0 && orient(np.prev, p, np.next) <= 0;
  };
  // Walk the z-order list both ways from the ear while keys stay inside the triangle's box.
  for (std::int32_t p = nb.prev_z; p >= 0 && nodes_[p].z >= min_z; p = nodes_[p].prev_z)
    if (blocks(p)) return false;
  for (std::int32_t p = nb.next_z; p >= 0 && nodes_[p].z <= max_z; p = nodes_[p].next_z)
    if (blocks(p)) return false;
  return true;
}

void Triangulator::emit(std::int32_t a, std::int32_t b, std::int32_t c) {
  out_->push_back(base_ + nodes_[a].vertex);
  out_->push_back(base_ + nodes_[b].vertex);
  out_->push_back(base_ + nodes_[c].vertex);
  ++result_.triangles;
}

namespace {

bool on_segment(double px, double py, double qx, double qy, double rx, double ry) {
  // q is collinear with p-r; is it within the box of p-r?
  return qx <= std::max(px, rx) && qx >= std::min(px, rx) && qy <= std::max(py, ry) &&
         qy >= std::min(py, ry);
}

}  // namespace

// Segments p1-q1 and p2-q2 share a point (touching counts).
static bool segments_intersect(const double* p1, const double* q1, const double* p2,
                               const double* q2) {
  const int o1 = sign(cross(p1[0], p1[1], q1[0], q1[1], p2[0], p2[1]));
  const int o2 = sign(cross(p1[0], p1[1], q1[0], q1[1], q2[0], q2[1]));
  const int o3 = sign(cross(p2[0], p2[1], q2[0], q2[1], p1[0], p1[1]));
  const int o4 = sign(cross(p2[0], p2[1], q2[0], q2[1], q1[0], q1[1]));
  if (o1 != o2 && o3 != o4) return true;
  if (o1 == 0 && on_segment(p1[0], p1[1], p2[0], p2[1], q1[0], q1[1])) return true;
  if (o2 == 0 && on_segment(p1[0], p1[1], q2[0], q2[1], q1[0], q1[1])) return true;
  if (o3 == 0 && on_segment(p2[0], p2[1], p1[0], p1[1], q2[0], q2[1])) return true;
  if (o4 == 0 && on_segment(p2[0], p2[1], q1[0], q1[1], q2[0], q2[1])) return true;
  return false;
}

// Cuts the triangle off wherever two edges one apart cross (a twist left by reprojection).
std::int32_t Triangulator::cure_local_intersections(std::int32_t start) {
  if (start < 0) return -1;
  std::int32_t p = start;
  do {
    if (guard_tripped()) return -1;
    const std::int32_t a = nodes_[p].prev, pn = nodes_[p].next, b = nodes_[pn].next;
    if (a == pn || b == a) return filter_points(p);  // three points or fewer left
    const double pa[2] = {nodes_[a].x, nodes_[a].y}, pp[2] = {nodes_[p].x, nodes_[p].y};
    const double ppn[2] = {nodes_[pn].x, nodes_[pn].y}, pb[2] = {nodes_[b].x, nodes_[b].y};
    if (!same_point(a, b) && segments_intersect(pa, pp, ppn, pb) && locally_inside(a, b) &&
        locally_inside(b, a)) {
      emit(a, p, b);
      ++result_.forced_ears;
      remove_node(p);
      remove_node(pn);
      p = start = b;
    }
    p = nodes_[p].next;
  } while (p != start);
  return filter_points(p);
}

bool Triangulator::intersects_ring(std::int32_t a, std::int32_t b) const {
  const double pa[2] = {nodes_[a].x, nodes_[a].y}, pb[2] = {nodes_[b].x, nodes_[b].y};
  std::int32_t p = a;
  do {
    const std::int32_t n = nodes_[p].next;
    if (!same_point(p, a) && !same_point(n, a) && !same_point(p, b) && !same_point(n, b)) {
      const double pp[2] = {nodes_[p].x, nodes_[p].y}, pn[2] = {nodes_[n].x, nodes_[n].y};
      if (segments_intersect(pp, pn, pa, pb)) return true;
    }
    p = n;
  } while (p != a);
  return false;
}

// The midpoint of a-b is inside the cycle (even-odd).
bool Triangulator::middle_inside(std::int32_t a, std::int32_t b) const {
  const double px = (nodes_[a].x + nodes_[b].x) / 2, py = (nodes_[a].y + nodes_[b].y) / 2;
  bool inside = false;
  std::int32_t p = a;
  do {
    const Node &np = nodes_[p], &nn = nodes_[np.next];
    if ((np.y > py) != (nn.y > py) && nn.y != np.y &&
        px < (nn.x - np.x) * (py - np.y) / (nn.y - np.y) + np.x)
      inside = !inside;
    p = np.next;
  } while (p != a);
  return inside;
}

bool Triangulator::valid_diagonal(std::int32_t a, std::int32_t b) const {
  if (nodes_[a].next == b || nodes_[a].prev == b) return false;
  if (intersects_ring(a, b)) return false;
  if (same_point(a, b))
    return orient(nodes_[a].prev, a, nodes_[a].next) > 0 &&
           orient(nodes_[b].prev, b, nodes_[b].next) > 0;
  return locally_inside(a, b) && locally_inside(b, a) && middle_inside(a, b) &&
         (orient(nodes_[a].prev, a, nodes_[b].prev) != 0 || orient(a, nodes_[b].prev, b) != 0);
}

// Last clean resort: split the cycle along any valid diagonal and clip both halves afresh.
bool Triangulator::split_cycle(std::int32_t start) {
  std::size_t size = 0;
  std::int32_t p = start;
  do {
    ++size;
    p = nodes_[p].next;
  } while (p != start);
  std::int32_t a = start;
  do {
    for (std::int32_t b = nodes_[nodes_[a].next].next; b != nodes_[a].prev; b = nodes_[b].next) {
      // Each diagonal test walks the whole cycle, so charge the guard for it.
      steps_ += size;
      if (guard_tripped()) return false;
      if (nodes_[a].vertex != nodes_[b].vertex && valid_diagonal(a, b)) {
        std::int32_t c = split_at(a, b);
        work_.push_back({filter_points(a), 0, false});
        work_.push_back({filter_points(c), 0, false});
        return true;
      }
    }
    a = nodes_[a].next;
  } while (a != start);
  return false;
}

// No clean ear, no cure, no split: the cycle is invalid. Cut the smallest convex corner nearby
// until nothing with area is left, counting every such ear.
void Triangulator::force_ears(std::int32_t start) {
  std::int32_t p = filter_points(start);
  while (p >= 0 && nodes_[p].next != nodes_[p].prev) {
    if (guard_tripped()) return;
    std::int32_t best = -1;
    double best_area = std::numeric_limits<double>::infinity();
    std::int32_t q = p;
    int scanned = 0;
    do {
      const double o = orient(nodes_[q].prev, q, nodes_[q].next);
      if (o > 0 && o < best_area) {
        best = q;
        best_area = o;
      }
      q = nodes_[q].next;
    } while (q != p && (++scanned < kForcedEarScan || best < 0));
    if (best < 0) {
      // Nothing convex: what is left runs backwards (a twist in invalid input). Leave it out.
      ++result_.dropped_pieces;
      return;
    }
    emit(nodes_[best].prev, best, nodes_[best].next);
    ++result_.forced_ears;
    const std::int32_t next = nodes_[best].next;
    remove_node(best);
    p = filter_points(next);
  }
}

void Triangulator::clip_cycle(std::int32_t start) {
  work_.clear();
  work_.push_back({start, 0, false});
  while (!work_.empty()) {
    WorkItem item = work_.back();
    work_.pop_back();
    std::int32_t ear = item.start;
    if (ear < 0 || nodes_[ear].removed) continue;
    if (item.pass == 0) {
      std::size_t size = 0;
      std::int32_t p = ear;
      do {
        ++size;
        p = nodes_[p].next;
      } while (p != ear);
      item.hashed = size > kHashThreshold;
      if (item.hashed) {
        index_z_order(ear, size);
      } else {
        p = ear;
        do {
          nodes_[p].prev_z = nodes_[p].next_z = -1;
          p = nodes_[p].next;
        } while (p != ear);
      }
    }
    std::int32_t stop = ear;
    while (nodes_[ear].prev != nodes_[ear].next) {
      if (guard_tripped()) {
        work_.clear();
        return;
      }
      const std::int32_t prev = nodes_[ear].prev, next = nodes_[ear].next;
      if (item.hashed ? is_ear_hashed(ear) : is_ear(ear)) {
        emit(prev, ear, next);
        remove_node(ear);
        // Skipping the next corner gives fewer slivers than clipping fans around one vertex.
        ear = nodes_[next].next;
        stop = ear;
        continue;
      }
      ear = next;
      if (ear == stop) {
        switch (item.pass) {
          case 0:  // drop repeated and flat points, then try again
            work_.push_back({filter_points(ear), 1, item.hashed});
            break;
          case 1:  // cut local twists, then try again
            work_.push_back({cure_local_intersections(filter_points(ear)), 2, item.hashed});
            break;
          case 2:
            if (!split_cycle(ear)) work_.push_back({ear, 3, item.hashed});
            break;
          default:
            force_ears(ear);
            break;
        }
        break;
      }
    }
  }
}

TriangulateResult Triangulator::triangulate(const Polygon& polygon,
                                            std::vector<std::uint32_t>& indices,
                                            std::uint32_t base) {
  result_ = {};
  out_ = &indices;
  base_ = base;
  nodes_.clear();
  if (polygon.outer.size() < 3) return result_;

  std::size_t total = polygon.outer.size();
  for (const Ring& h : polygon.holes) total += h.size();
  nodes_.reserve(total + 4 * polygon.holes.size() + 16);
  steps_ = 0;
  // Real layers need under 50 node visits per vertex (ear tests); garbage is stopped early.
  step_limit_ = 1'000'000 + 300 * total;

  // Work relative to a corner of the shell so projected metres keep their precision.
  Bounds box;
  for (const Vec2& v : polygon.outer) box.expand(v);
  if (box.empty()) return result_;
  origin_ = {box.min_x, box.min_y};

  const double outer_area = signed_area(polygon.outer);
  // Only repeated points go before bridging: a flat shell vertex may be where a hole touches.
  std::int32_t outer = add_ring(polygon.outer, 0, outer_area < 0);
  if (!at_least_three(outer)) return result_;

  buckets_.clear();
  if (!polygon.holes.empty()) {
    struct HoleStart {
      std::int32_t node, begin, end;  // leftmost node and the hole's node range
      double x, y;
    };
    std::vector<HoleStart> starts;
    auto first_vertex = static_cast<std::uint32_t>(polygon.outer.size());
    const auto outer_end = static_cast<std::int32_t>(nodes_.size());
    for (const Ring& ring : polygon.holes) {
      const auto begin = static_cast<std::int32_t>(nodes_.size());
      std::int32_t h = add_ring(ring, first_vertex, signed_area(ring) > 0);
      first_vertex += static_cast<std::uint32_t>(ring.size());
      if (!at_least_three(h)) continue;
      std::int32_t left = h, p = h;
      do {
        const Node &np = nodes_[p], &nl = nodes_[left];
        if (np.x < nl.x || (np.x == nl.x && np.y < nl.y)) left = p;
        p = np.next;
      } while (p != h);
      starts.push_back(
          {left, begin, static_cast<std::int32_t>(nodes_.size()), nodes_[left].x, nodes_[left].y});
    }
    std::sort(starts.begin(), starts.end(), [](const HoleStart& a, const HoleStart& b) {
      return a.x != b.x ? a.x < b.x : (a.y != b.y ? a.y < b.y : a.node < b.node);
    });
    // Each bridge search walks the whole merged ring; with many holes on a long ring, index
    // the ring's edges by horizontal band instead.
    if (starts.size() * total > kBucketWork) {
      const std::size_t bands = std::clamp<std::size_t>(total / 8, 16, 1 << 14);
      buckets_.assign(bands, -1);
      bucket_entries_.clear();
      bucket_min_y_ = box.min_y - origin_.y;
      const double height = box.max_y - box.min_y;
      bucket_scale_ = height > 0 ? static_cast<double>(bands) / height : 0.0;
      for (std::int32_t n = 0; n < outer_end; ++n)
        if (!nodes_[n].removed) index_edge(n);
    }
    for (const HoleStart& s : starts)
      if (!bridge_hole(s.node, outer, s.begin, s.end)) result_.failed = true;  // hole outside
  }

  live_.clear();
  {
    std::int32_t p = outer;
    do {
      live_.push_back(p);
      p = nodes_[p].next;
    } while (p != outer);
  }
  relink_coincident();

  // The ring may now be several cycles; clip each one that encloses area.
  seen_.assign(nodes_.size(), 0);
  cycles_.clear();
  for (const std::int32_t n : live_) {
    if (seen_[n]) continue;
    std::int32_t p = n;
    do {
      seen_[p] = 1;
      p = nodes_[p].next;
    } while (p != n);
    cycles_.push_back(n);
  }
  const double area_floor = 1e-9 * std::abs(outer_area);
  for (const std::int32_t c : cycles_) {
    std::int32_t start = filter_points(c);
    if (start < 0) continue;
    double twice_area = 0;
    std::int32_t p = start;
    do {
      const Node &np = nodes_[p], &nn = nodes_[np.next];
      twice_area += np.x * nn.y - nn.x * np.y;
      p = np.next;
    } while (p != start);
    if (twice_area < 0) {
      // A piece running backwards (invalid input) encloses nothing: leave it out, and count it
      // unless it is round-off on a flat piece.
      if (-twice_area / 2 > area_floor) ++result_.dropped_pieces;
      continue;
    }
    clip_cycle(start);
  }
  if (result_.triangles == 0 && std::abs(outer_area) > 0) result_.failed = true;
  return result_;
}

std::vector<std::uint32_t> triangulate(const Polygon& polygon, TriangulateResult* result) {
  std::vector<std::uint32_t> indices;
  Triangulator triangulator;
  const TriangulateResult r = triangulator.triangulate(polygon, indices);
  if (result) *result = r;
  return indices;
}

double triangles_area(const Polygon& polygon, const std::vector<std::uint32_t>& indices,
                      std::uint32_t base) {
  std::vector<Vec2> flat;
  flat.reserve(polygon.outer.size());
  flat.insert(flat.end(), polygon.outer.begin(), polygon.outer.end());
  for (const Ring& h : polygon.holes) flat.insert(flat.end(), h.begin(), h.end());
  if (flat.empty()) return 0.0;
  const Vec2 o = flat[0];
  double sum = 0;
  for (std::size_t t = 0; t + 2 < indices.size(); t += 3) {
    const Vec2 a = flat[indices[t] - base], b = flat[indices[t + 1] - base],
               c = flat[indices[t + 2] - base];
    sum += std::abs(cross(a.x - o.x, a.y - o.y, b.x - o.x, b.y - o.y, c.x - o.x, c.y - o.y));
  }
  return sum / 2;
}

}  // namespace devomap
