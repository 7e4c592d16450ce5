#include "core/scene.hpp"

#include <algorithm>
#include <cmath>

namespace devomap {

double typical_area_width(const Layer& layer) {
  std::vector<double> widths;
  widths.reserve(layer.shape_bounds.size());
  for (const Bounds& b : layer.shape_bounds)
    if (!b.empty()) widths.push_back(std::max(b.width(), b.height()));
  if (widths.empty()) return 0;
  const auto middle = widths.begin() + static_cast<std::ptrdiff_t>(widths.size() / 2);
  std::nth_element(widths.begin(), middle, widths.end());
  return *middle;
}

Rgba drawn_outline(const SceneLayer& layer, double logical_px_per_unit) {
  Rgba outline = layer.outline;
  if (!layer.layer || outline.a == 0) return outline;
  const double width = typical_area_width(*layer.layer) * logical_px_per_unit;
  const double strength =
      std::clamp((width - kOutlineGonePx) / (kOutlineFullPx - kOutlineGonePx), 0.0, 1.0);
  outline.a = static_cast<std::uint8_t>(std::lround(outline.a * strength));
  return outline;
}

SceneLayer data_scene_layer(std::shared_ptr<const Layer> layer, std::vector<Rgba> fills) {
  SceneLayer sl;
  sl.layer = std::move(layer);
  sl.fills = std::move(fills);
  sl.outline = kDataOutline;
  sl.outline_px = kDataOutlinePx;
  sl.interactive = true;
  return sl;
}

SceneLayer context_scene_layer(std::shared_ptr<const Layer> layer) {
  SceneLayer sl;
  sl.fills.assign(layer->size(), kContextFill);
  sl.layer = std::move(layer);
  sl.outline = kContextOutline;
  sl.outline_px = kContextOutlinePx;
  sl.interactive = false;
  return sl;
}

}  // namespace devomap
