#include "ui/compare_panel.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "ui/format.hpp"

namespace devomap::ui {

namespace {

const ImVec4 kMutedText(0.42f, 0.45f, 0.50f, 1.0f);
const ImU32 kDiffersBg = IM_COL32(255, 243, 205, 255);  // a pale amber: look here

std::pair<float, float> item_centre() {
  const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
  return {(lo.x + hi.x) / 2, (lo.y + hi.y) / 2};
}

}  // namespace

void ComparePanel::toggle(std::size_t area, std::optional<std::size_t> selected) {
  if (areas_.empty() && selected && *selected != area) areas_.push_back(*selected);
  const auto it = std::find(areas_.begin(), areas_.end(), area);
  if (it != areas_.end())
    areas_.erase(it);
  else
    areas_.push_back(area);
  table_.reset();
  message_.clear();
}

void ComparePanel::clear() {
  areas_.clear();
  table_.reset();
  message_.clear();
}

void ComparePanel::draw(const PanelContext& ctx, const MapDocument& document,
                        std::uint64_t map_revision, const MapViewport& viewport) {
  if (!open() || !document.data_layer()) return;
  if (!table_ || table_revision_ != map_revision) {
    try {
      table_ = session::compare_areas(document, areas_);
      table_revision_ = map_revision;
    } catch (const UserError&) {
      clear();  // the areas are gone (another map opened)
      return;
    }
  }
  const session::Comparison& c = *table_;
  const float width =
      std::min(viewport.width * 0.66f, (260.0f + 190.0f * c.names.size()) * ctx.scale);
  ImGui::SetNextWindowPos(
      ImVec2(viewport.x + viewport.width - width - 12 * ctx.scale, viewport.y + 60 * ctx.scale),
      ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(width, viewport.height * 0.8f), ImGuiCond_Appearing);
  bool keep = true;
  const std::string title = "Compare " + std::to_string(c.names.size()) + " areas###compare";
  if (!ImGui::Begin(title.c_str(), &keep, ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    if (!keep) clear();
    return;
  }
  ImGui::TextColored(kMutedText, "Ctrl+click an area to add or remove it. Shaded rows differ.");
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  const float table_h = ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 3;
  if (ImGui::BeginTable("##compare", static_cast<int>(c.names.size()) + 1, flags,
                        ImVec2(0, std::max(table_h, 100.0f)))) {
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    // The map's short names fit a column's head; the CSV keeps the full ones.
    for (const std::string& name : c.short_names)
      ImGui::TableSetupColumn(name.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    std::string group;
    for (const auto& row : c.rows) {
      if (row.group != group) {
        group = row.group;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushFont(ctx.fonts.bold);
        ImGui::TextUnformatted(group.c_str());
        ImGui::PopFont();
      }
      ImGui::TableNextRow();
      if (row.differs) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kDiffersBg);
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(row.label.c_str());
      for (const std::string& v : row.values) {
        ImGui::TableNextColumn();
        if (v.empty())
          ImGui::TextColored(kMutedText, "unknown");
        else
          ImGui::TextUnformatted(v.c_str());
      }
      ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
  }
  ImGui::SetNextItemWidth(220 * ctx.scale);
  ImGui::InputText("##compare-csv", &csv_path_);
  path_spot_ = item_centre();
  ImGui::SameLine();
  if (ImGui::Button("Save CSV")) {
    try {
      write_file_atomically(csv_path_, session::comparison_csv(c), false);
      message_ = "saved " + csv_path_;
      message_is_error_ = false;
      std::printf("devomap: saved the comparison %s\n", csv_path_.c_str());
      std::fflush(stdout);
    } catch (const std::exception& e) {
      message_ = window_message(e);
      message_is_error_ = true;
    }
  }
  save_spot_ = item_centre();
  ImGui::SameLine();
  if (ImGui::Button("Clear")) keep = false;
  if (!message_.empty())
    ImGui::TextColored(message_is_error_ ? ImVec4(0.7f, 0.1f, 0.1f, 1) : kMutedText, "%s",
                       message_.c_str());
  ImGui::End();
  if (!keep) clear();
}

std::string ComparePanel::ready_json() const {
  if (!table_) return {};
  nlohmann::json out;
  out["comparing"] = table_->names;
  out["compare_csv_field"] = {path_spot_.first, path_spot_.second};
  out["compare_save_button"] = {save_spot_.first, save_spot_.second};
  const std::string text = out.dump();
  return ", " + text.substr(1, text.size() - 2);
}

}  // namespace devomap::ui
