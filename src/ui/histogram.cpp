// The histogram under the style controls: the current field's values in bars coloured by class
// (as the map shows them, colour-vision preview included), with the breaks drawn as lines.
// Dragging a line edits that break; a method other than manual switches to manual starting
// from the breaks on the map, so a drag never loses the classes the user was looking at.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/histogram.hpp"
#include "core/number_format.hpp"
#include "ui/panels.hpp"

namespace devomap::ui {
namespace {

constexpr float kPlotHeight = 92.0f;
constexpr float kBarPitch = 6.0f;    // pixels per bin (bar plus gap), so bins follow the width
constexpr float kGrabRadius = 6.0f;  // how near a break line the pointer must be to take it
const ImU32 kPlotBackground = IM_COL32(243, 244, 246, 255);
const ImU32 kBreakLine = IM_COL32(31, 41, 55, 220);
const ImU32 kBreakActive = IM_COL32(37, 99, 235, 255);

ImU32 to_imu32(Rgba c) {
  return IM_COL32(c.r, c.g, c.b, 255);
}

const Column* numeric_column(const MapLayer& data) {
  if (!data.spec.field) return nullptr;
  const auto i = data.layer->attributes.find(*data.spec.field);
  if (!i) return nullptr;
  const Column& c = data.layer->attributes.at(*i);
  return c.is_number() ? &c : nullptr;
}

}  // namespace

void draw_histogram(const PanelContext& ctx, const MapDocument& document, UiActions& actions) {
  const MapLayer* data = document.data_layer();
  if (!data || !data->style.classification) return;
  const Classification& c = *data->style.classification;
  const Column* column = numeric_column(*data);
  if (!column || c.is_categorical()) return;

  const float s = ctx.scale;
  const float width = ImGui::GetContentRegionAvail().x;
  const int bins = std::clamp(static_cast<int>(width / (kBarPitch * s)), 10, 80);
  // Areas set apart from the classes (a devolved government's whole budget) are not in them;
  // the values are copied only on such maps (this runs every frame).
  const auto& apart = data->style.fixed_categories;
  std::vector<double> classed;
  if (!apart.empty()) {
    classed = column->values;
    for (std::size_t i = 0; i < classed.size() && i < apart.size(); ++i)
      if (!apart[i].empty()) classed[i] = std::nan("");
  }
  const Histogram h = build_histogram(apart.empty() ? column->values : classed, c, bins);
  if (h.empty()) return;

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float height = kPlotHeight * s;
  ImGui::InvisibleButton("##histogram", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();
  const bool activated = ImGui::IsItemActivated();

  ImDrawList* list = ImGui::GetWindowDrawList();
  const float x0 = origin.x, x1 = origin.x + width;
  const float y0 = origin.y, y1 = origin.y + height;
  const float top = y0 + 8 * s;  // room for the break handles
  list->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), kPlotBackground, 3 * s);

  // Class colours as the map shows them now (the legend swatches carry the preview).
  std::vector<Rgba> colors;
  if (const auto& legend = document.scene().legend)
    for (const LegendEntry& e : legend->entries)
      if (!e.no_data) colors.push_back(e.color);
  const float bin_w = width / static_cast<float>(bins);
  for (int b = 0; b < bins; ++b) {
    const auto& counts = h.counts[static_cast<std::size_t>(b)];
    float y = y1;
    const float bx0 = x0 + bin_w * static_cast<float>(b);
    const float bx1 = bx0 + std::max(1.0f, bin_w - 1.0f * s);
    for (std::size_t k = 0; k < counts.size(); ++k) {
      if (counts[k] == 0) continue;
      const float bar = (y1 - top) * static_cast<float>(counts[k]) /
                        static_cast<float>(std::max<std::size_t>(h.largest_bin, 1));
      const Rgba col = k < colors.size() ? colors[k] : Rgba{120, 120, 120, 255};
      list->AddRectFilled(ImVec2(bx0, y - bar), ImVec2(bx1, y), to_imu32(col));
      y -= bar;
    }
    // A faint outline keeps pale classes (and white in greyscale) visible on the background.
    if (y < y1) list->AddRect(ImVec2(bx0, y), ImVec2(bx1, y1), IM_COL32(0, 0, 0, 45));
  }

