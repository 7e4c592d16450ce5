#include "session/map_spec_file.hpp"

#include <cstdio>
#include <string>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace devomap::session {

void write_map_spec(const std::filesystem::path& path, const MapSpec& spec, bool overwrite) {
  const std::filesystem::path folder = path.parent_path().empty() ? "." : path.parent_path();
  write_file_atomically(path, map_spec_json(spec, folder), overwrite);
}

gdal::DisplayCrs display_crs_of(const std::string& name) {
  if (name == "bng" || name == "27700") return gdal::DisplayCrs::BritishNationalGrid;
  if (name == "webmercator" || name == "3857") return gdal::DisplayCrs::WebMercator;
  if (name == "source") return gdal::DisplayCrs::Source;
  throw UserError("display CRS " + name + " is not known; use bng, webmercator or source");
}

std::string crs_name(gdal::DisplayCrs crs) {
  switch (crs) {
    case gdal::DisplayCrs::BritishNationalGrid:
      return "bng";
    case gdal::DisplayCrs::WebMercator:
      return "webmercator";
    case gdal::DisplayCrs::Source:
      return "source";
  }
  return "bng";
}

data::TableLoadOptions table_load_options(const SpecTable& table) {
  data::TableLoadOptions options;
  options.sheet = table.sheet;
  options.header_row = table.header_row;
  return options;
}

JoinOptions spec_table_join_options(const SpecTable& table) {
  JoinOptions join;
  join.mode = table.by;
  join.layer_key = table.layer_key;
  join.table_key = table.table_key;
  join.combine = table.combine;
  join.filters = table.filters;
  return join;
}

StyleSpec default_map_style(const devolution::DevolutionMap& map, const StylePatch& style,
                            const StylePatch* view) {
  StylePatch patch = style;
  if (view) patch.merge(*view);
  StyleSpec base = map.tier_style;
  if (patch.has(StyleMember::Field) && patch.values.field) {
    // A measure named by its key ("per_head") starts from the measure's own legend and units;
    // the field stays the measure's real field name.
    if (const auto measure = devolution::find_measure(map, *patch.values.field)) {
      base = devolution::style_for_measure(map, measure->field);
      patch.values.field = measure->field;
    } else {
      base = StyleSpec{};  // a column of a joined table
    }
  }
  return patch.apply(base);
}

StyleSpec layer_style(const StylePatch& style, const StylePatch* view) {
  StylePatch patch = style;
  if (view) patch.merge(*view);
  return patch.apply(StyleSpec{});
}

}  // namespace devomap::session
