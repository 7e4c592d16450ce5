#include "render/offscreen.hpp"

#include <glad/gl.h>
// glad's EGL header after gl.h; glad loads libEGL itself (no link to libEGL needed).
#include <glad/egl.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <string>
#include <utility>

#include "core/error.hpp"

namespace devomap::render {

namespace {

const char* egl_error_name(EGLint code) {
  switch (code) {
    case EGL_SUCCESS:
      return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED:
      return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS:
      return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC:
      return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE:
      return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG:
      return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT:
      return "EGL_BAD_CONTEXT";
    case EGL_BAD_DISPLAY:
      return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH:
      return "EGL_BAD_MATCH";
    case EGL_BAD_PARAMETER:
      return "EGL_BAD_PARAMETER";
    default:
      return "EGL error";
  }
}

std::string egl_error_text() {
  const EGLint code = eglGetError();
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%04X", static_cast<unsigned>(code));
  return std::string(egl_error_name(code)) + " " + hex;
}

constexpr const char* kPackages =
    "install the Debian packages libegl1, libegl-mesa0 and libgl1-mesa-dri (Mesa's software "
    "renderer)";

[[noreturn]] void fail(const std::string& what) {
  throw UserError("headless OpenGL (EGL) could not start: " + what + "; " + kPackages);
}

// One EGL display per process, shared by every HeadlessContext: eglTerminate would pull it
// from under any other live context, so it is terminated with the last user.
struct SharedDisplay {
  std::mutex mutex;
  int users = 0;
  EGLDisplay display = EGL_NO_DISPLAY;
};

SharedDisplay& shared_display() {
  static SharedDisplay shared;
  return shared;
}

EGLDisplay acquire_display() {
  SharedDisplay& shared = shared_display();
  std::lock_guard lock(shared.mutex);
  if (shared.users == 0) {
    // Before eglInitialize glad only sees EGL 1.0 entry points (it cannot read EGL_VERSION
    // yet), so eglGetPlatformDisplay is null; the EXT variant comes with the client extensions.
    if (!gladLoaderLoadEGL(EGL_NO_DISPLAY)) fail("libEGL.so.1 was not found");
    if (!GLAD_EGL_EXT_platform_base || !eglGetPlatformDisplayEXT) {
      gladLoaderUnloadEGL();
      fail("EGL lacks EGL_EXT_platform_base");
    }
    EGLDisplay display =
        eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (display == EGL_NO_DISPLAY) {
      const std::string error = egl_error_text();
      gladLoaderUnloadEGL();
      fail("Mesa's surfaceless EGL platform is not available (" + error + ")");
    }
    EGLint major = 0, minor = 0;
    if (!eglInitialize(display, &major, &minor)) {
      const std::string error = egl_error_text();
      gladLoaderUnloadEGL();
      fail("eglInitialize failed (" + error + "), usually because swrast_dri.so is missing");
    }
    // Now that the version is known, load the EGL 1.5 entry points too.
    if (!gladLoaderLoadEGL(display)) {
      eglTerminate(display);
      gladLoaderUnloadEGL();
      fail("loading the EGL functions failed");
    }
    shared.display = display;
  }
  ++shared.users;
  return shared.display;
}

void release_display() {
  SharedDisplay& shared = shared_display();
  std::lock_guard lock(shared.mutex);
  if (--shared.users > 0) return;
  eglTerminate(shared.display);
  eglReleaseThread();
  shared.display = EGL_NO_DISPLAY;
  gladLoaderUnloadEGL();
}

}  // namespace

HeadlessWarmup::HeadlessWarmup()
    : started_(std::async(std::launch::async, [] {
        try {
          acquire_display();
          return true;
        } catch (const std::exception&) {
          return false;  // HeadlessContext meets the same failure and says what to install
        }
      })) {}

HeadlessWarmup::~HeadlessWarmup() {
  if (started_.valid() && started_.get()) release_display();
}

struct HeadlessContext::Impl {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  EGLContext previous = EGL_NO_CONTEXT;  // current before this one; restored on destruction
  std::string renderer;
  std::string version;
};

HeadlessContext::HeadlessContext() : impl_(std::make_unique<Impl>()) {
  impl_->display = acquire_display();
  impl_->previous = eglGetCurrentContext();
  // Undo the display reference if anything below throws (the destructor will not run).
  struct Guard {
    Impl* impl;
    bool armed = true;
    ~Guard() {
      if (!armed) return;
      if (impl->context != EGL_NO_CONTEXT) {
        if (eglGetCurrentContext() == impl->context)
          eglMakeCurrent(impl->display, EGL_NO_SURFACE, EGL_NO_SURFACE, impl->previous);
        eglDestroyContext(impl->display, impl->context);
      }
      release_display();
    }
  } guard{impl_.get()};

  const EGLDisplay display = impl_->display;
  if (!eglBindAPI(EGL_OPENGL_API))
    fail("desktop OpenGL is not supported (" + egl_error_text() + ")");
  // Without EGL_SURFACE_TYPE the default (window bit) matches no surfaceless config.
  const EGLint config_attributes[] = {EGL_SURFACE_TYPE,
                                      EGL_PBUFFER_BIT,
                                      EGL_RENDERABLE_TYPE,
                                      EGL_OPENGL_BIT,
                                      EGL_RED_SIZE,
                                      8,
                                      EGL_GREEN_SIZE,
                                      8,
                                      EGL_BLUE_SIZE,
                                      8,
                                      EGL_ALPHA_SIZE,
                                      8,
                                      EGL_NONE};
  EGLConfig config = nullptr;
  EGLint config_count = 0;
  if (!eglChooseConfig(display, config_attributes, &config, 1, &config_count) || config_count < 1)
    fail("no RGBA8 OpenGL config on the surfaceless platform (" + egl_error_text() + ")");
  const EGLint context_attributes[] = {EGL_CONTEXT_MAJOR_VERSION,
                                       3,
                                       EGL_CONTEXT_MINOR_VERSION,
                                       3,
                                       EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                       EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                       EGL_NONE};
  impl_->context = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attributes);
  if (impl_->context == EGL_NO_CONTEXT)
    fail("cannot create an OpenGL 3.3 core context (" + egl_error_text() + ")");
  if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, impl_->context))
    fail("cannot make the context current without a surface (" + egl_error_text() + ")");
  const int gl_version = gladLoadGL(reinterpret_cast<GLADloadfunc>(eglGetProcAddress));
  if (GLAD_VERSION_MAJOR(gl_version) * 10 + GLAD_VERSION_MINOR(gl_version) < 33)
    fail("OpenGL 3.3 functions could not be loaded");
  const auto text = [](GLenum name) {
    const auto* s = reinterpret_cast<const char*>(glGetString(name));
    return std::string(s ? s : "");
  };
  impl_->renderer = text(GL_RENDERER);
  impl_->version = text(GL_VERSION);
  guard.armed = false;
}

