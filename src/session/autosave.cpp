#include "session/autosave.hpp"

#include <signal.h>

#include <cerrno>
#include <system_error>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace devomap::session {

namespace {

constexpr const char* kPrefix = "window-";

// The process id in "window-1234.json", or nullopt for any other file.
std::optional<long> pid_of(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  const std::string prefix = kPrefix;
  if (name.rfind(prefix, 0) != 0 || file.extension() != ".json") return std::nullopt;
  const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - 5);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stol(digits);
}

}  // namespace

bool process_running(long pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

Autosave::Autosave(std::filesystem::path folder, long pid)
    : folder_(std::move(folder)),
      path_(folder_ / (std::string(kPrefix) + std::to_string(pid) + ".json")) {}

std::optional<std::filesystem::path> Autosave::left_by_crash() const {
  std::error_code ec;
  std::optional<std::filesystem::path> newest;
  std::filesystem::file_time_type newest_time{};
  for (std::filesystem::directory_iterator it(folder_, ec), end; !ec && it != end;
       it.increment(ec)) {
    const auto pid = pid_of(it->path());
    if (!pid || it->path() == path_ || process_running(*pid)) continue;
    const auto when = std::filesystem::last_write_time(it->path(), ec);
    if (ec) continue;
    if (!newest || when > newest_time) newest = it->path(), newest_time = when;
  }
  return newest;
}

std::optional<std::string> Autosave::save(const MapSpec& spec) {
  const std::string text = map_spec_json(spec, folder_);
  if (text == saved_) return std::nullopt;
  try {
    std::filesystem::create_directories(folder_);
    write_file_atomically(path_, text, true);
    saved_ = text;
    failed_ = false;
    return std::nullopt;
  } catch (const std::exception& e) {
    if (failed_) return std::nullopt;  // said once
    failed_ = true;
    return "the map cannot be saved for restoring after a crash (" + std::string(e.what()) + ")";
  }
}

void Autosave::close() {
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

void Autosave::forget(const std::filesystem::path& left) {
  std::error_code ec;
  std::filesystem::remove(left, ec);
}

}  // namespace devomap::session
