#include "core/alt_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>

#include "core/number_format.hpp"

namespace devomap {

namespace {

// GSS entity codes (the first three characters) and what they name.
struct KnownType {
  const char* prefixes;  // space-separated
  AreaType type;
};
const KnownType kKnownTypes[] = {
    {"E06 E07 E08 E09 W06 S12 N09", {"local authority district", "local authority districts"}},
    {"E47 E61", {"combined authority", "combined authorities"}},
    {"E12", {"region", "regions"}},
    {"E92 W92 S92 N92 K02 K03 K04", {"country", "countries"}},
    {"E05 W05 S13 N08", {"ward", "wards"}},
    {"E01 W01", {"LSOA", "LSOAs"}},
    {"E02 W02", {"MSOA", "MSOAs"}},
    {"E10", {"county", "counties"}},
    {"E14 W07", {"constituency", "constituencies"}},
};

const KnownType* type_of_code(const std::string& code) {
  if (code.size() < 3) return nullptr;
  const std::string prefix = code.substr(0, 3);
  for (const KnownType& k : kKnownTypes)
    if (std::string(k.prefixes).find(prefix) != std::string::npos) return &k;
  return nullptr;
}

// The format the legend uses for this classification's numbers.
NumberFormat legend_format(const StyleSpec& spec, const Classification& c) {
  if (!c.edges.empty()) return resolve_number_format(spec.number_format, c.edges);
  std::vector<double> values;
  for (const Category& cat : c.categories)
    if (std::isfinite(cat.value)) values.push_back(cat.value);
  return resolve_number_format(spec.number_format, values);
}

std::string area_label(const Layer& layer, std::size_t i) {
  std::string name = layer.name(i);
  if (name.empty()) name = layer.code(i);
  if (name.empty()) name = "area " + std::to_string(i + 1);
  return name;
}

std::string count_of(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::vector<std::string> area_value_texts(const Layer& layer, const StyleSpec& spec,
                                          const LayerStyle& style) {
  std::vector<std::string> out;
  if (!spec.field || !style.classification) return out;
  const auto col = layer.attributes.find(*spec.field);
  if (!col) return out;
  const Column& column = layer.attributes.columns[*col];
  out.reserve(layer.size());
  if (!column.is_number()) {
    for (std::size_t i = 0; i < layer.size(); ++i)
      out.push_back(column.text[i].empty() ? "No data" : column.text[i]);
    return out;
  }
  const NumberFormat format = legend_format(spec, *style.classification);
  for (std::size_t i = 0; i < layer.size(); ++i) {
    const double v = column.values[i];
    const std::string_view fixed =
        i < style.fixed_categories.size() ? std::string_view(style.fixed_categories[i]) : "";
    if (fixed.empty())
      out.push_back(format_number(v, format));
    else if (std::isfinite(v))
      out.push_back(format_number(v, format) + " (" + std::string(fixed) + ")");
    else
      out.emplace_back(fixed);  // a known state ("No strategic authority"), not "No data"
  }
  return out;
}

std::vector<std::string> area_numbers(const Layer& layer, const StyleSpec& spec) {
  std::vector<std::string> out;
  if (!spec.field) return out;
  const auto col = layer.attributes.find(*spec.field);
  if (!col || !layer.attributes.columns[*col].is_number()) return out;
  const Column& column = layer.attributes.columns[*col];
  out.reserve(layer.size());
  char buf[400];  // fixed notation of any double fits
  for (std::size_t i = 0; i < layer.size(); ++i) {
    const double v = column.values[i];
    if (!std::isfinite(v)) {
      out.emplace_back();
      continue;
    }
    // The shortest text that reads back as the same number: no units, no separators.
    const auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed).ptr;
    out.emplace_back(buf, end);
  }
  return out;
}

AreaType area_type(const Layer& layer) {
  std::map<const KnownType*, std::size_t> counts;
  for (std::size_t i = 0; i < layer.size(); ++i) ++counts[type_of_code(layer.code(i))];
  for (const auto& [type, n] : counts)
    // Nearly all of one kind: a stray code (a national total row) does not change what it is.
    if (type && n * 10 >= layer.size() * 9) return type->type;
  return {};
}

std::string draft_alt_text(const Layer& layer, const StyleSpec& spec, const LayerStyle& style,
                           const std::string& title) {
  const AreaType type = area_type(layer);
  const std::size_t n = layer.size();
  std::string text = "Map";
  if (!style.classification || !style.has_legend) {
    text += title.empty() ? " of " : " of " + title + ": ";
    return text + std::to_string(n) + " " + (type.many.empty() ? "areas" : type.many) + ".";
  }
  const Classification& c = *style.classification;
  const std::string field =
      style.legend.title.empty() && spec.field ? *spec.field : style.legend.title;
  text += " of " + (title.empty() ? field : title + ": " + field);
  if (!type.one.empty()) text += " by " + type.one;
  text += " across " + count_of(n, "area", "areas");

  if (c.is_categorical()) {
    text += ", in " + count_of(c.categories.size(), "category", "categories") + ".";
    std::vector<const Category*> order;
    for (const Category& cat : c.categories) order.push_back(&cat);
    std::stable_sort(order.begin(), order.end(),
                     [](const Category* a, const Category* b) { return a->count > b->count; });
    const std::size_t shown = std::min<std::size_t>(3, order.size());
    if (shown > 0) {
      text += shown == order.size() ? " By size: " : " Largest: ";
      for (std::size_t k = 0; k < shown; ++k) {
        text += (k ? ", " : "") + order[k]->label + " (";
        text +=
            k == 0 ? count_of(order[k]->count, "area", "areas") : std::to_string(order[k]->count);
        text += ")";
      }
      if (shown < order.size())
        text += "; " + count_of(order.size() - shown, "more category", "more categories");
      text += ".";
    }
  } else {
    const Column* column = nullptr;
    if (spec.field)
      if (const auto col = layer.attributes.find(*spec.field))
        column = &layer.attributes.columns[*col];
    const NumberFormat format = legend_format(spec, c);
    std::optional<std::size_t> hi, lo;
    if (column && column->is_number()) {
      const std::vector<double>& v = column->values;
      const auto& fixed = style.fixed_categories;
      for (std::size_t i = 0; i < v.size() && i < n; ++i) {
        if (!std::isfinite(v[i]) || (i < fixed.size() && !fixed[i].empty())) continue;
        if (!hi || v[i] > v[*hi]) hi = i;
        if (!lo || v[i] < v[*lo]) lo = i;
      }
      const int k = c.class_count();
      text += ", in " + count_of(static_cast<std::size_t>(k), "class", "classes");
      if (hi && lo) {
        text += " from " + format_number(v[*lo], format) + " to " + format_number(v[*hi], format) +
                ". Highest: " + area_label(layer, *hi) + " (" + format_number(v[*hi], format) +
                "); lowest: " + area_label(layer, *lo) + " (" + format_number(v[*lo], format) + ")";
      }
    }
    std::map<std::string, std::size_t> apart;
    for (const std::string& f : style.fixed_categories)
      if (!f.empty()) ++apart[f];
    for (const auto& [label, count] : apart)
      text += "; " + count_of(count, "area", "areas") + " shown apart: " + label;
    if (c.no_data > 0) text += "; " + count_of(c.no_data, "area has", "areas have") + " no data";
    text += ".";
    if (!style.legend.note.empty()) text += " " + style.legend.note;
    return text;
  }
  if (c.no_data > 0) text += " " + count_of(c.no_data, "area has", "areas have") + " no data.";
  return text;
}

}  // namespace devomap