HeadlessContext::~HeadlessContext() {
  // Nested contexts unwind like a stack: the one that was current before becomes current again.
  if (eglGetCurrentContext() == impl_->context)
    eglMakeCurrent(impl_->display, EGL_NO_SURFACE, EGL_NO_SURFACE, impl_->previous);
  eglDestroyContext(impl_->display, impl_->context);
  release_display();
}

const std::string& HeadlessContext::gl_renderer() const {
  return impl_->renderer;
}
const std::string& HeadlessContext::gl_version() const {
  return impl_->version;
}

// ---------------------------------------------------------------------------------------------

struct OffscreenTarget::Impl {
  int width = 0, height = 0, samples = 1;
  GLuint draw_fbo = 0, draw_rb = 0;        // what bind() draws into (multisampled if samples > 1)
  GLuint resolve_fbo = 0, resolve_rb = 0;  // single-sample copy for glReadPixels

  ~Impl() {
    const GLuint fbos[] = {draw_fbo, resolve_fbo};
    const GLuint rbs[] = {draw_rb, resolve_rb};
    glDeleteFramebuffers(2, fbos);  // zero names are ignored
    glDeleteRenderbuffers(2, rbs);
  }
};

namespace {

// Allocates an RGBA8 renderbuffer and its framebuffer; false (with both deleted) when the
// driver cannot (GL_OUT_OF_MEMORY, or incomplete).
bool make_color_framebuffer(int width, int height, int samples, GLuint& fbo, GLuint& rb) {
  while (glGetError() != GL_NO_ERROR) {
  }  // start clean so an error below is ours
  glGenFramebuffers(1, &fbo);
  glGenRenderbuffers(1, &rb);
  glBindRenderbuffer(GL_RENDERBUFFER, rb);
  if (samples > 1)
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, width, height);
  else
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
  const GLenum error = glGetError();
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (error == GL_NO_ERROR && status == GL_FRAMEBUFFER_COMPLETE) return true;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDeleteFramebuffers(1, &fbo);
  glDeleteRenderbuffers(1, &rb);
  fbo = rb = 0;
  return false;
}

}  // namespace

