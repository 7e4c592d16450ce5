// The left-hand panel: what is on the map, how the data layer is coloured, and opening another
// layer. Reads the document; every change goes into UiActions.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/classify.hpp"
#include "core/palette.hpp"
#include "ui/format.hpp"
#include "ui/panels.hpp"

namespace devomap::ui {
namespace {

// Text after the last item on its row when it fits there, else on the next row.
void same_line_if_fits(const std::string& text) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float right = ImGui::GetItemRectMax().x + spacing + ImGui::CalcTextSize(text.c_str()).x;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

constexpr float kSidebarWidth = 340.0f;
constexpr float kLabelWidth = 78.0f;

}  // namespace

void section_title(const PanelContext& ctx, const char* title) {
  ImGui::Spacing();
  ImGui::PushFont(ctx.fonts.bold);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextUnformatted(title);
  ImGui::PopStyleColor();
  ImGui::PopFont();
  ImGui::Separator();
  ImGui::Spacing();
}

// A label on the left and the next widget filling the rest of the row.
void row_label(const PanelContext& ctx, const char* label) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine(kLabelWidth * ctx.scale);
  ImGui::SetNextItemWidth(-1.0f);
}

void row_indent(const PanelContext& ctx) {
  ImGui::Dummy(ImVec2(kLabelWidth * ctx.scale - ImGui::GetStyle().ItemSpacing.x, 0));
  ImGui::SameLine();
}

namespace {

void draw_map_section(const PanelContext& ctx, const MapDocument& document, bool labels_on,
                      UiActions& actions) {
  section_title(ctx, "MAP");
  ImGui::PushFont(ctx.fonts.bold);
  ImGui::TextWrapped("%s", document.title().c_str());
  ImGui::PopFont();
  const auto& layers = document.layers();
  const bool single = layers.size() == 1 && layers[0].label == document.title();
  for (std::size_t i = layers.size(); i-- > 0;) {  // top layer first, as a layer list reads
    const MapLayer& l = layers[i];
    ImGui::PushID(static_cast<int>(i));
    const std::string count = format_number(static_cast<double>(l.layer->size())) + " areas";
    if (single) {
      ImGui::TextUnformatted(count.c_str());
    } else if (l.role == LayerRole::Context) {
      bool visible = l.visible;
      if (ImGui::Checkbox(l.label.c_str(), &visible)) actions.layer_visibility = {i, visible};
      const std::string what = count + ", outlines";
      same_line_if_fits(what);
      ImGui::TextDisabled("%s", what.c_str());
    } else {
      bool always = true;  // the data layer is the map itself; shown for symmetry, not toggled
      ImGui::BeginDisabled();
      ImGui::Checkbox(l.label.c_str(), &always);
      ImGui::EndDisabled();
      same_line_if_fits(count);
      ImGui::TextDisabled("%s", count.c_str());
    }
    ImGui::PopID();
  }

  // The same names an export draws, where they fit (key L).
  if (ImGui::Checkbox("Names on the map", &labels_on)) actions.labels = labels_on;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Name the areas where a name fits (L); the largest and, on the UK map,\n"
        "the authorities first. Exports draw the same names.");
  if (const MapLayer* data = document.data_layer()) {
    const Layer& layer = *data->layer;
    const CrsInfo& crs = layer.display_crs;
    std::string crs_text = crs.epsg ? "EPSG:" + std::to_string(*crs.epsg) : std::string("CRS");
    if (!crs.name.empty()) crs_text += " " + crs.name;
    // The file and projection are for whoever needs them, folded away.
    if (ImGui::TreeNode("File and projection")) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextDisabled("%s", crs_text.c_str());
      ImGui::TextDisabled("%s", layer.source_path.c_str());
      if (!layer.layer_name.empty()) ImGui::TextDisabled("layer %s", layer.layer_name.c_str());
      ImGui::PopTextWrapPos();
      ImGui::TreePop();
    }
    const LoadReport& report = layer.report;
    if (report.repaired > 0 || !report.skipped.empty() || !report.warnings.empty()) {
      // Features left out are never only behind a fold: said in the warning colour, the
      // details opened the first time.
      if (!report.skipped.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ImVec4(0.62f, 0.32f, 0.05f, 1),
                           report.skipped.size() == 1 ? "%zu feature was left out (not drawn)"
                                                      : "%zu features were left out (not drawn)",
                           report.skipped.size());
        ImGui::PopTextWrapPos();
        ImGui::SetNextItemOpen(true, ImGuiCond_Once);
      }
      char heading[96];
      std::snprintf(heading, sizeof heading, "Load report (%zu repaired, %zu left out)###load",
                    report.repaired, report.skipped.size());
      if (ImGui::TreeNode(heading)) {
        ImGui::PushTextWrapPos(0.0f);
        for (const auto& w : report.warnings)
          ImGui::TextColored(ImVec4(0.6f, 0.4f, 0.0f, 1), "%s", w.c_str());
        for (const auto& s : report.skipped) ImGui::TextDisabled("left out: %s", s.c_str());
        ImGui::PopTextWrapPos();
        ImGui::TreePop();
      }
    }
  }
  ImGui::Spacing();
  if (ImGui::Button("Fit map  (F)")) actions.fit = true;
  ImGui::SameLine();
  ImGui::TextDisabled("drag to pan, wheel to zoom");
  // Larger type for a projector or a high-resolution screen (also --ui-scale).
  static const float kScales[] = {1.0f, 1.25f, 1.5f, 1.75f, 2.0f};
  char preview[16];
  std::snprintf(preview, sizeof preview, "%.0f %%", 100.0f * ctx.scale);
  row_label(ctx, "Type size");
  if (ImGui::BeginCombo("##ui-scale", preview)) {
    for (float scale : kScales) {
      char label[16];
      std::snprintf(label, sizeof label, "%.0f %%", 100.0f * scale);
      if (ImGui::Selectable(label, std::fabs(scale - ctx.scale) < 0.01f)) actions.ui_scale = scale;
    }
    ImGui::EndCombo();
  }
}

