#pragma once
// An atlas: one map per distinct value of a field (e.g. each combined authority's districts),
// zoomed to those areas with the rest of the layer dimmed around them for context. Here are
// the pieces that decide what each page shows and what its file is called; the CLI renders.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/color.hpp"
#include "core/geometry.hpp"
#include "core/layer.hpp"

namespace devomap {

struct AtlasGroup {
  std::string value;               // the field's value, as text
  std::string name;                // a readable name for it (see atlas_groups)
  std::vector<std::size_t> areas;  // indices into the layer
  Bounds bounds;                   // of those areas
};

struct AtlasGroups {
  std::vector<AtlasGroup> groups;  // in order of first appearance in the layer
  std::size_t no_value = 0;        // areas with no value in the field (on no page of their own)
};

// Groups the layer's areas by `field`. A group's name comes from the field's partner name
// column (LAD24CD -> LAD24NM, CAUTH24CD -> CAUTH24NM; the layer's code field -> its name
// field), else from the area's own name when the group is one area, else it is the value.
// Throws UserError naming the field and listing the layer's fields when it is missing.
AtlasGroups atlas_groups(const Layer& layer, std::string_view field);

// The group's bounds grown by `margin` of their larger side on every edge, and never smaller
// than `min_side` map units across, so a tiny area still shows its surroundings.
Bounds atlas_extent(const Bounds& group, double margin = 0.08, double min_side = 0);

// The fill of an area outside the page's group: its colour faded most of the way towards a
// light grey, so the page's areas stand out and the neighbours still read as places.
Rgba dimmed_fill(Rgba fill);

// Text made safe as one file name component: letters and digits (any script), '-', '_' and
// '.' are kept; everything else (spaces, slashes, quotes, ...) becomes '_', runs of '_'
// collapse, and leading dots go. Never empty ("_").
std::string file_name_safe(std::string_view text);

// `pattern` with every {value} and {name} replaced by their file-name-safe forms.
std::string fill_atlas_pattern(std::string_view pattern, std::string_view value,
                               std::string_view name);
// True when the pattern holds {value} or {name}.
bool has_atlas_placeholder(std::string_view pattern);

}  // namespace devomap
