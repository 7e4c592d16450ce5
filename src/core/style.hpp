#pragma once
// The style step of the pipeline: a layer + what the user asked for (field, method, classes,
// palette) -> one colour per area and the legend. Shared by the window, the CLI and exports so a
// map means the same everywhere.
#include <optional>
#include <string>
#include <vector>

#include "core/classify.hpp"
#include "core/color.hpp"
#include "core/layer.hpp"
#include "core/legend.hpp"
#include "core/palette.hpp"

namespace devomap {

struct StyleSpec {
  std::optional<std::string> field;  // nullopt: one neutral fill with outlines, no legend
  ClassMethod method = ClassMethod::Quantile;
  int classes = 5;
  std::string palette = kDefaultSequentialPalette;
  bool reverse = false;
};

struct LayerStyle {
  std::vector<Rgba> fills;  // one per area
  Legend legend;
  bool has_legend = false;
  std::optional<Classification> classification;  // when a field is coloured
};

// The colours used when nothing is classified, and for areas with no data.
inline constexpr Rgba kNeutralFill{205, 212, 222, 255};
inline constexpr Rgba kNoDataFill{236, 236, 236, 255};

// Throws UserError naming the field when it is missing or not numeric (listing numeric fields),
// and naming the palette when it is unknown or has no scheme for that many classes.
LayerStyle build_style(const Layer& layer, const StyleSpec& spec);

// Names of the layer's numeric fields (including the derived area_km2), in table order.
std::vector<std::string> numeric_fields(const Layer& layer);

}  // namespace devomap
