#include "core/mesh.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <thread>

#include "core/triangulate.hpp"

namespace devomap {

namespace {

// An edge gets an outline quad when it has a direction. Both the counting pass and the writer
// use this one test so the preallocated slots match exactly.
bool drawable_edge(Vec2 a, Vec2 b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  return length2 > 0 && std::isfinite(length2);
}

std::size_t drawable_edges(const Ring& ring) {
  std::size_t edges = 0;
  const std::size_t n = ring.size();
  if (n < 2) return 0;
  for (std::size_t i = 0; i < n; ++i) edges += drawable_edge(ring[i], ring[(i + 1) % n]);
  return edges;
}

// Sum of |triangle area| in double (edge differences keep precision at projected magnitudes).
double sum_triangle_area(const std::vector<Vec2>& flat, const std::uint32_t* indices,
                         std::size_t count, std::uint32_t base) {
  double twice = 0.0;
  for (std::size_t t = 0; t + 2 < count; t += 3) {
    const Vec2 a = flat[indices[t] - base], b = flat[indices[t + 1] - base],
               c = flat[indices[t + 2] - base];
    twice += std::abs((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
  }
  return twice / 2.0;
}

// Where each area's vertices go in the merged arrays (prefix sums over areas).
struct Layout {
  std::vector<std::size_t> fill_vertex;  // first fill vertex of area i; [count] = total
  std::vector<std::size_t> line_vertex;  // first outline vertex of area i; [count] = total
};

Layout plan_layout(const Layer& layer) {
  const std::size_t count = layer.shapes.size();
  Layout layout;
  layout.fill_vertex.resize(count + 1);
  layout.line_vertex.resize(count + 1);
  std::size_t fill = 0, line = 0;
  for (std::size_t i = 0; i < count; ++i) {
    layout.fill_vertex[i] = fill;
    layout.line_vertex[i] = line;
    for (const Polygon& p : layer.shapes[i]) {
      fill += p.outer.size();
      line += 4 * drawable_edges(p.outer);
      for (const Ring& h : p.holes) {
        fill += h.size();
        line += 4 * drawable_edges(h);
      }
    }
  }
  layout.fill_vertex[count] = fill;
  layout.line_vertex[count] = line;
  return layout;
}

// One worker's state: its triangulator, and the triangles of the areas it built (indices are
// already global, so merging is a copy in area order).
struct Worker {
  Triangulator triangulator;
  std::vector<Vec2> flat;
  std::vector<std::uint32_t> indices;
  struct Span {
    std::size_t area, begin, end;
  };
  std::vector<Span> spans;
  TriangulationStats stats;
};

class MeshWriter {
 public:
  MeshWriter(const Layer& layer, const Layout& layout, LayerMesh& mesh)
      : layer_(layer), layout_(layout), mesh_(mesh) {}

  void build_area(std::size_t area_number, Worker& w) const {
    std::size_t fill_vertex = layout_.fill_vertex[area_number];
    std::size_t line_vertex = layout_.line_vertex[area_number];
    const auto area_index = static_cast<std::uint32_t>(area_number);
    const std::size_t begin = w.indices.size();
    for (const Polygon& polygon : layer_.shapes[area_number]) {
      w.flat.clear();
      w.flat.insert(w.flat.end(), polygon.outer.begin(), polygon.outer.end());
      for (const Ring& hole : polygon.holes) w.flat.insert(w.flat.end(), hole.begin(), hole.end());
      if (w.flat.empty()) continue;

      const auto base = static_cast<std::uint32_t>(fill_vertex);
      float* xy = mesh_.fill_xy.data() + 2 * fill_vertex;
      for (const Vec2& v : w.flat) {
        *xy++ = static_cast<float>(v.x - mesh_.origin.x);
        *xy++ = static_cast<float>(v.y - mesh_.origin.y);
      }
      std::fill_n(mesh_.fill_area.data() + fill_vertex, w.flat.size(), area_index);
      fill_vertex += w.flat.size();

      const std::size_t first_index = w.indices.size();
      const TriangulateResult r = w.triangulator.triangulate(polygon, w.indices, base);
      TriangulationStats& s = w.stats;
      ++s.polygons;
      s.triangles += r.triangles;
      s.forced_ears += r.forced_ears;
      s.dropped_pieces += r.dropped_pieces;
      if (r.failed) ++s.failed_polygons;
      const double expected = area(polygon);
      if (expected > 0) {
        const double got = sum_triangle_area(w.flat, w.indices.data() + first_index,
                                             w.indices.size() - first_index, base);
        s.area_error_max = std::max(s.area_error_max, std::abs(got - expected) / expected);
      }

      line_vertex = add_outline(polygon.outer, area_index, line_vertex);
      for (const Ring& hole : polygon.holes)
        line_vertex = add_outline(hole, area_index, line_vertex);
    }
    w.spans.push_back({area_number, begin, w.indices.size()});
  }

 private:
  // Writes the quads of one ring from outline vertex `v` on; returns the next free vertex.
  std::size_t add_outline(const Ring& ring, std::uint32_t area_index, std::size_t v) const {
    const std::size_t n = ring.size();
    if (n < 2) return v;
    for (std::size_t i = 0; i < n; ++i) {
      const Vec2 a = ring[i], b = ring[(i + 1) % n];
      if (!drawable_edge(a, b)) continue;
      const double dx = b.x - a.x, dy = b.y - a.y;
      const double length = std::sqrt(dx * dx + dy * dy);
      // Left normal of the edge; side +1 stores it, side -1 its negation.
      const auto nx = static_cast<float>(-dy / length), ny = static_cast<float>(dx / length);
      const auto ax = static_cast<float>(a.x - mesh_.origin.x);
      const auto ay = static_cast<float>(a.y - mesh_.origin.y);
      const auto bx = static_cast<float>(b.x - mesh_.origin.x);
      const auto by = static_cast<float>(b.y - mesh_.origin.y);
      // Vertices a+, a-, b+, b-; triangles (0,1,2) and (2,1,3).
      const float xy[8] = {ax, ay, ax, ay, bx, by, bx, by};
      const float normal[8] = {nx, ny, -nx, -ny, nx, ny, -nx, -ny};
      std::memcpy(mesh_.line_xy.data() + 2 * v, xy, sizeof xy);
      std::memcpy(mesh_.line_normal.data() + 2 * v, normal, sizeof normal);
      std::fill_n(mesh_.line_area.data() + v, 4, area_index);
      const auto first = static_cast<std::uint32_t>(v);
      const std::uint32_t quad[6] = {first, first + 1, first + 2, first + 2, first + 1, first + 3};
      std::memcpy(mesh_.line_indices.data() + 6 * (v / 4), quad, sizeof quad);
      v += 4;
    }
    return v;
  }

  const Layer& layer_;
  const Layout& layout_;
  LayerMesh& mesh_;
};

}  // namespace

LayerMesh build_layer_mesh(const Layer& layer, unsigned threads, BuildProgress progress) {
  const auto cancelled = [&progress] {
    return progress.cancel && progress.cancel->load(std::memory_order_relaxed);
  };
  const std::size_t count = layer.shapes.size();

  // Vertex counts are known up front, so workers write vertices straight into their final
  // places; only the triangle count of each area is found by triangulating.
  const Layout layout = plan_layout(layer);
  LayerMesh mesh;
  mesh.origin = layer.bounds.empty() ? Vec2{0, 0} : layer.bounds.centre();
  const std::size_t fill_vertices = layout.fill_vertex[count];
  const std::size_t line_vertices = layout.line_vertex[count];
  mesh.fill_xy.resize(2 * fill_vertices);
  mesh.fill_area.resize(fill_vertices);
  mesh.line_xy.resize(2 * line_vertices);
  mesh.line_normal.resize(2 * line_vertices);
  mesh.line_area.resize(line_vertices);
  mesh.line_indices.resize(6 * (line_vertices / 4));

  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));
  std::vector<Worker> workers(threads);
  const MeshWriter writer(layer, layout, mesh);
  std::atomic<std::size_t> next_area{0}, done{0};
  const auto work = [&](Worker& w) {
    for (;;) {
      if (cancelled()) return;
      // One area at a time: sizes vary by 1000x (a Highland district against a city ward).
      const std::size_t i = next_area.fetch_add(1, std::memory_order_relaxed);
      if (i >= count) return;
      writer.build_area(i, w);
      const std::size_t finished = done.fetch_add(1, std::memory_order_relaxed) + 1;
      if (progress.fraction)
        progress.fraction->store(0.95f * static_cast<float>(finished) / static_cast<float>(count),
                                 std::memory_order_relaxed);
    }
  };
  if (threads <= 1) {
    work(workers[0]);
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, std::ref(workers[t]));
  }
  if (cancelled()) return LayerMesh{};

