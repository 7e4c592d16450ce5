#include "support/image_compare.hpp"

#include <stb_image.h>
#include <stb_image_write.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace devomap::test {

namespace {
struct StbImage {
  int w = 0, h = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> data{nullptr, stbi_image_free};
  explicit StbImage(const std::filesystem::path& p) {
    int n = 0;
    data.reset(stbi_load(p.c_str(), &w, &h, &n, 4));
  }
};
}  // namespace

ImageDiff compare_png(const std::filesystem::path& expected, const std::filesystem::path& actual,
                      int channel_tolerance, const std::filesystem::path& diff_out) {
  ImageDiff d;
  StbImage a(expected), b(actual);
  if (!a.data || !b.data) {
    d.error = "cannot read " + (!a.data ? expected.string() : actual.string());
    return d;
  }
  d.loaded = true;
  if (a.w != b.w || a.h != b.h) {
    d.error = "size " + std::to_string(b.w) + "x" + std::to_string(b.h) + " instead of " +
              std::to_string(a.w) + "x" + std::to_string(a.h);
    return d;
  }
  d.same_size = true;
  d.total = static_cast<long long>(a.w) * a.h;
  std::vector<unsigned char> diff(static_cast<size_t>(d.total) * 4);
  const unsigned char* pa = a.data.get();
  const unsigned char* pb = b.data.get();
  for (long long i = 0; i < d.total; ++i) {
    bool differs = false;
    for (int c = 0; c < 4; ++c)
      if (std::abs(int(pa[i * 4 + c]) - int(pb[i * 4 + c])) > channel_tolerance) differs = true;
    unsigned char* o = &diff[static_cast<size_t>(i) * 4];
    if (differs) {
      ++d.differing;
      o[0] = 255, o[1] = 0, o[2] = 0, o[3] = 255;
    } else {
      for (int c = 0; c < 3; ++c) o[c] = static_cast<unsigned char>(pa[i * 4 + c] / 4 + 190);
      o[3] = 255;
    }
  }
  if (!diff_out.empty() && d.differing > 0)
    stbi_write_png(diff_out.c_str(), a.w, a.h, 4, diff.data(), a.w * 4);
  return d;
}

bool read_pixel(const std::filesystem::path& png, int x, int y, unsigned char rgba[4]) {
  StbImage img(png);
  if (!img.data || x < 0 || y < 0 || x >= img.w || y >= img.h) return false;
  const unsigned char* p = img.data.get() + (static_cast<size_t>(y) * img.w + x) * 4;
  for (int c = 0; c < 4; ++c) rgba[c] = p[c];
  return true;
}

long long count_color(const std::filesystem::path& png, unsigned char r, unsigned char g,
                      unsigned char b) {
  StbImage img(png);
  if (!img.data) return -1;
  long long n = 0;
  const unsigned char* p = img.data.get();
  for (long long i = 0; i < static_cast<long long>(img.w) * img.h; ++i, p += 4)
    n += p[0] == r && p[1] == g && p[2] == b;
  return n;
}

}  // namespace devomap::test
