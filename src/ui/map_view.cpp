#include "ui/map_view.hpp"

#include "core/scene_effects.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/font.hpp"
#include "core/layout.hpp"
#include "render/scene_renderer.hpp"
#include "ui/session_names.hpp"

namespace devomap::ui {
namespace {
constexpr float kClickSlopPx = 4.0f;     // movement below this is a click, not a drag
constexpr double kWheelZoomStep = 1.25;  // per wheel notch
constexpr double kKeyZoomStep = 1.5;
// The camera counts as moving until this long after the last drag step, wheel notch or zoom
// key; then the map is drawn again at full quality. Long enough to span a run of wheel notches.
constexpr std::chrono::milliseconds kSettle{150};
}  // namespace

bool MapView::moving() const {
  return dragging_ || Clock::now() - last_motion_ < kSettle;
}

double MapView::seconds_until_settled() const {
  if (!picture_.showing_moved_base()) return 0;
  const auto left = kSettle - (Clock::now() - last_motion_);
  return std::max(0.0, std::chrono::duration<double>(left).count());
}

int MapView::device_width() const {
  return std::max(1, static_cast<int>(std::lround(viewport_.width * viewport_.fb_scale)));
}
int MapView::device_height() const {
  return std::max(1, static_cast<int>(std::lround(viewport_.height * viewport_.fb_scale)));
}

void MapView::set_viewport(const MapViewport& viewport) {
  viewport_ = viewport;
  camera_.resize(device_width() / viewport_.pixel_ratio, device_height() / viewport_.pixel_ratio);
}

namespace {

// The camera that fits `bounds` inside `rect` (logical px) of a view of the camera's size.
Camera fit_in_rect(Camera camera, const Bounds& bounds, const LayoutRect& rect) {
  Camera local;
  local.width_px = rect.w;
  local.height_px = rect.h;
  local.fit(bounds);
  camera.scale = local.scale;
  // Put the fitted centre at the middle of `rect` instead of the middle of the view.
  camera.centre.x = local.centre.x - (rect.x + rect.w / 2 - camera.width_px / 2) / local.scale;
  camera.centre.y = local.centre.y + (rect.y + rect.h / 2 - camera.height_px / 2) / local.scale;
  return camera;
}

}  // namespace

Camera MapView::fitted(const Bounds& bounds, const std::optional<Legend>& legend,
                       float keep_right) const {
  if (bounds.empty()) return camera_;
  const double right = std::min<double>(keep_right * viewport_.fb_scale / viewport_.pixel_ratio,
                                        camera_.width_px * 0.5);
  const LayoutRect whole{0, 0, camera_.width_px - right, camera_.height_px};
  Camera camera = fit_in_rect(camera_, bounds, whole);
  if (legend) {
    LegendLayout layout;
    try {
      // The same layout call the renderer makes, so the space kept free is the legend's own.
      layout = layout_legend(*legend, device_width(), device_height(), viewport_.pixel_ratio,
                             default_fonts());
    } catch (const std::exception&) {
      layout = LegendLayout{};  // no fonts: the renderer reports that when it draws
    }
    if (!layout.empty()) {
      const double k = 1.0 / viewport_.pixel_ratio;
      const LayoutRect panel{layout.panel.x * k, layout.panel.y * k, layout.panel.w * k,
                             layout.panel.h * k};
      const LayoutRect beside{panel.x + panel.w, 0, whole.w - panel.x - panel.w, whole.h};
      const LayoutRect above{0, 0, whole.w, panel.y};
      Camera best = camera_;
      best.scale = 0;
      for (const LayoutRect& r : {beside, above}) {
        if (r.w < whole.w * 0.25 || r.h < whole.h * 0.25) continue;
        const Camera c = fit_in_rect(camera_, bounds, r);
        if (c.scale > best.scale) best = c;
      }
      if (best.scale > 0) camera = best;
    }
  }
  return camera;
}

void MapView::fit(const Bounds& bounds, const std::optional<Legend>& legend) {
  if (bounds.empty()) return;
  camera_ = fitted(bounds, legend);
  last_hit_test_ = Vec2{-1e300, -1e300};
}

void MapView::glide_to(const Camera& target, double seconds) {
  glide_from_ = camera_;
  glide_to_ = target;
  glide_start_ = Clock::now();
  glide_seconds_ = seconds;
}

bool MapView::step_glide() {
  if (!glide_to_) return false;
  const double t =
      std::chrono::duration<double>(Clock::now() - glide_start_).count() / glide_seconds_;
  set_camera(camera_between(*glide_from_, *glide_to_, t), true);
  if (t >= 1.0) glide_to_.reset();
  return true;
}

void MapView::set_camera(const Camera& camera, bool moving) {
  camera_ = camera;
  if (moving) last_motion_ = Clock::now();
  last_hit_test_ = Vec2{-1e300, -1e300};
}

void MapView::pan_window(float dx, float dy) {
  const double k = viewport_.fb_scale / viewport_.pixel_ratio;
  camera_.pan_pixels(dx * k, dy * k);
  last_motion_ = Clock::now();
  last_hit_test_ = Vec2{-1e300, -1e300};
}

Rect MapView::legend_rect(const std::optional<Legend>& legend) const {
  if (!legend) return {};
  LegendLayout layout;
  try {
    layout = layout_legend(*legend, device_width(), device_height(), viewport_.pixel_ratio,
                           default_fonts());
  } catch (const std::exception&) {
    return {};  // no fonts: the renderer reports that when it draws
  }
  if (layout.empty()) return {};
  const float k = 1.0f / viewport_.fb_scale;  // device px -> window units
  return Rect{viewport_.x + static_cast<float>(layout.panel.x) * k,
              viewport_.y + static_cast<float>(layout.panel.y) * k,
              static_cast<float>(layout.panel.w) * k, static_cast<float>(layout.panel.h) * k};
}

Rect MapView::window_rect(const Bounds& map_bounds) const {
  if (map_bounds.empty()) return {};
  const double k = viewport_.fb_scale / viewport_.pixel_ratio;
  const Vec2 a = camera_.map_to_screen(Vec2{map_bounds.min_x, map_bounds.max_y});
  const Vec2 b = camera_.map_to_screen(Vec2{map_bounds.max_x, map_bounds.min_y});
  return Rect{static_cast<float>(viewport_.x + a.x / k), static_cast<float>(viewport_.y + a.y / k),
              static_cast<float>((b.x - a.x) / k), static_cast<float>((b.y - a.y) / k)};
}

Vec2 MapView::to_logical(float window_x, float window_y) const {
  const double k = viewport_.fb_scale / viewport_.pixel_ratio;
  return {(window_x - viewport_.x) * k, (window_y - viewport_.y) * k};
}

bool MapView::inside(float window_x, float window_y) const {
  return window_x >= viewport_.x && window_y >= viewport_.y &&
         window_x < viewport_.x + viewport_.width && window_y < viewport_.y + viewport_.height;
}

bool MapView::handle_input(const MapInput& in, MapDocument& document) {
  bool changed = false;
  const bool over_map = in.mouse_in_window && !in.captured_by_ui && inside(in.mouse_x, in.mouse_y);
  const double to_logical_k = viewport_.fb_scale / viewport_.pixel_ratio;

  if (in.pressed) {
    press_in_map_ = over_map;
    dragging_ = false;
    press_x_ = last_x_ = in.mouse_x;
    press_y_ = last_y_ = in.mouse_y;
  }
  if (press_in_map_ && in.down && in.mouse_in_window) {
    if (!dragging_ && std::hypot(in.mouse_x - press_x_, in.mouse_y - press_y_) > kClickSlopPx)
      dragging_ = true;
    if (dragging_ && (in.mouse_x != last_x_ || in.mouse_y != last_y_)) {
      camera_.pan_pixels((in.mouse_x - last_x_) * to_logical_k,
                         (in.mouse_y - last_y_) * to_logical_k);
      last_motion_ = Clock::now();
      changed = true;
    }
    last_x_ = in.mouse_x;
    last_y_ = in.mouse_y;
  }
  const MapLayer* data = document.data_layer();
  if (in.released && press_in_map_) {
    if (!dragging_ && data && over_map) {
      // A click selects the area under the cursor; a click on empty map clears the selection.
      const auto hit =
          data->layer->hit_test(camera_.screen_to_map(to_logical(in.mouse_x, in.mouse_y)));
      if (in.ctrl)
        ctrl_clicked_ = hit;
      else
        document.set_selected(hit);
      changed = true;
    }
    press_in_map_ = false;
    dragging_ = false;
  }

  if (over_map && in.wheel != 0.0f) {
    camera_.zoom_at(to_logical(in.mouse_x, in.mouse_y), std::pow(kWheelZoomStep, in.wheel));
    last_motion_ = Clock::now();
    changed = true;
  }
  const Vec2 centre{camera_.width_px / 2, camera_.height_px / 2};
  if (in.zoom_in_key || in.zoom_out_key) {
    camera_.zoom_at(centre, in.zoom_in_key ? kKeyZoomStep : 1 / kKeyZoomStep);
    last_motion_ = Clock::now();
    changed = true;
  }
  if (in.fit_key && !document.empty()) {
    fit(document.bounds(), document.scene().legend);
    changed = true;
  }

  // Hover: hit-test only when the map point under the cursor moved (camera or mouse).
  std::optional<std::size_t> hovered;
  if (over_map && !dragging_) {
    cursor_map_ = camera_.screen_to_map(to_logical(in.mouse_x, in.mouse_y));
    if (data) {
      if (cursor_map_->x == last_hit_test_.x && cursor_map_->y == last_hit_test_.y)
        hovered = document.hovered();
      else
        hovered = data->layer->hit_test(*cursor_map_);
      last_hit_test_ = *cursor_map_;
    }
  } else {
    cursor_map_.reset();
    last_hit_test_ = Vec2{-1e300, -1e300};
  }
  if (hovered != document.hovered()) {
    document.set_hovered(hovered);
    changed = true;
  }
  return changed;
}

render::MapFrame MapView::draw(render::SceneRenderer& renderer, const MapDocument& document,
                               int window_fb_height) {
  return draw(renderer, document.scene(), document.map_revision(), document.revision(),
              window_fb_height);
}

render::MapFrame MapView::draw(render::SceneRenderer& renderer, const Scene& scene,
                               std::uint64_t map_revision, std::uint64_t revision,
                               int window_fb_height) {
  render::DrawTarget where;
  where.width_px = device_width();
  where.height_px = device_height();
  where.pixel_ratio = viewport_.pixel_ratio;
  where.x_px = static_cast<int>(std::lround(viewport_.x * viewport_.fb_scale));
  where.y_px = window_fb_height - static_cast<int>(std::lround(viewport_.y * viewport_.fb_scale)) -
               where.height_px;
  const std::vector<MapLabel>* labels = update_labels(scene, map_revision);
  // The picture composes again when the labels drawn change.
  const std::uint64_t with_labels = revision * 1000003 + (labels ? labels_serial_ + 1 : 0);
  return picture_.draw(renderer, scene, camera_, map_revision, with_labels, moving(), where, 0,
                       labels);
}

Camera MapView::device_camera() const {
  Camera c = camera_;
  c.width_px = device_width();
  c.height_px = device_height();
  c.scale = camera_.scale * viewport_.pixel_ratio;
  return c;
}

namespace {

// Placing labels runs on a copy of the scene (the document may change meanwhile); the legend,
// drawn bottom-left by the renderer, is kept clear as on an export.
std::vector<MapLabel> place_window_labels(const Scene& scene, const Camera& camera,
                                          float pixel_ratio) {
  try {
    const FontSet& fonts = default_fonts();
    std::vector<LayoutRect> keep_clear;
    if (scene.legend)
      keep_clear.push_back(
          layout_legend(*scene.legend, camera.width_px, camera.height_px, pixel_ratio, fonts)
              .panel);
    const LayoutRect frame{0, 0, camera.width_px, camera.height_px};
    return place_labels(scene, frame, camera, keep_clear, fonts, pixel_ratio);
  } catch (const std::exception&) {
    return {};  // no fonts: the renderer says so when it draws the legend
  }
}

}  // namespace

const std::vector<MapLabel>* MapView::update_labels(const Scene& scene,
                                                    std::uint64_t map_revision) {
  if (labels_future_.valid() &&
      labels_future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    labels_ = labels_future_.get();
    labels_view_ = labels_asked_;
    ++labels_serial_;
  }
  shown_ = nullptr;
  if (!labels_on_) return nullptr;
  const LabelView now{map_revision, device_camera()};
  if (!moving() && !gliding() && !labels_future_.valid() &&
      !(labels_view_ && *labels_view_ == now)) {
    labels_asked_ = now;
    labels_future_ = std::async(std::launch::async, place_window_labels, scene, now.camera,
                                viewport_.pixel_ratio);
  }
  // Labels of another map (new colours, another layer) or map size are not shown.
  if (!labels_view_ || labels_view_->map_revision != map_revision ||
      labels_view_->camera.width_px != now.camera.width_px ||
      labels_view_->camera.height_px != now.camera.height_px)
    return nullptr;
  if (*labels_view_ == now) return shown_ = &labels_;  // at rest where placed: no copy
  moved_labels_ = labels_;
  move_labels(moved_labels_, labels_view_->camera, now.camera);
  return shown_ = &moved_labels_;
}

}  // namespace devomap::ui
