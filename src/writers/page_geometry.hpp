#pragma once
// Helpers shared by the SVG and PDF writers (internal to writers/).
#include <optional>
#include <string>
#include <vector>

#include "core/page_layout.hpp"
#include "core/scene.hpp"

namespace devomap::writers {

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

// One picture of the scene on the page: the main map, or the London inset.
struct MapView {
  LayoutRect frame;
  Camera camera;
  bool inset = false;
  Vec2 to_page(Vec2 m) const {
    const Vec2 s = camera.map_to_screen(m);
    return {s.x + frame.x, s.y + frame.y};
  }
};

// The main map, then the inset when the page has one: the order they are drawn in.
inline std::vector<MapView> map_views(const PageLayout& page) {
  std::vector<MapView> views{{page.frame, page.camera, false}};
  if (page.inset) views.push_back({page.inset->frame, page.inset->camera, true});
  return views;
}

// Text for XML/HTML content and attribute values: &, <, >, " escaped; control characters that
// XML 1.0 forbids dropped.
std::string xml_escape(const std::string& text);

}  // namespace devomap::writers
