#pragma once
// Helpers shared by the SVG and PDF writers (internal to export/).
#include <optional>

#include "core/page_layout.hpp"
#include "core/scene.hpp"

namespace devomap::exports {

// The colour whose areas are hatched: the legend's no-data entry, as the GL renderer does.
inline std::optional<Rgba> no_data_color(const Scene& scene) {
  if (!scene.legend) return std::nullopt;
  for (const LegendEntry& entry : scene.legend->entries)
    if (entry.no_data) return entry.color;
  return std::nullopt;
}

// Whether any part of area `i` can show inside the map frame.
inline bool area_visible(const Layer& layer, std::size_t i, const Bounds& visible) {
  const Bounds& b = layer.shape_bounds[i];
  return !b.empty() && b.max_x >= visible.min_x && b.min_x <= visible.max_x &&
         b.max_y >= visible.min_y && b.min_y <= visible.max_y;
}

// Map bounds shown in the frame.
inline Bounds frame_bounds(const PageLayout& page) {
  return page.camera.visible_bounds();
}

}  // namespace devomap::exports
