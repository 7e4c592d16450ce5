#include "render/map_picture.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "render/offscreen.hpp"

namespace devomap::render {
namespace {

constexpr int kSamples = 4;  // same as headless export (OffscreenTarget's default)

bool same_camera(const Camera& a, const Camera& b) {
  return a.centre.x == b.centre.x && a.centre.y == b.centre.y && a.scale == b.scale &&
         a.width_px == b.width_px && a.height_px == b.height_px;
}

}  // namespace

const char* map_frame_name(MapFrame frame) {
  switch (frame) {
    case MapFrame::reused:
      return "reused";
    case MapFrame::overlays:
      return "overlays";
    case MapFrame::moving:
      return "moving";
    case MapFrame::full:
      return "full";
  }
  return "?";
}

MapPicture::MapPicture() = default;
MapPicture::~MapPicture() = default;

void MapPicture::invalidate() {
  base_state_.reset();
  composed_.reset();
}

void MapPicture::draw_base(SceneRenderer& renderer, const Scene& scene, const Camera& camera,
                           float pixel_ratio, std::uint64_t map_revision) {
  base_->bind();
  renderer.draw_map(scene, camera, base_->draw_target(pixel_ratio));
  base_state_ = Base{map_revision, camera, pixel_ratio, false};
  composed_.reset();
}

void MapPicture::draw_moved_base(SceneRenderer& renderer, const Scene& scene, const Camera& camera,
                                 const DrawTarget& where, unsigned into,
                                 const std::vector<MapLabel>* labels) {
  Base& base = *base_state_;
  if (!base.resolved) {
    base_->resolve();
    base.resolved = true;
  }
  // The view shows the background wherever the moved base does not reach.
  glBindFramebuffer(GL_FRAMEBUFFER, into);
  glEnable(GL_SCISSOR_TEST);
  glScissor(where.x_px, where.y_px, where.width_px, where.height_px);
  const Rgba bg = scene.background;
  glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, bg.a / 255.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);
  // Where the base's corners land under the moving camera, in the window's GL pixels.
  const double r = where.pixel_ratio;
  const Vec2 top_left = camera.map_to_screen(base.camera.screen_to_map({0, 0}));
  const Vec2 bottom_right = camera.map_to_screen(
      base.camera.screen_to_map({base.camera.width_px, base.camera.height_px}));
  const auto gl_x = [&](double x) { return static_cast<int>(std::lround(where.x_px + x * r)); };
  const auto gl_y = [&](double y) {
    return static_cast<int>(std::lround(where.y_px + where.height_px - y * r));
  };
  base_->present_scaled(gl_x(top_left.x), gl_y(bottom_right.y), gl_x(bottom_right.x),
                        gl_y(top_left.y), where, into);
  // Overlays straight onto the window: single-sampled, for the moment the camera moves.
  glBindFramebuffer(GL_FRAMEBUFFER, into);
  renderer.draw_overlays(scene, camera, where, nullptr, labels);
}

void MapPicture::compose(SceneRenderer& renderer, const Scene& scene, const Camera& camera,
                         float ratio, std::optional<PixelRect> dirty,
                         const std::vector<MapLabel>* labels) {
  PixelRect r = dirty.value_or(PixelRect{0, 0, frame_->width(), frame_->height()});
  if (r.width <= 0 || r.height <= 0) return;    // the changes are all off screen
  if (!frame_->copy_samples_from(*base_, r)) {  // sample counts differ: draw the map again
    frame_->bind();
    renderer.draw_map(scene, camera, frame_->draw_target(ratio));
    dirty.reset();
    r = PixelRect{0, 0, frame_->width(), frame_->height()};
  }
  renderer.draw_overlays(scene, camera, frame_->draw_target(ratio), dirty ? &r : nullptr, labels);
  frame_->resolve(r);
}

