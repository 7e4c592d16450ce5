#pragma once
// What a legend says, independent of how it is drawn: one entry per class (colour, label, count)
// and a separate no-data entry. Built by the style step from a Classification and a palette.
#include <cstddef>
#include <string>
#include <vector>

#include "core/color.hpp"

namespace devomap {

struct LegendEntry {
  Rgba color;
  std::string label;      // e.g. "10 – 20" or "Mayoral"
  std::size_t count = 0;  // areas in this class
  bool no_data = false;   // the no-data class (drawn distinctly, hatched or grey)
};

struct Legend {
  std::string title;     // usually the field name or its label
  std::string subtitle;  // e.g. "Quantile, 5 classes"
  std::vector<LegendEntry> entries;
  std::string boundary_rule;  // e.g. "Upper bound included: 10 – 20 means > 10 and ≤ 20"
  std::string note;           // how the figures were made (StyleSpec::legend_note)
};

}  // namespace devomap
