#include "ui/card_placement.hpp"

#include <algorithm>
#include <cmath>

namespace devomap::ui {

float overlap_area(const Rect& a, const Rect& b) {
  const float w = std::min(a.right(), b.right()) - std::max(a.x, b.x);
  const float h = std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0.0f;
}

namespace {

bool beside_each_other(float x, float w, const Rect& r) {
  return r.right() <= x || r.x >= x + w;
}

// The tallest card (up to `h`) hanging down from `top`, or standing up from `bottom`, at x
// without covering any of `blockers`.
Rect hanging(const Rect& map, float x, float w, float top, float h,
             const std::vector<Rect>& blockers, float margin) {
  float limit = map.bottom() - margin;
  for (const Rect& b : blockers) {
    if (beside_each_other(x, w, b) || b.bottom() <= top) continue;
    limit = std::min(limit, b.y <= top ? top : b.y - margin);
  }
  return {x, top, w, std::max(0.0f, std::min(h, limit - top))};
}

Rect standing(const Rect& map, float x, float w, float bottom, float h,
              const std::vector<Rect>& blockers, float margin) {
  float limit = map.y + margin;
  for (const Rect& b : blockers) {
    if (beside_each_other(x, w, b) || b.y >= bottom) continue;
    limit = std::max(limit, b.bottom() >= bottom ? bottom : b.bottom() + margin);
  }
  const float height = std::max(0.0f, std::min(h, bottom - limit));
  return {x, bottom - height, w, height};
}

}  // namespace

CardSpot place_card(const Rect& map, float card_w, float card_h, float min_h, const Rect& area,
                    const std::vector<Rect>& keep_clear, float margin, float top_left_reserved) {
  card_h = std::min(card_h, map.h - 2 * margin);
  min_h = std::min(min_h, card_h);
  const float right_x = map.right() - margin - card_w;
  // Only the part of the area on screen matters.
  Rect shown = area;
  shown.x = std::max(area.x, map.x);
  shown.y = std::max(area.y, map.y);
  shown.w = std::min(area.right(), map.right()) - shown.x;
  shown.h = std::min(area.bottom(), map.bottom()) - shown.y;
  std::vector<Rect> blockers = keep_clear;
  if (shown.w > 0 && shown.h > 0) blockers.push_back(shown);
  const Rect candidates[] = {
      hanging(map, right_x, card_w, map.y + margin, card_h, blockers, margin),
      standing(map, right_x, card_w, map.bottom() - margin, card_h, blockers, margin),
      hanging(map, map.x + margin, card_w, map.y + margin + top_left_reserved, card_h, blockers,
              margin),
  };
  for (const Rect& c : candidates)
    if (c.h >= min_h && c.h > 0) return {c.x, c.y, c.h, 0, 0};
  // No corner has room: the card stays top-right and the area moves into the free part.
  CardSpot spot{right_x, map.y + margin, card_h, 0, 0};
  if (shown.w <= 0 || shown.h <= 0) return spot;
  const float free_left = map.x, free_right = right_x - margin;
  spot.pan_x = (free_left + free_right) / 2 - (area.x + area.w / 2);
  // Never move the area off the map's left edge to do so.
  if (area.x + spot.pan_x < map.x && area.w < free_right - free_left) spot.pan_x = map.x - area.x;
  if (std::fabs(spot.pan_x) < 1) spot.pan_x = 0;
  return spot;
}

CardSpot snap_card(const Rect& map, const Rect& card, float margin, float snap) {
  CardSpot spot{card.x, card.y, 0, 0};
  if (std::fabs(card.x - (map.x + margin)) < snap) spot.x = map.x + margin;
  if (std::fabs(card.right() - (map.right() - margin)) < snap)
    spot.x = map.right() - margin - card.w;
  if (std::fabs(card.y - (map.y + margin)) < snap) spot.y = map.y + margin;
  if (std::fabs(card.bottom() - (map.bottom() - margin)) < snap)
    spot.y = map.bottom() - margin - card.h;
  // A card dragged partly off the map comes back inside it.
  spot.x = std::clamp(spot.x, map.x, std::max(map.x, map.right() - card.w));
  spot.y = std::clamp(spot.y, map.y, std::max(map.y, map.bottom() - card.h));
  return spot;
}

}  // namespace devomap::ui
