#pragma once
// Presentation mode (F5, `devomap --present`): the map full screen with its legend and a large
// title, nothing else. Clicker keys step through the deck's views: the camera glides to each
// view fitted to this screen and the colours fade to its style. A click opens the region card,
// large, with the area in a spotlight (the rest dimmed); H switches the projector theme.
// This class keeps the mode's state and works out the picture; the App applies views (they
// restyle the document) and draws.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/camera.hpp"
#include "core/scene.hpp"
#include "core/style.hpp"
#include "ui/app_window.hpp"
#include "ui/panels.hpp"

namespace devomap::ui {

class Presentation {
 public:
  using Clock = std::chrono::steady_clock;

  bool active() const { return active_; }
  // Starts the mode, keeping what the window showed (its style and camera) to come back to.
  void start(const StyleSpec& style, const Camera& camera);
  struct Restore {
    StyleSpec style;
    Camera camera;
  };
  Restore stop();

  // -1: the map as it was when the mode started; else the deck's view shown.
  int view() const { return view_; }
  // What this frame's keys ask for: +1 next (Right, Down, Space, PageDown), -1 previous
  // (Left, Up, PageUp, Backspace), 0 none. Home and End give the first and the last view.
  // The view to go to among `views` views, or nullopt when it would not move.
  std::optional<int> requested_view(int views, const KeyPresses& keys) const;
  void set_view(int view) { view_ = view; }

  // A fade of the colours from `from_fills` (the scene's fills per layer before the view's
  // style) to the map's own; the camera's glide is MapView's.
  void fade(std::vector<std::vector<Rgba>> from_fills);
  bool animating() const;

  // The picture to draw: the document's scene with the fade, the spotlight on `selected` and
  // the projector theme applied; its revisions change whenever it does.
  const Scene& scene(const Scene& document_scene, std::uint64_t document_map_revision,
                     std::optional<std::size_t> selected);
  std::uint64_t map_revision() const { return map_revision_; }
  std::uint64_t revision() const { return revision_; }

  bool high_contrast() const { return high_contrast_; }
  void toggle_high_contrast() { high_contrast_ = !high_contrast_; }

  // The title in the band above the map (from the window's top to viewport.y: the view's name,
  // else the page title) and, small, what keys do.
  void draw_title(const PanelContext& ctx, const MapViewport& viewport, const std::string& title,
                  const std::string& hint) const;

 private:
  double fade_t() const;

  bool active_ = false;
  int view_ = -1;
  Restore restore_;
  bool high_contrast_ = false;
  Clock::time_point fade_start_{};
  std::vector<std::vector<Rgba>> fade_from_;
  // The scene last built and what it was built from.
  Scene scene_;
  std::uint64_t built_from_ = 0, map_revision_ = 0, revision_ = 0;
  std::optional<std::size_t> built_selected_;
  double built_fade_ = -1;
  bool built_contrast_ = false;
};

}  // namespace devomap::ui
