// Views drawn over the map: hover tooltip, the selected area's attributes, the error banner, the
// loading progress, the first-run screen, and the status bar beneath the map.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/format.hpp"
#include "ui/panels.hpp"

namespace devomap::ui {
namespace {

constexpr float kStatusBarHeight = 28.0f;
constexpr float kOverlayMargin = 12.0f;
constexpr float kAttributePanelWidth = 360.0f;
constexpr ImGuiWindowFlags kOverlayFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                           ImGuiWindowFlags_NoCollapse |
                                           ImGuiWindowFlags_NoSavedSettings;

const ImVec4 kMutedText(0.42f, 0.45f, 0.50f, 1.0f);

std::string area_title(const Layer& layer, std::size_t area) {
  std::string name = layer.name(area);
  if (name.empty()) name = layer.code(area);
  if (name.empty()) name = "Area " + std::to_string(area + 1);
  return name;
}

// Text that is "no data" is drawn muted so it never reads as a value.
void value_text(const std::string& text) {
  if (text == kNoDataText)
    ImGui::TextColored(kMutedText, "%s", text.c_str());
  else
    ImGui::TextUnformatted(text.c_str());
}

// Read-only, selectable command line in the monospace font (so it can be copied).
void command_box(const PanelContext& ctx, const char* id, std::string text) {
  ImGui::PushFont(ctx.fonts.mono);
  ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.94f, 0.95f, 0.97f, 1.0f));
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::InputText(id, &text, ImGuiInputTextFlags_ReadOnly);
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

}  // namespace

float status_bar_height(const PanelContext& ctx) {
  return kStatusBarHeight * ctx.scale;
}

void draw_status_bar(const PanelContext& ctx, const MapDocument& document, const MapView& view) {
  const MapViewport& map = view.viewport();
  const float height = status_bar_height(ctx);
  ImGui::SetNextWindowPos(ImVec2(map.x, map.y + map.height));
  ImGui::SetNextWindowSize(ImVec2(map.width, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10 * ctx.scale, 4 * ctx.scale));
  ImGui::Begin("##status", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::PopStyleVar(2);
  ImGui::AlignTextToFramePadding();
  const MapLayer* data = document.data_layer();
  const bool bng = data && data->layer->display_crs.epsg == 27700;
  if (const auto p = view.cursor_map(); p && data) {
    if (bng)
      ImGui::TextDisabled("E %s  N %s", format_number(std::round(p->x)).c_str(),
                          format_number(std::round(p->y)).c_str());
    else
      ImGui::TextDisabled("x %s  y %s", format_number(p->x).c_str(), format_number(p->y).c_str());
  } else if (data) {
    ImGui::TextDisabled("Move over the map for coordinates");
  }
  if (data) {
    const double logical_px_m = 1.0 / view.camera().scale;  // map units per logical pixel
    char right[160];
    const std::string crs = data->layer->display_crs.epsg
                                ? "EPSG:" + std::to_string(*data->layer->display_crs.epsg)
                                : data->layer->display_crs.name;
    if (bng)
      std::snprintf(right, sizeof right, "100 px = %s km   |   %s",
                    format_number(logical_px_m / 10.0).c_str(), crs.c_str());
    else
      std::snprintf(right, sizeof right, "%s", crs.c_str());
    const float w = ImGui::CalcTextSize(right).x;
    ImGui::SameLine(ImGui::GetWindowWidth() - w - 10 * ctx.scale);
    ImGui::TextDisabled("%s", right);
  }
  ImGui::End();
}

void draw_hover_tooltip(const PanelContext& ctx, const MapDocument& document) {
  const MapLayer* data = document.data_layer();
  const auto area = document.hovered();
  if (!data || !area || *area >= data->layer->size()) return;
  const Layer& layer = *data->layer;
  ImGui::BeginTooltip();
  ImGui::PushFont(ctx.fonts.bold);
  ImGui::TextUnformatted(area_title(layer, *area).c_str());
  ImGui::PopFont();
  if (const std::string code = layer.code(*area); !code.empty())
    ImGui::TextDisabled("%s", code.c_str());
  draw_devolution_tooltip_lines(document, *area);
  if (const auto value = current_field_value(*data, *area)) {
    ImGui::Text("%s:", data->spec.field->c_str());
    ImGui::SameLine();
    const auto& c = data->style.classification;
    const std::vector<double> shown = c && !c->edges.empty() ? c->edges : std::vector{*value};
    value_text(format_number(*value, data->spec.number_format, shown));
  }
  ImGui::EndTooltip();
}

void draw_attribute_panel(const PanelContext& ctx, const MapDocument& document,
                          const MapViewport& map, UiActions& actions) {
  const MapLayer* data = document.data_layer();
  const auto area = document.selected();
  if (!data || !area || *area >= data->layer->size()) return;
  const Layer& layer = *data->layer;
  const float margin = kOverlayMargin * ctx.scale;
  ImGui::SetNextWindowPos(ImVec2(map.x + map.width - margin, map.y + margin), ImGuiCond_Always,
                          ImVec2(1.0f, 0.0f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(kAttributePanelWidth * ctx.scale, 0),
                                      ImVec2(kAttributePanelWidth * ctx.scale, map.height * 0.75f));
  bool open = true;
  ImGui::Begin("Selected area###attributes", &open,
               kOverlayFlags | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextWrapped("%s", area_title(layer, *area).c_str());
  ImGui::PopFont();
  if (const std::string code = layer.code(*area); !code.empty())
    ImGui::TextDisabled("%s", code.c_str());
  ImGui::Spacing();

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("##fields", 2, flags)) {
    ImGui::TableSetupColumn("Field", ImGuiTableColumnFlags_WidthStretch, 0.45f);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 0.55f);
    ImGui::TableHeadersRow();
    for (const Column& column : layer.attributes.columns) {
      ImGui::TableNextRow();
      if (data->spec.field && column.name == *data->spec.field)
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, IM_COL32(219, 234, 254, 255));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(column.name.c_str());
      if (column.derived) {
        ImGui::SameLine();
        ImGui::TextDisabled("(derived)");
      }
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0.0f);
      value_text(cell_text(column, *area));
      ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
  }
  ImGui::End();
  if (!open) actions.clear_selection = true;
}