  // Triangles in area order, whichever worker built them; stats are sums and a max, so they
  // do not depend on the split either.
  struct Source {
    const Worker* worker = nullptr;
    std::size_t begin = 0, end = 0;
  };
  std::vector<Source> sources(count);
  std::size_t total_indices = 0;
  TriangulationStats& s = mesh.stats;
  for (const Worker& w : workers) {
    for (const Worker::Span& span : w.spans) {
      sources[span.area] = {&w, span.begin, span.end};
      total_indices += span.end - span.begin;
    }
    s.polygons += w.stats.polygons;
    s.triangles += w.stats.triangles;
    s.forced_ears += w.stats.forced_ears;
    s.dropped_pieces += w.stats.dropped_pieces;
    s.failed_polygons += w.stats.failed_polygons;
    s.area_error_max = std::max(s.area_error_max, w.stats.area_error_max);
  }
  mesh.fill_indices.reserve(total_indices);
  for (const Source& src : sources)
    if (src.worker)
      mesh.fill_indices.insert(mesh.fill_indices.end(), src.worker->indices.begin() + src.begin,
                               src.worker->indices.begin() + src.end);
  if (progress.fraction) progress.fraction->store(1.0f, std::memory_order_relaxed);
  return mesh;
}

}  // namespace devomap
