#pragma once
// Area labels that never collide: each area's name at a good interior point (the pole of
// inaccessibility of its largest polygon), placed greedily from the largest area down. A label
// is dropped, never overprinted, when it would overlap a label already placed or a part of the
// page (legend, scale bar, inset), leave the map frame, or spill out of its own area. Every
// renderer draws the same placed texts, so PNG, SVG and PDF agree. No GL here.
#include <cstddef>
#include <functional>
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
  LayoutRect box;                 // page pixels, around every line
  std::vector<LayoutText> lines;  // one or two lines, centred on the anchor
};

// Labels of the top interactive layer's areas for a map drawn in `frame` (page pixels) through
// `camera` (map units -> frame pixels). `keep_clear` lists page rectangles no label may touch.
// Text is dark on light fills and white on dark ones. `scale` is dpi / 96. `eligible`, when
// given, says which areas may be labelled (the London inset names only London's).
std::vector<MapLabel> place_labels(const Scene& scene, const LayoutRect& frame,
                                   const Camera& camera, const std::vector<LayoutRect>& keep_clear,
                                   const FontSet& fonts, double scale,
                                   const std::function<bool(std::size_t)>& eligible = {});

}  // namespace devomap
