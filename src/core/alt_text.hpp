#pragma once
// Words for a map: each area's value as the legend writes it (for tooltips and the SVG/HTML
// data-value), and a first draft of the map's alt text for readers who cannot see it, written
// beside every export. No GL here.
#include <string>
#include <vector>

#include "core/layer.hpp"
#include "core/style.hpp"

namespace devomap {

// One text per area: the field's value in the legend's number format ("£1.2m", "12,345"),
// the category for text fields, "No data" where there is none. Empty when no field is coloured.
std::vector<std::string> area_value_texts(const Layer& layer, const StyleSpec& spec,
                                          const LayerStyle& style);

// One plain number per area for the SVG's data-number ("1234.5": no units, no separators), ""
// for no data. Empty when the coloured field is not a number field.
std::vector<std::string> area_numbers(const Layer& layer, const StyleSpec& spec);

// What the areas are, told by their GSS codes ("local authority district", "combined
// authority", "region", "country", "ward", ...); both empty when the codes are mixed or unknown.
struct AreaType {
  std::string one;   // "local authority district"
  std::string many;  // "local authority districts"
};
AreaType area_type(const Layer& layer);

// A draft alt text, e.g. "Map of Spending: Spending per head by local authority district across
// 361 areas, in 5 classes from £12 to £3,400. Highest: Camden (£3,400); lowest: Rutland (£12);
// 2 areas have no data." Categorical maps list the largest categories with their counts.
// `title` may be empty.
std::string draft_alt_text(const Layer& layer, const StyleSpec& spec, const LayerStyle& style,
                           const std::string& title);

}  // namespace devomap
