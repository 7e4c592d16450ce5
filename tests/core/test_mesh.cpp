#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "core/mesh.hpp"

using namespace devomap;

namespace {

Polygon square(double x, double y, double size) {
  Polygon p;
  p.outer = {{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}};
  return p;
}

Polygon square_with_hole(double x, double y) {
  Polygon p = square(x, y, 10);
  p.holes.push_back({{x + 3, y + 3}, {x + 3, y + 7}, {x + 7, y + 7}, {x + 7, y + 3}});
  return p;
}

// A layer in British National Grid magnitudes: a grid of areas, some with holes, some
// multipart, one wobbly ring big enough for the z-order path.
Layer test_layer(std::size_t areas) {
  Layer layer;
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> wobble(0.8, 1.0);
  for (std::size_t i = 0; i < areas; ++i) {
    const double x = 400000 + 20.0 * static_cast<double>(i % 10);
    const double y = 200000 + 20.0 * static_cast<double>(i / 10);
    MultiPolygon shape;
    switch (i % 4) {
      case 0:
        shape.push_back(square_with_hole(x, y));
        break;
      case 1:
        shape.push_back(square(x, y, 4));
        shape.push_back(square(x + 6, y + 6, 4));
        break;
      case 2: {
        Polygon p;
        for (int k = 0; k < 300; ++k) {
          const double a = 2 * 3.14159265358979 * k / 300, r = 9 * wobble(rng);
          p.outer.push_back({x + 10 + r * std::cos(a), y + 10 + r * std::sin(a)});
        }
        shape.push_back(p);
        break;
      }
      default:
        shape.push_back(square(x, y, 7));
        break;
    }
    normalise_orientation(shape);
    layer.shape_bounds.push_back(bounds_of(shape));
    layer.bounds.expand(layer.shape_bounds.back());
    layer.shapes.push_back(std::move(shape));
  }
  return layer;
}

std::size_t edge_count(const Layer& layer) {
  std::size_t edges = 0;
  for (const MultiPolygon& shape : layer.shapes)
    for (const Polygon& p : shape) {
      edges += p.outer.size();
      for (const Ring& h : p.holes) edges += h.size();
    }
  return edges;
}

}  // namespace

TEST_CASE("build_layer_mesh: fill vertices, area indices and triangles agree", "[mesh]") {
  const Layer layer = test_layer(40);
  const LayerMesh mesh = build_layer_mesh(layer, 1);

  CHECK(mesh.origin.x == Approx(layer.bounds.centre().x));
  CHECK(mesh.origin.y == Approx(layer.bounds.centre().y));
  REQUIRE(mesh.fill_xy.size() == 2 * mesh.fill_area.size());
  CHECK(mesh.fill_area.size() == edge_count(layer));  // one fill vertex per ring vertex
  REQUIRE(mesh.fill_indices.size() % 3 == 0);

  // Every triangle lies in one area; per-area triangle area matches the shape's area.
  std::vector<double> area_sum(layer.size(), 0.0);
  for (std::size_t t = 0; t < mesh.fill_indices.size(); t += 3) {
    const std::uint32_t a = mesh.fill_indices[t], b = mesh.fill_indices[t + 1],
                        c = mesh.fill_indices[t + 2];
    REQUIRE(a < mesh.fill_area.size());
    REQUIRE(b < mesh.fill_area.size());
    REQUIRE(c < mesh.fill_area.size());
    REQUIRE(mesh.fill_area[a] == mesh.fill_area[b]);
    REQUIRE(mesh.fill_area[a] == mesh.fill_area[c]);
    const double ax = mesh.fill_xy[2 * a], ay = mesh.fill_xy[2 * a + 1];
    const double bx = mesh.fill_xy[2 * b], by = mesh.fill_xy[2 * b + 1];
    const double cx = mesh.fill_xy[2 * c], cy = mesh.fill_xy[2 * c + 1];
    area_sum[mesh.fill_area[a]] += std::abs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) / 2;
  }
  for (std::size_t i = 0; i < layer.size(); ++i) {
    INFO("area " << i);
    // Float coordinates relative to the centre keep sub-millimetre precision here.
    CHECK(area_sum[i] == Approx(area(layer.shapes[i])).epsilon(1e-4));
  }
  // The first vertex of area 0 sits where the map coordinate minus origin says.
  CHECK(mesh.fill_xy[0] == Approx(layer.shapes[0][0].outer[0].x - mesh.origin.x));
  CHECK(mesh.fill_xy[1] == Approx(layer.shapes[0][0].outer[0].y - mesh.origin.y));
  // Area indices are non-decreasing: areas are laid out in order.
  CHECK(std::is_sorted(mesh.fill_area.begin(), mesh.fill_area.end()));

  CHECK(mesh.stats.polygons == 50);  // 40 areas, 10 of them two-part
  CHECK(mesh.stats.triangles == mesh.fill_indices.size() / 3);
  CHECK(mesh.stats.forced_ears == 0);
  CHECK(mesh.stats.dropped_pieces == 0);
  CHECK(mesh.stats.failed_polygons == 0);
  CHECK(mesh.stats.area_error_max < 1e-9);
}

