#include "core/style.hpp"

#include "core/error.hpp"
#include "core/legend_builder.hpp"

namespace devomap {

std::vector<std::string> numeric_fields(const Layer& layer) {
  std::vector<std::string> names;
  for (const Column& c : layer.attributes.columns)
    if (c.is_number()) names.push_back(c.name);
  return names;
}

namespace {
std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s.empty() ? "(none)" : s;
}
}  // namespace

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
  if (!column.is_number())
    throw UserError("field '" + column.name + "' holds text (" + column.source_type +
                    "), so it cannot be coloured as numbers; numeric fields: " +
                    joined(numeric_fields(layer)));
  // Unknown palettes fail before the classification work, naming the palette.
  if (!find_palette(spec.palette))
    throw UserError("palette '" + spec.palette +
                    "' is not known; use a ColorBrewer name such as YlGnBu, Blues or RdYlBu");

  ClassifyOptions options;
  options.method = spec.method;
  options.classes = spec.classes;
  Classification c = classify(column.values, options);

  const std::vector<Rgba> colors = class_colors(spec.palette, c.class_count(), spec.reverse);
  style.fills = colors_for_values(c, column.values, colors, kNoDataFill);

  LegendOptions legend;
  legend.title = column.name;
  legend.palette = spec.palette;
  legend.reverse = spec.reverse;
  legend.no_data_color = kNoDataFill;
  legend.show_empty_no_data = false;
  style.legend = build_legend(c, colors, legend);
  style.has_legend = true;
  style.classification = std::move(c);
  return style;
}

}  // namespace devomap
