#pragma once
// Classification + palette + number format -> what the legend says (core/legend.hpp): one entry
// per class with its colour, range label and count, then the no-data entry (its own class,
// never zero), the title with units and the boundary rule.
#include <string>
#include <vector>

#include "core/classify.hpp"
#include "core/color.hpp"
#include "core/legend.hpp"
#include "core/number_format.hpp"
#include "core/palette.hpp"

namespace devomap {

// Matches kNoDataFill in core/style.hpp: a light grey no class colour uses.
inline constexpr Rgba kLegendNoDataColor{236, 236, 236, 255};

struct LegendOptions {
  std::string title;  // usually the field name or its label
  std::string units;  // e.g. "£ per head"; shown after the title in brackets
  std::string palette = kDefaultSequentialPalette;
  bool reverse = false;
  // Its automatic parts (scale, decimals) are fixed from the classification's edges each time
  // the legend is built, so the user's choices survive re-classing.
  NumberFormat number_format;
  Rgba no_data_color = kLegendNoDataColor;
  bool show_empty_no_data = true;  // keep the no-data entry when no area lacks data
  // The classes were locked from an earlier map (StyleSpec::locked); the subtitle says so, as
  // counts and GVF then describe other data than the breaks came from.
  bool breaks_locked = false;
  std::string note;  // under the entries (Legend::note)
};

// The palette a classification reads best with when the user has not chosen one: diverging
// (RdBu) for classes about a centre or with outliers at both ends (stddev, box, percentile),
// qualitative for categories (Set2 up to 8, Set3 up to 12), sequential (YlGnBu) otherwise.
std::string default_palette(const Classification& c);

// Colours from the named palette (class_colors: one or two classes use its three-colour
// version). Throws UserError naming the palette when it has no scheme for the class count.
Legend build_legend(const Classification& c, const LegendOptions& options);
// The same with the class colours given (one per class).
Legend build_legend(const Classification& c, const std::vector<Rgba>& class_colors,
                    const LegendOptions& options);

// The label of each class, following the boundary rule: "10 – 20" is more than 10 and at most
// 20; the first class includes its lower bound. Named classes (percentile, box, stddev) read
// "< 25% (3.1 – 7.4)"; empty ones "Lower outlier (none)"; categories their value.
std::vector<std::string> class_labels(const Classification& c, const NumberFormat& format);

// The sentence the legend shows about ranges; classes of whole numbers (counts) have their own.
std::string boundary_rule_text();
std::string whole_number_rule_text();

// A colour per value (no_data_color for no data), for fills.
std::vector<Rgba> colors_for_values(const Classification& c, const std::vector<double>& values,
                                    const std::vector<Rgba>& class_colors, Rgba no_data_color);

}  // namespace devomap
