// HeadlessContext (EGL surfaceless, DISPLAY unset) and OffscreenTarget: sizes, limits, the
// top-row-first read-back, and the message when Mesa's driver is missing.
#include <catch2/catch.hpp>

#include <glad/gl.h>

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "render/offscreen.hpp"
#include "render/render_fixtures.hpp"

using namespace devomap;
using devomap::test::IsColor;
using devomap::test::pixel;

TEST_CASE("a headless context starts with no display and reports the renderer", "[headless]") {
  REQUIRE(std::getenv("DISPLAY") == nullptr);
  render::HeadlessContext context;
  CHECK_FALSE(context.gl_renderer().empty());
  CHECK_FALSE(context.gl_version().empty());
  // Two in a row (the CLI may render several maps) and nested lifetimes both work.
  {
    render::HeadlessContext second;
    render::OffscreenTarget target(8, 8);
    CHECK(target.width() == 8);
  }
  render::OffscreenTarget target(4, 4);
  CHECK(target.height() == 4);
}

TEST_CASE("read_pixels returns the top row first", "[headless]") {
  render::HeadlessContext context;
  render::OffscreenTarget target(6, 4);
  target.bind();
  glEnable(GL_SCISSOR_TEST);
  glScissor(0, 0, 6, 2);  // GL's bottom half
  glClearColor(0, 0, 1, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  glScissor(0, 2, 6, 2);  // GL's top half
  glClearColor(1, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);
  const render::Image image = target.read_pixels();
  REQUIRE(image.width == 6);
  REQUIRE(image.height == 4);
  REQUIRE(image.rgba.size() == 6u * 4u * 4u);
  CHECK_THAT(pixel(image, 0, 0), IsColor({255, 0, 0, 255}, 0));
  CHECK_THAT(pixel(image, 5, 1), IsColor({255, 0, 0, 255}, 0));
  CHECK_THAT(pixel(image, 0, 2), IsColor({0, 0, 255, 255}, 0));
  CHECK_THAT(pixel(image, 5, 3), IsColor({0, 0, 255, 255}, 0));
}

TEST_CASE("odd sizes and single-sample targets read back intact", "[headless]") {
  render::HeadlessContext context;
  render::OffscreenTarget target(3, 5, 1);
  CHECK(target.samples() == 1);
  target.bind();
  glClearColor(0, 1, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  const render::Image image = target.read_pixels();
  REQUIRE(image.rgba.size() == 3u * 5u * 4u);
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 3; ++x) CHECK_THAT(pixel(image, x, y), IsColor({0, 255, 0, 255}, 0));
  render::OffscreenTarget many(2, 2, 64);
  GLint max_samples = 0;
  glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
  CHECK(many.samples() == max_samples);
}

TEST_CASE("offscreen sizes outside the GPU's limits are refused clearly", "[headless]") {
  render::HeadlessContext context;
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_size);
  REQUIRE(max_size > 0);
  CHECK_THROWS_MATCHES(
      render::OffscreenTarget(max_size + 1, 100), UserError,
      Catch::Matchers::Message("image size " + std::to_string(max_size + 1) +
                               " x 100 px exceeds this renderer's limit of " +
                               std::to_string(max_size) +
                               " px per side (GL_MAX_RENDERBUFFER_SIZE): choose a smaller size "
                               "or DPI"));
  CHECK_THROWS_WITH(render::OffscreenTarget(100, max_size + 1),
                    Catch::Contains("exceeds this renderer's limit"));
  CHECK_THROWS_MATCHES(render::OffscreenTarget(0, 10), UserError,
                       Catch::Matchers::Message("image size 0 x 10 px is invalid: width and "
                                                "height must be at least 1 pixel"));
  CHECK_THROWS_AS(render::OffscreenTarget(10, -1), UserError);
}

// Runs in a child process only (hidden tag): Mesa looks for its driver once per process.
TEST_CASE("child: EGL without Mesa's driver", "[.][egl-failure-child]") {
  try {
    render::HeadlessContext context;
    FAIL("EGL started although LIBGL_DRIVERS_PATH points nowhere: " << context.gl_renderer());
  } catch (const UserError& e) {
    std::printf("MESSAGE: %s\n", e.what());
  }
}

TEST_CASE("a missing Mesa driver gives a one-line message naming the packages", "[headless]") {
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe");
  const std::string command =
      "env -u DISPLAY -u WAYLAND_DISPLAY LIBGL_DRIVERS_PATH=/nonexistent-devomap-dri "
      "GBM_BACKENDS_PATH=/nonexistent-devomap-gbm '" +
      self.string() + "' '[egl-failure-child]' 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::string output;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  const int status = ::pclose(pipe);
  INFO(output);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const auto start = output.find("MESSAGE: ");
  REQUIRE(start != std::string::npos);
  const std::string message = output.substr(start + 9, output.find('\n', start) - start - 9);
  CHECK_THAT(message, Catch::StartsWith("headless OpenGL (EGL) could not start: "));
  CHECK_THAT(message, Catch::Contains("libgl1-mesa-dri"));
  CHECK_THAT(message, Catch::Contains("libegl-mesa0"));
}
