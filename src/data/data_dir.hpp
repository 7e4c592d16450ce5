#pragma once
// Where fetched and imported official files live: --data-dir DIR, else DEVOMAP_DATA_DIR, else
// $XDG_DATA_HOME/devomap, else ~/.local/share/devomap.
#include <filesystem>
#include <string>

namespace devomap::data {

// `cli_value` is the --data-dir option ("" when not given). Never throws; the folder may not exist.
std::filesystem::path resolve_data_dir(const std::string& cli_value);

}  // namespace devomap::data
