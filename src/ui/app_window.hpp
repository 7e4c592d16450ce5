#pragma once
// The native window and everything bound to it: GLFW with an OpenGL 3.3 core forward-compatible
// context, glad, Dear ImGui with its GLFW + OpenGL3 backends, fonts and theme. RAII: the
// destructor shuts down in reverse order, as in the Dear ImGui examples.
//
// Units: ImGui works in window coordinates (GLFW screen units). The framebuffer may be larger
// (macOS Retina: fb_scale 2). The map renderer works in logical pixels = device pixels /
// pixel_ratio, where pixel_ratio also covers X11/Windows desktop scaling (content scale).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "session/export_map.hpp"
#include "ui/app_args.hpp"

struct GLFWwindow;
struct ImFont;

namespace devomap::ui {

// A key pressed (or repeating) since the last frame, as GLFW reported it: Dear ImGui 1.86 sees
// only whether a key is down at each frame, so a quick tap between two slow frames (a clicker
// on a busy laptop) would be lost.
struct KeyPress {
  int key = 0;          // GLFW_KEY_*
  int mods = 0;         // GLFW_MOD_*
  bool repeat = false;  // sent again while the key is held
};
// The presses of one frame.
struct KeyPresses {
  std::vector<KeyPress> list;
  // True when `key` was pressed, with Ctrl held when `ctrl` (and without it otherwise).
  bool has(int key, bool ctrl = false) const;
  // Pressed now, not repeating while held, without Ctrl: for keys that toggle something.
  bool pressed_once(int key) const;
};

struct UiFonts {
  ImFont* regular = nullptr;
  ImFont* bold = nullptr;
  ImFont* heading = nullptr;
  ImFont* mono = nullptr;
  ImFont* display = nullptr;  // presentation titles: large bold type
};

class AppWindow {
 public:
  // Throws std::runtime_error naming what failed (no display, no OpenGL 3.3, glad).
  // `ui_scale`: panels and type this much larger, over the desktop's scaling (--ui-scale).
  AppWindow(const std::string& title, std::optional<WindowSize> size,
            std::optional<float> ui_scale = std::nullopt);
  ~AppWindow();
  AppWindow(const AppWindow&) = delete;
  AppWindow& operator=(const AppWindow&) = delete;

  GLFWwindow* handle() const { return window_; }
  bool should_close() const;
  bool minimised() const;  // iconified: nothing to draw into

  // Waits for input (or `timeout_s`), or only polls when `poll` is set (animation, loading).
  // Returns true when an input or window event arrived since the last call.
  bool wait_events(bool poll, double timeout_s);

  void new_frame();  // rebuilds fonts when the content scale changed, then ImGui NewFrame
  // The keys pressed since the last call (call once a frame).
  KeyPresses take_key_presses() { return KeyPresses{std::exchange(key_presses_, {})}; }
  void render_imgui();  // draws ImGui's draw data into the default framebuffer
  void swap();
  // Full screen on the monitor the window is on (its video mode), or back to the window as it
  // was. Presentation mode uses it.
  void set_fullscreen(bool on);
  // Panels and type `scale` times larger (0.5..4) from the next frame, over the desktop's.
  void set_ui_scale(float scale) { forced_scale_ = scale; }
  bool fullscreen() const { return restore_w_ > 0; }

  int framebuffer_width() const { return fb_width_; }
  int framebuffer_height() const { return fb_height_; }
  float fb_scale() const { return fb_scale_; }                 // framebuffer px per window unit
  float pixel_ratio() const { return pixel_ratio_; }           // device px per logical px
  float ui_scale() const { return pixel_ratio_ / fb_scale_; }  // ImGui sizes multiplier
  const UiFonts& fonts() const { return fonts_; }
  const std::string& font_note() const { return font_note_; }  // why the default font is used
  // The context an export draws PNG pages in on its worker thread (one export at a time);
  // empty when the hidden window could not be made (exports then use a headless context).
  session::Exporter::MakeContext export_context() const;

 private:
  void update_metrics();
  void build_fonts_and_style();

  GLFWwindow* window_ = nullptr;
  GLFWwindow* export_window_ = nullptr;
  bool glfw_ready_ = false;
  bool imgui_ready_ = false;
  int fb_width_ = 1, fb_height_ = 1;
  float fb_scale_ = 1.0f;
  float pixel_ratio_ = 1.0f;
  float built_for_ratio_ = 0.0f;
  UiFonts fonts_;
  std::string font_note_;
  int events_ = 0;  // bumped by GLFW callbacks
  std::vector<KeyPress> key_presses_;
  std::optional<float> forced_scale_;
  int restore_x_ = 0, restore_y_ = 0, restore_w_ = 0, restore_h_ = 0;  // while full screen
  friend struct WindowCallbacks;
};

}  // namespace devomap::ui
