#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
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
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[40];
    std::snprintf(suffix, sizeof suffix, ".tmp-%ld-%08x", static_cast<long>(::getpid()),
                  static_cast<unsigned>(random()));
    // Hidden and clearly temporary, in the same folder so the final rename is atomic.
    const fs::path temp = folder_ / ("." + path_.filename().string() + suffix);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      throw UserError(folder_problem(path_, folder_, errno));
    }
    temp_ = temp;
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
      const int saved = errno;
      ::close(fd);
      ::unlink(temp_.c_str());
      throw UserError(folder_problem(path_, folder_, saved));
    }
    return;
  }
  throw UserError("cannot create a temporary file in " + quoted(folder_) + " for " + quoted(path_));
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
  if (std::fclose(file_) != 0 && !error) error = errno;
  file_ = nullptr;
  if (error) throw UserError(folder_problem(path_, folder_, error));
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

void write_file_atomically(const std::filesystem::path& path, std::string_view text,
                           bool overwrite) {
  AtomicFile file(path, overwrite);
  // A short write with no stream error still fails at commit (flush), naming the cause.
  std::fwrite(text.data(), 1, text.size(), file.stream());
  file.commit();
}

}  // namespace devomap
