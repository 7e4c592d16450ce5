#pragma once
// Never losing the map being built: the window saves its map as a spec (core/map_spec.hpp) at
// each change, pointing at the user's files where they are, in the state folder
// (data::state_dir). Each running window has its own file, named by its process id, and removes
// it when it closes normally; a file whose process is gone was left by a crash or a kill, and
// the next window offers to restore it. No GL or ImGui here.
#include <filesystem>
#include <optional>
#include <string>

#include "core/map_spec.hpp"

namespace devomap::session {

class Autosave {
 public:
  // `folder` is created when the first save is written; `pid` names this window's file.
  Autosave(std::filesystem::path folder, long pid);

  // The newest file of a window that is no longer running, if any.
  std::optional<std::filesystem::path> left_by_crash() const;
  // Writes the spec (temp file and rename) when its text changed since the last save. Returns
  // the error in words when it cannot be written (said once; the window goes on).
  std::optional<std::string> save(const MapSpec& spec);
  // A normal close: this window's file goes.
  void close();
  // A file left by a crash that the user restored or declined: removed.
  static void forget(const std::filesystem::path& left);

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path folder_, path_;
  std::string saved_;  // the text last written
  bool failed_ = false;
};

// True when a process with this id is running (it may belong to another user).
bool process_running(long pid);

}  // namespace devomap::session
