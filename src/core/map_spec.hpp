#pragma once
// A map spec: everything that defines a map (what to draw, the table joined to it, the style,
// the page, the camera and a deck of named views) as a versioned JSON file, so the window and
// `devomap render` make the same map from it. docs/map-spec.md describes the format.
// Reading is strict: an unknown member or a wrong type is a UserError naming the file and the
// JSON path (`map.json: style.classes: expected a whole number, got "five"`).
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.hpp"
#include "core/join.hpp"
#include "core/page_layout.hpp"
#include "core/style.hpp"

namespace devomap {

// Version 2 adds `year`; a spec that uses no version-2 member is written as version 1, so older
// devomaps still open it. Both versions are read.
inline constexpr int kMapSpecVersion = 2;

// The members of a StyleSpec a spec can set, in the order specs write them.
enum class StyleMember {
  Field,
  Method,
  Classes,
  Palette,
  Reverse,
  LegendTitle,
  Units,
  CategoryOrder,
  CategoryColors,
  FixedCategoryField,
  ManualBreaks,
  NumberFormat,
  Locked,
};
// Its JSON member name: "field", "legend_title", ...
const char* style_member_name(StyleMember member);

// A style as a spec gives it: the values read and which members the file set. A partial style
// (a view's override, a hand-written spec on the default map) changes only what it names.
struct StylePatch {
  StyleSpec values;
  std::set<StyleMember> keys;  // the members present

  // A patch that sets every member to `spec` (what a saved spec holds).
  static StylePatch full(const StyleSpec& spec);
  bool empty() const { return keys.empty(); }
  bool has(StyleMember key) const { return keys.count(key) > 0; }
  // `base` with the members this patch sets replaced.
  StyleSpec apply(StyleSpec base) const;
  // Adds `other`'s members over this one's (a view over the spec's style).
  void merge(const StylePatch& other);
};

enum class SpecLayerRole { Data, Context };

struct SpecLayer {
  std::string path;  // absolute once read from a file (relative paths resolve against its folder)
  std::optional<std::string> layer_name;  // inside a multi-layer source
  SpecLayerRole role = SpecLayerRole::Data;
  std::string label;               // sidebar label; "" = the file name
  std::optional<int> assume_epsg;  // for a source with no CRS
};

struct SpecTable {
  std::string path;
  std::optional<std::string> sheet;
  std::optional<int> header_row;  // 1-based, as a spreadsheet shows it
  std::optional<std::string> layer_key;
  std::optional<std::string> table_key;
  JoinMode by = JoinMode::Auto;
  std::map<std::string, CombineRule> combine;  // how merged rows combine, by column
  // The rows of a long table to map: for each column the values kept (version 2).
  std::map<std::string, std::vector<std::string>> filters;
  // Who published the table ("DLUHC Live table 1008, 2024"), for the page's source line beside
  // the file name; "" when not given (version 2).
  std::string source;
};

struct SpecView {
  std::string name;
  std::optional<Bounds> extent;  // nullopt: the spec's camera
  StylePatch style;              // over the spec's style
};

struct MapSpec {
  // The UK devolution map from the data dir; false: `layers`.
  bool default_map = true;
  std::vector<SpecLayer> layers;  // bottom to top; at least one data layer
  std::optional<SpecTable> table;
  StylePatch style;
  PageSpec page;
  // Title, subtitle, source line and which parts are drawn (legend, scale bar, north arrow,
  // London inset, labels); the other LayoutSpec members are not part of a spec.
  LayoutSpec layout;
  // True while the spec names no title: the source's own title is used (the default map's).
  bool default_title = true;
  std::optional<Bounds> extent;  // camera: what the map frame shows; nullopt fits the data
  std::string crs = "bng";       // display CRS: bng, webmercator or source
  // The financial year ("2026-27") funding measures count on the default map; nullopt: the
  // latest year with published figures.
  std::optional<std::string> year;
  std::vector<SpecView> views;

  const SpecView* find_view(std::string_view name) const;
};

// Copies the LayoutSpec members a map spec holds (title, subtitle, source line and which parts
// are drawn: legend, scale bar, north arrow, London inset, labels) from `from` onto `to`; the
// members a spec does not hold (fonts, sizes, the boundary year) stay as they are.
void copy_spec_layout(LayoutSpec& to, const LayoutSpec& from);

// The spec as JSON text (2-space indent, members in documented order). Paths inside `folder`
// are written relative to it, so a folder of spec and data can move; others stay absolute.
std::string map_spec_json(const MapSpec& spec, const std::filesystem::path& folder);

// Reads spec text. `origin` names the file in messages; relative paths resolve against
// `folder`. Throws UserError: not JSON, not a map spec, a newer version, an unknown member, a
// wrong type or value (naming its JSON path), no data layer, duplicate view names.
MapSpec parse_map_spec(std::string_view text, const std::string& origin,
                       const std::filesystem::path& folder);
// Reads a spec file (parse_map_spec with the file's folder). Throws UserError naming the file
// when it cannot be read.
MapSpec read_map_spec(const std::filesystem::path& file);

// True for a file that holds a map spec (a JSON object with "devomap_map_spec" near its start),
// so `devomap FILE.json` can tell a spec from a GeoJSON layer without reading a large file.
bool is_map_spec_file(const std::filesystem::path& file);

// The display CRS names a spec accepts.
bool is_spec_crs(std::string_view name);

}  // namespace devomap
