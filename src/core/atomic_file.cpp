#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "core/error.hpp"

namespace devomap {

namespace fs = std::filesystem;

namespace {

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

[[noreturn]] void already_exists(const fs::path& path) {
  throw UserError("refusing to overwrite " + quoted(path) +
                      ", which already exists: choose another output file name, or ask to "
                      "overwrite it",
                  Remedy::AllowReplace);
}

std::string folder_problem(const fs::path& path, const fs::path& folder, int error) {
  switch (error) {
    case EACCES:
    case EPERM:
    case EROFS:
      return "cannot write " + quoted(path) + ": the folder " + quoted(folder) +
             " is not writable (" + std::strerror(error) + "); choose another output folder";
    case ENOSPC:
    case EDQUOT:
      return "cannot write " + quoted(path) + ": no space left on the disk holding " +
             quoted(folder);
    default:
      return "cannot write " + quoted(path) + " in the folder " + quoted(folder) + ": " +
             std::strerror(error);
  }
}

fs::path folder_of(const fs::path& path) {
  return path.parent_path().empty() ? fs::path(".") : path.parent_path();
}

constexpr std::string_view kTempMark = ".tmp-";

// ".NAME.tmp-PID-RANDOM" beside `path`: hidden, clearly temporary, in the same folder so the
// final rename is atomic, and naming the process that owns it.
fs::path unique_temp_name(const fs::path& path) {
  static thread_local std::mt19937 random(std::random_device{}());
  char suffix[40];
  std::snprintf(suffix, sizeof suffix, "%s%ld-%08x", kTempMark.data(),
                static_cast<long>(::getpid()), static_cast<unsigned>(random()));
  return folder_of(path) / ("." + path.filename().string() + suffix);
}

// Removes temporary files of earlier writes of `path` whose process has ended (killed before
// it could clean up). A file of a process still running is left alone: it may yet commit.
void sweep_orphans(const fs::path& path) {
  const std::string prefix = "." + path.filename().string() + std::string(kTempMark);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder_of(path), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string rest = name.substr(prefix.size());  // "PID-RANDOM"
    const std::size_t dash = rest.find('-');
    if (dash == std::string::npos || dash == 0 || rest.size() - dash != 9 ||
        rest.find_first_not_of("0123456789") != dash ||
        rest.find_first_not_of("0123456789abcdef", dash + 1) != std::string::npos)
      continue;
    const long pid = std::strtol(rest.c_str(), nullptr, 10);
    std::error_code status_error;
    if (pid <= 0 || !entry.is_regular_file(status_error)) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    fs::remove(entry.path(), status_error);
  }
}

}  // namespace

void refuse_special_file(const fs::path& path, const std::string& what, bool folders) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);  // follows links: their target counts
  if (ec || !fs::exists(status)) return;
  if (fs::is_regular_file(status) || (folders && fs::is_directory(status))) return;
  const char* kind = fs::is_fifo(status)                                          ? "a named pipe"
                     : fs::is_socket(status)                                      ? "a socket"
                     : fs::is_character_file(status) || fs::is_block_file(status) ? "a device"
                     : fs::is_directory(status)                                   ? "a folder"
                                                : "not a regular file";
  throw UserError(what + " " + path.string() + " is " + kind +
                  ", not a file devomap can read; give the path of a saved file");
}

void check_output_path(const fs::path& path, bool overwrite) {
  const fs::path folder = folder_of(path);
  std::error_code ec;
  const fs::file_status folder_status = fs::status(folder, ec);
  if (!fs::exists(folder_status))
    throw UserError("cannot write " + quoted(path) + ": the folder " + quoted(folder) +
                    " does not exist; create it or choose another output path");
  if (!fs::is_directory(folder_status))
    throw UserError("cannot write " + quoted(path) + ": " + quoted(folder) + " is not a folder");
  const fs::file_status target_status = fs::symlink_status(path, ec);
  if (fs::is_directory(target_status))
    throw UserError("cannot write " + quoted(path) + ": it is a folder; give a file name");
  if (fs::exists(target_status) && !overwrite) already_exists(path);
}

