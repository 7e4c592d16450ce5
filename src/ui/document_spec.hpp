#pragma once
// The window's map as a map spec (core/map_spec.hpp) and back: what "Save map..." writes,
// what `devomap SPEC.json` loads, and the export request "Export..." hands to the same export
// code as `devomap render`. No GL or ImGui here, so tests can check the conversions.
#include <filesystem>
#include <optional>
#include <string>

#include "core/map_spec.hpp"
#include "output/export_map.hpp"
#include "ui/layer_loader.hpp"
#include "ui/map_document.hpp"

namespace devomap::ui {

// The document's map: the default map or its layers, the joined table (`table_path`: the file
// it was read from; the document keeps only its contents), the data layer's whole style, the
// camera's `extent` and the page settings of `page`/`layout` (title, subtitle, source, parts).
MapSpec spec_from_document(const MapDocument& document,
                           const std::optional<std::string>& table_path,
                           const std::optional<Bounds>& extent, const PageSpec& page,
                           const LayoutSpec& layout);

// The load job for a spec's layers: the default map from the data dir, or the spec's layers in
// order with their roles. Throws UserError when the spec asks for the default map and the data
// dir has none, or names a display CRS other than bng (the window shows the British National
// Grid).
LoadJob load_job_for_spec(const MapSpec& spec, const std::filesystem::path& data_dir);

// The style the spec gives the loaded document's data layer (on the default map, over its
// measure's style; see output/map_spec_file.hpp).
StyleSpec spec_style_for(const MapSpec& spec, const MapDocument& document);

// The title a page of this document carries by default: the default map's own title, else "".
std::string default_page_title(const MapDocument& document);

// An export of the document's true-colour scene showing `extent`, with the attribution line
// `devomap render` would add (the default map's sources, or OS/ONS for ONS boundaries).
output::ExportRequest export_request_for(const MapDocument& document,
                                         const std::filesystem::path& out, const PageSpec& page,
                                         const LayoutSpec& layout, bool overwrite);

}  // namespace devomap::ui