TEST_CASE("build_layer_mesh: outline quads", "[mesh]") {
  const Layer layer = test_layer(12);
  const LayerMesh mesh = build_layer_mesh(layer, 1);
  const std::size_t edges = edge_count(layer);
  const std::size_t vertices = mesh.line_xy.size() / 2;
  CHECK(vertices == 4 * edges);
  CHECK(mesh.line_normal.size() == mesh.line_xy.size());
  CHECK(mesh.line_area.size() == vertices);
  CHECK(mesh.line_indices.size() == 6 * edges);
  for (const std::uint32_t i : mesh.line_indices) REQUIRE(i < vertices);

  for (std::size_t q = 0; q < edges; ++q) {
    const std::size_t v = 4 * q;
    // Two vertices at each end, in the same place, with opposite unit normals.
    CHECK(mesh.line_xy[2 * v] == mesh.line_xy[2 * (v + 1)]);
    CHECK(mesh.line_xy[2 * (v + 2)] == mesh.line_xy[2 * (v + 3)]);
    const float nx = mesh.line_normal[2 * v], ny = mesh.line_normal[2 * v + 1];
    CHECK(std::hypot(nx, ny) == Approx(1.0).epsilon(1e-6));
    CHECK(mesh.line_normal[2 * (v + 1)] == -nx);
    CHECK(mesh.line_normal[2 * (v + 1) + 1] == -ny);
    CHECK(mesh.line_normal[2 * (v + 2)] == nx);
    CHECK(mesh.line_normal[2 * (v + 3) + 1] == -ny);
    // The normal is perpendicular to the edge.
    const float ex = mesh.line_xy[2 * (v + 2)] - mesh.line_xy[2 * v];
    const float ey = mesh.line_xy[2 * (v + 2) + 1] - mesh.line_xy[2 * v + 1];
    CHECK(std::abs(ex * nx + ey * ny) < 1e-3f * std::hypot(ex, ey));
    CHECK(mesh.line_area[v] == mesh.line_area[v + 3]);
  }
  // The first edge of area 0 runs along +x, so side +1 (the left normal) points along +y,
  // into the (counter-clockwise) area.
  CHECK(mesh.line_normal[0] == Approx(0).margin(1e-7));
  CHECK(mesh.line_normal[1] == Approx(1));
}

TEST_CASE("build_layer_mesh: zero-length edges get no quad", "[mesh]") {
  Layer layer;
  Polygon p = square(0, 0, 1);
  p.outer.insert(p.outer.begin() + 1, p.outer[0]);  // repeated point
  layer.shapes.push_back({p});
  layer.shape_bounds.push_back(bounds_of(layer.shapes[0]));
  layer.bounds = layer.shape_bounds[0];
  const LayerMesh mesh = build_layer_mesh(layer, 1);
  CHECK(mesh.line_xy.size() / 2 == 4 * 4);
  CHECK(mesh.stats.triangles == 2);
  CHECK(mesh.stats.area_error_max < 1e-12);
}

TEST_CASE("build_layer_mesh: same output for any thread count", "[mesh]") {
  const Layer layer = test_layer(97);
  const LayerMesh one = build_layer_mesh(layer, 1);
  for (const unsigned threads : {2u, 3u, 8u, 0u}) {
    INFO("threads " << threads);
    const LayerMesh many = build_layer_mesh(layer, threads);
    CHECK(many.fill_xy == one.fill_xy);
    CHECK(many.fill_area == one.fill_area);
    CHECK(many.fill_indices == one.fill_indices);
    CHECK(many.line_xy == one.line_xy);
    CHECK(many.line_normal == one.line_normal);
    CHECK(many.line_area == one.line_area);
    CHECK(many.line_indices == one.line_indices);
    CHECK(many.stats.triangles == one.stats.triangles);
    CHECK(many.stats.polygons == one.stats.polygons);
    CHECK(many.stats.area_error_max == one.stats.area_error_max);
  }
}

TEST_CASE("build_layer_mesh: progress and cancel", "[mesh]") {
  const Layer layer = test_layer(30);
  std::atomic<float> fraction{0.0f};
  std::atomic<bool> cancel{false};
  const LayerMesh done = build_layer_mesh(layer, 2, {&fraction, &cancel});
  CHECK(fraction.load() == 1.0f);
  CHECK_FALSE(done.fill_indices.empty());

  fraction = 0.0f;
  cancel = true;
  const LayerMesh cancelled = build_layer_mesh(layer, 2, {&fraction, &cancel});
  CHECK(cancelled.fill_xy.empty());
  CHECK(cancelled.fill_indices.empty());
  CHECK(cancelled.line_xy.empty());
  CHECK(fraction.load() < 1.0f);
}

TEST_CASE("build_layer_mesh: empty layer and bad polygons", "[mesh]") {
  const LayerMesh empty = build_layer_mesh(Layer{}, 0);
  CHECK(empty.fill_xy.empty());
  CHECK(empty.stats.polygons == 0);

  Layer layer;
  Polygon bowtie;
  bowtie.outer = {{0, 0}, {2, 2}, {2, 0}, {0, 2}};
  Polygon outside_hole = square(10, 0, 5);
  outside_hole.holes.push_back({{30, 1}, {30, 2}, {31, 2}, {31, 1}});
  layer.shapes = {{bowtie}, {outside_hole}, {Polygon{}}};
  for (const MultiPolygon& s : layer.shapes) {
    layer.shape_bounds.push_back(bounds_of(s));
    layer.bounds.expand(layer.shape_bounds.back());
  }
  const LayerMesh mesh = build_layer_mesh(layer, 2);
  CHECK(mesh.stats.polygons == 2);  // the empty polygon has no vertices
  // The outside hole fails; the bow-tie is counted one way or the other.
  CHECK(mesh.stats.failed_polygons >= 1);
  CHECK(mesh.stats.forced_ears + mesh.stats.dropped_pieces + mesh.stats.failed_polygons >= 2);
  CHECK(mesh.stats.area_error_max > 0.01);  // the outside hole was not cut out
}
