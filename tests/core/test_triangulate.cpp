#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "core/geometry.hpp"
#include "core/triangulate.hpp"

using namespace devomap;

namespace {

Ring ring(std::initializer_list<Vec2> points) {
  return Ring(points);
}

Ring translated(Ring r, double dx, double dy) {
  for (Vec2& v : r) v = {v.x + dx, v.y + dy};
  return r;
}

Polygon translated(Polygon p, double dx, double dy) {
  p.outer = translated(p.outer, dx, dy);
  for (Ring& h : p.holes) h = translated(h, dx, dy);
  return p;
}

std::vector<Vec2> flatten(const Polygon& p) {
  std::vector<Vec2> flat(p.outer.begin(), p.outer.end());
  for (const Ring& h : p.holes) flat.insert(flat.end(), h.begin(), h.end());
  return flat;
}

double cross(Vec2 a, Vec2 b, Vec2 c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

// Triangulates and checks what must hold for any valid polygon: indices in range, triangles
// counter-clockwise, total area equal to the polygon's, nothing forced or failed.
std::vector<std::uint32_t> check_valid(const Polygon& polygon, double rel_tol = 1e-9) {
  TriangulateResult r;
  const std::vector<std::uint32_t> idx = triangulate(polygon, &r);
  const std::vector<Vec2> flat = flatten(polygon);
  REQUIRE(idx.size() % 3 == 0);
  CHECK(r.triangles == idx.size() / 3);
  for (const std::uint32_t i : idx) REQUIRE(i < flat.size());
  for (std::size_t t = 0; t < idx.size(); t += 3)
    CHECK(cross(flat[idx[t]], flat[idx[t + 1]], flat[idx[t + 2]]) >= 0);
  const double expected = area(polygon);
  CHECK(triangles_area(polygon, idx) == Approx(expected).epsilon(rel_tol));
  CHECK(r.forced_ears == 0);
  CHECK(r.dropped_pieces == 0);
  CHECK_FALSE(r.failed);
  return idx;
}

bool in_triangle(Vec2 a, Vec2 b, Vec2 c, Vec2 p) {
  const double d1 = cross(a, b, p), d2 = cross(b, c, p), d3 = cross(c, a, p);
  const bool has_neg = d1 < 0 || d2 < 0 || d3<0, has_pos = d1> 0 || d2 > 0 || d3 > 0;
  return !(has_neg && has_pos);
}

// Independent check: random points are inside the polygon (core::contains) exactly when they
// are inside one triangle, and never inside two (no overlaps).
void check_by_sampling(const Polygon& polygon, const std::vector<std::uint32_t>& idx,
                       int samples = 4000) {
  const std::vector<Vec2> flat = flatten(polygon);
  Bounds b;
  for (const Vec2& v : polygon.outer) b.expand(v);
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> ux(b.min_x, b.max_x), uy(b.min_y, b.max_y);
  int mismatches = 0, overlaps = 0, inside_points = 0;
  for (int s = 0; s < samples; ++s) {
    const Vec2 p{ux(rng), uy(rng)};
    int covering = 0;
    for (std::size_t t = 0; t < idx.size(); t += 3)
      if (in_triangle(flat[idx[t]], flat[idx[t + 1]], flat[idx[t + 2]], p)) ++covering;
    const bool inside = contains(polygon, p);
    inside_points += inside;
    if (inside != (covering > 0)) ++mismatches;
    if (covering > 1) ++overlaps;
  }
  CHECK(inside_points > 0);
  CHECK(mismatches == 0);
  CHECK(overlaps == 0);
}

Polygon square_with_square_hole() {
  Polygon p;
  p.outer = ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}});
  p.holes.push_back(ring({{3, 3}, {3, 7}, {7, 7}, {7, 3}}));
  return p;
}

