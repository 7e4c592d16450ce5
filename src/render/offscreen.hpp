#pragma once
// Headless rendering with no display at all: an EGL surfaceless (Mesa) context, an FBO, and a
// read-back to RGBA pixels. GLFW cannot start without a display, so the CLI uses this.
#include <cstdint>
#include <memory>
#include <vector>

namespace devomap::render {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;  // row 0 is the top row
};

class HeadlessContext {
 public:
  HeadlessContext();  // throws std::runtime_error with a clear message if EGL/GL is unavailable
  ~HeadlessContext();
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// An offscreen RGBA8 framebuffer (multisampled, resolved on read) in the current context.
class OffscreenTarget {
 public:
  OffscreenTarget(int width, int height, int samples = 4);
  ~OffscreenTarget();
  OffscreenTarget(const OffscreenTarget&) = delete;
  OffscreenTarget& operator=(const OffscreenTarget&) = delete;
  void bind();         // bind for drawing, sets the viewport
  Image read_pixels(); // resolve and read back, top row first

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace devomap::render
