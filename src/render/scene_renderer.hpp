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
  int width_px = 0;  // viewport size in device pixels
  int height_px = 0;
  float pixel_ratio = 1.0f;  // device pixels per logical pixel (HiDPI; DPI scaling of exports)
  int x_px = 0;              // lower-left corner of the viewport in the bound framebuffer
  int y_px = 0;              // (GL convention: y counts up from the framebuffer's bottom)
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
  // the viewport of `target`. `camera` must have width/height in logical pixels. Layers with no
  // uploaded mesh are skipped. The legend is layout_legend(legend, width_px, height_px,
  // pixel_ratio, default_fonts()) (core/layout.hpp); a missing font throws UserError.
  // Areas whose fill equals the legend's no-data colour are hatched like its no-data swatch.
  // Leaves blending enabled and the scissor test disabled; binds no framebuffer.
  void draw(const Scene& scene, const Camera& camera, const DrawTarget& target);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace devomap::render
