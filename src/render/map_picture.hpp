#pragma once
// The window's map, kept as pictures so that a frame rarely rasterises the map itself, which on
// a software renderer takes hundreds of milliseconds for half a million vertices:
//  - the base: background, fills and outlines at full quality (multisampled), drawn only when
//    the map changes or the camera comes to rest somewhere new;
//  - the frame: a copy of the base's samples with what changes often and costs little drawn
//    over it (hover, selection, legend). It is exactly what SceneRenderer::draw gives (with
//    nothing hovered or selected, what exports draw). When only the hover or selection moved,
//    only the rectangle around the areas concerned is copied and drawn again.
// While the camera moves (a drag, a run of wheel notches) the base is shifted and scaled to the
// new camera instead of being drawn again, as QGIS and web maps do; the parts of the view the
// base did not cover show the background until the camera settles and the base is redrawn.
#include <cstdint>
#include <memory>
#include <optional>

#include "core/camera.hpp"
#include "core/scene.hpp"
#include "render/scene_renderer.hpp"

namespace devomap::render {

class OffscreenTarget;

// What a MapPicture::draw call had to do, cheapest first (benchmarks and tests read it).
enum class MapFrame {
  reused,    // the last frame shown again
  overlays,  // hover, selection or legend drawn again over the kept base
  moving,    // the base shifted and scaled to a moving camera, overlays drawn over it
  full,      // the base itself drawn (map changed, size changed, or the camera settled)
};

const char* map_frame_name(MapFrame frame);

class MapPicture {
 public:
  MapPicture();
  ~MapPicture();
  MapPicture(const MapPicture&) = delete;
  MapPicture& operator=(const MapPicture&) = delete;

  // Draws the map into framebuffer `into` (0: the window's) at `where` (device px, GL's y up).
  // `map_revision` must change whenever the base would look different (style, layers, colours);
  // `revision` whenever anything drawn changes (hover and selection too). `moving`: the camera is
  // in motion, so a camera other than the base's is shown by moving the base; when false, such a
  // camera gets the base redrawn at full quality.
  // `labels` (device px of `where`) are drawn with the overlays; a change to them must change
  // `revision`.
  MapFrame draw(SceneRenderer& renderer, const Scene& scene, const Camera& camera,
                std::uint64_t map_revision, std::uint64_t revision, bool moving,
                const DrawTarget& where, unsigned into = 0,
                const std::vector<MapLabel>* labels = nullptr);
  // True when the picture shown was a moved base: a full-quality frame is owed once the
  // camera stops.
  bool showing_moved_base() const { return moved_; }
  void invalidate();  // e.g. after meshes were uploaded or forgotten

 private:
  void draw_base(SceneRenderer& renderer, const Scene& scene, const Camera& camera,
                 float pixel_ratio, std::uint64_t map_revision);
  void draw_moved_base(SceneRenderer& renderer, const Scene& scene, const Camera& camera,
                       const DrawTarget& where, unsigned into, const std::vector<MapLabel>* labels);
  void compose(SceneRenderer& renderer, const Scene& scene, const Camera& camera, float ratio,
               std::optional<PixelRect> dirty, const std::vector<MapLabel>* labels);
  std::optional<PixelRect> highlights_changed(const Scene& scene, const Camera& camera,
                                              float ratio) const;

  std::unique_ptr<OffscreenTarget> base_, frame_;
  struct Base {
    std::uint64_t map_revision = 0;
    Camera camera;
    float pixel_ratio = 0;
    bool resolved = false;  // its single-sample copy, needed only while moving, is made
  };
  std::optional<Base> base_state_;
  // What frame_ holds over the current base.
  struct Composed {
    std::uint64_t revision = 0;
    std::optional<std::size_t> hovered, selected;
  };
  std::optional<Composed> composed_;
  bool moved_ = false;
};

}  // namespace devomap::render