void draw_open_section(const PanelContext& ctx, bool default_map_available, bool busy,
                       OpenForm& form, UiActions& actions) {
  section_title(ctx, "OPEN A LAYER");
  ImGui::SetNextItemWidth(-1.0f);
  const bool enter = ImGui::InputTextWithHint("##path", "Path to .shp, .gpkg, .geojson or .zip",
                                              &form.path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::InputTextWithHint("##layer", "Layer name (multi-layer files only)", &form.layer_name);
  ImGui::BeginDisabled(busy || form.path.empty());
  push_primary_button();
  if (ImGui::Button("Open") || (enter && !busy)) actions.open = request_from_form(form);
  pop_primary_button();
  ImGui::EndDisabled();
  if (default_map_available) {
    ImGui::SameLine();
    ImGui::BeginDisabled(busy);
    if (ImGui::Button("UK devolution map")) actions.open_default_map = true;
    ImGui::EndDisabled();
  }
}

}  // namespace

void push_primary_button() {
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.145f, 0.388f, 0.922f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.114f, 0.306f, 0.847f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.118f, 0.251f, 0.686f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
}

void pop_primary_button() {
  ImGui::PopStyleColor(4);
}

float sidebar_width(const PanelContext& ctx) {
  return kSidebarWidth * ctx.scale;
}

std::optional<LoadRequest> request_from_form(const OpenForm& form) {
  const auto trim = [](const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n\"'");
    const auto e = s.find_last_not_of(" \t\r\n\"'");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  LoadRequest request;
  request.path = trim(form.path);
  if (request.path.empty()) return std::nullopt;
  if (const std::string layer = trim(form.layer_name); !layer.empty()) request.layer_name = layer;
  request.role = LayerRole::Data;
  const auto slash = request.path.find_last_of('/');
  request.label =
      request.layer_name
          ? *request.layer_name
          : (slash == std::string::npos ? request.path : request.path.substr(slash + 1));
  return request;
}

void draw_sidebar(const PanelContext& ctx, const MapDocument& document, bool default_map_available,
                  bool busy, OpenForm& form, bool table_loading, DataForm& data_form,
                  bool labels_on, UiActions& actions) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(ImVec2(sidebar_width(ctx), vp->WorkSize.y));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("##sidebar", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::PopStyleVar();

  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("devomap");
  ImGui::PopFont();
  ImGui::TextDisabled("Choropleth maps of UK areas");

  if (!document.empty()) draw_map_section(ctx, document, labels_on, actions);
  if (document.devolution()) draw_measure_picker(ctx, document, actions);
  if (document.data_layer()) draw_style_panel(ctx, document, actions);
  if (document.data_layer()) draw_data_panel(ctx, document, table_loading, data_form, actions);
  draw_open_section(ctx, default_map_available, busy, form, actions);

  if (!document.empty()) {
    // Hints at the bottom of the panel when there is room.
    const float hint_height = ImGui::GetTextLineHeightWithSpacing() * 2;
    const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - hint_height;
    if (ImGui::GetCursorPosY() < bottom) ImGui::SetCursorPosY(bottom);
    ImGui::Separator();
    ImGui::TextDisabled("Click an area for its attributes; Esc clears.");
  }
  ImGui::End();
}

}  // namespace devomap::ui
