// The region card stands beside the area clicked, never over it (issue 14: Greater Manchester
// disappeared under its own card), and a card dropped near an edge snaps to it.
#include <catch2/catch.hpp>

#include "ui/card_placement.hpp"

using namespace devomap::ui;

namespace {
const Rect kMap{300, 0, 1300, 950};  // beside a 300-wide sidebar
constexpr float kW = 420, kH = 700, kMargin = 12, kMinH = 300;
const std::vector<Rect> kNone;

CardSpot place(float h, const Rect& area, const std::vector<Rect>& keep_clear = kNone) {
  return place_card(kMap, kW, h, kMinH, area, keep_clear, kMargin, 50);
}
}  // namespace

TEST_CASE("the card goes top-right when the area is elsewhere", "[card]") {
  const Rect west{400, 400, 100, 100};
  const CardSpot s = place(kH, west);
  CHECK(s.x == Approx(kMap.right() - kMargin - kW));
  CHECK(s.y == Approx(kMargin));
  CHECK(s.pan_x == 0);
  CHECK(overlap_area(Rect{s.x, s.y, kW, kH}, west) == 0);
}

TEST_CASE("an area under the top-right corner sends the card elsewhere", "[card]") {
  const Rect manchester{1250, 300, 80, 60};  // under a top-right card
  const CardSpot s = place(kH, manchester);
  CHECK(overlap_area(Rect{s.x, s.y, kW, s.max_h}, manchester) == 0);
  CHECK(s.pan_x == 0);
  // A tall card stands below it on the right, shorter.
  const CardSpot tall = place(920, manchester);
  CHECK(tall.x == Approx(kMap.right() - kMargin - kW));
  CHECK(tall.max_h >= kMinH);
  CHECK(tall.max_h < 920);
  CHECK(overlap_area(Rect{tall.x, tall.y, kW, tall.max_h}, manchester) == 0);
  // An area in the middle of the right side: the top-left, clear of the legend below.
  const Rect middle{1250, 300, 80, 400};
  const Rect legend{312, 700, 260, 238};
  const CardSpot left = place(920, middle, {legend});
  CHECK(left.x == Approx(kMap.x + kMargin));
  CHECK(overlap_area(Rect{left.x, left.y, kW, left.max_h}, middle) == 0);
  CHECK(overlap_area(Rect{left.x, left.y, kW, left.max_h}, legend) == 0);
  CHECK(left.max_h >= kMinH);
}

TEST_CASE("when every corner covers the area, the map moves it into view", "[card]") {
  const Rect wide{700, 100, 800, 800};  // e.g. Scotland close up
  const CardSpot s = place(920, wide, {Rect{312, 700, 260, 238}});
  CHECK(s.pan_x < 0);
  // Its middle moves to the middle of what the card leaves free.
  const float free_mid = (kMap.x + s.x - kMargin) / 2;
  CHECK(wide.x + wide.w / 2 + s.pan_x == Approx(free_mid));
  // An area off screen needs nothing.
  const CardSpot away = place(kH, Rect{-900, 0, 100, 100});
  CHECK(away.pan_x == 0);
}

TEST_CASE("a card dropped near an edge snaps to it, and back inside the map", "[card]") {
  const CardSpot near_right = snap_card(kMap, Rect{1150, 200, kW, 300}, kMargin, 40);
  CHECK(near_right.x == Approx(kMap.right() - kMargin - kW));
  CHECK(near_right.y == Approx(200));
  const CardSpot middle = snap_card(kMap, Rect{700, 300, kW, 300}, kMargin, 40);
  CHECK(middle.x == Approx(700));
  CHECK(middle.y == Approx(300));
  const CardSpot off = snap_card(kMap, Rect{1500, -80, kW, 300}, kMargin, 40);
  CHECK(off.x <= kMap.right() - kW);
  CHECK(off.y >= kMap.y);
}
