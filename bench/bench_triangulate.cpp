// Triangulation benchmark on a real layer: loads it with gdal::load_layer (display CRS British
// National Grid), times the bare triangulator on one thread and build_layer_mesh (fill + outline
// quads) on 1 and 2 threads, checks every polygon's triangle area against its polygon area
// (separately for polygons GEOS calls valid after reprojection), and prints a Markdown row.
//
//   bench_triangulate <layer path> [runs]      (runs: timed repetitions, default 5)
#include <geos_c.h>
#include <sys/resource.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/mesh.hpp"
#include "core/triangulate.hpp"
#include "gdal/layer_source.hpp"

using namespace devomap;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Timing {
  double median = 0, min = 0;
  double cpu_median = 0;  // CPU time of the calling thread: steadier on a busy machine
};

template <typename F>
Timing time_runs(int runs, F&& f) {
  std::vector<double> wall, cpu;
  for (int r = 0; r < runs; ++r) {
    const auto start = Clock::now();
    const double cpu_start = thread_cpu_ms();
    f();
    cpu.push_back(thread_cpu_ms() - cpu_start);
    wall.push_back(ms_since(start));
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], wall.front(), cpu[cpu.size() / 2]};
}

// GEOS validity of one polygon as devomap holds it (rings open).
class GeosValidity {
 public:
  GeosValidity() : ctx_(GEOS_init_r()) {}
  ~GeosValidity() { GEOS_finish_r(ctx_); }
  GeosValidity(const GeosValidity&) = delete;
  GeosValidity& operator=(const GeosValidity&) = delete;

  bool valid(const Polygon& p) {
    GEOSGeometry* shell = ring(p.outer);
    if (!shell) return false;
    std::vector<GEOSGeometry*> holes;
    for (const Ring& h : p.holes)
      if (GEOSGeometry* g = ring(h)) holes.push_back(g);
    GEOSGeometry* poly =
        GEOSGeom_createPolygon_r(ctx_, shell, holes.data(), static_cast<unsigned>(holes.size()));
    if (!poly) return false;
    const bool ok = GEOSisValid_r(ctx_, poly) == 1;
    GEOSGeom_destroy_r(ctx_, poly);
    return ok;
  }

 private:
  GEOSGeometry* ring(const Ring& r) {
    if (r.size() < 3) return nullptr;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx_, static_cast<unsigned>(r.size() + 1), 2);
    for (unsigned i = 0; i <= r.size(); ++i) {
      const Vec2 v = r[i % r.size()];
      GEOSCoordSeq_setXY_r(ctx_, seq, i, v.x, v.y);
    }
    return GEOSGeom_createLinearRing_r(ctx_, seq);
  }
  GEOSContextHandle_t ctx_;
};

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <layer path> [runs]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;

  Layer layer;
  double load_ms = 0;
  try {
    const auto start = Clock::now();
    layer = gdal::load_layer(path);
    load_ms = ms_since(start);
  } catch (const UserError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }

  std::vector<const Polygon*> polygons;
  std::size_t vertices = 0, holes = 0, largest_ring = 0;
  for (const MultiPolygon& shape : layer.shapes)
    for (const Polygon& p : shape) {
      polygons.push_back(&p);
      vertices += p.outer.size();
      largest_ring = std::max(largest_ring, p.outer.size());
      for (const Ring& h : p.holes) {
        vertices += h.size();
        largest_ring = std::max(largest_ring, h.size());
      }
      holes += p.holes.size();
    }

  // Bare triangulator, one thread: comparable with the ear-clipping floor in perf-floors.md.
  Triangulator triangulator;
  std::vector<std::uint32_t> indices;
  const Timing bare = time_runs(runs, [&] {
    for (const Polygon* p : polygons) {
      indices.clear();
      triangulator.triangulate(*p, indices);
    }
  });

  LayerMesh mesh;
  const Timing mesh1 = time_runs(runs, [&] { mesh = build_layer_mesh(layer, 1); });
  const Timing mesh2 = time_runs(runs, [&] { mesh = build_layer_mesh(layer, 2); });

  // Accuracy per polygon, split by GEOS validity in the display CRS.
  GeosValidity geos;
  std::size_t invalid = 0, valid_over_1e6 = 0;
  double err_valid = 0, err_invalid = 0;
  for (const Polygon* p : polygons) {
    indices.clear();
    triangulator.triangulate(*p, indices);
    const double expected = area(*p);
    if (!(expected > 0)) continue;
    const double err = std::abs(triangles_area(*p, indices) - expected) / expected;
    if (geos.valid(*p)) {
      err_valid = std::max(err_valid, err);
      if (err > 1e-6) ++valid_over_1e6;
    } else {
      ++invalid;
      err_invalid = std::max(err_invalid, err);
    }
  }

  const TriangulationStats& s = mesh.stats;
  std::printf(
      "| layer | areas | polygons (holes) | vertices | largest ring | load ms | triangulate ms "
      "1 thr [CPU] | mesh ms 1 thr [CPU] / 2 thr | triangles | forced ears | dropped pieces | "
      "failed polygons | max area err (valid / GEOS-invalid) | valid > 1e-6 | peak RSS MB |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  std::printf(
      "| %s | %zu | %zu (%zu) | %zu | %zu | %.0f | %.1f (%.1f) [%.1f] | %.1f (%.1f) [%.1f] / %.1f "
      "(%.1f) | %zu | %zu | %zu | %zu | %.1e / %.1e (%zu invalid) | %zu | %.0f |\n",
      path.substr(path.find_last_of('/') + 1).c_str(), layer.size(), polygons.size(), holes,
      vertices, largest_ring, load_ms, bare.median, bare.min, bare.cpu_median, mesh1.median,
      mesh1.min, mesh1.cpu_median, mesh2.median, mesh2.min, s.triangles, s.forced_ears,
      s.dropped_pieces, s.failed_polygons, err_valid, err_invalid, invalid, valid_over_1e6,
      peak_rss_mb());
  std::printf(
      "(wall ms: median (min) of %d runs; [CPU ms of the calling thread]; mesh = fill triangles "
      "+ outline quads, merged)\n",
      runs);
  return 0;
}
