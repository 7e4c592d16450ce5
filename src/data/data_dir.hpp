#pragma once
// Where fetched and imported official files live: --data-dir DIR, else DEVOMAP_DATA_DIR, else
// $XDG_DATA_HOME/devomap, else ~/.local/share/devomap.
#include <filesystem>
#include <optional>
#include <string>

namespace devomap::data {

// `cli_value` is the --data-dir option ("" when not given). Never throws; the folder may not exist.
std::filesystem::path resolve_data_dir(const std::string& cli_value);

// Where devomap keeps what it can always make again (data/sheet_cache.hpp): $XDG_CACHE_HOME/
// devomap, else ~/.cache/devomap; nullopt when neither is set or DEVOMAP_NO_CACHE is set (cold
// benchmarks, or a user who wants nothing kept). Never throws; the folder may not exist.
std::optional<std::filesystem::path> cache_dir();

// Where the window keeps the map being built between runs (session/autosave.hpp):
// $XDG_STATE_HOME/devomap, else ~/.local/state/devomap; nullopt when neither is set. Never
// throws; the folder may not exist.
std::optional<std::filesystem::path> state_dir();

}  // namespace devomap::data
