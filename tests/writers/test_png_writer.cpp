// writers/png_writer: round trip through libpng's reader, DPI metadata, refusing to overwrite,
// atomic replacement, and messages for folders that cannot take the file.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <png.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <vector>

#include "core/error.hpp"
#include "support/test_support.hpp"
#include "writers/png_writer.hpp"

using namespace devomap;
namespace fs = std::filesystem;

namespace {

struct DecodedPng {
  bool ok = false;
  int width = 0, height = 0;
  int color_type = -1;
  std::vector<std::uint8_t> pixels;  // as stored: 3 or 4 bytes per pixel
  std::optional<png_uint_32> pixels_per_metre;
};

DecodedPng read_png(const fs::path& path) {
  DecodedPng out;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return out;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  std::vector<png_bytep> rows;
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    std::fclose(file);
    out.ok = false;
    return out;
  }
  png_init_io(png, file);
  png_read_info(png, info);
  out.width = static_cast<int>(png_get_image_width(png, info));
  out.height = static_cast<int>(png_get_image_height(png, info));
  out.color_type = png_get_color_type(png, info);
  png_uint_32 x_ppm = 0, y_ppm = 0;
  int unit = 0;
  if (png_get_pHYs(png, info, &x_ppm, &y_ppm, &unit) && unit == PNG_RESOLUTION_METER &&
      x_ppm == y_ppm)
    out.pixels_per_metre = x_ppm;
  const std::size_t row_bytes = png_get_rowbytes(png, info);
  out.pixels.resize(row_bytes * out.height);
  for (int y = 0; y < out.height; ++y) rows.push_back(out.pixels.data() + y * row_bytes);
  png_read_image(png, rows.data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  std::fclose(file);
  out.ok = true;
  return out;
}

// A small RGBA test card: every pixel different, alpha varying.
std::vector<std::uint8_t> test_card(int w, int h) {
  std::vector<std::uint8_t> rgba;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      rgba.insert(rgba.end(), {static_cast<std::uint8_t>(x * 40), static_cast<std::uint8_t>(y * 60),
                               static_cast<std::uint8_t>(200 - x * 10),
                               static_cast<std::uint8_t>(255 - (x + y) * 5)});
  return rgba;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("an RGBA image survives a round trip through libpng", "[png]") {
  test::TempDir dir;
  const auto card = test_card(5, 3);
  writers::write_png(dir / "card.png", {5, 3, 4, card});
  const DecodedPng png = read_png(dir / "card.png");
  REQUIRE(png.ok);
  CHECK(png.width == 5);
  CHECK(png.height == 3);
  CHECK(png.color_type == PNG_COLOR_TYPE_RGBA);
  CHECK(png.pixels == card);
  CHECK_FALSE(png.pixels_per_metre);
  CHECK(names_in(dir.path()) == std::vector<std::string>{"card.png"});  // no temp file left
}

TEST_CASE("alpha can be dropped, RGB input is written as is, DPI goes into pHYs", "[png]") {
  test::TempDir dir;
  const auto card = test_card(4, 4);
  writers::PngWriteOptions options;
  options.keep_alpha = false;
  options.dpi = 300;
  writers::write_png(dir / "rgb.png", {4, 4, 4, card}, options);
  const DecodedPng png = read_png(dir / "rgb.png");
  REQUIRE(png.ok);
  CHECK(png.color_type == PNG_COLOR_TYPE_RGB);
  std::vector<std::uint8_t> rgb;
  for (std::size_t i = 0; i < card.size(); i += 4) rgb.insert(rgb.end(), &card[i], &card[i + 3]);
  CHECK(png.pixels == rgb);
  REQUIRE(png.pixels_per_metre);
  CHECK(*png.pixels_per_metre == 11811);  // 300 dpi = 11811 px per metre

  writers::write_png(dir / "from_rgb.png", {4, 4, 3, rgb});
  const DecodedPng again = read_png(dir / "from_rgb.png");
  REQUIRE(again.ok);
  CHECK(again.color_type == PNG_COLOR_TYPE_RGB);
  CHECK(again.pixels == rgb);
}

TEST_CASE("an existing file is never overwritten unless asked", "[png]") {
  test::TempDir dir;
  const fs::path path = dir / "map.png";
  const auto first = test_card(3, 3);
  writers::write_png(path, {3, 3, 4, first});
  const std::string original = devomap::test::read_file(path);

  std::vector<std::uint8_t> second(first.size(), 7);
  CHECK_THROWS_MATCHES(writers::write_png(path, {3, 3, 4, second}), UserError,
                       Catch::Matchers::Message("refusing to overwrite '" + path.string() +
                                                "', which already exists: choose another output "
                                                "file name, or ask to overwrite it"));
  try {
    writers::write_png(path, {3, 3, 4, second});
  } catch (const UserError& e) {
    CHECK(e.remedy() == Remedy::AllowReplace);  // each front end says how to ask
  }
  CHECK(devomap::test::read_file(path) == original);
  CHECK(names_in(dir.path()) == std::vector<std::string>{"map.png"});

  writers::PngWriteOptions replace;
  replace.overwrite = true;
  writers::write_png(path, {3, 3, 4, second}, replace);
  CHECK(read_png(path).pixels == second);
  CHECK(names_in(dir.path()) == std::vector<std::string>{"map.png"});
  // A folder of that name is never replaced, even when overwriting is allowed.
  fs::create_directory(dir / "folder.png");
  CHECK_THROWS_WITH(writers::write_png(dir / "folder.png", {3, 3, 4, second}, replace),
                    Catch::EndsWith("it is a folder; give a file name"));
}

TEST_CASE("missing, non-folder and unwritable output folders give clear messages", "[png]") {
  test::TempDir dir;
  const auto card = test_card(2, 2);
  const fs::path missing = dir / "no-such-folder" / "map.png";
  CHECK_THROWS_MATCHES(writers::write_png(missing, {2, 2, 4, card}), UserError,
                       Catch::Matchers::Message("cannot write '" + missing.string() +
                                                "': the folder '" + missing.parent_path().string() +
                                                "' does not exist; create it or choose another "
                                                "output path"));
  std::ofstream(dir / "plain-file") << "x";
  CHECK_THROWS_WITH(writers::write_png(dir / "plain-file" / "map.png", {2, 2, 4, card}),
                    Catch::EndsWith("'" + (dir / "plain-file").string() + "' is not a folder"));

  // Read-only folder. Root ignores permission bits, so then use sysfs, which refuses everyone.
  const auto can_create_in = [](const fs::path& folder) {
    const fs::path probe = folder / "probe";
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) return false;
    ::close(fd);
    ::unlink(probe.c_str());
    return true;
  };
  fs::path locked = dir / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  if (can_create_in(locked)) locked = "/sys";
  REQUIRE_FALSE(can_create_in(locked));
  const fs::path target = locked / "map.png";
  CHECK_THROWS_MATCHES(writers::write_png(target, {2, 2, 4, card}), UserError,
                       Catch::Matchers::Message("cannot write '" + target.string() +
                                                "': the folder '" + locked.string() +
                                                "' is not writable (Permission denied); choose "
                                                "another output folder"));
  CHECK_FALSE(fs::exists(target));
  fs::permissions(dir / "locked", fs::perms::owner_all);
}

TEST_CASE("a failed write leaves no partial file behind", "[png]") {
  test::TempDir dir;
  // Noise does not compress, so the file is far larger than the limit below.
  std::vector<std::uint8_t> noise(64 * 64 * 4);
  std::uint32_t state = 12345;
  for (auto& byte : noise)
    byte = static_cast<std::uint8_t>((state = state * 1664525u + 1013904223u) >> 24);
  // A file-size limit makes writes fail part-way (EFBIG), like a full disk would.
  const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  rlimit small = saved;
  small.rlim_cur = 1000;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  std::string message;
  try {
    writers::write_png(dir / "big.png", {64, 64, 4, noise});
  } catch (const UserError& e) {
    message = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous_handler);
  CHECK(message == "cannot write '" + (dir / "big.png").string() + "' in the folder '" +
                       dir.path().string() + "': File too large");
  CHECK(names_in(dir.path()).empty());
}

TEST_CASE("bad pixel buffers and options are programming errors", "[png]") {
  test::TempDir dir;
  const auto card = test_card(2, 2);
  CHECK_THROWS_AS(writers::write_png(dir / "a.png", {3, 2, 4, card}), std::invalid_argument);
  CHECK_THROWS_AS(writers::write_png(dir / "a.png", {2, 2, 2, card}), std::invalid_argument);
  CHECK_THROWS_AS(writers::write_png(dir / "a.png", {0, 0, 4, {}}), std::invalid_argument);
  writers::PngWriteOptions bad_dpi;
  bad_dpi.dpi = -5;
  CHECK_THROWS_WITH(writers::write_png(dir / "a.png", {2, 2, 4, card}, bad_dpi),
                    Catch::EndsWith("the DPI must be a positive number"));
  CHECK(names_in(dir.path()).empty());
}
