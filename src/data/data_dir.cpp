#include "data/data_dir.hpp"

#include <cstdlib>

namespace devomap::data {

std::filesystem::path resolve_data_dir(const std::string& cli_value) {
  if (!cli_value.empty()) return cli_value;
  if (const char* env = std::getenv("DEVOMAP_DATA_DIR"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "devomap";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local" / "share" / "devomap";
  return std::filesystem::current_path() / "devomap-data";
}

std::optional<std::filesystem::path> cache_dir() {
  if (const char* off = std::getenv("DEVOMAP_NO_CACHE"); off && *off) return std::nullopt;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "devomap";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".cache" / "devomap";
  return std::nullopt;
}

std::optional<std::filesystem::path> state_dir() {
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "devomap";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local" / "state" / "devomap";
  return std::nullopt;
}

}  // namespace devomap::data
