#pragma once
// Renderer-neutral description of one map picture: which layers, each area's colour, outline,
// the legend and the highlight. The window, headless PNG and (later) SVG/PDF writers draw a
// Scene; they never decide a class or a colour themselves.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/color.hpp"
#include "core/layer.hpp"
#include "core/legend.hpp"

namespace devomap {

struct SceneLayer {
  std::shared_ptr<const Layer> layer;
  std::vector<Rgba> fills;  // one per area
  Rgba outline{255, 255, 255, 255};
  float outline_px = 0.75f;  // logical pixels (multiplied by the UI scale)
  bool interactive = true;   // hover/selection apply to this layer
  // Each area's value as the legend writes it ("£1.2m", "Mayoral", "No data"), for tooltips
  // and the SVG/HTML data-value; empty when the layer is not coloured by a field.
  std::vector<std::string> values;
  // Each area's plain number (core area_numbers) for the SVG's data-number; "" for no data.
  std::vector<std::string> numbers;
};

struct Scene {
  std::vector<SceneLayer> layers;  // drawn bottom to top
  std::optional<Legend> legend;
  Rgba background{238, 241, 245, 255};
  std::optional<std::size_t> hovered;  // area index in the top interactive layer
  std::optional<std::size_t> selected;
};

// How a layer is drawn by its role, the same in the window and in every export.
// Data layers: white hairlines between coloured areas read as a clean choropleth.
inline constexpr Rgba kDataOutline{255, 255, 255, 255};
inline constexpr float kDataOutlinePx = 0.6f;
// Context layers (nations above districts): no fill and a heavier line, so national borders
// stay visible over the colours.
inline constexpr Rgba kContextFill{0, 0, 0, 0};
inline constexpr Rgba kContextOutline{255, 255, 255, 255};
inline constexpr float kContextOutlinePx = 2.2f;

// Outlines fade where a layer's areas are too small on screen to show between them: one line
// per pixel would paint a dense city white at national zoom. The typical area (the median of
// the areas' widths) decides: lines at full strength from kOutlineFullPx logical px wide, gone
// below kOutlineGonePx. Every renderer draws what drawn_outline gives.
inline constexpr double kOutlineFullPx = 8.0;
inline constexpr double kOutlineGonePx = 2.0;
double typical_area_width(const Layer& layer);  // map units; 0 for no areas
// The layer's outline as drawn at `logical_px_per_unit` (the camera's scale in logical px).
Rgba drawn_outline(const SceneLayer& layer, double logical_px_per_unit);

SceneLayer data_scene_layer(std::shared_ptr<const Layer> layer, std::vector<Rgba> fills);
SceneLayer context_scene_layer(std::shared_ptr<const Layer> layer);

}  // namespace devomap
