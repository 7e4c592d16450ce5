#pragma once
// Renderer-neutral legend layout: where every box, hatch stroke and text run of the legend goes,
// in output pixels (origin top-left, y down). The GL renderer, headless PNG export and later
// SVG/PDF writers all draw this one layout, so the legend looks the same everywhere.
//
// Drawing order: `boxes` in order (the panel border, panel, each swatch border and fill), then
// `hatching`, then `texts`. Text positions are the left end of the baseline; sizes are em sizes
// in pixels (font.hpp).
#include <string>
#include <vector>

#include "core/color.hpp"
#include "core/font.hpp"
#include "core/geometry.hpp"
#include "core/legend.hpp"

namespace devomap {

struct LayoutRect {
  double x = 0, y = 0, w = 0, h = 0;  // top-left corner and size
  bool contains(Vec2 p) const { return p.x >= x && p.x <= x + w && p.y >= y && p.y <= y + h; }
};

struct LayoutBox {
  LayoutRect rect;
  Rgba fill;
};

// A straight stroke of constant width with butt ends (hatching of the no-data swatch).
struct LayoutLine {
  Vec2 a, b;
  double width = 1;
  Rgba color;
};

struct LayoutText {
  std::string text;  // UTF-8
  double x = 0;      // left end of the baseline
  double baseline = 0;
  double size = 12;  // em size in pixels
  bool bold = false;
  Rgba color;
  double width = 0;  // measured advance (Font::text_width), for writers that want textLength
};

// Where each legend entry ended up, for hit-testing and tests.
struct LayoutSwatch {
  LayoutRect rect;  // the coloured part (inside any border)
  std::size_t entry = 0;
  bool no_data = false;
};

struct LegendLayout {
  LayoutRect panel;  // the whole legend including its border; empty layout: w == h == 0
  std::vector<LayoutBox> boxes;
  std::vector<LayoutLine> hatching;
  std::vector<LayoutText> texts;
  std::vector<LayoutSwatch> swatches;
  double scale = 1;  // output pixels per logical pixel actually used (may shrink to fit)
  bool empty() const { return boxes.empty() && texts.empty(); }
};

// Style of no-data: the entry's own colour as fill, diagonal hatching and a border in a darker
// shade of it. Map renderers hatch no-data areas with the same spacing and colour.
inline constexpr double kNoDataHatchSpacing = 6.0;  // logical px between hatch lines
inline constexpr double kNoDataHatchWidth = 1.0;    // logical px
Rgba no_data_hatch_color(Rgba fill);

// Lays out `legend` at the bottom-left of a viewport of `viewport_w` x `viewport_h` output
// pixels, with logical sizes multiplied by `scale` (UI scale x pixel ratio, or DPI / 96 for
// exports). The boundary rule wraps at spaces to the width of the rows above it. A legend that
// would not fit is shrunk uniformly; an empty legend (no title, no entries) gives an empty
// layout.
LegendLayout layout_legend(const Legend& legend, double viewport_w, double viewport_h, double scale,
                           const FontSet& fonts);

}  // namespace devomap
