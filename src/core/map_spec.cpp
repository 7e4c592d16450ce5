#include "core/map_spec.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/join.hpp"
#include "core/palette.hpp"
#include "core/rollup.hpp"

namespace devomap {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

// Style members in the order the docs list them and the writer writes them.
constexpr std::pair<StyleMember, const char*> kStyleMembers[] = {
    {StyleMember::Field, "field"},
    {StyleMember::Method, "method"},
    {StyleMember::Classes, "classes"},
    {StyleMember::Palette, "palette"},
    {StyleMember::Reverse, "reverse"},
    {StyleMember::LegendTitle, "legend_title"},
    {StyleMember::Units, "units"},
    {StyleMember::CategoryOrder, "category_order"},
    {StyleMember::CategoryColors, "category_colors"},
    {StyleMember::FixedCategoryField, "fixed_category_field"},
    {StyleMember::ManualBreaks, "manual_breaks"},
    {StyleMember::NumberFormat, "number_format"},
    {StyleMember::Locked, "locked"},
};

std::vector<std::string> style_member_names() {
  std::vector<std::string> names;
  for (const auto& [member, name] : kStyleMembers) names.emplace_back(name);
  return names;
}

std::optional<StyleMember> style_member_named(std::string_view name) {
  for (const auto& [member, n] : kStyleMembers)
    if (name == n) return member;
  return std::nullopt;
}

const char* const kScaleNames[] = {"auto", "none", "thousands", "millions", "billions", "each"};

std::string join_names(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

std::string child(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
std::string item(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// What a value is, for "expected X, got Y".
std::string describe(const json& v) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return "\"" + s + "\"";
  }
  if (v.is_number() || v.is_boolean() || v.is_null()) return v.dump();
  if (v.is_object()) return "an object";
  if (v.is_array()) return "a list";
  return "something else";
}

std::string paper_name(Paper p) {
  return p == Paper::A4 ? "A4" : p == Paper::A3 ? "A3" : "slide";
}

// Reads JSON values, naming the file and the JSON path in every error.
class Reader {
 public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw UserError(origin_ + ": " + path + ": " + what);
  }
  [[noreturn]] void expected(const std::string& path, const std::string& what,
                             const json& got) const {
    fail(path, "expected " + what + ", got " + describe(got));
  }

  const json& object(const json& v, const std::string& path,
                     const std::vector<std::string>& allowed) const {
    if (!v.is_object()) expected(path, "an object { ... }", v);
    for (const auto& [key, value] : v.items()) {
      bool known = false;
      for (const auto& a : allowed) known = known || a == key;
      if (!known)
        fail(child(path, key), "unknown member; " + (path.empty() ? std::string("a spec") : path) +
                                   " takes " + join_names(allowed));
    }
    return v;
  }
  const json& list(const json& v, const std::string& path) const {
    if (!v.is_array()) expected(path, "a list [ ... ]", v);
    return v;
  }
  std::string text(const json& v, const std::string& path) const {
    if (!v.is_string()) expected(path, "text in quotes", v);
    return v.get<std::string>();
  }
  bool boolean(const json& v, const std::string& path) const {
    if (!v.is_boolean()) expected(path, "true or false", v);
    return v.get<bool>();
  }
  double number(const json& v, const std::string& path) const {
    if (!v.is_number()) expected(path, "a number", v);
    return v.get<double>();
  }
  int whole(const json& v, const std::string& path, int min, int max) const {
    const bool integral = v.is_number_integer() ||
                          (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
    if (!integral) expected(path, "a whole number", v);
    const double d = v.get<double>();
    if (d < min || d > max)
      fail(path, v.dump() + " is out of range; give " + std::to_string(min) + " to " +
                     std::to_string(max));
    return static_cast<int>(d);
  }
  std::vector<std::string> texts(const json& v, const std::string& path) const {
    std::vector<std::string> out;
    std::size_t i = 0;
    for (const json& e : list(v, path)) out.push_back(text(e, item(path, i++)));
    return out;
  }
  std::vector<double> numbers(const json& v, const std::string& path) const {
    std::vector<double> out;
    std::size_t i = 0;
    for (const json& e : list(v, path)) out.push_back(number(e, item(path, i++)));
    return out;
  }
  Rgba colour(const json& v, const std::string& path) const {
    Rgba c;
    if (!v.is_string() || !parse_colour(v.get<std::string>(), c))
      expected(path, "a colour \"#rrggbb\"", v);
    return c;
  }
  Bounds extent(const json& v, const std::string& path) const {
    const json& l = list(v, path);
    if (l.size() != 4) expected(path, "[min_x, min_y, max_x, max_y]", v);
    Bounds b;
    b.min_x = number(l[0], item(path, 0));
    b.min_y = number(l[1], item(path, 1));
    b.max_x = number(l[2], item(path, 2));
    b.max_y = number(l[3], item(path, 3));
    if (!(b.min_x < b.max_x && b.min_y < b.max_y))
      fail(path, "the extent is empty; give [min_x, min_y, max_x, max_y] with min < max");
    return b;
  }
  // "#rrggbb" or "#rrggbbaa".
  static bool parse_colour(const std::string& s, Rgba& out) {
    if (s.size() == 7) return parse_hex(s, out);
    if (s.size() != 9 || !parse_hex(s.substr(0, 7), out)) return false;
    unsigned a = 0;
    if (std::sscanf(s.c_str() + 7, "%02x", &a) != 1) return false;
    out.a = static_cast<std::uint8_t>(a);
    return true;
  }

 private:
  std::string origin_;
};

std::string colour_text(Rgba c) {
  std::string s = to_hex(c);
  if (c.a != 255) {
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02x", c.a);
    s += buf;
  }
  return s;
}

// --- style ---

ojson number_format_json(const NumberFormat& f) {
  ojson j;
  j["unit"] = to_string(f.unit);
  j["scale"] = kScaleNames[static_cast<int>(f.scale)];
  j["decimals"] = f.decimals ? ojson(*f.decimals) : ojson(nullptr);
  j["thousands_separator"] = f.thousands_separator;
  j["per_head"] = f.per_head;
  j["percent_of_one"] = f.percent_of_one;
  return j;
}

NumberFormat read_number_format(const Reader& r, const json& v, const std::string& path) {
  r.object(v, path,
           {"unit", "scale", "decimals", "thousands_separator", "per_head", "percent_of_one"});
  NumberFormat f;
  if (v.contains("unit")) {
    const std::string p = child(path, "unit");
    const auto unit = parse_number_unit(r.text(v["unit"], p));
    if (!unit) r.fail(p, describe(v["unit"]) + " is not a unit; use plain, pounds or percent");
    f.unit = *unit;
  }
  if (v.contains("scale")) {
    const std::string p = child(path, "scale");
    const std::string s = r.text(v["scale"], p);
    bool found = false;
    for (int i = 0; i < 6; ++i)
      if (s == kScaleNames[i]) {
        f.scale = static_cast<NumberScale>(i);
        found = true;
      }
    if (!found)
      r.fail(p, describe(v["scale"]) +
                    " is not a scale; use auto, none, thousands, millions, billions or each");
  }
  if (v.contains("decimals") && !v["decimals"].is_null())
    f.decimals = r.whole(v["decimals"], child(path, "decimals"), 0, 10);
  if (v.contains("thousands_separator"))
    f.thousands_separator = r.boolean(v["thousands_separator"], child(path, "thousands_separator"));
  if (v.contains("per_head")) f.per_head = r.boolean(v["per_head"], child(path, "per_head"));
  if (v.contains("percent_of_one"))
    f.percent_of_one = r.boolean(v["percent_of_one"], child(path, "percent_of_one"));
  return f;
}

ClassMethod read_method(const Reader& r, const json& v, const std::string& path) {
  const auto m = parse_class_method(r.text(v, path));
  if (!m)
    r.fail(path, describe(v) + " is not a classification method; use one of " +
                     join_names(class_method_names()));
  return *m;
}

// Locked breaks: the classes to apply again (counts are recomputed on the data).
ojson locked_json(const Classification& c) {
  ojson j;
  j["method"] = to_string(c.method);
  j["edges"] = c.edges;
  j["class_names"] = c.class_names;
  ojson cats = ojson::array();
  for (const Category& cat : c.categories)
    cats.push_back({{"label", cat.label},
                    {"value", std::isnan(cat.value) ? ojson(nullptr) : ojson(cat.value)}});
  j["categories"] = cats;
  if (c.method == ClassMethod::StdDev) {
    j["centre"] = c.centre;
    j["stddev"] = c.stddev;
  }
  return j;
}

Classification read_locked(const Reader& r, const json& v, const std::string& path) {
  r.object(v, path, {"method", "edges", "class_names", "categories", "centre", "stddev"});
  if (!v.contains("method"))
    r.fail(child(path, "method"), "missing; name the method the breaks came from");
  Classification c;
  c.method = read_method(r, v["method"], child(path, "method"));
  if (v.contains("edges")) c.edges = r.numbers(v["edges"], child(path, "edges"));
  if (v.contains("class_names"))
    c.class_names = r.texts(v["class_names"], child(path, "class_names"));
  if (v.contains("categories")) {
    const std::string p = child(path, "categories");
    std::size_t i = 0;
    for (const json& e : r.list(v["categories"], p)) {
      const std::string ip = item(p, i++);
      r.object(e, ip, {"label", "value"});
      Category cat;
      if (!e.contains("label")) r.fail(child(ip, "label"), "missing");
      cat.label = r.text(e["label"], child(ip, "label"));
      cat.value = e.contains("value") && !e["value"].is_null()
                      ? r.number(e["value"], child(ip, "value"))
                      : std::nan("");
      c.categories.push_back(std::move(cat));
    }
  }
  if (v.contains("centre")) c.centre = r.number(v["centre"], child(path, "centre"));
  if (v.contains("stddev")) c.stddev = r.number(v["stddev"], child(path, "stddev"));
  if (c.is_categorical()) {
    if (c.categories.empty()) r.fail(path, "categorical locked breaks need their categories");
    c.counts.assign(c.categories.size(), 0);
  } else {
    if (c.edges.size() < 2) r.fail(child(path, "edges"), "give at least two edges (one class)");
    for (std::size_t i = 1; i < c.edges.size(); ++i)
      if (c.edges[i] < c.edges[i - 1])
        r.fail(item(child(path, "edges"), i), "edges must not decrease");
    c.counts.assign(c.edges.size() - 1, 0);
  }
  c.classes_requested = c.class_count();
  return c;
}

ojson style_json(const StylePatch& patch) {
  ojson j = ojson::object();
  const StyleSpec& s = patch.values;
  using M = StyleMember;
  for (const auto& [member, key] : kStyleMembers) {
    if (!patch.has(member)) continue;
    switch (member) {
      case M::Field:
        j[key] = s.field ? ojson(*s.field) : ojson(nullptr);
        break;
      case M::Method:
        j[key] = to_string(s.method);
        break;
      case M::Classes:
        j[key] = s.classes;
        break;
      case M::Palette:
        j[key] = s.palette;
        break;
      case M::Reverse:
        j[key] = s.reverse;
        break;
      case M::LegendTitle:
        j[key] = s.legend_title;
        break;
      case M::Units:
        j[key] = s.units;
        break;
      case M::CategoryOrder:
        j[key] = s.category_order;
        break;
      case M::CategoryColors: {
        ojson colours = ojson::object();
        for (const auto& [value, colour] : s.category_colors) colours[value] = colour_text(colour);
        j[key] = colours;
        break;
      }
      case M::FixedCategoryField:
        j[key] = s.fixed_category_field ? ojson(*s.fixed_category_field) : ojson(nullptr);
        break;
      case M::ManualBreaks:
        j[key] = s.manual_breaks;
        break;
      case M::NumberFormat:
        j[key] = number_format_json(s.number_format);
        break;
      case M::Locked:
        j[key] = s.locked ? locked_json(*s.locked) : ojson(nullptr);
        break;
    }
  }
  return j;
}

StylePatch read_style(const Reader& r, const json& v, const std::string& path) {
  r.object(v, path, style_member_names());
  StylePatch patch;
  StyleSpec& s = patch.values;
  for (const auto& [key, value] : v.items()) {
    const std::string p = child(path, key);
    patch.keys.insert(*style_member_named(key));  // r.object refused any other name
    if (key == "field") {
      if (!value.is_null()) s.field = r.text(value, p);
    } else if (key == "method") {
      s.method = read_method(r, value, p);
    } else if (key == "classes") {
      s.classes = r.whole(value, p, kMinClasses, kMaxClasses);
    } else if (key == "palette") {
      s.palette = r.text(value, p);
      const auto info = find_palette(s.palette);
      if (!info)
        r.fail(p, describe(value) +
                      " is not a palette; use a ColorBrewer name such as YlGnBu, RdBu or Set2, "
                      "or viridis or cividis");
      s.palette = info->name;
    } else if (key == "reverse") {
      s.reverse = r.boolean(value, p);
    } else if (key == "legend_title") {
      s.legend_title = r.text(value, p);
    } else if (key == "units") {
      s.units = r.text(value, p);
    } else if (key == "category_order") {
      s.category_order = r.texts(value, p);
    } else if (key == "category_colors") {
      if (!value.is_object()) r.expected(p, "an object {\"value\": \"#rrggbb\", ...}", value);
      for (const auto& [cat, colour] : value.items())
        s.category_colors[cat] = r.colour(colour, child(p, cat));
    } else if (key == "fixed_category_field") {
      if (!value.is_null()) s.fixed_category_field = r.text(value, p);
    } else if (key == "manual_breaks") {
      s.manual_breaks = r.numbers(value, p);
      if (s.manual_breaks.size() > 8) r.fail(p, "give at most 8 breaks (9 classes)");
      for (std::size_t i = 1; i < s.manual_breaks.size(); ++i)
        if (!(s.manual_breaks[i] > s.manual_breaks[i - 1]))
          r.fail(item(p, i), "breaks must increase strictly");
    } else if (key == "number_format") {
      s.number_format = read_number_format(r, value, p);
    } else if (key == "locked") {
      if (!value.is_null()) s.locked = read_locked(r, value, p);
    }
  }
  return patch;
}

void copy_member(StyleSpec& to, const StyleSpec& from, StyleMember member) {
  using M = StyleMember;
  switch (member) {
    case M::Field:
      to.field = from.field;
      break;
    case M::Method:
      to.method = from.method;
      break;
    case M::Classes:
      to.classes = from.classes;
      break;
    case M::Palette:
      to.palette = from.palette;
      break;
    case M::Reverse:
      to.reverse = from.reverse;
      break;
    case M::LegendTitle:
      to.legend_title = from.legend_title;
      break;
    case M::Units:
      to.units = from.units;
      break;
    case M::CategoryOrder:
      to.category_order = from.category_order;
      break;
    case M::CategoryColors:
      to.category_colors = from.category_colors;
      break;
    case M::FixedCategoryField:
      to.fixed_category_field = from.fixed_category_field;
      break;
    case M::ManualBreaks:
      to.manual_breaks = from.manual_breaks;
      break;
    case M::NumberFormat:
      to.number_format = from.number_format;
      break;
    case M::Locked:
      to.locked = from.locked;
      break;
  }
}

// --- paths ---

std::string path_for_file(const std::string& path, const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  if (folder.empty() || !p.is_absolute()) return path;
  const fs::path rel =
      p.lexically_normal().lexically_relative(fs::absolute(folder).lexically_normal());
  if (rel.empty() || *rel.begin() == "..") return path;
  return rel.generic_string();
}

std::string path_from_file(const std::string& path, const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  if (path.empty() || p.is_absolute() || folder.empty()) return path;
  return (fs::absolute(folder) / p).lexically_normal().string();
}

// --- the rest of a spec ---

ojson extent_json(const Bounds& b) {
  return ojson::array({b.min_x, b.min_y, b.max_x, b.max_y});
}

ojson page_json(const PageSpec& page) {
  ojson j;
  if (page.paper) {
    j["paper"] = paper_name(*page.paper);
    j["dpi"] = page.dpi;
    j["landscape"] = page.landscape;
  } else {
    j["width"] = page.width_px;
    j["height"] = page.height_px;
    j["dpi"] = page.dpi;
  }
  return j;
}

PageSpec read_page(const Reader& r, const json& v, const std::string& path) {
  r.object(v, path, {"paper", "width", "height", "dpi", "landscape"});
  PageSpec page;
  if (v.contains("paper") && !v["paper"].is_null()) {
    const std::string p = child(path, "paper");
    page.paper = parse_paper(r.text(v["paper"], p));
    if (!page.paper) r.fail(p, describe(v["paper"]) + " is not a paper size; use A4, A3 or slide");
    if (v.contains("width") || v.contains("height"))
      r.fail(child(path, v.contains("width") ? "width" : "height"),
             "give either a paper or a width and height, not both");
  }
  if (v.contains("width")) page.width_px = r.whole(v["width"], child(path, "width"), 1, 32768);
  if (v.contains("height")) page.height_px = r.whole(v["height"], child(path, "height"), 1, 32768);
  // As on the command line: print resolution on paper, screen pixels otherwise.
  page.dpi = v.contains("dpi") ? r.whole(v["dpi"], child(path, "dpi"), kMinDpi, kMaxDpi)
                               : (page.paper ? 300 : 96);
  if (v.contains("landscape")) page.landscape = r.boolean(v["landscape"], child(path, "landscape"));
  return page;
}

}  // namespace

void copy_spec_layout(LayoutSpec& to, const LayoutSpec& from) {
  to.title = from.title;
  to.subtitle = from.subtitle;
  to.source = from.source;
  to.legend = from.legend;
  to.scale_bar = from.scale_bar;
  to.north_arrow = from.north_arrow;
  to.london_inset = from.london_inset;
  to.labels = from.labels;
}

const char* style_member_name(StyleMember member) {
  for (const auto& [m, name] : kStyleMembers)
    if (m == member) return name;
  return "";
}

StylePatch StylePatch::full(const StyleSpec& spec) {
  StylePatch patch;
  patch.values = spec;
  for (const auto& [member, name] : kStyleMembers)
    if ((member != StyleMember::Locked || spec.locked) &&
        (member != StyleMember::FixedCategoryField || spec.fixed_category_field))
      patch.keys.insert(member);
  return patch;
}

StyleSpec StylePatch::apply(StyleSpec base) const {
  for (StyleMember key : keys) copy_member(base, values, key);
  return base;
}

void StylePatch::merge(const StylePatch& other) {
  for (StyleMember key : other.keys) {
    copy_member(values, other.values, key);
    keys.insert(key);
  }
}

const SpecView* MapSpec::find_view(std::string_view name) const {
  for (const SpecView& v : views)
    if (v.name == name) return &v;
  return nullptr;
}

bool is_spec_crs(std::string_view name) {
  return name == "bng" || name == "webmercator" || name == "source";
}

std::string map_spec_json(const MapSpec& spec, const std::filesystem::path& folder) {
  ojson j;
  // Version 2 only for what version 1 readers would not know.
  const bool v2_table = spec.table && (!spec.table->filters.empty() || !spec.table->source.empty());
  j["devomap_map_spec"] = spec.year || v2_table ? 2 : 1;
  if (spec.default_map) {
    j["source"] = "default";
  } else {
    ojson layers = ojson::array();
    for (const SpecLayer& l : spec.layers) {
      ojson e;
      e["path"] = path_for_file(l.path, folder);
      if (l.layer_name) e["layer"] = *l.layer_name;
      e["role"] = l.role == SpecLayerRole::Data ? "data" : "context";
      if (!l.label.empty()) e["label"] = l.label;
      if (l.assume_epsg) e["assume_crs"] = *l.assume_epsg;
      layers.push_back(std::move(e));
    }
    j["source"] = {{"layers", layers}};
  }
  j["crs"] = spec.crs;
  if (spec.year) j["year"] = *spec.year;
  if (spec.table) {
    const SpecTable& t = *spec.table;
    ojson e;
    e["path"] = path_for_file(t.path, folder);
    if (t.sheet) e["sheet"] = *t.sheet;
    if (t.header_row) e["header_row"] = *t.header_row;
    if (t.layer_key) e["layer_key"] = *t.layer_key;
    if (t.table_key) e["table_key"] = *t.table_key;
    if (t.by != JoinMode::Auto) e["by"] = to_string(t.by);
    if (!t.combine.empty()) {
      ojson combine = ojson::object();
      for (const auto& [column, rule] : t.combine) combine[column] = to_string(rule);
      e["combine"] = combine;
    }
    if (!t.filters.empty()) {
      ojson filter = ojson::object();
      for (const auto& [column, values] : t.filters) filter[column] = values;
      e["filter"] = filter;
    }
    if (!t.source.empty()) e["source"] = t.source;
    j["table"] = e;
  }
  j["style"] = style_json(spec.style);
  j["page"] = page_json(spec.page);
  ojson layout;
  if (!spec.default_title) layout["title"] = spec.layout.title;
  layout["subtitle"] = spec.layout.subtitle;
  layout["source"] = spec.layout.source;
  layout["legend"] = spec.layout.legend;
  layout["scale_bar"] = spec.layout.scale_bar;
  layout["north_arrow"] = spec.layout.north_arrow;
  layout["london_inset"] = spec.layout.london_inset;
  layout["labels"] = spec.layout.labels;
  j["layout"] = layout;
  if (spec.extent) j["camera"] = {{"extent", extent_json(*spec.extent)}};
  if (!spec.views.empty()) {
    ojson views = ojson::array();
    for (const SpecView& v : spec.views) {
      ojson e;
      e["name"] = v.name;
      if (v.extent) e["camera"] = {{"extent", extent_json(*v.extent)}};
      if (!v.style.empty()) e["style"] = style_json(v.style);
      views.push_back(std::move(e));
    }
    j["views"] = views;
  }
  return j.dump(2) + "\n";
}

namespace {

// "source": "default", or {"layers": [...]} with at least one data layer.
void read_source(const Reader& r, const json& s, const std::filesystem::path& folder,
                 MapSpec& spec) {
  if (s.is_string()) {
    if (s.get<std::string>() != "default")
      r.fail("source", describe(s) +
                           " is not a source; write \"default\" for the UK devolution map or "
                           "{\"layers\": [{\"path\": ...}]}");
  } else {
    r.object(s, "source", {"layers"});
    if (!s.contains("layers")) r.fail("source.layers", "missing; list the layers to draw");
    spec.default_map = false;
    std::size_t i = 0;
    for (const json& e : r.list(s["layers"], "source.layers")) {
      const std::string p = item("source.layers", i++);
      r.object(e, p, {"path", "layer", "role", "label", "assume_crs"});
      SpecLayer layer;
      if (!e.contains("path")) r.fail(child(p, "path"), "missing; give the boundary file");
      layer.path = path_from_file(r.text(e["path"], child(p, "path")), folder);
      if (layer.path.empty()) r.fail(child(p, "path"), "is empty; give the boundary file");
      if (e.contains("layer")) layer.layer_name = r.text(e["layer"], child(p, "layer"));
      if (e.contains("role")) {
        const std::string role = r.text(e["role"], child(p, "role"));
        if (role == "context")
          layer.role = SpecLayerRole::Context;
        else if (role != "data")
          r.fail(child(p, "role"), describe(e["role"]) + " is not a role; use data or context");
      }
      if (e.contains("label")) layer.label = r.text(e["label"], child(p, "label"));
      if (e.contains("assume_crs"))
        layer.assume_epsg = r.whole(e["assume_crs"], child(p, "assume_crs"), 1, 999999);
      spec.layers.push_back(std::move(layer));
    }
    bool has_data = false;
    for (const SpecLayer& l : spec.layers) has_data = has_data || l.role == SpecLayerRole::Data;
    if (!has_data)
      r.fail("source.layers", "no data layer; give at least one layer with \"role\": \"data\"");
  }
}

// "table": the file joined onto the data layer and how it joins.
SpecTable read_table(const Reader& r, const json& j_table, const std::filesystem::path& folder) {
  const json& t = r.object(j_table, "table",
                           {"path", "sheet", "header_row", "layer_key", "table_key", "by",
                            "combine", "filter", "source"});
  SpecTable table;
  if (!t.contains("path")) r.fail("table.path", "missing; give the table file (CSV, XLSX, ODS)");
  table.path = path_from_file(r.text(t["path"], "table.path"), folder);
  if (t.contains("sheet")) table.sheet = r.text(t["sheet"], "table.sheet");
  if (t.contains("header_row"))
    table.header_row = r.whole(t["header_row"], "table.header_row", 1, 1000000);
  if (t.contains("layer_key")) table.layer_key = r.text(t["layer_key"], "table.layer_key");
  if (t.contains("table_key")) table.table_key = r.text(t["table_key"], "table.table_key");
  if (t.contains("source")) table.source = r.text(t["source"], "table.source");
  if (t.contains("by")) {
    const auto mode = parse_join_mode(r.text(t["by"], "table.by"));
    if (!mode)
      r.fail("table.by", describe(t["by"]) + " is not a join mode; use auto, code or name");
    table.by = *mode;
  }
  if (t.contains("filter")) {
    if (!t["filter"].is_object())
      r.expected("table.filter", "an object {\"column\": [\"value\", ...]}", t["filter"]);
    for (const auto& [column, values] : t["filter"].items()) {
      const std::string p = child("table.filter", column);
      std::vector<std::string>& kept = table.filters[column];
      if (values.is_string()) {
        kept.push_back(r.text(values, p));
      } else {
        std::size_t i = 0;
        for (const json& v : r.list(values, p)) kept.push_back(r.text(v, item(p, i++)));
      }
      if (kept.empty()) r.fail(p, "lists no value; give the values of the rows to map");
    }
  }
  if (t.contains("combine")) {
    if (!t["combine"].is_object())
      r.expected("table.combine", "an object {\"column\": \"sum\", ...}", t["combine"]);
    for (const auto& [column, rule] : t["combine"].items()) {
      const std::string p = child("table.combine", column);
      const auto parsed = parse_combine_rule(r.text(rule, p));
      if (!parsed)
        r.fail(p, describe(rule) + " is not a rule; use sum, mean, weighted-mean, first or same");
      table.combine[column] = *parsed;
    }
  }
  return table;
}

}  // namespace

MapSpec parse_map_spec(std::string_view text, const std::string& origin,
                       const std::filesystem::path& folder) {
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {  // syntax, and numbers too large (1e400)
    std::string what = e.what();
    if (const auto close = what.find("] "); close != std::string::npos)
      what = what.substr(close + 2);
    throw UserError(origin + " is not valid JSON (" + what +
                    "); fix the file or save the map again");
  }
  const Reader r(origin);
  if (!j.is_object() || !j.contains("devomap_map_spec"))
    throw UserError(origin +
                    " is not a devomap map spec: it has no \"devomap_map_spec\" version member; "
                    "save a map with `devomap render ... --save-spec FILE.json` to see the format");
  const json& version = j["devomap_map_spec"];
  if (!version.is_number_integer())
    r.expected("devomap_map_spec", "a version number such as 1", version);
  if (version.get<long long>() > kMapSpecVersion)
    throw UserError(origin + " is a map spec of version " + version.dump() +
                    ", written by a newer devomap; this devomap reads version " +
                    std::to_string(kMapSpecVersion) + ". Update devomap to open it");
  if (version.get<long long>() < 1)
    r.fail("devomap_map_spec", version.dump() + " is not a map spec version; the first is 1");
  r.object(j, "",
           {"devomap_map_spec", "source", "table", "style", "page", "layout", "camera", "crs",
            "year", "views"});

  MapSpec spec;
  if (j.contains("source")) read_source(r, j["source"], folder, spec);
  if (j.contains("crs")) {
    spec.crs = r.text(j["crs"], "crs");
    if (!is_spec_crs(spec.crs))
      r.fail("crs", describe(j["crs"]) + " is not a display CRS; use bng, webmercator or source");
  }
  if (j.contains("year")) {
    spec.year = r.text(j["year"], "year");
    if (!financial_year_start(*spec.year))
      r.fail("year", describe(j["year"]) + " is not a financial year; write it like \"2026-27\"");
  }
  if (j.contains("table")) spec.table = read_table(r, j["table"], folder);
  if (j.contains("style")) spec.style = read_style(r, j["style"], "style");
  if (j.contains("page")) spec.page = read_page(r, j["page"], "page");
  if (j.contains("layout")) {
    const json& l = r.object(j["layout"], "layout",
                             {"title", "subtitle", "source", "legend", "scale_bar", "north_arrow",
                              "london_inset", "labels"});
    if (l.contains("title")) {
      spec.layout.title = r.text(l["title"], "layout.title");
      spec.default_title = false;
    }
    if (l.contains("subtitle")) spec.layout.subtitle = r.text(l["subtitle"], "layout.subtitle");
    if (l.contains("source")) spec.layout.source = r.text(l["source"], "layout.source");
    if (l.contains("legend")) spec.layout.legend = r.boolean(l["legend"], "layout.legend");
    if (l.contains("scale_bar"))
      spec.layout.scale_bar = r.boolean(l["scale_bar"], "layout.scale_bar");
    if (l.contains("north_arrow"))
      spec.layout.north_arrow = r.boolean(l["north_arrow"], "layout.north_arrow");
    if (l.contains("london_inset"))
      spec.layout.london_inset = r.boolean(l["london_inset"], "layout.london_inset");
    if (l.contains("labels")) spec.layout.labels = r.boolean(l["labels"], "layout.labels");
  }
  const auto read_camera = [&](const json& c, const std::string& path) -> std::optional<Bounds> {
    r.object(c, path, {"extent"});
    if (!c.contains("extent") || c["extent"].is_null()) return std::nullopt;
    return r.extent(c["extent"], child(path, "extent"));
  };
  if (j.contains("camera")) spec.extent = read_camera(j["camera"], "camera");
  if (j.contains("views")) {
    std::size_t i = 0;
    for (const json& e : r.list(j["views"], "views")) {
      const std::string p = item("views", i++);
      r.object(e, p, {"name", "camera", "style"});
      SpecView view;
      if (!e.contains("name")) r.fail(child(p, "name"), "missing; give each view a name");
      view.name = r.text(e["name"], child(p, "name"));
      if (view.name.empty()) r.fail(child(p, "name"), "is empty; give each view a name");
      if (spec.find_view(view.name))
        r.fail(child(p, "name"),
               "a view named \"" + view.name + "\" comes earlier; names must differ");
      if (e.contains("camera")) view.extent = read_camera(e["camera"], child(p, "camera"));
      if (e.contains("style")) view.style = read_style(r, e["style"], child(p, "style"));
      spec.views.push_back(std::move(view));
    }
  }
  return spec;
}

MapSpec read_map_spec(const std::filesystem::path& file) {
  refuse_special_file(file, "the map spec");
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw UserError("cannot read the map spec " + file.string() +
                    (std::filesystem::exists(file) ? ": permission denied" : ": no such file") +
                    "; check the path");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_map_spec(text.str(), file.string(), file.parent_path());
}

bool is_map_spec_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return false;  // a pipe would block the read
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const auto first = head.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || head[first] != '{') return false;
  return head.find("\"devomap_map_spec\"") != std::string::npos;
}

}  // namespace devomap