OffscreenTarget::OffscreenTarget(int width, int height, int samples)
    : impl_(std::make_unique<Impl>()) {
  if (width < 1 || height < 1)
    throw UserError("image size " + std::to_string(width) + " x " + std::to_string(height) +
                    " px is invalid: width and height must be at least 1 pixel");
  GLint max_renderbuffer = 0, max_samples = 1;
  GLint max_viewport[2] = {0, 0};
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_renderbuffer);
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, max_viewport);
  glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
  const int max_side = std::min({max_renderbuffer, max_viewport[0], max_viewport[1]});
  if (width > max_side || height > max_side)
    throw UserError("image size " + std::to_string(width) + " x " + std::to_string(height) +
                    " px exceeds this renderer's limit of " + std::to_string(max_side) +
                    " px per side (GL_MAX_RENDERBUFFER_SIZE): choose a smaller size or DPI");
  impl_->width = width;
  impl_->height = height;
  // The single-sample buffer is needed either way: resolve target, or the draw buffer itself.
  if (!make_color_framebuffer(width, height, 1, impl_->resolve_fbo, impl_->resolve_rb))
    throw UserError("not enough graphics memory for a " + std::to_string(width) + " x " +
                    std::to_string(height) + " px image: choose a smaller image size or DPI");
  // Large exports may not fit with 4x multisampling (llvmpipe refuses multi-GB buffers): fall
  // back to fewer samples rather than failing, down to none.
  int wanted = std::clamp(samples, 1, std::max(1, static_cast<int>(max_samples)));
  while (wanted > 1 &&
         !make_color_framebuffer(width, height, wanted, impl_->draw_fbo, impl_->draw_rb))
    wanted /= 2;
  impl_->samples = wanted;
  if (wanted <= 1) {
    impl_->samples = 1;
    impl_->draw_fbo = std::exchange(impl_->resolve_fbo, 0);
    impl_->draw_rb = std::exchange(impl_->resolve_rb, 0);
  }
  bind();
}

OffscreenTarget::~OffscreenTarget() = default;

int OffscreenTarget::width() const {
  return impl_->width;
}
int OffscreenTarget::height() const {
  return impl_->height;
}
int OffscreenTarget::samples() const {
  return impl_->samples;
}

DrawTarget OffscreenTarget::draw_target(float pixel_ratio) const {
  DrawTarget target;
  target.width_px = impl_->width;
  target.height_px = impl_->height;
  target.pixel_ratio = pixel_ratio;
  return target;
}

void OffscreenTarget::bind() {
  glBindFramebuffer(GL_FRAMEBUFFER, impl_->draw_fbo);
  glViewport(0, 0, impl_->width, impl_->height);
}

