#include "ui/find_box.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace devomap::ui {
namespace {
const ImVec4 kMuted(0.45f, 0.47f, 0.52f, 1.0f);

void append_utf8(std::string& out, unsigned c) {
  if (c < 0x20) return;  // control characters are keys, not text
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

void FindBox::open() {
  open_ = true;
  focus_ = true;
  opening_frames_ = 1;
  text_.clear();
  highlighted_ = 0;
  listed_.clear();
}

std::optional<Place> FindBox::draw(const PanelContext& ctx, const MapViewport& viewport,
                                   const PlaceFinder& finder, const KeyPresses& keys) {
  if (!open_) return std::nullopt;
  const float width = std::min(460.0f * ctx.scale, viewport.width - 20.0f);
  ImGui::SetNextWindowPos(ImVec2(viewport.x + (viewport.width - width) / 2, viewport.y + 60.0f),
                          ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::Begin("##find", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::SetWindowFontScale(ctx.font_scale);
  // Letters typed between the key that opened the box and its first frame (a fast typist, a
  // slow frame) are kept: the text field has not got the keyboard yet.
  if (opening_frames_ > 0) {
    --opening_frames_;
    ImGuiIO& io = ImGui::GetIO();
    for (ImWchar c : io.InputQueueCharacters) append_utf8(text_, c);
    io.InputQueueCharacters.resize(0);
  }
  if (focus_) ImGui::SetKeyboardFocusHere();
  focus_ = false;
  ImGui::SetNextItemWidth(-1);
  const bool edited =
      ImGui::InputTextWithHint("##find-text", "Find a district, authority or nation", &text_);
  const std::vector<const Place*> found = finder.find(text_);
  if (edited) highlighted_ = 0;
  const int n = static_cast<int>(found.size());
  if (keys.has(GLFW_KEY_DOWN)) highlighted_ = std::min(highlighted_ + 1, n - 1);
  if (keys.has(GLFW_KEY_UP)) highlighted_ = std::max(highlighted_ - 1, 0);
  highlighted_ = std::clamp(highlighted_, 0, std::max(0, n - 1));
  std::optional<Place> picked;
  if (n > 0 && (keys.has(GLFW_KEY_ENTER) || keys.has(GLFW_KEY_KP_ENTER)))
    picked = *found[static_cast<std::size_t>(highlighted_)];
  listed_.clear();
  for (int i = 0; i < n; ++i) {
    const Place& p = *found[static_cast<std::size_t>(i)];
    listed_.push_back(p.name);
    ImGui::PushID(i);
    if (ImGui::Selectable(p.name.c_str(), i == highlighted_)) picked = p;
    ImGui::PopID();
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "%s", p.kind.c_str());
  }
  if (n == 0 && text_.size() >= 2) ImGui::TextColored(kMuted, "No place of that name on this map");
  if (keys.has(GLFW_KEY_ESCAPE)) open_ = false;
  ImGui::End();
  if (picked) open_ = false;
  return picked;
}

std::string FindBox::ready_json() const {
  if (!open_) return {};
  std::string out = ", \"find_open\": true, \"find_results\": [";
  for (std::size_t i = 0; i < listed_.size(); ++i)
    out += (i ? ", " : "") + nlohmann::json(listed_[i]).dump();
  return out + "]";
}

}  // namespace devomap::ui