void draw_error_banner(const PanelContext& ctx, const std::string& message, const MapViewport& map,
                       UiActions& actions) {
  if (message.empty()) return;
  const float margin = kOverlayMargin * ctx.scale;
  const float width = std::min(map.width - 2 * margin, 820.0f * ctx.scale);
  ImGui::SetNextWindowPos(ImVec2(map.x + map.width / 2, map.y + margin), ImGuiCond_Always,
                          ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(1.0f, 0.95f, 0.95f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.94f, 0.45f, 0.45f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.50f, 0.11f, 0.11f, 1.0f));
  ImGui::Begin("##error", nullptr,
               kOverlayFlags | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float button_w = ImGui::CalcTextSize("Dismiss").x + style.FramePadding.x * 2;
  const float text_right = ImGui::GetWindowContentRegionMax().x - button_w - style.ItemSpacing.x;
  ImGui::PushTextWrapPos(text_right);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(message.c_str());
  ImGui::PopTextWrapPos();
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - button_w);
  ImGui::SetCursorPosY(style.WindowPadding.y);
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.12f, 0.16f, 0.22f, 1.0f));  // not the red
  if (ImGui::Button("Dismiss")) actions.dismiss_error = true;
  ImGui::PopStyleColor();
  ImGui::End();
  ImGui::PopStyleColor(3);
}

