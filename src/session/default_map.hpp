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

}  // namespace devomap::session
