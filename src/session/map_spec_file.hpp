#pragma once
// Map specs (core/map_spec.hpp) on disk and turned into what the loaders take: the file written
// atomically, the display CRS and the table options a spec names, and the style a spec gives
// resolved against the UK devolution map's own measure styles. Shared by `devomap render` and
// the window so a spec means the same in both.
#include <filesystem>
#include <optional>

#include "core/join.hpp"
#include "core/map_spec.hpp"
#include "data/table_source.hpp"
#include "devolution/devolution_map.hpp"
#include "gdal/layer_source.hpp"

namespace devomap::session {

// Writes the spec to `path` (temp file + rename; paths relative to its folder where inside
// it). Throws UserError naming the file when it exists and `overwrite` is false, or it cannot
// be written.
void write_map_spec(const std::filesystem::path& path, const MapSpec& spec, bool overwrite);

// "bng" -> BritishNationalGrid, ... Throws UserError for a name is_spec_crs() refuses.
gdal::DisplayCrs display_crs_of(const std::string& name);
std::string crs_name(gdal::DisplayCrs crs);

data::TableLoadOptions table_load_options(const SpecTable& table);
JoinOptions spec_table_join_options(const SpecTable& table);  // without a crosswalk

// The style a spec gives on the default map: a field naming one of its measures (by key, field
// or label) starts from that measure's style, no field from the tier style; the spec's members
// then apply on top. `view` (may be null) applies over the spec's style.
StyleSpec default_map_style(const devolution::DevolutionMap& map, const StylePatch& style,
                            const StylePatch* view = nullptr);
// The same on a user's layer: the spec's members over the defaults (no field: outlines only).
StyleSpec layer_style(const StylePatch& style, const StylePatch* view = nullptr);

}  // namespace devomap::session
