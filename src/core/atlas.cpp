#include "core/atlas.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>

#include "core/error.hpp"

namespace devomap {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string cell_text(const Column& c, std::size_t row) {
  if (c.is_null(row)) return {};
  if (row < c.text.size() && !c.text[row].empty()) return c.text[row];
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", c.values[row]);
  return buf;
}

// The name column that goes with a code column: ONS pairs XXyyCD with XXyyNM.
std::optional<std::size_t> partner_name_column(const Layer& layer, std::size_t field) {
  const Table& t = layer.attributes;
  if (layer.code_column && *layer.code_column == field && layer.name_column)
    return layer.name_column;
  const std::string name = lower(t.columns[field].name);
  if (name.size() > 2 && name.ends_with("cd")) {
    const std::string wanted = name.substr(0, name.size() - 2) + "nm";
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      if (lower(t.columns[i].name) == wanted) return i;
  }
  if (name == "code")
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      if (lower(t.columns[i].name) == "name") return i;
  return std::nullopt;
}

}  // namespace

AtlasGroups atlas_groups(const Layer& layer, std::string_view field) {
  const Table& t = layer.attributes;
  const auto column = t.find(field);
  if (!column) {
    std::string names;
    for (const Column& c : t.columns) names += (names.empty() ? "" : ", ") + c.name;
    throw UserError("one map per value of " + std::string(field) + ": the layer " +
                    layer.source_path + " has no such field; use one of: " + names);
  }
  const Column& c = t.at(*column);
  const auto name_column = partner_name_column(layer, *column);
  AtlasGroups out;
  std::map<std::string, std::size_t> index;
  for (std::size_t row = 0; row < layer.size(); ++row) {
    const std::string value = cell_text(c, row);
    if (value.empty()) {
      ++out.no_value;
      continue;
    }
    auto [it, fresh] = index.emplace(value, out.groups.size());
    if (fresh) out.groups.push_back(AtlasGroup{value, {}, {}, {}});
    AtlasGroup& g = out.groups[it->second];
    g.areas.push_back(row);
    if (row < layer.shape_bounds.size()) g.bounds.expand(layer.shape_bounds[row]);
    if (g.name.empty() && name_column) g.name = cell_text(t.at(*name_column), row);
  }
  for (AtlasGroup& g : out.groups) {
    if (g.name.empty() && g.areas.size() == 1) g.name = layer.name(g.areas.front());
    if (g.name.empty()) g.name = g.value;
  }
  return out;
}

Bounds atlas_extent(const Bounds& group, double margin, double min_side) {
  if (group.empty()) return group;
  const Vec2 c = group.centre();
  double half_w = group.width() / 2, half_h = group.height() / 2;
  const double pad = std::max(group.width(), group.height()) * margin;
  half_w = std::max(half_w + pad, min_side / 2);
  half_h = std::max(half_h + pad, min_side / 2);
  Bounds b;
  b.expand(Vec2{c.x - half_w, c.y - half_h});
  b.expand(Vec2{c.x + half_w, c.y + half_h});
  return b;
}

Rgba dimmed_fill(Rgba fill) {
  // A transparent fill (a context layer) stays transparent.
  if (fill.a == 0) return fill;
  constexpr Rgba kGrey{226, 228, 232, 255};
  constexpr int kKeep = 22;  // percent of the original colour that shows through
  const auto mix = [](int a, int b) {
    return static_cast<std::uint8_t>((a * kKeep + b * (100 - kKeep)) / 100);
  };
  const int luma = (fill.r * 30 + fill.g * 59 + fill.b * 11) / 100;
  // Grey it first, so the dimmed neighbours never compete with the page's colours.
  const int r = (fill.r * 3 + luma * 7) / 10, g = (fill.g * 3 + luma * 7) / 10,
            b = (fill.b * 3 + luma * 7) / 10;
  return Rgba{mix(r, kGrey.r), mix(g, kGrey.g), mix(b, kGrey.b), fill.a};
}

std::string file_name_safe(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    const bool keep = std::isalnum(u) || u >= 0x80 || ch == '-' || ch == '_' || ch == '.';
    const char c = keep ? ch : '_';
    if (c == '_' && !out.empty() && out.back() == '_') continue;
    if (c == '.' && out.empty()) continue;
    out += c;
  }
  while (!out.empty() && out.back() == '_' && out.size() > 1) out.pop_back();
  return out.empty() ? "_" : out;
}

bool has_atlas_placeholder(std::string_view pattern) {
  return pattern.find("{value}") != std::string_view::npos ||
         pattern.find("{name}") != std::string_view::npos;
}

std::string fill_atlas_pattern(std::string_view pattern, std::string_view value,
                               std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern.substr(i, 7) == "{value}") {
      out += file_name_safe(value);
      i += 7;
    } else if (pattern.substr(i, 6) == "{name}") {
      out += file_name_safe(name);
      i += 6;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

}  // namespace devomap
