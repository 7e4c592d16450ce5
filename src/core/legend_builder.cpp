#include "core/legend_builder.hpp"

#include <algorithm>
#include <cstdio>

#include "core/error.hpp"

namespace devomap {

namespace {

std::string title_with_units(const LegendOptions& o) {
  if (o.units.empty()) return o.title;
  if (o.title.empty()) return o.units;
  return o.title + " (" + o.units + ")";
}

// What the classes are, in words a reader of the map uses; the goodness of fit and other
// figures of the method stay in the window's style panel and `devomap classify`.
std::string subtitle(const Classification& c, bool locked) {
  const char* lock_note = locked ? "; kept from another map" : "";
  if (c.is_categorical()) return locked ? "Categories kept from another map" : "";
  std::string how;
  switch (c.method) {
    case ClassMethod::Quantile:
      how = "Quantiles: equal counts";
      break;
    case ClassMethod::Equal:
      how = "Equal-width classes";
      break;
    case ClassMethod::Jenks:
      how = "Natural breaks";
      break;
    case ClassMethod::StdDev:
      how = "Standard deviations";
      break;
    case ClassMethod::Pretty:
      how = "Round-number classes";
      break;
    case ClassMethod::Percentile:
      how = "Percentiles";
      break;
    case ClassMethod::Box:
      how = "Quartiles and outliers";
      break;
    case ClassMethod::HeadTail:
      how = "Head/tail breaks";
      break;
    case ClassMethod::Log:
      how = "Log scale";
      break;
    case ClassMethod::Manual:
      how = "Chosen breaks";
      break;
    case ClassMethod::Categorical:
      break;
  }
  return how + lock_note;
}

std::string range_text(const Classification& c, std::size_t i, const NumberFormat& f) {
  double low = c.edges[i], high = c.edges[i + 1];
  // Whole numbers: the class holds low+1 .. high (the first low .. high), so no bound is shared.
  if (c.whole_numbers && i > 0) low = std::min(low + 1, high);
  if (low == high) return format_number(low, f);
  return format_range(low, high, f);
}

}  // namespace

std::string default_palette(const Classification& c) {
  switch (c.method) {
    case ClassMethod::StdDev:
    case ClassMethod::Box:
    case ClassMethod::Percentile:
      return kDefaultDivergingPalette;
    case ClassMethod::Categorical:
      return c.class_count() <= find_palette(kDefaultQualitativePalette)->max_classes
                 ? kDefaultQualitativePalette
                 : "Set3";
    default:
      return kDefaultSequentialPalette;
  }
}

std::string whole_number_rule_text() {
  return "Whole numbers: 3 \xE2\x80\x93 4 means 3 or 4.";
}

std::string boundary_rule_text() {
  return "Upper bound included: 10 \xE2\x80\x93 20 means more than 10, up to and including 20; "
         "the first class also includes its lower bound.";
}

std::vector<std::string> class_labels(const Classification& c, const NumberFormat& format) {
  std::vector<std::string> out;
  if (c.is_categorical()) {
    for (const Category& cat : c.categories) out.push_back(cat.label);
    return out;
  }
  if (c.class_count() == 0) return out;
  const NumberFormat f = resolve_number_format(format, c.edges);
  for (std::size_t i = 0; i < c.counts.size(); ++i) {
    if (i < c.class_names.size()) {
      const bool empty = c.counts[i] == 0 && c.edges[i] == c.edges[i + 1];
      out.push_back(c.class_names[i] + " (" + (empty ? "none" : range_text(c, i, f)) + ")");
    } else {
      out.push_back(range_text(c, i, f));
    }
  }
  return out;
}

Legend build_legend(const Classification& c, const LegendOptions& options) {
  const int n = c.class_count();
  const std::vector<Rgba> colors =
      n > 0 ? class_colors(options.palette, n, options.reverse) : std::vector<Rgba>{};
  return build_legend(c, colors, options);
}

Legend build_legend(const Classification& c, const std::vector<Rgba>& class_colors,
                    const LegendOptions& options) {
  if (class_colors.size() != c.counts.size())
    throw UserError("the legend needs one colour per class: " + std::to_string(c.counts.size()) +
                    " classes but " + std::to_string(class_colors.size()) + " colours");
  Legend legend;
  legend.title = title_with_units(options);
  legend.subtitle = subtitle(c, options.breaks_locked);
  if (!c.is_categorical())
    legend.boundary_rule = c.whole_numbers ? whole_number_rule_text() : boundary_rule_text();
  legend.note = options.note;
  const std::vector<std::string> labels = class_labels(c, options.number_format);
  for (std::size_t i = 0; i < c.counts.size(); ++i)
    legend.entries.push_back({class_colors[i], labels[i], c.counts[i], false});

  const std::size_t missing = c.no_data - c.non_positive;
  if (missing > 0 || options.show_empty_no_data)
    legend.entries.push_back({options.no_data_color, "No data", missing, true});
  if (c.non_positive > 0)
    legend.entries.push_back(
        {options.no_data_color, "\xE2\x89\xA4 0 (not on a log scale)", c.non_positive, true});
  return legend;
}

std::vector<Rgba> colors_for_values(const Classification& c, const std::vector<double>& values,
                                    const std::vector<Rgba>& class_colors, Rgba no_data_color) {
  std::vector<Rgba> out;
  out.reserve(values.size());
  for (double v : values) {
    const int cls = c.class_of(v);
    out.push_back(cls < 0 ? no_data_color : class_colors[static_cast<std::size_t>(cls)]);
  }
  return out;
}

}  // namespace devomap
