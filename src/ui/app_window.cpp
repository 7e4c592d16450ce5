#include "ui/app_window.hpp"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "core/font.hpp"
#include "render/offscreen.hpp"

namespace devomap::ui {
namespace {

std::string g_last_glfw_error;

void on_glfw_error(int code, const char* description) {
  g_last_glfw_error = description ? description : "unknown error";
  std::fprintf(stderr, "devomap: GLFW error %d: %s\n", code, g_last_glfw_error.c_str());
}

constexpr int kDefaultWidth = 1440;
constexpr int kDefaultHeight = 900;
constexpr float kBaseFontPx = 15.0f;
constexpr float kHeadingFontPx = 19.0f;
constexpr float kDisplayFontPx = 44.0f;  // presentation titles (scaled to the screen on top)
constexpr float kMonoFontPx = 14.0f;

ImVec4 rgb(int r, int g, int b, float a = 1.0f) {
  return ImVec4(static_cast<float>(r) / 255.0f, static_cast<float>(g) / 255.0f,
                static_cast<float>(b) / 255.0f, a);
}

// A light theme that sits well next to the map's pale background; one blue accent.
void apply_theme(float scale) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  ImGui::StyleColorsLight(&style);
  style.WindowPadding = ImVec2(14, 12);
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(8, 7);
  style.ItemInnerSpacing = ImVec2(6, 4);
  style.CellPadding = ImVec2(6, 4);
  style.ScrollbarSize = 12;
  style.GrabMinSize = 10;
  style.WindowRounding = 6;
  style.ChildRounding = 4;
  style.FrameRounding = 4;
  style.PopupRounding = 4;
  style.ScrollbarRounding = 6;
  style.GrabRounding = 4;
  style.WindowBorderSize = 1;
  style.PopupBorderSize = 1;
  style.FrameBorderSize = 0;
  style.WindowTitleAlign = ImVec2(0.0f, 0.5f);

  ImVec4* c = style.Colors;
  const ImVec4 accent = rgb(37, 99, 235);
  c[ImGuiCol_Text] = rgb(31, 41, 55);
  c[ImGuiCol_TextDisabled] = rgb(107, 114, 128);
  c[ImGuiCol_WindowBg] = rgb(252, 252, 253);
  c[ImGuiCol_ChildBg] = rgb(255, 255, 255, 0.0f);
  c[ImGuiCol_PopupBg] = rgb(255, 255, 255, 0.98f);
  c[ImGuiCol_Border] = rgb(209, 213, 219);
  c[ImGuiCol_BorderShadow] = rgb(0, 0, 0, 0.0f);
  c[ImGuiCol_FrameBg] = rgb(241, 243, 246);
  c[ImGuiCol_FrameBgHovered] = rgb(229, 234, 242);
  c[ImGuiCol_FrameBgActive] = rgb(219, 227, 240);
  c[ImGuiCol_TitleBg] = rgb(243, 244, 246);
  c[ImGuiCol_TitleBgActive] = rgb(236, 239, 244);
  c[ImGuiCol_TitleBgCollapsed] = rgb(243, 244, 246);
  c[ImGuiCol_Button] = rgb(234, 238, 245);
  c[ImGuiCol_ButtonHovered] = rgb(219, 229, 247);
  c[ImGuiCol_ButtonActive] = rgb(199, 214, 243);
  c[ImGuiCol_Header] = rgb(232, 238, 248);
  c[ImGuiCol_HeaderHovered] = rgb(219, 229, 247);
  c[ImGuiCol_HeaderActive] = rgb(199, 214, 243);
  c[ImGuiCol_CheckMark] = accent;
  c[ImGuiCol_SliderGrab] = accent;
  c[ImGuiCol_SliderGrabActive] = rgb(29, 78, 216);
  c[ImGuiCol_Separator] = rgb(229, 231, 235);
  c[ImGuiCol_PlotHistogram] = accent;
  c[ImGuiCol_TableHeaderBg] = rgb(243, 244, 246);
  c[ImGuiCol_TableBorderStrong] = rgb(209, 213, 219);
  c[ImGuiCol_TableBorderLight] = rgb(229, 231, 235);
  c[ImGuiCol_TableRowBg] = rgb(255, 255, 255, 0.0f);
  c[ImGuiCol_TableRowBgAlt] = rgb(243, 244, 246, 0.7f);
  c[ImGuiCol_TextSelectedBg] = rgb(37, 99, 235, 0.25f);
  c[ImGuiCol_ModalWindowDimBg] = rgb(17, 24, 39, 0.35f);
  style.ScaleAllSizes(scale);
}

// Latin-1 plus what place names and our labels use: Latin Extended-A (Welsh, Irish, Cornish
// names), dashes, bullets, the ellipsis, the minus sign, ≤ ≥.
const ImWchar* glyph_ranges() {
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010, 0x2027, 0x2190,
                                   0x2193, 0x2212, 0x2212, 0x2264, 0x2265, 0};
  return ranges;
}

}  // namespace

