#pragma once
// Where a card over the map stands (the region card, the attribute panel): beside the area it
// describes, never over it. Pure geometry in window units, so it is tested without a window.
#include <optional>
#include <vector>

namespace devomap::ui {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  float right() const { return x + w; }
  float bottom() const { return y + h; }
};

// The area of the overlap of two rectangles (0 when they do not meet).
float overlap_area(const Rect& a, const Rect& b);

struct CardSpot {
  float x = 0, y = 0;  // the card's top-left corner
  float max_h = 0;     // how tall it may grow there (it scrolls beyond)
  // How far to move the map (window units) so the area is not under the card; 0, 0 when the
  // card found a place beside it.
  float pan_x = 0, pan_y = 0;
};

// A place for a card `card_w` wide and up to `card_h` tall inside `map` (the map's rectangle)
// that leaves `area` (the area's rectangle on screen) and `keep_clear` (the legend) uncovered:
// the top-right corner first, then the bottom-right, then the top-left below
// `top_left_reserved` (the toolbar there), each as tall as it can be without covering them,
// and taken when that is at least `min_h`. When no corner has room (a large area, or one close
// up), the card goes top-right at full height and the map moves so the area's middle is in the
// middle of the part left free, as far as that part allows.
CardSpot place_card(const Rect& map, float card_w, float card_h, float min_h, const Rect& area,
                    const std::vector<Rect>& keep_clear, float margin, float top_left_reserved);

// Where a card dropped at (x, y) by the user settles: against an edge of the map rectangle
// (at `margin` from it) when it was dropped within `snap` of that edge, else where it was.
CardSpot snap_card(const Rect& map, const Rect& card, float margin, float snap);

}  // namespace devomap::ui
