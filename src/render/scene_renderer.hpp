#pragma once
// Draws a core::Scene with OpenGL 3.3 core into whatever framebuffer is bound: the window's map
// area or a headless EGL framebuffer. The same code path serves both, so exports match the
// screen. Needs a current GL context whose functions glad has loaded.
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "core/camera.hpp"
#include "core/mesh.hpp"
#include "core/page_layout.hpp"
#include "core/scene.hpp"

namespace devomap::render {

struct DrawTarget {
  int width_px = 0;  // viewport size in device pixels
  int height_px = 0;
  float pixel_ratio = 1.0f;  // device pixels per logical pixel (HiDPI; DPI scaling of exports)
  int x_px = 0;              // lower-left corner of the viewport in the bound framebuffer
  int y_px = 0;              // (GL convention: y counts up from the framebuffer's bottom)
};

// A rectangle of framebuffer pixels, GL's way: (x, y) is the lower-left corner, y counts up.
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
};

// The part of an exported page that the bound framebuffer holds, in page pixels (y down):
// the whole page, or one tile of a page larger than the GPU can render at once.
struct PageTile {
  int x = 0, y = 0;
  int width = 0, height = 0;
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
  // The same geometry under a new Layer object (a table joined onto it gives new attributes,
  // not new shapes): the GPU buffers move over without re-uploading.
  void rekey(const Layer* from, const Layer* to);

  // Draws the map, then its overlays, in the viewport of `target`: draw_map then draw_overlays.
  // `camera` must have width/height in logical pixels. Layers with no uploaded mesh are skipped.
  // Leaves blending enabled and the scissor test disabled; binds no framebuffer.
  void draw(const Scene& scene, const Camera& camera, const DrawTarget& target);
  // The map itself: background, fills and outlines. Areas whose fill equals the legend's
  // no-data colour are hatched like its no-data swatch. The expensive part of a frame, so the
  // window keeps it as a picture (render/map_picture.hpp).
  void draw_map(const Scene& scene, const Camera& camera, const DrawTarget& target);
  // What goes over the map and changes often: the hovered area lightened and outlined, the
  // selected area outlined, then the legend (if any), layout_legend(legend, width_px, height_px,
  // pixel_ratio, default_fonts()) (core/layout.hpp); a missing font throws UserError.
  // With `clip`, only the pixels inside it are drawn (the rest keep what they hold).
  // `labels` (core/labels.hpp, placed in device px of this target) go between the highlights
  // and the legend.
  void draw_overlays(const Scene& scene, const Camera& camera, const DrawTarget& target,
                     const PixelRect* clip = nullptr,
                     const std::vector<MapLabel>* labels = nullptr);

  // Draws the `tile` of an export page (core/page_layout.hpp) into the bound framebuffer, whose
  // size must be the tile's: page background, the map clipped to its frame, the frame border,
  // legend, title, subtitle, source, scale bar and north arrow, the London inset's map and the
  // area labels. No hover or selection. Tiles
  // of one page join without seams (the no-data hatching keeps its phase across tiles).
  void draw_page(const Scene& scene, const PageLayout& page, const PageTile& tile);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace devomap::render
