#pragma once
// GPU-ready geometry of a layer, built on the CPU (off the UI thread) and uploaded by the
// renderer. Coordinates are floats relative to `origin` so projected metres keep precision.
// Every vertex carries its area index so per-area colours live in a small lookup (recolouring
// never touches geometry).
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/layer.hpp"

namespace devomap {

struct TriangulationStats {
  std::size_t polygons = 0;
  std::size_t triangles = 0;
  std::size_t forced_ears = 0;      // ears cut without a clean test (degenerate input)
  std::size_t dropped_pieces = 0;   // backwards-running twists of invalid rings left out
  std::size_t failed_polygons = 0;  // polygons that could not be triangulated at all
  double area_error_max = 0.0;      // max |triangles area - polygon area| / polygon area
};

struct LayerMesh {
  Vec2 origin;  // subtract from map coordinates before converting to float

  // Fill: triangles. fill_xy has 2 floats per vertex, fill_area one area index per vertex.
  std::vector<float> fill_xy;
  std::vector<std::uint32_t> fill_area;
  std::vector<std::uint32_t> fill_indices;

  // Outlines as triangles of constant pixel width: each ring edge becomes a quad of 4 vertices
  // (two at each end) that the vertex shader pushes apart along `line_normal` (unit, map axes)
  // by half the line width in pixels. The side is in the sign of the normal: side +1 stores the
  // edge's left normal, side -1 its negation, so the shader just adds normal * half_width.
  // Per edge a->b the vertices are a+, a-, b+, b- and the indices (0,1,2) (2,1,3); edges of zero
  // length get no quad.
  std::vector<float> line_xy;
  std::vector<float> line_normal;
  std::vector<std::uint32_t> line_area;
  std::vector<std::uint32_t> line_indices;

  TriangulationStats stats;
};

// Progress in [0,1] and a cancel flag for long builds; both may be null.
struct BuildProgress {
  std::atomic<float>* fraction = nullptr;
  const std::atomic<bool>* cancel = nullptr;
};

// Triangulates every area (holes respected) and builds outline quads. Uses `threads` worker
// threads (0 = hardware concurrency); the result is the same for any thread count. Never throws
// on bad polygons: they are counted in stats. A cancelled build returns an empty mesh.
LayerMesh build_layer_mesh(const Layer& layer, unsigned threads = 0, BuildProgress progress = {});

}  // namespace devomap