// GLFW callbacks that mark "something happened" so the loop draws a few frames after each event
// and otherwise sleeps. ImGui's backend chains to the ones it replaces.
struct WindowCallbacks {
  static AppWindow* self(GLFWwindow* w) {
    return static_cast<AppWindow*>(glfwGetWindowUserPointer(w));
  }
  static void bump(GLFWwindow* w) { ++self(w)->events_; }
  static void cursor(GLFWwindow* w, double, double) { bump(w); }
  static void button(GLFWwindow* w, int, int, int) { bump(w); }
  static void scroll(GLFWwindow* w, double, double) { bump(w); }
  static void key(GLFWwindow* w, int key, int, int action, int mods) {
    bump(w);
    if (action == GLFW_PRESS || action == GLFW_REPEAT)
      self(w)->key_presses_.push_back({key, mods, action == GLFW_REPEAT});
  }
  static void character(GLFWwindow* w, unsigned int) { bump(w); }
  static void size(GLFWwindow* w, int, int) { bump(w); }
  static void refresh(GLFWwindow* w) { bump(w); }
  static void focus(GLFWwindow* w, int) { bump(w); }
  static void enter(GLFWwindow* w, int) { bump(w); }
  static void content_scale(GLFWwindow* w, float, float) { bump(w); }
};

AppWindow::AppWindow(const std::string& title, std::optional<WindowSize> size,
                     std::optional<float> ui_scale)
    : forced_scale_(ui_scale) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit())
    throw std::runtime_error("cannot open a window: " + g_last_glfw_error +
                             " (for maps without a display use 'devomap render')");
  glfw_ready_ = true;

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // An explicit size is exact (tests compute positions from it); the default follows desktop
  // scaling on X11/Windows.
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, size ? GLFW_FALSE : GLFW_TRUE);

  int width = size ? size->width : kDefaultWidth;
  int height = size ? size->height : kDefaultHeight;
  if (!size) {
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
      int x = 0, y = 0, w = 0, h = 0;
      glfwGetMonitorWorkarea(monitor, &x, &y, &w, &h);
      float sx = 1, sy = 1;
      glfwGetMonitorContentScale(monitor, &sx, &sy);
      if (w > 0 && h > 0) {
        width =
            std::min(width, static_cast<int>(0.92f * static_cast<float>(w) / std::max(sx, 1.0f)));
        height =
            std::min(height, static_cast<int>(0.92f * static_cast<float>(h) / std::max(sy, 1.0f)));
      }
    }
  }

  window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (!window_)
    throw std::runtime_error("cannot create an OpenGL 3.3 core window: " + g_last_glfw_error);
  // A second, hidden window whose context a worker thread makes current to draw PNG exports,
  // so the window keeps drawing frames meanwhile (same hints, same driver: glad's functions
  // serve both). Without it PNG exports fall back to a headless EGL context.
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  export_window_ = glfwCreateWindow(16, 16, "devomap export", nullptr, nullptr);
  glfwDefaultWindowHints();
  glfwMakeContextCurrent(window_);
  if (!gladLoadGL(glfwGetProcAddress))
    throw std::runtime_error("cannot load OpenGL functions (glad) for the window");
  glfwSwapInterval(1);

  glfwSetWindowUserPointer(window_, this);
  glfwSetCursorPosCallback(window_, WindowCallbacks::cursor);
  glfwSetMouseButtonCallback(window_, WindowCallbacks::button);
  glfwSetScrollCallback(window_, WindowCallbacks::scroll);
  glfwSetKeyCallback(window_, WindowCallbacks::key);
  glfwSetCharCallback(window_, WindowCallbacks::character);
  glfwSetWindowFocusCallback(window_, WindowCallbacks::focus);
  glfwSetCursorEnterCallback(window_, WindowCallbacks::enter);
  glfwSetFramebufferSizeCallback(window_, WindowCallbacks::size);
  glfwSetWindowRefreshCallback(window_, WindowCallbacks::refresh);
  glfwSetWindowContentScaleCallback(window_, WindowCallbacks::content_scale);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  imgui_ready_ = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is fixed; no imgui.ini next to the user's files
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  update_metrics();
  build_fonts_and_style();
}

