#pragma once
// The one view transform shared by the window, headless export and hit-testing: map units
// (display CRS, y up) to pixels (origin top-left, y down). Aspect ratio is always kept.
#include "core/geometry.hpp"

namespace devomap {

struct Camera {
  Vec2 centre{0, 0};    // map point at the middle of the viewport
  double scale = 1.0;   // pixels per map unit
  double width_px = 1;  // viewport size in pixels
  double height_px = 1;

  Vec2 map_to_screen(Vec2 m) const {
    return {(m.x - centre.x) * scale + width_px / 2, height_px / 2 - (m.y - centre.y) * scale};
  }
  Vec2 screen_to_map(Vec2 s) const {
    return {(s.x - width_px / 2) / scale + centre.x, centre.y - (s.y - height_px / 2) / scale};
  }
  // Fits the bounds inside the viewport with `margin_fraction` of the smaller side left free on
  // every edge (0.05 = 5 %), centred, aspect kept.
  void fit(const Bounds& b, double margin_fraction = 0.05);
  // Zooms by `factor` (>1 zooms in) keeping the map point under `screen` fixed.
  void zoom_at(Vec2 screen, double factor);
  void pan_pixels(double dx, double dy) {
    centre.x -= dx / scale;
    centre.y += dy / scale;
  }
  // Changes the viewport size keeping the centre and scale (window resize).
  void resize(double w, double h) {
    width_px = w;
    height_px = h;
  }
  Bounds visible_bounds() const;
  // The extent that fit(extent, margin_fraction) turns back into this camera (same viewport):
  // what a map saved to be reopened exactly as it was records.
  Bounds fit_extent(double margin_fraction = 0.05) const;
};

// What of the data a camera shows: its visible bounds clipped to the data's bounds (the sea
// beside a wide window is not part of the view), or the visible bounds when the two do not
// meet. Exports and saved views fit this, so a page of any shape is filled by the map.
Bounds shown_extent(const Camera& camera, const Bounds& data);

// True when a page showing `extent` reads best turned to landscape (wider than tall).
bool suits_landscape(const Bounds& extent);

}  // namespace devomap