namespace {

// The bound read framebuffer's pixels, top row first (GL's row 0 is the bottom row).
Image read_bound_pixels(int w, int h) {
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  Image image;
  image.width = w;
  image.height = h;
  const std::size_t row_bytes = static_cast<std::size_t>(w) * 4;
  image.rgba.resize(row_bytes * h);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
  for (int top = 0, bottom = h - 1; top < bottom; ++top, --bottom)
    std::swap_ranges(image.rgba.begin() + top * row_bytes,
                     image.rgba.begin() + (top + 1) * row_bytes,
                     image.rgba.begin() + bottom * row_bytes);
  return image;
}

}  // namespace

void OffscreenTarget::resolve() {
  resolve(PixelRect{0, 0, impl_->width, impl_->height});
}

void OffscreenTarget::resolve(const PixelRect& r) {
  if (impl_->samples <= 1) return;
  // Identical rectangles: required for multisample blits in GL 3.3.
  glBindFramebuffer(GL_READ_FRAMEBUFFER, impl_->draw_fbo);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, impl_->resolve_fbo);
  glDisable(GL_SCISSOR_TEST);
  glBlitFramebuffer(r.x, r.y, r.x + r.width, r.y + r.height, r.x, r.y, r.x + r.width,
                    r.y + r.height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
}

Image OffscreenTarget::read_pixels() {
  resolve();
  glBindFramebuffer(GL_READ_FRAMEBUFFER, impl_->samples > 1 ? impl_->resolve_fbo : impl_->draw_fbo);
  Image image = read_bound_pixels(impl_->width, impl_->height);
  bind();
  return image;
}

unsigned OffscreenTarget::resolved_framebuffer() const {
  return impl_->samples > 1 ? impl_->resolve_fbo : impl_->draw_fbo;
}

void OffscreenTarget::present(int x, int y, unsigned into) {
  const int w = impl_->width, h = impl_->height;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, resolved_framebuffer());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, into);
  glBlitFramebuffer(0, 0, w, h, x, y, x + w, y + h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, into);
}

void OffscreenTarget::present_scaled(int x0, int y0, int x1, int y1, const DrawTarget& clip,
                                     unsigned into) {
  const int w = impl_->width, h = impl_->height;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, resolved_framebuffer());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, into);
  glEnable(GL_SCISSOR_TEST);  // blits honour the scissor: nothing lands outside the map
  glScissor(clip.x_px, clip.y_px, clip.width_px, clip.height_px);
  glBlitFramebuffer(0, 0, w, h, x0, y0, x1, y1, GL_COLOR_BUFFER_BIT, GL_LINEAR);
  glDisable(GL_SCISSOR_TEST);
  glBindFramebuffer(GL_FRAMEBUFFER, into);
}

bool OffscreenTarget::copy_samples_from(const OffscreenTarget& source) {
  return copy_samples_from(source, PixelRect{0, 0, impl_->width, impl_->height});
}

bool OffscreenTarget::copy_samples_from(const OffscreenTarget& source, const PixelRect& r) {
  const Impl& from = *source.impl_;
  if (from.width != impl_->width || from.height != impl_->height || from.samples != impl_->samples)
    return false;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, from.draw_fbo);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, impl_->draw_fbo);
  glDisable(GL_SCISSOR_TEST);
  glBlitFramebuffer(r.x, r.y, r.x + r.width, r.y + r.height, r.x, r.y, r.x + r.width,
                    r.y + r.height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  bind();
  return true;
}

void bind_window_surface(int width, int height) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, width, height);
}

void clear_window_surface(int width, int height, Rgba colour) {
  bind_window_surface(width, height);
  glClearColor(colour.r / 255.0f, colour.g / 255.0f, colour.b / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
}

Image read_window_surface(int width, int height) {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  return read_bound_pixels(width, height);
}

}  // namespace devomap::render
