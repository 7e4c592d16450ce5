#include "ui/document_spec.hpp"

#include "core/error.hpp"
#include "output/map_spec_file.hpp"
#include "ui/default_map.hpp"

namespace devomap::ui {
namespace {

std::string file_name_of(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace

std::string default_page_title(const MapDocument& document) {
  return document.devolution() ? document.devolution()->title : std::string();
}

MapSpec spec_from_document(const MapDocument& document,
                           const std::optional<std::string>& table_path,
                           const std::optional<Bounds>& extent, const PageSpec& page,
                           const LayoutSpec& layout) {
  MapSpec spec;
  spec.default_map = document.devolution() != nullptr;
  if (spec.default_map) spec.year = document.devolution()->map.financial_year;
  if (!spec.default_map) {
    for (const MapLayer& l : document.layers()) {
      SpecLayer layer;
      // A joined data layer is a copy with the table's columns; its source is the same file.
      layer.path = l.layer->source_path;
      if (!l.layer->layer_name.empty()) layer.layer_name = l.layer->layer_name;
      layer.role = l.role == LayerRole::Data ? SpecLayerRole::Data : SpecLayerRole::Context;
      if (l.label != file_name_of(layer.path)) layer.label = l.label;
      spec.layers.push_back(std::move(layer));
    }
  }
  if (const auto& join = document.table_join(); join && table_path) {
    SpecTable table;
    table.path = std::filesystem::absolute(*table_path).lexically_normal().string();
    if (!join->info.sheet.empty()) table.sheet = join->info.sheet;
    if (!join->info.header_detected && join->info.header_row > 0)
      table.header_row = static_cast<int>(join->info.header_row);
    table.layer_key = join->options.layer_key;
    table.table_key = join->options.table_key;
    table.by = join->options.mode;
    table.combine = join->options.combine;
    spec.table = std::move(table);
  }
  if (const MapLayer* data = document.data_layer()) spec.style = StylePatch::full(data->spec);
  spec.page = page;
  copy_spec_layout(spec.layout, layout);
  spec.default_title = false;
  spec.extent = extent;
  spec.crs = "bng";  // the window always shows the British National Grid
  return spec;
}

LoadJob load_job_for_spec(const MapSpec& spec, const std::filesystem::path& data_dir) {
  if (spec.crs != "bng")
    throw UserError("the map spec asks for the " + spec.crs +
                    " display CRS, but the window shows the British National Grid; render it "
                    "with `devomap render SPEC --out FILE`, or set \"crs\": \"bng\"");
  if (spec.default_map) {
    auto job = default_map_job(data_dir);
    if (!job)
      throw UserError("the map spec draws the UK devolution map, but the data folder " +
                      data_dir.string() + " has no boundaries; run `devomap fetch` first");
    job->financial_year = spec.year.value_or("");
    return std::move(*job);
  }
  LoadJob job;
  for (const SpecLayer& l : spec.layers) {
    LoadRequest request;
    request.path = l.path;
    request.layer_name = l.layer_name;
    request.role = l.role == SpecLayerRole::Data ? LayerRole::Data : LayerRole::Context;
    request.label = l.label.empty() ? file_name_of(l.path) : l.label;
    request.assume_epsg = l.assume_epsg;
    job.layers.push_back(std::move(request));
  }
  job.title = job.layers.size() == 1 ? job.layers.front().label : "Map spec";
  return job;
}

StyleSpec spec_style_for(const MapSpec& spec, const MapDocument& document) {
  if (document.devolution())
    return output::default_map_style(document.devolution()->map, spec.style);
  return output::layer_style(spec.style);
}

output::ExportRequest export_request_for(const MapDocument& document,
                                         const std::filesystem::path& out, const PageSpec& page,
                                         const LayoutSpec& layout, bool overwrite) {
  output::ExportRequest request;
  request.out = out;
  request.page = page;
  request.layout = layout;
  request.overwrite = overwrite;
  if (document.devolution() && !document.devolution()->attribution.empty()) {
    // The default map's own sources line already carries the licence text.
    request.layout.source +=
        (request.layout.source.empty() ? "" : ". ") + document.devolution()->attribution;
  } else if (const MapLayer* data = document.data_layer()) {
    if (const auto year = output::ons_boundary_year(*data->layer)) {
      request.layout.official_boundaries = true;
      request.layout.boundary_year = *year;
    }
  }
  return request;
}

}  // namespace devomap::ui
