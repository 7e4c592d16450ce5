#include "session/places.hpp"

#include "devolution/devolution_map.hpp"

namespace devomap::session {
namespace {

std::string text_field(const Layer& layer, const char* field, std::size_t row) {
  const auto column = layer.attributes.find(field);
  if (!column || layer.attributes.columns[*column].is_number()) return {};
  return layer.attributes.columns[*column].text[row];
}

// The districts inside the UK map's authorities, each selecting its authority and showing the
// whole authority (the map draws authorities, not the districts inside them).
void add_districts(const devolution::DefaultMap& map, const Layer& areas, PlaceFinder& finder) {
  const devolution::DevolutionMap& m = map.map;
  if (!m.districts) return;
  const Layer& districts = *m.districts;
  for (std::size_t area = 0; area < m.area_districts.size() && area < areas.size(); ++area) {
    if (m.area_districts[area].size() < 2) continue;  // a district that is its own area
    for (std::size_t d : m.area_districts[area]) {
      if (d >= districts.size()) continue;
      finder.add(Place{districts.name(d), "District in " + areas.name(area),
                       areas.shape_bounds[area], area});
    }
  }
}

}  // namespace

PlaceFinder places_of(const MapDocument& document) {
  PlaceFinder finder;
  const MapLayer* data = document.data_layer();
  for (const MapLayer& l : document.layers()) {
    const Layer& layer = *l.layer;
    const bool is_data = &l == data;
    for (std::size_t i = 0; i < layer.size(); ++i) {
      const std::string name = layer.name(i);
      if (name.empty() || i >= layer.shape_bounds.size()) continue;
      std::string kind = text_field(layer, devolution::devolution_field::kKind, i);
      if (kind.empty()) kind = l.label;
      finder.add(Place{name, kind, layer.shape_bounds[i],
                       is_data ? std::optional<std::size_t>(i) : std::nullopt});
    }
  }
  if (const devolution::DefaultMap* map = document.devolution(); map && data)
    add_districts(*map, *data->layer, finder);
  return finder;
}

}  // namespace devomap::session
