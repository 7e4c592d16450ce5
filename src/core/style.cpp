#include "core/style.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "core/legend_builder.hpp"
#include "core/number_parse.hpp"

namespace devomap {

std::vector<std::string> numeric_fields(const Layer& layer) {
  std::vector<std::string> names;
  for (const Column& c : layer.attributes.columns)
    if (c.is_number()) names.push_back(c.name);
  return names;
}

std::vector<std::string> colourable_fields(const Layer& layer) {
  std::vector<std::string> names;
  for (const Column& c : layer.attributes.columns) {
    if (c.is_number()) {
      names.push_back(c.name);
      continue;
    }
    std::set<std::string_view> distinct;
    for (const std::string& t : c.text) {
      if (!t.empty()) distinct.insert(t);
      if (distinct.size() > static_cast<std::size_t>(kMaxCategories)) break;
    }
    if (!distinct.empty() && distinct.size() <= static_cast<std::size_t>(kMaxCategories))
      names.push_back(c.name);
  }
  return names;
}

std::vector<double> manual_breaks_from(const Classification& c) {
  std::vector<double> breaks;
  if (c.is_categorical() || c.edges.size() < 2) return breaks;
  if (c.edges.size() == 2) {
    // One class: a single break in the middle gives the user something to drag.
    if (c.edges[1] > c.edges[0]) breaks.push_back((c.edges[0] + c.edges[1]) / 2);
    return breaks;
  }
  for (std::size_t i = 1; i + 1 < c.edges.size(); ++i) {
    // Empty fixed-meaning classes repeat an edge; manual breaks must increase strictly.
    if (breaks.empty() || c.edges[i] > breaks.back()) breaks.push_back(c.edges[i]);
    if (static_cast<int>(breaks.size()) == kMaxClasses - 1) break;
  }
  return breaks;
}

namespace {
std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s.empty() ? "(none)" : s;
}
// Categories of a text column in the spec's order, coloured by the spec's fixed colours where
// given and by a qualitative palette otherwise.
// Locked categories applied to another text field: the same categories in the same order (so
// they keep their colours, empty ones included), and any new values after them.
Classification recount_text(const Classification& locked, const Column& column) {
  if (!locked.is_categorical() || locked.categories.empty() ||
      !std::isnan(locked.categories.front().value))
    throw UserError("the locked breaks are numeric classes, but field '" + column.name +
                    "' holds text; unlock the breaks to colour it by its values");
  Classification c = locked;
  for (Category& cat : c.categories) cat.count = 0;
  c.no_data = 0;
  for (const std::string& t : column.text) {
    if (t.empty()) {
      ++c.no_data;
      continue;
    }
    const int cls = c.class_of(t);
    if (cls >= 0) {
      ++c.categories[static_cast<std::size_t>(cls)].count;
      continue;
    }
    if (c.categories.size() >= static_cast<std::size_t>(kMaxCategories))
      throw UserError("field '" + column.name + "' has values beyond the " +
                      std::to_string(kMaxCategories) +
                      " locked categories; unlock the breaks to colour it");
    c.categories.push_back({t, std::nan(""), 1});
  }
  c.note = "categories locked from an earlier map";
  return c;
}

// The legend and the rest of a style once its classes and colours are known; the same for
// numbers and categories so both read the spec's title, units and number format.
void finish_style(LayerStyle& style, Classification c, const std::vector<Rgba>& colors,
                  const Column& column, const StyleSpec& spec, const std::string& palette) {
  LegendOptions legend;
  legend.title = spec.legend_title.empty() ? column.name : spec.legend_title;
  legend.units = spec.units;
  legend.palette = palette;
  legend.reverse = spec.reverse && !c.is_categorical();
  legend.number_format = spec.number_format;
  legend.no_data_color = kNoDataFill;
  legend.show_empty_no_data = false;
  legend.breaks_locked = spec.locked.has_value();
  legend.note = spec.legend_note;
  style.legend = build_legend(c, colors, legend);
  style.has_legend = true;
  style.classification = std::move(c);
  style.palette = palette;
}

// Colours the areas set apart by a fixed category and lists each category in the legend after
// the classes (before "No data"), in the spec's category order, then by text.
void add_fixed_categories(LayerStyle& style, const std::vector<std::string>& fixed,
                          const StyleSpec& spec) {
  std::vector<std::string> order;
  std::map<std::string, std::size_t> counts;
  for (const std::string& t : fixed)
    if (!t.empty() && counts[t]++ == 0) order.push_back(t);
  auto rank = [&](const std::string& label) {
    const auto it = std::find(spec.category_order.begin(), spec.category_order.end(), label);
    return static_cast<std::size_t>(it - spec.category_order.begin());
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  auto colour_of = [&](const std::string& label) {
    const auto it = spec.category_colors.find(label);
    return it == spec.category_colors.end() ? kFixedCategoryFill : it->second;
  };
  for (std::size_t i = 0; i < fixed.size() && i < style.fills.size(); ++i)
    if (!fixed[i].empty()) style.fills[i] = colour_of(fixed[i]);
  auto& entries = style.legend.entries;
  auto at =
      std::find_if(entries.begin(), entries.end(), [](const LegendEntry& e) { return e.no_data; });
  for (const std::string& label : order) {
    at = entries.insert(at, {colour_of(label), label, counts[label], false});
    ++at;
  }
  style.fixed_categories = fixed;
}

LayerStyle build_category_style(const Column& column, const StyleSpec& spec) {
  Classification c;
  try {
    c = spec.locked ? recount_text(*spec.locked, column) : classify_categorical(column.text);
  } catch (const UserError& e) {
    throw UserError("field '" + column.name + "' cannot be shown as categories: " + e.what());
  }
  auto rank = [&](const Category& cat) {
    const auto it = std::find(spec.category_order.begin(), spec.category_order.end(), cat.label);
    return static_cast<std::size_t>(it - spec.category_order.begin());
  };
  std::stable_sort(c.categories.begin(), c.categories.end(),
                   [&](const Category& a, const Category& b) { return rank(a) < rank(b); });
  c.counts.clear();
  c.class_names.clear();
  for (const Category& cat : c.categories) {
    c.counts.push_back(cat.count);
    c.class_names.push_back(cat.label);
  }

  // Palette colours go to the categories without a fixed colour, in order, so two views of
  // the same field agree on every fixed category.
  std::size_t free_count = 0;
  for (const Category& cat : c.categories) free_count += !spec.category_colors.count(cat.label);
  std::string palette = spec.palette;
  const auto info = find_palette(palette);
  if (!info || info->kind != PaletteKind::Qualitative ||
      info->max_classes < static_cast<int>(free_count))
    palette = free_count > 8 ? "Set3" : "Set2";
  std::vector<Rgba> free_colors;
  if (free_count > 0)
    free_colors =
        class_colors(palette, static_cast<int>(std::max<std::size_t>(free_count, 3)), spec.reverse);
  std::vector<Rgba> colors;
  std::size_t next_free = 0;
  for (const Category& cat : c.categories) {
    const auto fixed = spec.category_colors.find(cat.label);
    colors.push_back(fixed != spec.category_colors.end() ? fixed->second
                                                         : free_colors[next_free++]);
  }

  LayerStyle style;
  style.fills.reserve(column.text.size());
  for (const std::string& t : column.text) {
    const int cls = c.class_of(t);
    style.fills.push_back(cls < 0 ? kNoDataFill : colors[static_cast<std::size_t>(cls)]);
  }
  finish_style(style, std::move(c), colors, column, spec, palette);
  return style;
}

}  // namespace

StyleSpec with_written_units(const Layer& layer, StyleSpec spec) {
  if (!spec.field || spec.number_format.unit != NumberUnit::Plain) return spec;
  const auto c = layer.attributes.find(*spec.field);
  if (!c || !layer.attributes.columns[*c].is_number()) return spec;
  const Column& column = layer.attributes.columns[*c];
  std::size_t written = 0, percent = 0;
  for (const std::string& t : column.text) {
    const std::string_view v = trim_cell(t);
    if (v.empty()) continue;
    ++written;
    percent += v.back() == '%';
  }
  // Most cells, so a stray "%" in a note does not turn a column of counts into percentages.
  if (written > 0 && 2 * percent > written) {
    spec.number_format.unit = NumberUnit::Percent;
    spec.number_format.percent_of_one = false;
  }
  return spec;
}

LayerStyle build_style(const Layer& layer, const StyleSpec& spec) {
  LayerStyle style;
  if (!spec.field) {
    style.fills.assign(layer.size(), kNeutralFill);
    return style;
  }
  const std::string& field = *spec.field;
  const auto col = layer.attributes.find(field);
  if (!col)
    throw UserError("field '" + field + "' is not in layer '" + layer.layer_name +
                    "'; numeric fields: " + joined(numeric_fields(layer)));
  const Column& column = layer.attributes.columns[*col];
  if (!column.is_number()) {
    try {
      return build_category_style(column, spec);
    } catch (const UserError& e) {
      // Usually a name or code field: say which fields can be coloured instead.
      throw UserError(std::string(e.what()) + "; numeric fields: " + joined(numeric_fields(layer)));
    }
  }
  // Unknown palettes fail before the classification work, naming the palette.
  if (!find_palette(spec.palette))
    throw UserError("palette '" + spec.palette +
                    "' is not known; use a ColorBrewer name such as YlGnBu, Blues or RdYlBu");

  // Areas set apart by a fixed category take no part in the classes. Only such styles copy
  // the values; every other one classifies the column as it is.
  std::vector<std::string> fixed;
  std::vector<double> set_apart_values;
  if (spec.fixed_category_field) {
    fixed.resize(layer.size());
    set_apart_values = column.values;
    const auto fc = layer.attributes.find(*spec.fixed_category_field);
    if (!fc || layer.attributes.columns[*fc].is_number())
      throw UserError("field '" + *spec.fixed_category_field +
                      "' (the categories set apart from the classes) is not a text field of "
                      "layer '" +
                      layer.layer_name + "'");
    const Column& cats = layer.attributes.columns[*fc];
    for (std::size_t i = 0; i < layer.size() && i < cats.text.size(); ++i)
      if (!cats.text[i].empty()) {
        fixed[i] = cats.text[i];
        set_apart_values[i] = std::nan("");
      }
  }
  const std::vector<double>& classed = spec.fixed_category_field ? set_apart_values : column.values;

  Classification c;
  if (spec.locked) {
    if (spec.locked->is_categorical() && !spec.locked->categories.empty() &&
        std::isnan(spec.locked->categories.front().value))
      throw UserError("the locked breaks are text categories, but field '" + field +
                      "' is numeric; unlock the breaks to colour it");
    c = recount(*spec.locked, classed);
  } else {
    ClassifyOptions options;
    options.method = spec.method;
    // A count the method ignores is not passed, so the note speaks only of what matters.
    options.classes = classes_ignored(spec.method) ? 0 : spec.classes;
    options.manual_breaks = spec.manual_breaks;
    try {
      c = classify(classed, options);
    } catch (const UserError& e) {
      throw UserError("field '" + field + "': " + e.what());
    }
  }

  // Categories of numbers may outnumber a sequential scheme; they read best as qualitative.
  std::string palette = spec.palette;
  if (c.is_categorical() && c.class_count() > find_palette(palette)->max_classes)
    palette = default_palette(c);
  const std::vector<Rgba> colors = class_colors(palette, c.class_count(), spec.reverse);
  style.fills = colors_for_values(c, classed, colors, kNoDataFill);
  const std::size_t set_apart = static_cast<std::size_t>(
      std::count_if(fixed.begin(), fixed.end(), [](const std::string& t) { return !t.empty(); }));
  c.no_data -= std::min(c.no_data, set_apart);  // set apart is not "no data"

  finish_style(style, std::move(c), colors, column, spec, palette);
  if (set_apart > 0) add_fixed_categories(style, fixed, spec);
  return style;
}

StyleSpec restyle_for_field(const StyleSpec& current, const std::optional<std::string>& field) {
  StyleSpec spec;
  spec.field = field;
  // Manual breaks and categories belonged to the old field's values; text fields are
  // categorical whatever the method says.
  const bool own_values =
      current.method == ClassMethod::Manual || current.method == ClassMethod::Categorical;
  spec.method = own_values ? ClassMethod::Quantile : current.method;
  spec.classes = current.classes;
  spec.palette = current.palette;
  spec.reverse = current.reverse;
  return spec;
}

}  // namespace devomap
