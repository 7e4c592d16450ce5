#pragma once
// The output half of `devomap render`: lays a styled Scene out on a page and writes it as PNG
// (OpenGL through headless EGL, tiled beyond the GPU's limits), SVG or PDF, chosen by the
// output file's extension.
#include <filesystem>
#include <optional>
#include <string>

#include "core/layer.hpp"
#include "core/page_layout.hpp"
#include "core/scene.hpp"

namespace devomap::cli {

enum class ExportFormat { Png, Svg, Pdf };

// The format named by the extension (any case). Throws UserError naming the file and listing
// .png, .svg and .pdf for anything else.
ExportFormat export_format(const std::filesystem::path& out);

// The boundary vintage year of an official ONS layer, told by its GSS code field's name
// (LAD24CD -> 2024, LSOA11CD -> 2011); nullopt when the layer does not look like an ONS one.
std::optional<int> ons_boundary_year(const Layer& layer);

struct ExportRequest {
  std::filesystem::path out;
  PageSpec page;
  LayoutSpec layout;
  bool overwrite = false;
  // Largest tile side for PNG rendering (0: the GPU's limit); env DEVOMAP_MAX_TILE_PX sets it.
  int max_tile_px = 0;
};

// Lays out the page for `scene` fitted to `map_bounds` (in `units`) and writes it. Prints notes
// (an omitted scale bar, ...) to stderr and "wrote FILE (...)" to stdout. Throws UserError.
void export_map(const Scene& scene, const Bounds& map_bounds, MapUnits units,
                const ExportRequest& request);

}  // namespace devomap::cli