// A comb: a spine of height 1 along the bottom with `teeth` teeth of width 1 and height 9.
Polygon comb(int teeth) {
  Polygon p;
  p.outer.push_back({0, 0});
  p.outer.push_back({2.0 * teeth - 1, 0});
  for (int t = teeth - 1; t >= 0; --t) {
    p.outer.push_back({2.0 * t + 1, 10});
    p.outer.push_back({2.0 * t, 10});
    if (t > 0) {
      p.outer.push_back({2.0 * t, 1});
      p.outer.push_back({2.0 * t - 1, 1});
    }
  }
  return p;
}

// A thick spiral band: out along one arm, back along a slightly larger one.
Polygon spiral(int steps) {
  Polygon p;
  std::vector<Vec2> inner, outer;
  for (int i = 0; i < steps; ++i) {
    const double a = 0.1 * i, r = 1 + 0.5 * a;
    inner.push_back({r * std::cos(a), r * std::sin(a)});
    outer.push_back({(r + 0.6) * std::cos(a), (r + 0.6) * std::sin(a)});
  }
  // Going out along the outer arm and back along the inner one is counter-clockwise.
  p.outer.assign(outer.begin(), outer.end());
  p.outer.insert(p.outer.end(), inner.rbegin(), inner.rend());
  MultiPolygon m{p};
  normalise_orientation(m);
  return m[0];
}

Polygon circle(Vec2 c, double r, int n, bool clockwise) {
  Polygon p;
  for (int i = 0; i < n; ++i) {
    const double a = (clockwise ? -1 : 1) * 2 * std::numbers::pi * i / n;
    p.outer.push_back({c.x + r * std::cos(a), c.y + r * std::sin(a)});
  }
  return p;
}

}  // namespace

TEST_CASE("square with a square hole has area 84", "[triangulate]") {
  const Polygon p = square_with_square_hole();
  REQUIRE(area(p) == Approx(84));
  const auto idx = check_valid(p);
  CHECK(idx.size() == 8 * 3);
  check_by_sampling(p, idx);
}

TEST_CASE("triangulation keeps precision at projected magnitudes", "[triangulate]") {
  const Polygon p = translated(square_with_square_hole(), 654321.5, 1234567.25);
  const auto idx = check_valid(p, 1e-12);
  CHECK(triangles_area(p, idx) == Approx(84).epsilon(1e-12));
}

TEST_CASE("each polygon of a multipolygon triangulates on its own", "[triangulate]") {
  MultiPolygon m;
  m.push_back(square_with_square_hole());
  Polygon island;
  island.outer = ring({{20, 0}, {25, 0}, {22, 4}});
  m.push_back(island);
  m.push_back(translated(square_with_square_hole(), 0, 30));
  double total = 0;
  for (const Polygon& p : m) total += triangles_area(p, check_valid(p));
  CHECK(total == Approx(area(m)));
  CHECK(area(m) == Approx(84 + 10 + 84));
}

TEST_CASE("a hole touching the shell at a vertex", "[triangulate]") {
  SECTION("at the hole's leftmost point") {
    Polygon p;
    p.outer = ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}});
    p.holes.push_back(ring({{0, 0}, {4, 6}, {6, 4}}));
    REQUIRE(area(p) == Approx(90));
    check_by_sampling(p, check_valid(p));
  }
  SECTION("at a shell corner away from the hole's leftmost point") {
    Polygon p;
    p.outer = ring({{0, 0}, {10, 0}, {12, 5}, {10, 10}, {0, 10}});
    p.holes.push_back(ring({{4, 4}, {4, 6}, {12, 5}}));  // clockwise, touches at (12,5)
    REQUIRE(area(p) == Approx(110 - 8));
    check_by_sampling(p, check_valid(p));
  }
  SECTION("inside a straight shell edge") {
    Polygon p;
    p.outer = ring({{0, 0}, {10, 0}, {10, 5}, {10, 10}, {0, 10}});
    p.holes.push_back(ring({{4, 4}, {4, 6}, {10, 5}}));
    REQUIRE(area(p) == Approx(100 - 6));
    check_by_sampling(p, check_valid(p));
  }
  SECTION("the hole's leftmost point on a shell edge without a vertex there") {
    Polygon p;
    p.outer = ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}});
    p.holes.push_back(ring({{0, 5}, {5, 8}, {5, 2}}));
    REQUIRE(area(p) == Approx(100 - 15));
    check_by_sampling(p, check_valid(p));
  }
}

