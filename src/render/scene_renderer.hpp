#pragma once
// Draws a core::Scene with OpenGL 3.3 core into whatever framebuffer is bound: the window's map
// area or a headless EGL framebuffer. The same code path serves both, so exports match the
// screen. Needs a current GL context whose functions glad has loaded.
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "core/camera.hpp"
#include "core/mesh.hpp"
#include "core/scene.hpp"

namespace devomap::render {

struct DrawTarget {
  int width_px = 0;         // framebuffer size in device pixels
  int height_px = 0;
  float pixel_ratio = 1.0f; // device pixels per logical pixel (HiDPI; DPI scaling of exports)
};

class SceneRenderer {
 public:
  SceneRenderer();  // compiles shaders; throws std::runtime_error if GL fails
  ~SceneRenderer();
  SceneRenderer(const SceneRenderer&) = delete;
  SceneRenderer& operator=(const SceneRenderer&) = delete;

  // Uploads a layer's mesh (built off-thread with build_layer_mesh). Keyed by the Layer
  // pointer; uploading again replaces it.
  void upload(const Layer* layer, const LayerMesh& mesh);
  void forget(const Layer* layer);

  // Draws background, fills, outlines, hover/selection highlight, then the legend (if any) in
  // the viewport of `target`. `camera` must have width/height in logical pixels.
  void draw(const Scene& scene, const Camera& camera, const DrawTarget& target);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace devomap::render
