#pragma once
// Golden-image comparison with a tolerance. Rendering through llvmpipe is deterministic on one
// machine, but antialiasing and font rasterising may differ slightly across Mesa versions, so a
// pixel counts as different only when a channel differs by more than `channel_tolerance`, and
// the images match while at most `max_diff_fraction` of pixels differ.
#include <filesystem>
#include <string>

namespace devomap::test {

struct ImageDiff {
  bool loaded = false;  // both images could be read
  bool same_size = false;
  std::string error;        // why not loaded / not the same size
  long long differing = 0;  // pixels over the channel tolerance
  long long total = 0;
  double fraction() const { return total ? double(differing) / double(total) : 1.0; }
};

// Compares two PNG files. When `diff_out` is non-empty and the images differ at all, writes a
// diff image there: differing pixels red over a faded copy of the expected image.
ImageDiff compare_png(const std::filesystem::path& expected, const std::filesystem::path& actual,
                      int channel_tolerance, const std::filesystem::path& diff_out = {});

// Reads one pixel (RGBA) of a PNG; returns false if the file cannot be read or x,y is outside.
bool read_pixel(const std::filesystem::path& png, int x, int y, unsigned char rgba[4]);

// Pixels of exactly this colour, or -1 when the file cannot be read.
long long count_color(const std::filesystem::path& png, unsigned char r, unsigned char g,
                      unsigned char b);

}  // namespace devomap::test
