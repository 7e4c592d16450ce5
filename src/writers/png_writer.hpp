#pragma once
// PNG files with libpng, tuned for map exports: a fast zlib level and no filtering (libpng's
// defaults cost ~4x the time at 4000 x 4000; flat map colours compress best unfiltered). The file
// appears atomically: it is written to a temporary file in the same folder and renamed into place.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>

namespace devomap::writers {

struct PngPixels {
  int width = 0;
  int height = 0;
  int channels = 4;                    // 4 = RGBA, 3 = RGB
  std::span<const std::uint8_t> data;  // top row first, width * channels bytes per row
};

struct PngWriteOptions {
  bool overwrite = false;     // replace an existing file (the CLI decides)
  bool keep_alpha = true;     // false: RGBA input is written as RGB (opaque maps)
  std::optional<double> dpi;  // written as pHYs (pixels per metre) when set
  int zlib_level = 2;         // 0..9
  // Called every few rows with the share written; returning false stops the file, which is
  // then not written (write_png throws Cancelled).
  std::function<bool(float)> progress;
};

// Writes `pixels` to `path`. Throws UserError (one line naming the file) when the file exists
// and `overwrite` is false, the folder is missing or not writable, or the disk is full; throws
// std::invalid_argument when the pixel buffer does not match its size. Never leaves a partial
// file behind.
void write_png(const std::filesystem::path& path, const PngPixels& pixels,
               const PngWriteOptions& options = {});

}  // namespace devomap::writers