int draw_offer(const PanelContext& ctx, const MapViewport& map, const char* id,
               const std::string& text, const char* yes, const char* no,
               std::pair<float, float>& first_spot) {
  const float margin = kOverlayMargin * ctx.scale;
  const float width = std::min(map.width - 2 * margin, 640.0f * ctx.scale);
  // Below the map's buttons (Save map..., Export...), which stay usable meanwhile.
  const float below_buttons = 56.0f * ctx.scale;
  ImGui::SetNextWindowPos(ImVec2(map.x + map.width / 2, map.y + margin + below_buttons),
                          ImGuiCond_Always, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.93f, 0.96f, 1.0f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.35f, 0.55f, 0.85f, 1.0f));
  ImGui::Begin(id, nullptr,
               kOverlayFlags | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  int answer = 0;
  if (ImGui::Button(yes)) answer = 1;
  const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
  first_spot = {(lo.x + hi.x) / 2, (lo.y + hi.y) / 2};
  ImGui::SameLine();
  if (ImGui::Button(no)) answer = -1;
  ImGui::End();
  ImGui::PopStyleColor(2);
  return answer;
}

void draw_progress(const PanelContext& ctx, const LoadProgress& progress, const MapViewport& map,
                   UiActions& actions) {
  if (!progress.busy) return;
  ImGui::SetNextWindowPos(ImVec2(map.x + map.width / 2, map.y + map.height / 2), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(420 * ctx.scale, 0));
  ImGui::Begin("##progress", nullptr,
               kOverlayFlags | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PushFont(ctx.fonts.bold);
  ImGui::TextWrapped("Loading %s", progress.title.c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("%s", progress.stage.c_str());
  char overlay[16];
  std::snprintf(overlay, sizeof overlay, "%d %%",
                static_cast<int>(std::lround(progress.fraction * 100)));
  ImGui::ProgressBar(progress.fraction, ImVec2(-1.0f, 0.0f), overlay);
  if (ImGui::Button("Cancel")) actions.cancel_load = true;
  ImGui::End();
}

void draw_first_run(const PanelContext& ctx, const FirstRunInfo& info, const MapViewport& map,
                    OpenForm& form, bool busy, UiActions& actions) {
  ImGui::SetNextWindowPos(ImVec2(map.x + map.width / 2, map.y + map.height / 2), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(620.0f * ctx.scale, map.width - 24 * ctx.scale), 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24 * ctx.scale, 20 * ctx.scale));
  ImGui::Begin("##firstrun", nullptr,
               kOverlayFlags | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PopStyleVar();
  if (info.default_map_available) {
    ImGui::PushFont(ctx.fonts.heading);
    ImGui::TextUnformatted("No map open");
    ImGui::PopFont();
    ImGui::Spacing();
    ImGui::TextDisabled("Boundaries in %s", info.data_dir.c_str());
    push_primary_button();
    if (ImGui::Button("Open the UK devolution map")) actions.open_default_map = true;
    pop_primary_button();
  } else {
    ImGui::PushFont(ctx.fonts.heading);
    ImGui::TextUnformatted("No boundary files yet");
    ImGui::PopFont();
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(info.help.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::PushFont(ctx.fonts.bold);
    ImGui::TextUnformatted("Online");
    ImGui::PopFont();
    command_box(ctx, "##fetch", "devomap fetch");
    ImGui::PushFont(ctx.fonts.bold);
    ImGui::TextUnformatted("Offline, from files you already have");
    ImGui::PopFont();
    command_box(ctx, "##fetchfrom", "devomap fetch --from DIR");
    ImGui::TextDisabled("Then start devomap again to see the UK map.");
  }
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Spacing();
  ImGui::PushFont(ctx.fonts.bold);
  ImGui::TextUnformatted("Or open a file now");
  ImGui::PopFont();
  const float button_w = ImGui::CalcTextSize("Open file").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(-(button_w + ImGui::GetStyle().ItemSpacing.x));
  const bool enter =
      ImGui::InputTextWithHint("##firstpath", "Path to .shp, .gpkg, .geojson or .zip", &form.path,
                               ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  ImGui::BeginDisabled(busy || form.path.empty());
  push_primary_button();
  if (ImGui::Button("Open file") || (enter && !busy)) actions.open = request_from_form(form);
  pop_primary_button();
  ImGui::EndDisabled();
  ImGui::SetNextItemWidth(-(button_w + ImGui::GetStyle().ItemSpacing.x));
  ImGui::InputTextWithHint("##firstlayer", "Layer name (multi-layer files only)", &form.layer_name);
  ImGui::End();
}

}  // namespace devomap::ui
