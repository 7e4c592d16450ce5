#pragma once
// The interactive map: where it sits in the window, the Camera (pan by dragging, zoom with the
// wheel about the cursor, fit), hover and click hit-testing, and drawing with the same
// SceneRenderer::draw and Camera semantics that headless export uses. The scene is rendered into
// a multisampled framebuffer of exactly the map's size and copied into the window, so the
// renderer sees the same kind of target as `devomap render`.
#include <cstdint>
#include <memory>
#include <optional>

#include "core/camera.hpp"
#include "core/geometry.hpp"
#include "core/legend.hpp"

namespace devomap::render {
class SceneRenderer;
class OffscreenTarget;
}  // namespace devomap::render

namespace devomap::session {
class MapDocument;
}  // namespace devomap::session

namespace devomap::ui {

using session::MapDocument;

// The map's rectangle in window units (ImGui coordinates), plus the two scale factors.
struct MapViewport {
  float x = 0, y = 0, width = 1, height = 1;
  float fb_scale = 1.0f;     // framebuffer px per window unit
  float pixel_ratio = 1.0f;  // device px per logical px (the camera works in logical px)
};

// An RGBA8 multisampled colour buffer plus a single-sample resolve target, resized on demand.
class MapFramebuffer {
 public:
  MapFramebuffer() = default;
  ~MapFramebuffer();
  MapFramebuffer(const MapFramebuffer&) = delete;
  MapFramebuffer& operator=(const MapFramebuffer&) = delete;

  void bind(int width, int height);  // (re)allocates when the size changed; sets the viewport
  void resolve();                    // multisampled -> single-sample copy (kept for reuse)
  // Copies the resolved picture into the default framebuffer at (x, y) from its bottom-left.
  void present(int x, int y);

 private:
  // The same target the exports draw into (with its fall-back to fewer samples).
  std::unique_ptr<render::OffscreenTarget> target_;
};

struct MapInput {
  bool mouse_in_window = false;
  float mouse_x = 0, mouse_y = 0;  // window units
  bool captured_by_ui = false;     // ImGui WantCaptureMouse
  bool pressed = false, released = false, down = false;
  float wheel = 0.0f;      // notches, + zooms in
  bool fit_key = false;    // F
  bool clear_key = false;  // Escape
  bool zoom_in_key = false, zoom_out_key = false;
};

class MapView {
 public:
  // Call every frame before input: follows window resizes keeping the centre and scale.
  void set_viewport(const MapViewport& viewport);
  const MapViewport& viewport() const { return viewport_; }
  const Camera& camera() const { return camera_; }
  void invalidate() { drawn_.reset(); }  // e.g. after meshes were uploaded or forgotten

  // Fits the bounds in the view. With a legend (drawn bottom-left by the renderer), the map is
  // fitted beside or above it, whichever leaves it larger, so the legend never hides an area.
  void fit(const Bounds& bounds, const std::optional<Legend>& legend = std::nullopt);
  // Updates camera, hover and selection from this frame's input. Returns true when the picture
  // changed (so the caller keeps drawing).
  bool handle_input(const MapInput& input, MapDocument& document);
  // Map coordinates under the mouse, when it is over the map.
  std::optional<Vec2> cursor_map() const { return cursor_map_; }
  bool dragging() const { return dragging_; }

  // Renders the document's scene into the map rectangle of the default framebuffer, whose
  // height is `window_fb_height` device px. Re-rasterises only when the scene, camera or size
  // changed since the last call.
  void draw(render::SceneRenderer& renderer, const MapDocument& document, int window_fb_height);

  // The map rectangle in device pixels.
  int device_width() const;
  int device_height() const;

 private:
  Vec2 to_logical(float window_x, float window_y) const;
  bool inside(float window_x, float window_y) const;

  MapViewport viewport_;
  Camera camera_;
  MapFramebuffer framebuffer_;
  bool press_in_map_ = false;
  bool dragging_ = false;
  float press_x_ = 0, press_y_ = 0, last_x_ = 0, last_y_ = 0;
  std::optional<Vec2> cursor_map_;
  Vec2 last_hit_test_{-1e300, -1e300};

  // What the framebuffer holds, so frames where only the panels change reuse the map picture
  // instead of rasterising it again (llvmpipe spends most of a frame there).
  struct Drawn {
    std::uint64_t revision = 0;
    Camera camera;
    int width = 0, height = 0;
    float pixel_ratio = 0;
  };
  std::optional<Drawn> drawn_;
};

}  // namespace devomap::ui
