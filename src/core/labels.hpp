#pragma once
// Area labels that never collide: each area's name at a good interior point (the pole of
// inaccessibility of its largest polygon), placed greedily from the largest area down. A label
// is dropped, never overprinted, when it would overlap a label already placed or a part of the
// page (legend, scale bar, inset), leave the map frame, or spill out of its own area. Every
// renderer draws the same placed texts, so PNG, SVG and PDF agree. No GL here.
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "core/camera.hpp"
#include "core/font.hpp"
#include "core/geometry.hpp"
#include "core/layout.hpp"
#include "core/scene.hpp"

namespace devomap {

// The point inside `polygon` farthest from its edges (outer ring and holes) and that distance,
// found to within `precision` map units (Garcia-Castellanos & Lombardo's grid search).
struct InteriorPoint {
  Vec2 point;
  double distance = 0;  // to the nearest edge; 0 for a degenerate polygon
};
InteriorPoint pole_of_inaccessibility(const Polygon& polygon, double precision);

// Where the label of an area may go: the pole of its largest polygon.
InteriorPoint label_anchor(const MultiPolygon& shape, double precision);

// A text field by this name, where a layer has one, gives the label instead of the area's
// name (the devolution map labels "Greater Manchester", not the authority's full legal name).
inline constexpr const char* kMapLabelField = "Map label";

inline constexpr double kLabelSize = 10;  // logical px (em size), multiplied by dpi / 96
// Share of the label's box that must lie inside its own area: a label mostly outside its area
// would read as naming the neighbour. What spills over must fall on areas where the same text
// colour reads, never on the background (white text on the sea would vanish).
inline constexpr double kLabelMinInside = 0.8;

struct MapLabel {
  std::size_t layer = 0;  // index into Scene::layers
  std::size_t area = 0;
  Vec2 anchor;                    // map units: the point of the area the label names
  LayoutRect box;                 // page pixels, around every line (and the plate, if any)
  std::vector<LayoutText> lines;  // one or two lines, centred on the anchor or on the plate
  // A key area too small to hold its name is named beside it: the lines on a plate, with a
  // leader line from the plate to the anchor. Renderers draw the plate, the leader, the lines.
  std::optional<LayoutBox> plate;
  std::optional<LayoutLine> leader;
};

// Moves labels placed through `from` to where their anchors fall through `to` (same frame),
// keeping their size: the window shows the labels travelling with the map while it moves and
// places them again once it rests.
void move_labels(std::vector<MapLabel>& labels, const Camera& from, const Camera& to);

// Labels of the top interactive layer's areas for a map drawn in `frame` (page pixels) through
// `camera` (map units -> frame pixels). `keep_clear` lists page rectangles no label may touch.
// The layer's key areas (Layer::key_areas) come first, largest first, inside themselves or else
// beside themselves on a plate clear of the other key areas; then the other areas, largest
// first, inside themselves only. Text is dark on light fills and white on dark ones. `scale` is dpi
// / 96. `eligible`, when given, says which areas may be labelled (the London inset names only
// London's).
std::vector<MapLabel> place_labels(const Scene& scene, const LayoutRect& frame,
                                   const Camera& camera, const std::vector<LayoutRect>& keep_clear,
                                   const FontSet& fonts, double scale,
                                   const std::function<bool(std::size_t)>& eligible = {});

}  // namespace devomap