TEST_CASE("two holes touching each other at a vertex", "[triangulate]") {
  Polygon p;
  p.outer = ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}});
  p.holes.push_back(ring({{2, 2}, {5, 5}, {5, 2}}));
  p.holes.push_back(ring({{5, 5}, {8, 8}, {8, 5}}));
  REQUIRE(area(p) == Approx(91));
  check_by_sampling(p, check_valid(p));
}

TEST_CASE("a chain of touching holes cutting the polygon in two", "[triangulate]") {
  // Shell corners at (0,5) and (10,5); two diamond holes touch the shell there and each other
  // at (5,5), so the interior falls apart into an upper and a lower half.
  Polygon p;
  p.outer = ring({{0, 0}, {10, 0}, {10, 5}, {10, 10}, {0, 10}, {0, 5}});
  p.holes.push_back(ring({{0, 5}, {2.5, 7}, {5, 5}, {2.5, 3}}));
  p.holes.push_back(ring({{5, 5}, {7.5, 7}, {10, 5}, {7.5, 3}}));
  REQUIRE(area(p) == Approx(100 - 20));
  check_by_sampling(p, check_valid(p));
}

TEST_CASE("many holes touching the shell and each other", "[triangulate]") {
  // A row of diamonds along y = 5 touching each other, the first touching the shell.
  Polygon p;
  p.outer = ring({{0, 0}, {40, 0}, {40, 10}, {0, 10}, {0, 5}});
  for (int i = 0; i < 7; ++i) {
    const double x = 5.0 * i;
    p.holes.push_back(ring({{x, 5}, {x + 2.5, 7}, {x + 5, 5}, {x + 2.5, 3}}));
  }
  REQUIRE(area(p) == Approx(400 - 7 * 10));
  check_by_sampling(p, check_valid(p));
}

TEST_CASE("many touching holes in a long ring (banded bridge search)", "[triangulate]") {
  // 80 diamonds along y = 5 touching each other, the first touching the shell at (0,5); the
  // shell has 800 points, so holes x vertices is over the threshold for the edge index.
  Polygon p;
  for (int i = 0; i <= 400; ++i) p.outer.push_back({double(i), 0});
  for (int i = 400; i >= 0; --i) p.outer.push_back({double(i), 10});
  p.outer.push_back({0, 5});
  for (int i = 0; i < 80; ++i) {
    const double x = 5.0 * i;
    p.holes.push_back(ring({{x, 5}, {x + 2.5, 7}, {x + 5, 5}, {x + 2.5, 3}}));
  }
  REQUIRE(area(p) == Approx(4000 - 80 * 10));
  check_by_sampling(p, check_valid(p), 1000);
}

TEST_CASE("comb and spiral concave polygons", "[triangulate]") {
  SECTION("comb, small (plain ear test)") {
    const Polygon p = comb(10);
    REQUIRE(area(p) == Approx(19 + 10 * 9));
    check_by_sampling(p, check_valid(p));
  }
  SECTION("comb, large (z-order ear test)") {
    const Polygon p = comb(200);
    REQUIRE(p.outer.size() > 80);
    check_by_sampling(p, check_valid(p), 2000);
  }
  SECTION("spiral") {
    const Polygon p = spiral(300);
    REQUIRE(area(p) > 0);
    check_by_sampling(p, check_valid(p), 2000);
  }
}

