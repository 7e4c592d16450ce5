#include "ui/presentation.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>

#include "core/scene_effects.hpp"

namespace devomap::ui {
namespace {

constexpr double kFadeSeconds = 0.6;

double seconds_since(Presentation::Clock::time_point t) {
  return std::chrono::duration<double>(Presentation::Clock::now() - t).count();
}

}  // namespace

void Presentation::start(const StyleSpec& style, const Camera& camera) {
  active_ = true;
  view_ = -1;
  restore_ = {style, camera};
  fade_from_.clear();
}

Presentation::Restore Presentation::stop() {
  active_ = false;
  fade_from_.clear();
  return restore_;
}

std::optional<int> Presentation::requested_view(int views, const KeyPresses& keys) const {
  if (views <= 0) return std::nullopt;
  const auto pressed = [&keys](int key) { return keys.has(key); };
  int to = view_;
  if (pressed(GLFW_KEY_RIGHT) || pressed(GLFW_KEY_DOWN) || pressed(GLFW_KEY_SPACE) ||
      pressed(GLFW_KEY_PAGE_DOWN))
    to = std::min(view_ + 1, views - 1);
  if (pressed(GLFW_KEY_LEFT) || pressed(GLFW_KEY_UP) || pressed(GLFW_KEY_PAGE_UP) ||
      pressed(GLFW_KEY_BACKSPACE))
    to = std::max(view_ - 1, 0);
  if (pressed(GLFW_KEY_HOME)) to = 0;
  if (pressed(GLFW_KEY_END)) to = views - 1;
  if (to == view_) return std::nullopt;
  return to;
}

void Presentation::fade(std::vector<std::vector<Rgba>> from_fills) {
  fade_from_ = std::move(from_fills);
  fade_start_ = Clock::now();
}

double Presentation::fade_t() const {
  if (fade_from_.empty()) return 1.0;
  return ease_in_out(seconds_since(fade_start_) / kFadeSeconds);
}

bool Presentation::animating() const {
  return fade_t() < 1.0;
}

const Scene& Presentation::scene(const Scene& document_scene, std::uint64_t document_map_revision,
                                 std::optional<std::size_t> selected) {
  const double t = fade_t();
  if (t >= 1.0) fade_from_.clear();
  const bool same = built_from_ == document_map_revision && built_selected_ == selected &&
                    built_fade_ == t && built_contrast_ == high_contrast_ && revision_ > 0;
  if (same) {
    // A hover outline follows the document without a new base picture.
    if (scene_.hovered != document_scene.hovered) {
      scene_.hovered = document_scene.hovered;
      ++revision_;
    }
    return scene_;
  }
  scene_ = document_scene;
  if (t < 1.0) crossfade_fills(scene_, fade_from_, t);
  if (selected) spotlight(scene_, *selected);
  if (high_contrast_) devomap::high_contrast(scene_);
  built_from_ = document_map_revision;
  built_selected_ = selected;
  built_fade_ = t;
  built_contrast_ = high_contrast_;
  ++map_revision_;
  ++revision_;
  return scene_;
}

void Presentation::draw_title(const PanelContext& ctx, const MapViewport& viewport,
                              const std::string& title, const std::string& hint) const {
  ImDrawList* list = ImGui::GetForegroundDrawList();
  // Type scaled to the screen: the display font is 44 px at 1080 lines.
  const float size = 44.0f * std::max(0.6f, viewport.height / 1080.0f) * ctx.scale;
  const ImU32 ink = high_contrast_ ? IM_COL32(255, 255, 255, 255) : IM_COL32(20, 24, 32, 255);
  const ImU32 band = high_contrast_ ? IM_COL32(18, 20, 24, 215) : IM_COL32(255, 255, 255, 215);
  const float pad = size * 0.45f;
  // The band above the map (the viewport starts below it), the title centred in it.
  list->AddRectFilled(ImVec2(viewport.x, 0), ImVec2(viewport.x + viewport.width, viewport.y), band);
  const ImVec2 text = ctx.fonts.display->CalcTextSizeA(size, FLT_MAX, 0.0f, title.c_str());
  list->PushClipRect(ImVec2(viewport.x, 0), ImVec2(viewport.x + viewport.width, viewport.y));
  list->AddText(ctx.fonts.display, size,
                ImVec2(viewport.x + pad, std::max(0.0f, (viewport.y - text.y) / 2)), ink,
                title.c_str());
  list->PopClipRect();
  if (hint.empty()) return;
  const float small = size * 0.4f;
  const ImVec2 hint_size = ctx.fonts.regular->CalcTextSizeA(small, FLT_MAX, 0.0f, hint.c_str());
  list->AddText(ctx.fonts.regular, small,
                ImVec2(viewport.x + viewport.width - hint_size.x - pad,
                       viewport.y + viewport.height - hint_size.y - pad * 0.5f),
                high_contrast_ ? IM_COL32(200, 200, 200, 200) : IM_COL32(80, 86, 96, 200),
                hint.c_str());
}

}  // namespace devomap::ui