AppWindow::~AppWindow() {
  if (imgui_ready_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  if (export_window_) glfwDestroyWindow(export_window_);
  if (window_) glfwDestroyWindow(window_);
  if (glfw_ready_) glfwTerminate();
}

namespace {

// The hidden window's context, current on the thread that made this (an export's worker) for
// as long as it lives.
class WorkerContext : public render::DrawingContext {
 public:
  explicit WorkerContext(GLFWwindow* window) { glfwMakeContextCurrent(window); }
  ~WorkerContext() override { glfwMakeContextCurrent(nullptr); }
  WorkerContext(const WorkerContext&) = delete;
  WorkerContext& operator=(const WorkerContext&) = delete;
};

}  // namespace

session::Exporter::MakeContext AppWindow::export_context() const {
  if (!export_window_) return {};
  return [window = export_window_] { return std::make_unique<WorkerContext>(window); };
}

bool AppWindow::should_close() const {
  return glfwWindowShouldClose(window_) != 0;
}

bool AppWindow::minimised() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return glfwGetWindowAttrib(window_, GLFW_ICONIFIED) != 0 || w <= 0 || h <= 0;
}

bool AppWindow::wait_events(bool poll, double timeout_s) {
  const int before = events_;
  if (poll)
    glfwPollEvents();
  else
    glfwWaitEventsTimeout(timeout_s);
  return events_ != before;
}

void AppWindow::update_metrics() {
  int win_w = 1, win_h = 1;
  glfwGetWindowSize(window_, &win_w, &win_h);
  glfwGetFramebufferSize(window_, &fb_width_, &fb_height_);
  float content_x = 1, content_y = 1;
  glfwGetWindowContentScale(window_, &content_x, &content_y);
  // X11 reports desktop scaling only through Xft.dpi; --ui-scale or DEVOMAP_UI_SCALE
  // overrides it (0.5..4).
  if (const char* env = std::getenv("DEVOMAP_UI_SCALE"); env && *env) {
    const float forced = std::strtof(env, nullptr);
    if (forced >= 0.5f && forced <= 4.0f) content_x = forced;
  }
  if (forced_scale_) content_x = *forced_scale_;
  fb_scale_ = win_w > 0 ? static_cast<float>(fb_width_) / static_cast<float>(win_w) : 1.0f;
  if (fb_scale_ <= 0) fb_scale_ = 1.0f;
  pixel_ratio_ = std::max({fb_scale_, content_x, 1.0f});
}

