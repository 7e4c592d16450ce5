// `devomap info PATH [--json]`: what a vector dataset holds (any layer, polygon or not), so users
// can see layer names, CRS and fields before mapping it.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "gdal/dataset_info.hpp"
#include "gdal/layer_source.hpp"

namespace devomap::cli {

void register_info(CLI::App& app, const GlobalOptions& /*global*/) {
  struct InfoOptions {
    std::string path;
    bool json = false;
  };
  auto options = std::make_shared<InfoOptions>();
  CLI::App* info = app.add_subcommand(
      "info",
      "Describe a vector dataset: layers, geometry type, CRS, feature count, extent, fields, "
      "and for polygon layers how many polygons are repaired or left out when drawn");
  info->add_option("PATH", options->path,
                   "Shapefile, GeoPackage, GeoJSON, zipped shapefile (.zip) or folder")
      ->required();
  info->add_flag("--json", options->json, "Print JSON instead of text");
  info->callback([options] {
    auto layers = gdal::describe_dataset(options->path);  // throws UserError on bad input
    gdal::check_geometry(options->path, layers);
    if (options->json)
      std::cout << gdal::dataset_info_json(layers) << "\n";
    else
      std::cout << gdal::dataset_info_text(options->path, layers);
    // The description is complete, but a polygon layer that cannot be drawn as it is (damaged,
    // truncated, no usable areas) makes the command fail, so scripts see it.
    for (const auto& layer : layers)
      if (!layer.check_note.empty()) throw UserError(layer.check_note);
  });
}

}  // namespace devomap::cli
