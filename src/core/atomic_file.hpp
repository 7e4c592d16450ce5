#pragma once
// An output file that appears only when complete: written to an unnamed file (O_TMPFILE) in the
// same folder and linked into place, so a failed, interrupted or killed export never leaves a
// partial file or a leftover, and never replaces the user's file unless asked to. Where the
// file system has no unnamed files, a hidden ".NAME.tmp-PID-RANDOM" is used and renamed; one
// left by a killed process is swept by the next write of the same name. Every writer uses it:
// PNG, SVG, PDF, HTML, alt text, map specs, files imported into the data folder.
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace devomap {

class AtomicFile {
 public:
  // Checks the folder and the target, then creates the temporary file. Throws UserError (one
  // line naming the file and what to do) when the file exists and `overwrite` is false, the
  // folder is missing, not a folder or not writable, or the target is a folder.
  AtomicFile(std::filesystem::path path, bool overwrite);
  ~AtomicFile();  // removes the temporary file unless commit() succeeded
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::FILE* stream() { return file_; }
  // Flushes to disk, closes and renames into place (refusing an existing file unless
  // `overwrite`). Throws UserError naming the file on a write error or a full disk.
  void commit();

  const std::filesystem::path& path() const { return path_; }
  // What to tell the user when writing failed with this errno (full disk, unwritable folder...),
  // for writers that detect a failure before commit().
  std::string write_problem(int error) const;

 private:
  int link_unnamed(int fd);

  std::filesystem::path path_, folder_, temp_;  // temp_: "" while the file is unnamed
  bool overwrite_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

// Writes `text` as the whole of `path` through an AtomicFile. Throws UserError naming the file
// (exists and not `overwrite`, folder missing or read-only, disk full).
void write_file_atomically(const std::filesystem::path& path, std::string_view text,
                           bool overwrite);

// Copies `from` to `to` through an AtomicFile: `to` appears complete or not at all. Throws
// UserError naming the file that could not be read or written (and why: full disk, permissions).
void copy_file_atomically(const std::filesystem::path& from, const std::filesystem::path& to,
                          bool overwrite);

// Throws UserError when `path` exists but is neither a regular file nor (with `folders`) a
// folder: a pipe, socket or device would block a reader forever or never end. `what` names it
// in the message ("table", "map spec"). Paths that do not exist are left to the caller.
void refuse_special_file(const std::filesystem::path& path, const std::string& what,
                         bool folders = false);

// Refuses early, before slow work, when `path` exists and `overwrite` is false, or its folder
// is missing. The writers check again when they write.
void check_output_path(const std::filesystem::path& path, bool overwrite);

}  // namespace devomap
