#include "session/default_map.hpp"

#include "core/error.hpp"
#include "data/catalog.hpp"
#include "data/data_dir.hpp"
#include "devolution/devolution_map.hpp"

namespace devomap::session {
namespace {

LoadRequest request_for(const data::CatalogEntry& entry, LayerRole role, std::string label) {
  LoadRequest request;
  request.path = entry.gdal_path();
  if (!entry.layer.empty()) request.layer_name = entry.layer;
  request.role = role;
  request.label = std::move(label);
  return request;
}

}  // namespace

std::optional<LoadJob> default_map_job(const std::filesystem::path& data_dir) {
  std::string why;
  if (auto sources = devolution::find_default_map_sources(data_dir, &why)) {
    LoadJob job;
    job.title = "UK devolution map";
    job.layers.push_back(
        request_for(sources->districts, LayerRole::Data, "Strategic authorities and nations"));
    if (sources->countries)
      job.layers.push_back(request_for(*sources->countries, LayerRole::Context, "Nations"));
    job.devolution = std::move(*sources);
    return job;
  }
  // No devolution dataset next to this binary: the districts themselves, coloured by area.
  const data::Catalog catalog = data::load_catalog(data_dir);
  const auto districts =
      data::find_boundaries(catalog, data::LayerKind::Districts, data::Detail::National);
  if (!districts) return std::nullopt;
  // Part of the UK drawn as the UK would mislead: the reason names what is missing.
  if (!districts->complete)
    throw UserError("the UK map cannot be drawn: " + why, Remedy::ChooseDataDir);
  const auto countries =
      data::find_boundaries(catalog, data::LayerKind::Countries, data::Detail::National);

  const std::string year = districts->vintage.substr(0, 4);
  LoadJob job;
  job.title = "UK local authority districts" + (year.empty() ? std::string() : " " + year);
  // Load order is draw order before MapDocument puts context layers on top.
  job.layers.push_back(request_for(*districts, LayerRole::Data, "Local authority districts"));
  if (countries) job.layers.push_back(request_for(*countries, LayerRole::Context, "Nations"));
  return job;
}

DataFolder look_at_data_folder(const std::string& cli_value) {
  DataFolder folder;
  folder.dir = data::resolve_data_dir(cli_value);
  try {
    folder.default_map = default_map_job(folder.dir);
  } catch (const UserError& e) {
    folder.problem = e.what();
    folder.problem_remedy = e.remedy();
  }
  if (!folder.default_map) folder.first_run_help = data::first_run_help(folder.dir);
  return folder;
}

}  // namespace devomap::session
