#pragma once
// The map `devomap` opens with no arguments: the UK devolution map (England's strategic
// authorities by tier, the devolved nations; devolution/devolution_map) at national detail from the
// data dir's catalogue, or the districts coloured by area when the devolution dataset is missing.
#include <filesystem>
#include <optional>

#include "session/layer_loader.hpp"

namespace devomap::session {

// The job that loads the default map, or nullopt when the catalogue has no districts (the window
// then shows the first-run screen). Countries are added when present. Throws UserError when the
// catalogue file is corrupt.
std::optional<LoadJob> default_map_job(const std::filesystem::path& data_dir);

// The data folder a front end uses (`cli_value`: its --data-dir, "" for the default) and what
// it holds for the first map: the default map's job, or why there is none and how to get the
// official boundaries. Never throws: a corrupt catalogue is `problem`.
struct DataFolder {
  std::filesystem::path dir;
  std::optional<LoadJob> default_map;
  std::string first_run_help;  // "" when the default map can be drawn
  std::string problem;         // a UserError's text, e.g. a corrupt catalogue
  Remedy problem_remedy = Remedy::None;
};
DataFolder look_at_data_folder(const std::string& cli_value);

}  // namespace devomap::session
