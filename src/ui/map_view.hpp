#pragma once
// The interactive map: where it sits in the window, the Camera (pan by dragging, zoom with the
// wheel about the cursor, fit), hover and click hit-testing, and drawing with the same
// SceneRenderer and Camera semantics that headless export uses. The map is kept as a picture
// (render::MapPicture): while the camera moves the picture moves with it, and the map is drawn
// again at full quality once the camera has been still for a moment.
#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <utility>
#include <vector>

#include "core/camera.hpp"
#include "core/geometry.hpp"
#include "core/labels.hpp"
#include "core/legend.hpp"
#include "render/map_picture.hpp"
#include "ui/card_placement.hpp"

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

struct MapInput {
  bool mouse_in_window = false;
  float mouse_x = 0, mouse_y = 0;  // window units
  bool captured_by_ui = false;     // ImGui WantCaptureMouse
  bool pressed = false, released = false, down = false;
  float wheel = 0.0f;    // notches, + zooms in
  bool fit_key = false;  // F
  bool zoom_in_key = false, zoom_out_key = false;
  bool ctrl = false;  // Ctrl held: a click adds the area to the comparison, not the card
};

class MapView {
 public:
  // Call every frame before input: follows window resizes keeping the centre and scale.
  void set_viewport(const MapViewport& viewport);
  const MapViewport& viewport() const { return viewport_; }
  const Camera& camera() const { return camera_; }
  void invalidate() { picture_.invalidate(); }  // e.g. after meshes were uploaded or forgotten

  // Fits the bounds in the view. With a legend (drawn bottom-left by the renderer), the map is
  // fitted beside or above it, whichever leaves it larger, so the legend never hides an area.
  void fit(const Bounds& bounds, const std::optional<Legend>& legend = std::nullopt);
  // The camera fit() would give, without moving to it; `keep_right` window units on the right
  // are left free (for a card that will open there).
  Camera fitted(const Bounds& bounds, const std::optional<Legend>& legend = std::nullopt,
                float keep_right = 0) const;
  // Puts the camera somewhere; `moving`: the picture follows by moving the kept map until it
  // settles.
  void set_camera(const Camera& camera, bool moving);
  // Glides the camera to `target` over `seconds` (a view of the deck, a place found): call
  // step_glide() every frame; the picture moves as for a drag and settles at the end.
  void glide_to(const Camera& target, double seconds = 0.8);
  bool step_glide();  // true while gliding (keep frames coming)
  bool gliding() const { return glide_to_.has_value(); }
  // Moves the map by (dx, dy) window units, as a drag would (a card making room for an area).
  void pan_window(float dx, float dy);
  // Where the renderer draws this legend on the map, in window units (empty without one).
  Rect legend_rect(const std::optional<Legend>& legend) const;
  // A map rectangle (display CRS) on screen, in window units.
  Rect window_rect(const Bounds& map_bounds) const;
  // Updates camera, hover and selection from this frame's input. Returns true when the picture
  // changed (so the caller keeps drawing).
  bool handle_input(const MapInput& input, MapDocument& document);
  // The area Ctrl+clicked this frame, once (the comparison takes it).
  std::optional<std::size_t> take_ctrl_click() {
    return std::exchange(ctrl_clicked_, std::nullopt);
  }
  // Map coordinates under the mouse, when it is over the map.
  std::optional<Vec2> cursor_map() const { return cursor_map_; }
  bool dragging() const { return dragging_; }
  // The camera moved by the user (drag, wheel, zoom keys) less than a moment ago.
  bool moving() const;
  // The picture shown is the map moved with the camera and the camera has stopped: the next
  // frame draws it at full quality. seconds_until_settled() says when that is due while the
  // camera is still coming to rest (0 when nothing is owed).
  bool full_frame_due() const { return picture_.showing_moved_base() && !moving(); }
  double seconds_until_settled() const;

  // Renders the document's scene into the map rectangle of the default framebuffer, whose
  // height is `window_fb_height` device px, and says what that took (render::MapPicture).
  render::MapFrame draw(render::SceneRenderer& renderer, const MapDocument& document,
                        int window_fb_height);
  // The same for a scene derived from the document's (presentation effects); `map_revision`
  // and `revision` change whenever it does.
  render::MapFrame draw(render::SceneRenderer& renderer, const Scene& scene,
                        std::uint64_t map_revision, std::uint64_t revision, int window_fb_height);

  // Area names over the map, placed by the exports' rules (core/labels.hpp) for this view: off
  // the UI thread each time the camera comes to rest, and carried with the map while it moves.
  void show_labels(bool on) { labels_on_ = on; }
  // A placement is running: keep frames coming to show it when it is done.
  bool labels_pending() const { return labels_future_.valid(); }
  // The labels drawn in the last frame (device px of the map), for the ready file and tests.
  const std::vector<MapLabel>& shown_labels() const {
    static const std::vector<MapLabel> none;
    return shown_ ? *shown_ : none;
  }

  // The map rectangle in device pixels.
  int device_width() const;
  int device_height() const;

 private:
  Vec2 to_logical(float window_x, float window_y) const;
  Camera device_camera() const;  // the camera in device px, as labels are placed
  // Takes a finished placement, starts one for a camera at rest, and moves the placed labels
  // to the camera shown; returns the labels to draw (null for none).
  const std::vector<MapLabel>* update_labels(const Scene& scene, std::uint64_t map_revision);
  bool inside(float window_x, float window_y) const;

  using Clock = std::chrono::steady_clock;

  MapViewport viewport_;
  Camera camera_;
  render::MapPicture picture_;
  bool press_in_map_ = false;
  bool dragging_ = false;
  float press_x_ = 0, press_y_ = 0, last_x_ = 0, last_y_ = 0;
  std::optional<Vec2> cursor_map_;
  std::optional<std::size_t> ctrl_clicked_;
  Vec2 last_hit_test_{-1e300, -1e300};
  Clock::time_point last_motion_{};  // when the user last moved the camera
  // What a placement was made for: labels belong to one map and one map size.
  struct LabelView {
    std::uint64_t map_revision = 0;
    Camera camera;  // device px
    bool operator==(const LabelView& o) const {
      return map_revision == o.map_revision && camera.centre.x == o.camera.centre.x &&
             camera.centre.y == o.camera.centre.y && camera.scale == o.camera.scale &&
             camera.width_px == o.camera.width_px && camera.height_px == o.camera.height_px;
    }
  };
  bool labels_on_ = false;
  std::vector<MapLabel> labels_;  // placed for labels_view_
  std::optional<LabelView> labels_view_;
  std::future<std::vector<MapLabel>> labels_future_;
  LabelView labels_asked_;              // what the running placement is for
  std::uint64_t labels_serial_ = 0;     // counts placements taken, so the picture redraws them
  std::vector<MapLabel> moved_labels_;  // labels_ carried to a moving camera
  const std::vector<MapLabel>* shown_ = nullptr;  // what the last frame drew
  std::optional<Camera> glide_from_, glide_to_;
  Clock::time_point glide_start_{};
  double glide_seconds_ = 0.8;
};

}  // namespace devomap::ui