void AppWindow::build_fonts_and_style() {
  const float scale = ui_scale();
  // Rasterise at device resolution; ImGui then draws at window-unit size (sharp on Retina).
  const float raster = pixel_ratio_;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  fonts_ = UiFonts{};
  font_note_.clear();

  const std::filesystem::path dir = font_dir();
  const auto add = [&](const char* file, float px) -> ImFont* {
    const auto path = dir / file;
    if (!std::filesystem::exists(path)) return nullptr;
    ImFontConfig config;
    config.OversampleH = 2;
    config.PixelSnapH = false;
    return io.Fonts->AddFontFromFileTTF(path.string().c_str(), px * raster, &config,
                                        glyph_ranges());
  };
  fonts_.regular = add(kRegularFontFile, kBaseFontPx);
  if (fonts_.regular) {
    fonts_.bold = add(kBoldFontFile, kBaseFontPx);
    fonts_.heading = add(kBoldFontFile, kHeadingFontPx);
    fonts_.mono = add("DejaVuSansMono.ttf", kMonoFontPx);
    fonts_.display = add(kBoldFontFile, kDisplayFontPx);
  } else {
    font_note_ =
        "DejaVu Sans not found in " + dir.string() +
        " (install fonts-dejavu-core or set DEVOMAP_FONT_DIR); using ImGui's built-in font";
    std::fprintf(stderr, "devomap: %s\n", font_note_.c_str());
    ImFontConfig config;
    config.SizePixels = 13.0f * raster;
    fonts_.regular = io.Fonts->AddFontDefault(&config);
  }
  if (!fonts_.bold) fonts_.bold = fonts_.regular;
  if (!fonts_.heading) fonts_.heading = fonts_.bold;
  if (!fonts_.mono) fonts_.mono = fonts_.regular;
  if (!fonts_.display) fonts_.display = fonts_.heading;
  io.FontDefault = fonts_.regular;
  io.FontGlobalScale = 1.0f / fb_scale_;  // fonts were rasterised per device pixel
  apply_theme(scale);
  built_for_ratio_ = pixel_ratio_;
}

bool KeyPresses::has(int key, bool ctrl) const {
  for (const KeyPress& k : list)
    if (k.key == key && ((k.mods & GLFW_MOD_CONTROL) != 0) == ctrl) return true;
  return false;
}

bool KeyPresses::pressed_once(int key) const {
  for (const KeyPress& k : list)
    if (k.key == key && !k.repeat && !(k.mods & GLFW_MOD_CONTROL)) return true;
  return false;
}

void AppWindow::set_fullscreen(bool on) {
  if (on == fullscreen()) return;
  if (on) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return;  // no monitor to fill: stay a window
    glfwGetWindowPos(window_, &restore_x_, &restore_y_);
    glfwGetWindowSize(window_, &restore_w_, &restore_h_);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window_, nullptr, restore_x_, restore_y_, restore_w_, restore_h_, 0);
    restore_w_ = restore_h_ = 0;
  }
  ++events_;
}

void AppWindow::new_frame() {
  update_metrics();
  if (pixel_ratio_ != built_for_ratio_) {
    // Moved to a monitor with another scale: re-rasterise the fonts at the new size.
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    build_fonts_and_style();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  // The 1.86 GLFW backend reads the pointer only while the window is focused or after a
  // cursor-enter event. Without a window manager (Xvfb) nothing is focused, and a pointer grab
  // by another client (a screenshot tool) eats the enter event, so the pointer would be lost
  // until it leaves and re-enters. Ask X directly when GLFW says the pointer is over us.
  ImGuiIO& io = ImGui::GetIO();
  if (!ImGui::IsMousePosValid(&io.MousePos) && glfwGetWindowAttrib(window_, GLFW_HOVERED)) {
    double x = 0, y = 0;
    glfwGetCursorPos(window_, &x, &y);
    io.MousePos = ImVec2(static_cast<float>(x), static_cast<float>(y));
  }
  ImGui::NewFrame();
}

void AppWindow::render_imgui() {
  ImGui::Render();
  render::bind_window_surface(fb_width_, fb_height_);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void AppWindow::swap() {
  glfwSwapBuffers(window_);
}

}  // namespace devomap::ui