TEST_CASE("a large ring with many holes", "[triangulate]") {
  // A wobbly disc of 5000 points with 36 round holes inside it.
  Polygon p;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> wobble(95, 100);
  for (int i = 0; i < 5000; ++i) {
    const double a = 2 * std::numbers::pi * i / 5000;
    const double r = wobble(rng);
    p.outer.push_back({r * std::cos(a), r * std::sin(a)});
  }
  for (int gx = -3; gx < 3; ++gx)
    for (int gy = -3; gy < 3; ++gy)
      p.holes.push_back(circle({gx * 20.0 + 10, gy * 20.0 + 10}, 6, 40, true).outer);
  check_by_sampling(p, check_valid(p, 1e-10), 1500);
}

TEST_CASE("a ring pinched at one point splits into two pieces", "[triangulate]") {
  Polygon p;
  p.outer = ring({{0, 0}, {1, 1}, {2, 0}, {2, 2}, {1, 1}, {0, 2}});
  REQUIRE(area(p) == Approx(2));
  check_by_sampling(p, check_valid(p));
}

TEST_CASE("self-intersecting bow-tie neither crashes nor passes silently", "[triangulate]") {
  SECTION("symmetric") {
    Polygon p;
    p.outer = ring({{0, 0}, {2, 2}, {2, 0}, {0, 2}});
    TriangulateResult r;
    const auto idx = triangulate(p, &r);
    CHECK(idx.size() % 3 == 0);
    CHECK((r.forced_ears > 0 || r.dropped_pieces > 0 || r.failed));
  }
  SECTION("lopsided") {
    Polygon p;
    p.outer = ring({{0, 0}, {4, 3}, {4, 0}, {0, 1}});
    TriangulateResult r;
    const auto idx = triangulate(p, &r);
    CHECK(idx.size() % 3 == 0);
    CHECK((r.forced_ears > 0 || r.dropped_pieces > 0 || r.failed));
  }
}

TEST_CASE("degenerate input gives no triangles and no failure", "[triangulate]") {
  TriangulateResult r;
  SECTION("empty") {
    CHECK(triangulate(Polygon{}, &r).empty());
  }
  SECTION("two points") {
    Polygon p;
    p.outer = ring({{0, 0}, {1, 1}});
    CHECK(triangulate(p, &r).empty());
  }
  SECTION("all collinear") {
    Polygon p;
    p.outer = ring({{0, 0}, {1, 1}, {2, 2}, {3, 3}, {1.5, 1.5}});
    CHECK(triangulate(p, &r).empty());
  }
  SECTION("one point repeated") {
    Polygon p;
    p.outer = ring({{5, 5}, {5, 5}, {5, 5}, {5, 5}});
    CHECK(triangulate(p, &r).empty());
  }
  SECTION("not finite") {
    Polygon p;
    p.outer = ring({{0, 0}, {NAN, 1}, {1, INFINITY}});
    CHECK(triangulate(p, &r).empty());
  }
  CHECK(r.triangles == 0);
  CHECK_FALSE(r.failed);
}

TEST_CASE("duplicates, collinear points, closing vertex and slivers", "[triangulate]") {
  SECTION("repeated consecutive points and a repeated closing vertex") {
    Polygon p;
    p.outer = ring({{0, 0}, {0, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 10}, {0, 0}});
    p.holes.push_back(ring({{3, 3}, {3, 3}, {3, 7}, {7, 7}, {7, 3}, {3, 3}}));
    check_by_sampling(p, check_valid(p));
  }
  SECTION("collinear points along the edges") {
    Polygon p;
    for (int i = 0; i < 10; ++i) p.outer.push_back({double(i), 0});
    for (int i = 0; i < 10; ++i) p.outer.push_back({10, double(i)});
    for (int i = 10; i > 0; --i) p.outer.push_back({double(i), 10});
    for (int i = 10; i > 0; --i) p.outer.push_back({0, double(i)});
    REQUIRE(area(p) == Approx(100));
    check_by_sampling(p, check_valid(p));
  }
  SECTION("a thin sliver") {
    Polygon p;
    p.outer = ring({{0, 0}, {1000, 0.001}, {0, 0.002}});
    check_valid(p, 1e-9);
  }
  SECTION("a spike going out and back") {
    Polygon p;
    p.outer = ring({{0, 0}, {10, 0}, {10, 5}, {15, 5}, {10, 5}, {10, 10}, {0, 10}});
    TriangulateResult r;
    const auto idx = triangulate(p, &r);
    CHECK(triangles_area(p, idx) == Approx(100));
    CHECK_FALSE(r.failed);
  }
}

