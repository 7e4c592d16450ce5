#pragma once
// Headless rendering with no display at all: an EGL surfaceless (Mesa) context, an FBO, and a
// read-back to RGBA pixels. GLFW cannot start without a display, so the CLI uses this.
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "render/scene_renderer.hpp"

namespace devomap::render {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;  // row 0 is the top row, 4 bytes per pixel, no padding
};

// An OpenGL 3.3 core context on Mesa's EGL surfaceless platform, current on the calling thread
// for the object's lifetime. Works with DISPLAY unset. Create one per thread at most.
// A GL context current on the thread that made it, for drawing export pages: a headless EGL
// context (the command line), or the window's second context on a worker thread.
class DrawingContext {
 public:
  virtual ~DrawingContext() = default;
};

class HeadlessContext : public DrawingContext {
 public:
  // Throws UserError (a std::runtime_error) naming the failing step and the Debian packages to
  // install (libegl1, libegl-mesa0, libgl1-mesa-dri) when EGL or GL cannot start.
  HeadlessContext();
  ~HeadlessContext() override;
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

  const std::string& gl_renderer() const;  // e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"
  const std::string& gl_version() const;   // e.g. "4.5 (Core Profile) Mesa 22.3.6"

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Starts headless EGL on a worker thread (Mesa loads its driver and LLVM: about 0.1 s, the
// slow part of a first HeadlessContext), so a command can read its files meanwhile. Keep it
// until the HeadlessContext is made; its destructor waits for the worker. Failures are left for
// the HeadlessContext to report.
class HeadlessWarmup {
 public:
  HeadlessWarmup();
  ~HeadlessWarmup();
  HeadlessWarmup(const HeadlessWarmup&) = delete;
  HeadlessWarmup& operator=(const HeadlessWarmup&) = delete;

 private:
  std::future<bool> started_;
};

// An offscreen RGBA8 framebuffer (multisampled, resolved on read) in the current context.
class OffscreenTarget {
 public:
  // Throws UserError for a size below 1 or above the GPU's GL_MAX_RENDERBUFFER_SIZE (16384 on
  // llvmpipe), or when even a single-sample framebuffer cannot be allocated. `samples` is
  // clamped to GL_MAX_SAMPLES (1 or less: no multisampling) and halved until the multisampled
  // buffer fits (llvmpipe refuses 4x at 16384 x 10240); samples() says what was used.
  OffscreenTarget(int width, int height, int samples = 4);
  ~OffscreenTarget();
  OffscreenTarget(const OffscreenTarget&) = delete;
  OffscreenTarget& operator=(const OffscreenTarget&) = delete;

  int width() const;
  int height() const;
  int samples() const;  // after clamping
  DrawTarget draw_target(float pixel_ratio = 1.0f) const;

  void bind();     // bind for drawing, sets the viewport
  void resolve();  // multisampled -> the single-sample copy (kept for present())
  void resolve(const PixelRect& rect);  // the same for the pixels of `rect` only
  Image read_pixels();                  // resolve and read back, top row first
  // Copies the resolved picture onto framebuffer `into` (0: the window's) at (x, y) from its
  // bottom-left, as the window shows the map it drew once until the map changes.
  void present(int x, int y, unsigned into = 0);
  // The same, stretched or shrunk onto the rectangle (x0, y0)-(x1, y1) with linear filtering
  // and clipped to `clip` (GL coordinates, y up): the window's map while the camera moves.
  void present_scaled(int x0, int y0, int x1, int y1, const DrawTarget& clip, unsigned into = 0);
  // The GL name of the single-sample framebuffer holding the resolved picture, for drawing onto
  // this target as if it were a window (benchmarks and tests of the window's drawing).
  unsigned resolved_framebuffer() const;
  // Copies every sample of `source` (same size and sample count) into this target's draw
  // buffer, so drawing over the copy equals drawing over the source; false when they differ.
  bool copy_samples_from(const OffscreenTarget& source);
  bool copy_samples_from(const OffscreenTarget& source, const PixelRect& rect);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The window's own framebuffer (the default one of its context): bind it over the whole window
// and clear it, and read it back for a screenshot (top row first, alpha as GL left it).
void bind_window_surface(int width, int height);
void clear_window_surface(int width, int height, Rgba colour);
Image read_window_surface(int width, int height);

}  // namespace devomap::render
