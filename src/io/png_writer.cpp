#include "io/png_writer.hpp"

#include <fcntl.h>
#include <png.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>

#include "core/error.hpp"

namespace devomap::io {

namespace fs = std::filesystem;

namespace {

struct PngError {
  char message[256] = "unknown libpng error";
};

void on_png_error(png_structp png, png_const_charp message) {
  auto* error = static_cast<PngError*>(png_get_error_ptr(png));
  std::snprintf(error->message, sizeof error->message, "%s", message);
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

// Encodes into `file`. libpng reports errors by longjmp, so this frame holds no C++ object with
// a destructor; on failure `error` has libpng's message (write errors show up as "Write Error").
bool encode_png(std::FILE* file, const PngPixels& pixels, const PngWriteOptions& options,
                PngError& error) {
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, on_png_error, on_png_warning);
  if (!png) return false;
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_init_io(png, file);
  // Measured on LAD BGC at 4000 x 4000 (RGB): zlib 1-3 with no filter is both the fastest
  // (~150 ms CPU) and the smallest (0.7 MB); "sub"/"up" are slower and 30 % larger, libpng's
  // adaptive filtering ~3.5x slower. Flat map colours compress best unfiltered.
  png_set_compression_level(png, options.zlib_level);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  const bool strip_alpha = pixels.channels == 4 && !options.keep_alpha;
  const int color_type =
      pixels.channels == 4 && !strip_alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB;
  png_set_IHDR(png, info, static_cast<png_uint_32>(pixels.width),
               static_cast<png_uint_32>(pixels.height), 8, color_type, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (options.dpi) {
    const auto per_metre = static_cast<png_uint_32>(std::lround(*options.dpi / 0.0254));
    png_set_pHYs(png, info, per_metre, per_metre, PNG_RESOLUTION_METER);
  }
  png_write_info(png, info);
  if (strip_alpha) png_set_filler(png, 0, PNG_FILLER_AFTER);  // drop the 4th input byte
  const std::size_t stride = static_cast<std::size_t>(pixels.width) * pixels.channels;
  for (int y = 0; y < pixels.height; ++y)
    png_write_row(png, pixels.data.data() + static_cast<std::size_t>(y) * stride);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

// Removes the temporary file unless the write succeeded and it was renamed into place.
class TempFile {
 public:
  TempFile(fs::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~TempFile() {
    if (file_)
      std::fclose(file_);
    else if (fd_ >= 0)
      ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  std::FILE* open_stream() {
    file_ = ::fdopen(fd_, "wb");
    if (file_) fd_ = -1;
    return file_;
  }
  // Flushes to disk and closes; returns errno on failure, 0 on success.
  int finish() {
    int error = 0;
    if (std::fflush(file_) != 0) error = errno;
    if (!error && ::fsync(::fileno(file_)) != 0) error = errno;
    if (std::fclose(file_) != 0 && !error) error = errno;
    file_ = nullptr;
    return error;
  }
  void keep() { kept_ = true; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  int fd_ = -1;
  std::FILE* file_ = nullptr;
  bool kept_ = false;
};

[[noreturn]] void already_exists(const fs::path& path) {
  throw UserError("refusing to overwrite " + quoted(path) +
                  ", which already exists: choose another output file name or ask to overwrite it");
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

TempFile create_temp_beside(const fs::path& path, const fs::path& folder) {
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[40];
    std::snprintf(suffix, sizeof suffix, ".tmp-%ld-%08x", static_cast<long>(::getpid()),
                  static_cast<unsigned>(random()));
    // Hidden and clearly temporary, in the same folder so the final rename is atomic.
    const fs::path temp = folder / ("." + path.filename().string() + suffix);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return TempFile(temp, fd);
    if (errno != EEXIST) throw UserError(folder_problem(path, folder, errno));
  }
  throw UserError("cannot create a temporary file in " + quoted(folder) + " for " + quoted(path));
}

// Moves the finished temp file into place, atomically and without replacing an existing file
// unless asked to.
void move_into_place(TempFile& temp, const fs::path& path, bool overwrite) {
  if (overwrite) {
    if (::rename(temp.path().c_str(), path.c_str()) != 0)
      throw UserError("cannot replace " + quoted(path) + ": " + std::strerror(errno));
    temp.keep();
    return;
  }
  if (::renameat2(AT_FDCWD, temp.path().c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) {
    temp.keep();
    return;
  }
  if (errno == EEXIST) already_exists(path);
  if (errno != EINVAL && errno != ENOSYS)
    throw UserError("cannot create " + quoted(path) + ": " + std::strerror(errno));
  // The file system has no RENAME_NOREPLACE: a hard link also refuses an existing name.
  if (::link(temp.path().c_str(), path.c_str()) == 0) return;  // the temp is unlinked after
  if (errno == EEXIST) already_exists(path);
  throw UserError("cannot create " + quoted(path) + ": " + std::strerror(errno));
}

}  // namespace

void write_png(const fs::path& path, const PngPixels& pixels, const PngWriteOptions& options) {
  if (pixels.width < 1 || pixels.height < 1 || (pixels.channels != 3 && pixels.channels != 4) ||
      pixels.data.size() !=
          static_cast<std::size_t>(pixels.width) * pixels.height * pixels.channels)
    throw std::invalid_argument("write_png: pixel buffer does not match its size and channels");
  if (options.zlib_level < 0 || options.zlib_level > 9)
    throw std::invalid_argument("write_png: zlib_level must be 0..9");
  if (options.dpi && !(*options.dpi > 0 && *options.dpi < 1e6))
    throw UserError("cannot write " + quoted(path) + ": the DPI must be a positive number");

  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
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
  if (fs::exists(target_status) && !options.overwrite) already_exists(path);

  TempFile temp = create_temp_beside(path, folder);
  std::FILE* file = temp.open_stream();
  if (!file) throw UserError(folder_problem(path, folder, errno));
  PngError error;
  errno = 0;
  if (!encode_png(file, pixels, options, error)) {
    const int saved = errno;
    throw UserError(saved ? folder_problem(path, folder, saved)
                          : "writing " + quoted(path) + " failed: " + error.message);
  }
  if (const int saved = temp.finish()) throw UserError(folder_problem(path, folder, saved));
  move_into_place(temp, path, options.overwrite);
}

}  // namespace devomap::io