// The frame's pixels that a change of hover or selection since the last compose touches: the
// changed areas' bounds on screen, widened by the highlight outline and its antialiasing.
// nullopt (compose it all) when something else changed or an area is not in the layer.
std::optional<PixelRect> MapPicture::highlights_changed(const Scene& scene, const Camera& camera,
                                                        float ratio) const {
  const Layer* layer = nullptr;
  for (const SceneLayer& l : scene.layers)
    if (l.interactive) layer = l.layer.get();
  std::vector<std::size_t> areas;
  for (const auto& [was, now] : {std::pair{composed_->hovered, scene.hovered},
                                 std::pair{composed_->selected, scene.selected}}) {
    if (was == now) continue;
    if (was) areas.push_back(*was);
    if (now) areas.push_back(*now);
  }
  if (!layer || areas.empty()) return std::nullopt;
  constexpr double kMargin = 4.0;  // logical px: half the widest outline, plus antialiasing
  const int w = frame_->width(), h = frame_->height();
  double x0 = w, y0 = h, x1 = 0, y1 = 0;  // device px, y down
  for (std::size_t area : areas) {
    if (area >= layer->shape_bounds.size()) return std::nullopt;
    const Bounds& b = layer->shape_bounds[area];
    const Vec2 top_left = camera.map_to_screen({b.min_x, b.max_y});
    const Vec2 bottom_right = camera.map_to_screen({b.max_x, b.min_y});
    x0 = std::min(x0, (top_left.x - kMargin) * ratio);
    y0 = std::min(y0, (top_left.y - kMargin) * ratio);
    x1 = std::max(x1, (bottom_right.x + kMargin) * ratio);
    y1 = std::max(y1, (bottom_right.y + kMargin) * ratio);
  }
  const int left = std::clamp(static_cast<int>(std::floor(x0)), 0, w);
  const int right = std::clamp(static_cast<int>(std::ceil(x1)), 0, w);
  const int top = std::clamp(static_cast<int>(std::floor(y0)), 0, h);
  const int bottom = std::clamp(static_cast<int>(std::ceil(y1)), 0, h);
  return PixelRect{left, h - bottom, std::max(0, right - left), std::max(0, bottom - top)};
}

MapFrame MapPicture::draw(SceneRenderer& renderer, const Scene& scene, const Camera& camera,
                          std::uint64_t map_revision, std::uint64_t revision, bool moving,
                          const DrawTarget& where, unsigned into,
                          const std::vector<MapLabel>* labels) {
  const int w = std::max(where.width_px, 1), h = std::max(where.height_px, 1);
  if (!base_ || base_->width() != w || base_->height() != h) {
    frame_.reset();
    base_.reset();
    base_ = std::make_unique<OffscreenTarget>(w, h, kSamples);
    frame_ = std::make_unique<OffscreenTarget>(w, h, kSamples);
    invalidate();
  }
  MapFrame kind = MapFrame::reused;
  const bool base_current = base_state_ && base_state_->map_revision == map_revision &&
                            base_state_->pixel_ratio == where.pixel_ratio;
  if (!base_current || (!moving && !same_camera(base_state_->camera, camera))) {
    draw_base(renderer, scene, camera, where.pixel_ratio, map_revision);
    kind = MapFrame::full;
  }
  moved_ = !same_camera(base_state_->camera, camera);
  if (moved_) {
    draw_moved_base(renderer, scene, camera, where, into, labels);
    return MapFrame::moving;
  }
  if (!composed_ || composed_->revision != revision) {
    compose(renderer, scene, camera, where.pixel_ratio,
            composed_ ? highlights_changed(scene, camera, where.pixel_ratio) : std::nullopt,
            labels);
    composed_ = Composed{revision, scene.hovered, scene.selected};
    if (kind == MapFrame::reused) kind = MapFrame::overlays;
  }
  frame_->present(where.x_px, where.y_px, into);
  return kind;
}

}  // namespace devomap::render