  // The break lines: the breaks manual classes would start from, one per inner edge.
  const std::vector<double> breaks =
      c.class_count() >= 2 ? manual_breaks_from(c) : std::vector<double>{};
  std::vector<float> xs;
  for (double b : breaks) xs.push_back(x0 + width * static_cast<float>(h.position(b)));

  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID drag_id = ImGui::GetID("##histogram-drag");
  int dragging = active ? storage->GetInt(drag_id, -1) : -1;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  int nearest = -1;
  if (hovered || activated) {
    float best = kGrabRadius * s;
    for (std::size_t i = 0; i < xs.size(); ++i)
      if (std::abs(mouse.x - xs[i]) <= best) {
        best = std::abs(mouse.x - xs[i]);
        nearest = static_cast<int>(i);
      }
  }
  const bool locked = data->spec.locked.has_value();
  if (activated) dragging = locked ? -1 : nearest;
  storage->SetInt(drag_id, dragging);
  if ((nearest >= 0 && !locked) || dragging >= 0) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);

  for (std::size_t i = 0; i < xs.size(); ++i) {
    const bool hot =
        static_cast<int>(i) == dragging || (dragging < 0 && static_cast<int>(i) == nearest);
    const ImU32 col = hot ? kBreakActive : kBreakLine;
    list->AddLine(ImVec2(xs[i], top - 2 * s), ImVec2(xs[i], y1), col, (hot ? 2.5f : 1.5f) * s);
    // A small downward triangle marks the line as something to take hold of.
    list->AddTriangleFilled(ImVec2(xs[i] - 4.5f * s, y0 + 1 * s),
                            ImVec2(xs[i] + 4.5f * s, y0 + 1 * s), ImVec2(xs[i], top), col);
  }

  if (dragging >= 0 && dragging < static_cast<int>(breaks.size())) {
    const double pos = std::clamp((mouse.x - x0) / width, 0.0f, 1.0f);
    // Round to what one pixel resolves, so breaks read 1,250 rather than 1,249.71.
    const double per_px = std::abs(h.value_at(pos + 1.0 / width) - h.value_at(pos));
    const double value = round_break(h.value_at(pos), per_px);
    std::vector<double> moved = breaks;
    if (move_break(moved, static_cast<std::size_t>(dragging), value) &&
        (data->spec.method != ClassMethod::Manual || moved != data->spec.manual_breaks)) {
      StyleSpec spec = data->spec;
      spec.method = ClassMethod::Manual;
      spec.manual_breaks = std::move(moved);
      actions.restyle = std::move(spec);
    }
    ImGui::SetTooltip(
        "Break %d: %s", dragging + 1,
        devomap::format_number(breaks[static_cast<std::size_t>(dragging)], data->spec.number_format)
            .c_str());
  } else if (hovered && nearest >= 0) {
    ImGui::SetTooltip(locked ? "Breaks are locked; unlock them to drag"
                             : "Drag to move this break (switches to manual breaks)");
  }

  // The axis: its ends, and whether it is logarithmic.
  const NumberFormat axis_format =
      resolve_number_format(data->spec.number_format, std::vector<double>{h.min, h.max});
  const std::string lo = devomap::format_number(h.min, axis_format);
  const std::string hi = devomap::format_number(h.max, axis_format);
  ImGui::TextDisabled("%s", lo.c_str());
  const char* middle = h.log_axis ? "log scale" : nullptr;
  if (middle) {
    ImGui::SameLine((width - ImGui::CalcTextSize(middle).x) / 2 +
                    ImGui::GetStyle().WindowPadding.x);
    ImGui::TextDisabled("%s", middle);
  }
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(hi.c_str()).x);
  ImGui::TextDisabled("%s", hi.c_str());

  HistogramLayout layout;
  layout.x = x0;
  layout.y = y0;
  layout.width = width;
  layout.height = height;
  layout.break_x = xs;
  actions.histogram = std::move(layout);
}

}  // namespace devomap::ui