TEST_CASE("wrong orientation is tolerated", "[triangulate]") {
  Polygon p = square_with_square_hole();
  std::reverse(p.outer.begin(), p.outer.end());
  std::reverse(p.holes[0].begin(), p.holes[0].end());
  const auto idx = check_valid(p);
  CHECK(triangles_area(p, idx) == Approx(84));
}

TEST_CASE("a hole outside the shell is reported as failed", "[triangulate]") {
  Polygon p;
  p.outer = ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}});
  SECTION("left of the shell: the ray finds nothing") {
    p.holes.push_back(ring({{-20, 3}, {-20, 7}, {-16, 7}, {-16, 3}}));
  }
  SECTION("right of the shell: the ray crosses the shell from outside") {
    p.holes.push_back(ring({{20, 3}, {20, 7}, {24, 7}, {24, 3}}));
  }
  TriangulateResult r;
  const auto idx = triangulate(p, &r);
  CHECK(r.failed);
  CHECK(triangles_area(p, idx) == Approx(100));  // the shell is still filled, nothing else
}

TEST_CASE("random garbage never crashes or hangs", "[triangulate]") {
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> u(0, 100);
  std::uniform_int_distribution<int> count(0, 60);
  for (int trial = 0; trial < 300; ++trial) {
    Polygon p;
    const int n = count(rng);
    for (int i = 0; i < n; ++i)
      p.outer.push_back({std::round(u(rng) / 10), std::round(u(rng) / 10)});
    if (trial % 3 == 0) {
      p.holes.emplace_back();
      for (int i = 0; i < n / 2; ++i) p.holes.back().push_back({u(rng), u(rng)});
    }
    TriangulateResult r;
    const auto idx = triangulate(p, &r);
    const std::size_t vertices = flatten(p).size();
    REQUIRE(idx.size() % 3 == 0);
    for (const std::uint32_t i : idx) REQUIRE(i < vertices);
  }
}

TEST_CASE("a large garbage polygon with holes terminates", "[triangulate]") {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(0, 1000);
  Polygon p;
  for (int i = 0; i < 2000; ++i) p.outer.push_back({u(rng), u(rng)});
  for (int h = 0; h < 40; ++h) {
    p.holes.emplace_back();
    for (int i = 0; i < 20; ++i) p.holes.back().push_back({u(rng), u(rng)});
  }
  TriangulateResult r;
  const auto idx = triangulate(p, &r);
  CHECK(idx.size() % 3 == 0);
  CHECK((r.triangles > 0 || r.failed));  // nothing at all is reported
  for (const std::uint32_t i : idx) REQUIRE(i < 2000 + 40 * 20);
}

TEST_CASE("Triangulator appends with a base offset and can be reused", "[triangulate]") {
  Triangulator t;
  std::vector<std::uint32_t> idx = {7, 7, 7};
  const TriangulateResult r1 = t.triangulate(square_with_square_hole(), idx, 100);
  CHECK(r1.triangles == 8);
  REQUIRE(idx.size() == 3 + 24);
  for (std::size_t k = 3; k < idx.size(); ++k) {
    CHECK(idx[k] >= 100);
    CHECK(idx[k] < 108);
  }
  const TriangulateResult r2 = t.triangulate(comb(5), idx, 0);
  CHECK(r2.triangles > 0);
  CHECK(idx.size() == 27 + 3 * r2.triangles);
}
