#include "core/mesh.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "core/triangulate.hpp"

namespace devomap {

namespace {

// One area's geometry with indices local to the area; merged in area order afterwards so the
// result does not depend on which thread built what.
struct AreaMesh {
  std::vector<float> fill_xy;
  std::vector<std::uint32_t> fill_indices;
  std::vector<float> line_xy;
  std::vector<float> line_normal;
  std::vector<std::uint32_t> line_indices;
  TriangulationStats stats;
};

// Sum of |triangle area| in double (edge differences keep precision at projected magnitudes).
double sum_triangle_area(const std::vector<Vec2>& flat, const std::vector<std::uint32_t>& indices,
                         std::size_t first_index, std::uint32_t base) {
  double twice = 0.0;
  for (std::size_t t = first_index; t + 2 < indices.size(); t += 3) {
    const Vec2 a = flat[indices[t] - base], b = flat[indices[t + 1] - base],
               c = flat[indices[t + 2] - base];
    twice += std::abs((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
  }
  return twice / 2.0;
}

void add_outline(const Ring& ring, Vec2 origin, AreaMesh& out) {
  const std::size_t n = ring.size();
  if (n < 2) return;
  for (std::size_t i = 0; i < n; ++i) {
    const Vec2 a = ring[i], b = ring[(i + 1) % n];
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double length = std::hypot(dx, dy);
    if (!(length > 0) || !std::isfinite(length)) continue;  // no direction, no quad
    // Left normal of the edge; side +1 stores it, side -1 stores its negation.
    const auto nx = static_cast<float>(-dy / length), ny = static_cast<float>(dx / length);
    const auto first = static_cast<std::uint32_t>(out.line_xy.size() / 2);
    for (const Vec2 end : {a, b}) {
      const auto x = static_cast<float>(end.x - origin.x), y = static_cast<float>(end.y - origin.y);
      for (const float side : {1.0f, -1.0f}) {
        out.line_xy.push_back(x);
        out.line_xy.push_back(y);
        out.line_normal.push_back(side * nx);
        out.line_normal.push_back(side * ny);
      }
    }
    // Vertices: 0 = a+, 1 = a-, 2 = b+, 3 = b-.
    for (const std::uint32_t k : {0u, 1u, 2u, 2u, 1u, 3u}) out.line_indices.push_back(first + k);
  }
}

void build_area(const MultiPolygon& shape, Vec2 origin, Triangulator& triangulator,
                std::vector<Vec2>& flat, AreaMesh& out) {
  for (const Polygon& polygon : shape) {
    flat.clear();
    flat.insert(flat.end(), polygon.outer.begin(), polygon.outer.end());
    for (const Ring& hole : polygon.holes) flat.insert(flat.end(), hole.begin(), hole.end());
    if (flat.empty()) continue;

    const auto base = static_cast<std::uint32_t>(out.fill_xy.size() / 2);
    for (const Vec2& v : flat) {
      out.fill_xy.push_back(static_cast<float>(v.x - origin.x));
      out.fill_xy.push_back(static_cast<float>(v.y - origin.y));
    }
    const std::size_t first_index = out.fill_indices.size();
    const TriangulateResult r = triangulator.triangulate(polygon, out.fill_indices, base);

    TriangulationStats& s = out.stats;
    ++s.polygons;
    s.triangles += r.triangles;
    s.forced_ears += r.forced_ears;
    s.dropped_pieces += r.dropped_pieces;
    if (r.failed) ++s.failed_polygons;
    const double expected = area(polygon);
    if (expected > 0) {
      const double got = sum_triangle_area(flat, out.fill_indices, first_index, base);
      s.area_error_max = std::max(s.area_error_max, std::abs(got - expected) / expected);
    }

    add_outline(polygon.outer, origin, out);
    for (const Ring& hole : polygon.holes) add_outline(hole, origin, out);
  }
}

}  // namespace

LayerMesh build_layer_mesh(const Layer& layer, unsigned threads, BuildProgress progress) {
  LayerMesh mesh;
  mesh.origin = layer.bounds.empty() ? Vec2{0, 0} : layer.bounds.centre();
  const std::size_t count = layer.shapes.size();
  const auto cancelled = [&progress] {
    return progress.cancel && progress.cancel->load(std::memory_order_relaxed);
  };

  std::vector<AreaMesh> parts(count);
  std::atomic<std::size_t> next_area{0}, done{0};
  const auto work = [&] {
    Triangulator triangulator;
    std::vector<Vec2> flat;
    for (;;) {
      if (cancelled()) return;
      const std::size_t i = next_area.fetch_add(1, std::memory_order_relaxed);
      if (i >= count) return;
      build_area(layer.shapes[i], mesh.origin, triangulator, flat, parts[i]);
      const std::size_t finished = done.fetch_add(1, std::memory_order_relaxed) + 1;
      if (progress.fraction)
        progress.fraction->store(0.95f * static_cast<float>(finished) / static_cast<float>(count),
                                 std::memory_order_relaxed);
    }
  };

  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
  }
  if (cancelled()) return LayerMesh{};

  // Merge in area order with running offsets.
  std::size_t fill_vertices = 0, fill_indices = 0, line_vertices = 0, line_indices = 0;
  for (const AreaMesh& p : parts) {
    fill_vertices += p.fill_xy.size() / 2;
    fill_indices += p.fill_indices.size();
    line_vertices += p.line_xy.size() / 2;
    line_indices += p.line_indices.size();
  }
  mesh.fill_xy.reserve(2 * fill_vertices);
  mesh.fill_area.reserve(fill_vertices);
  mesh.fill_indices.reserve(fill_indices);
  mesh.line_xy.reserve(2 * line_vertices);
  mesh.line_normal.reserve(2 * line_vertices);
  mesh.line_area.reserve(line_vertices);
  mesh.line_indices.reserve(line_indices);
  TriangulationStats& s = mesh.stats;
  for (std::size_t i = 0; i < count; ++i) {
    AreaMesh& p = parts[i];
    const auto area_index = static_cast<std::uint32_t>(i);
    const auto fill_base = static_cast<std::uint32_t>(mesh.fill_xy.size() / 2);
    const auto line_base = static_cast<std::uint32_t>(mesh.line_xy.size() / 2);
    mesh.fill_xy.insert(mesh.fill_xy.end(), p.fill_xy.begin(), p.fill_xy.end());
    mesh.fill_area.insert(mesh.fill_area.end(), p.fill_xy.size() / 2, area_index);
    for (const std::uint32_t k : p.fill_indices) mesh.fill_indices.push_back(fill_base + k);
    mesh.line_xy.insert(mesh.line_xy.end(), p.line_xy.begin(), p.line_xy.end());
    mesh.line_normal.insert(mesh.line_normal.end(), p.line_normal.begin(), p.line_normal.end());
    mesh.line_area.insert(mesh.line_area.end(), p.line_xy.size() / 2, area_index);
    for (const std::uint32_t k : p.line_indices) mesh.line_indices.push_back(line_base + k);

    s.polygons += p.stats.polygons;
    s.triangles += p.stats.triangles;
    s.forced_ears += p.stats.forced_ears;
    s.dropped_pieces += p.stats.dropped_pieces;
    s.failed_polygons += p.stats.failed_polygons;
    s.area_error_max = std::max(s.area_error_max, p.stats.area_error_max);
    p = AreaMesh{};  // release as we go to keep the peak lower
  }
  if (progress.fraction) progress.fraction->store(1.0f, std::memory_order_relaxed);
  return mesh;
}

}  // namespace devomap