AtomicFile::AtomicFile(fs::path path, bool overwrite)
    : path_(std::move(path)), folder_(folder_of(path_)), overwrite_(overwrite) {
  check_output_path(path_, overwrite_);
  sweep_orphans(path_);
  // An unnamed file in the target's folder: if the process dies before commit() there is
  // nothing to leave behind. File systems without O_TMPFILE get a hidden named one instead.
  int fd = ::open(folder_.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT)
    throw UserError(folder_problem(path_, folder_, errno));
  if (fd < 0) {
    temp_ = unique_temp_name(path_);
    fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) throw UserError(folder_problem(path_, folder_, errno));
  }
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    const int saved = errno;
    ::close(fd);
    if (!temp_.empty()) ::unlink(temp_.c_str());
    throw UserError(folder_problem(path_, folder_, saved));
  }
}

std::string AtomicFile::write_problem(int error) const {
  return folder_problem(path_, folder_, error);
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::commit() {
  int error = 0;
  if (std::ferror(file_)) error = errno ? errno : EIO;
  if (!error && std::fflush(file_) != 0) error = errno;
  if (!error && ::fsync(::fileno(file_)) != 0) error = errno;
  if (!error && temp_.empty()) error = link_unnamed(::fileno(file_));
  if (std::fclose(file_) != 0 && !error) error = errno;
  file_ = nullptr;
  if (error == EEXIST) already_exists(path_);
  if (error) throw UserError(folder_problem(path_, folder_, error));
  if (committed_) return;  // the unnamed file was linked straight into place
  if (overwrite_) {
    if (::rename(temp_.c_str(), path_.c_str()) != 0)
      throw UserError("cannot replace " + quoted(path_) + ": " + std::strerror(errno));
    committed_ = true;
    return;
  }
  if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, path_.c_str(), RENAME_NOREPLACE) == 0) {
    committed_ = true;
    return;
  }
  if (errno == EEXIST) already_exists(path_);
  if (errno != EINVAL && errno != ENOSYS)
    throw UserError("cannot create " + quoted(path_) + ": " + std::strerror(errno));
  // No RENAME_NOREPLACE on this file system: a hard link also refuses an existing name.
  if (::link(temp_.c_str(), path_.c_str()) != 0) {
    if (errno == EEXIST) already_exists(path_);
    throw UserError("cannot create " + quoted(path_) + ": " + std::strerror(errno));
  }
  // The link is the file now; the destructor removes the temporary name.
}

// Gives the unnamed (O_TMPFILE) file its name: linked straight to the target when it must not
// be replaced (linkat refuses an existing name), else to a hidden name renamed over the target.
// Returns 0 or an errno.
int AtomicFile::link_unnamed(int fd) {
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  if (!overwrite_) {
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, path_.c_str(), AT_SYMLINK_FOLLOW) != 0)
      return errno;
    committed_ = true;
    return 0;
  }
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp_ = unique_temp_name(path_);
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, temp_.c_str(), AT_SYMLINK_FOLLOW) == 0) return 0;
    if (errno != EEXIST) {
      const int saved = errno;
      temp_.clear();
      return saved;
    }
  }
  temp_.clear();
  return EEXIST;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text,
                           bool overwrite) {
  AtomicFile file(path, overwrite);
  // A short write with no stream error still fails at commit (flush), naming the cause.
  std::fwrite(text.data(), 1, text.size(), file.stream());
  file.commit();
}

void copy_file_atomically(const fs::path& from, const fs::path& to, bool overwrite) {
  refuse_special_file(from, "file");
  std::FILE* in = std::fopen(from.c_str(), "rb");
  if (!in)
    throw UserError("cannot read " + quoted(from) + " (" + std::strerror(errno) +
                    "); check that it is there and readable");
  AtomicFile out(to, overwrite);
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, in)) > 0)
    if (std::fwrite(buffer, 1, n, out.stream()) != n) break;  // commit() names the cause
  const bool read_failed = std::ferror(in) != 0;
  std::fclose(in);
  if (read_failed) throw UserError("cannot read " + quoted(from) + " to the end; it is not copied");
  out.commit();
}

}  // namespace devomap
