// The sidebar's STYLE section: how the data layer is coloured (field, method, classes, palette,
// breaks, locked breaks), whether the palette suits colour-blind readers and print, the
// colour-vision preview, the histogram, and the legend's words and numbers. A thin view: it
// reads the document and records a new StyleSpec (or preview) in UiActions.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/classify.hpp"
#include "core/error.hpp"
#include "core/palette.hpp"
#include "core/palette_advice.hpp"
#include "ui/panels.hpp"

namespace devomap::ui {
namespace {

constexpr const char* kNoFieldLabel = "None (outlines only)";
const ImVec4 kWarningText(0.70f, 0.36f, 0.0f, 1.0f);

ImU32 to_imu32(Rgba c) {
  return IM_COL32(c.r, c.g, c.b, c.a);
}

// Colour swatches side by side in [min, max].
void draw_ramp(ImDrawList* list, ImVec2 min, ImVec2 max, const std::vector<Rgba>& colors) {
  if (colors.empty()) return;
  const float step = (max.x - min.x) / static_cast<float>(colors.size());
  for (std::size_t i = 0; i < colors.size(); ++i) {
    const float x0 = min.x + step * static_cast<float>(i);
    list->AddRectFilled(ImVec2(x0, min.y), ImVec2(x0 + step, max.y), to_imu32(colors[i]));
  }
  list->AddRect(min, max, IM_COL32(0, 0, 0, 40));
}

// The palette's colours as the preview shows the map, so palettes can be compared as those
// readers see them.
std::vector<Rgba> ramp_colors(const PaletteInfo& info, int classes, bool reverse,
                              ColorVision vision) {
  try {
    return simulate_color_vision(
        palette_colors(info.name, std::clamp(classes, info.min_classes, info.max_classes), reverse),
        vision);
  } catch (const std::exception&) {
    return {};
  }
}

bool safe_for(const PaletteInfo& info, int classes) {
  try {
    return colorblind_safe(info.name, classes);
  } catch (const UserError&) {
    return false;  // no scheme for that many classes
  }
}

const char* kind_heading(PaletteKind kind) {
  switch (kind) {
    case PaletteKind::Sequential:
      return "Sequential";
    case PaletteKind::Diverging:
      return "Diverging";
    case PaletteKind::Qualitative:
      return "Qualitative";
  }
  return "";
}

// Why the class count is not the user's to choose: a short note for the row and the full
// reason for its tooltip.
struct FixedCount {
  const char* note;
  const char* reason;
};
FixedCount fixed_count(ClassMethod m) {
  switch (m) {
    case ClassMethod::Percentile:
      return {"percentile map",
              "Percentile maps always have 6 classes: below 1%, 1-10%, 10-50%, 50-90%, 90-99%\n"
              "and above 99% of the values"};
    case ClassMethod::Box:
      return {"box map",
              "Box maps always have 6 classes: lower outliers, the four quarters, upper outliers"};
    case ClassMethod::HeadTail:
      return {"found in the data",
              "Head/tail breaks keep splitting off the values above the mean while they are a\n"
              "minority, so the data decide how many classes there are"};
    case ClassMethod::Manual:
      return {"from the breaks",
              "Manual classes are one more than the breaks; drag a break on the histogram or\n"
              "type them below"};
    case ClassMethod::Categorical:
      return {"one per value", "Categories take one class per distinct value (up to 12)"};
    default:
      return {"", ""};
  }
}

const Column* field_column(const MapLayer& data, const StyleSpec& spec) {
  if (!spec.field) return nullptr;
  const auto i = data.layer->attributes.find(*spec.field);
  return i ? &data.layer->attributes.at(*i) : nullptr;
}

// Breaks to start manual classes from: the map's current classes, else quantiles.
std::vector<double> starting_breaks(const MapLayer& data, const Column* column) {
  if (data.style.classification) {
    auto breaks = manual_breaks_from(*data.style.classification);
    if (!breaks.empty()) return breaks;
  }
  if (!column || !column->is_number()) return {};
  try {
    ClassifyOptions o;
    o.method = ClassMethod::Quantile;
    o.classes = 5;
    return manual_breaks_from(classify(column->values, o));
  } catch (const UserError&) {
    return {};
  }
}

std::string breaks_text(const std::vector<double>& breaks) {
  std::string text;
  for (double b : breaks) {
    char item[32];
    std::snprintf(item, sizeof item, "%.6g", b);
    text += (text.empty() ? "" : ", ") + std::string(item);
  }
  return text;
}

// A new field takes its own title, units and number format (MapDocument::style_for_field).
void field_combo(const MapDocument& document, const MapLayer& data, StyleSpec& spec,
                 bool& changed) {
  const std::string preview = spec.field ? *spec.field : kNoFieldLabel;
  if (!ImGui::BeginCombo("##field", preview.c_str())) return;
  if (ImGui::Selectable(kNoFieldLabel, !spec.field)) {
    spec = document.style_for_field(std::nullopt);
    changed = true;
  }
  for (const auto& name : colourable_fields(*data.layer)) {
    const bool selected = spec.field && *spec.field == name;
    const auto col = data.layer->attributes.find(name);
    const bool text = col && !data.layer->attributes.at(*col).is_number();
    const std::string label = text ? name + "  (categories)" : name;
    if (ImGui::Selectable(label.c_str(), selected) && !selected) {
      spec = document.style_for_field(name);
      // Numbers read wrongly in a qualitative palette; text takes one whatever is chosen.
      const auto palette = find_palette(spec.palette);
      if (!text && palette && palette->kind == PaletteKind::Qualitative &&
          spec.method != ClassMethod::Categorical)
        spec.palette = kDefaultSequentialPalette;
      changed = true;
    }
    if (selected) ImGui::SetItemDefaultFocus();
  }
  ImGui::EndCombo();
}

PaletteKind natural_kind(ClassMethod m) {
  switch (m) {
    case ClassMethod::StdDev:
    case ClassMethod::Box:
    case ClassMethod::Percentile:
      return PaletteKind::Diverging;
    case ClassMethod::Categorical:
      return PaletteKind::Qualitative;
    default:
      return PaletteKind::Sequential;
  }
}

const char* default_palette_of(PaletteKind kind) {
  switch (kind) {
    case PaletteKind::Diverging:
      return kDefaultDivergingPalette;
    case PaletteKind::Qualitative:
      return kDefaultQualitativePalette;
    case PaletteKind::Sequential:
      break;
  }
  return kDefaultSequentialPalette;
}

void method_combo(const MapLayer& data, const Column* column, StyleSpec& spec, bool& changed) {
  if (!ImGui::BeginCombo("##method", display_name(spec.method).c_str())) return;
  for (const auto& name : class_method_names()) {
    const auto method = parse_class_method(name);
    if (!method) continue;
    if (ImGui::Selectable(display_name(*method).c_str(), *method == spec.method) &&
        *method != spec.method) {
      // Manual starts from the classes on the map, so nothing jumps until a break is moved.
      if (*method == ClassMethod::Manual) spec.manual_breaks = starting_breaks(data, column);
      spec.method = *method;
      // Classes about a centre read best diverging, categories qualitative, the rest
      // sequential; a palette of another kind gives way to that kind's default.
      const PaletteKind natural = natural_kind(*method);
      const auto palette = find_palette(spec.palette);
      if (!palette || palette->kind != natural) spec.palette = default_palette_of(natural);
      changed = true;
    }
  }
  ImGui::EndCombo();
}

// The class count as a row of buttons (every choice visible, one click to change), with the
// goodness of variance fit beside it; a note instead where the method fixes the count.
void classes_row(const PanelContext& ctx, const MapLayer& data, StyleSpec& spec, bool& changed) {
  const auto palette = find_palette(spec.palette);
  const int max_classes = std::min(kMaxClasses, palette ? palette->max_classes : kMaxClasses);
  const Classification* c = data.style.classification ? &*data.style.classification : nullptr;
  char gvf[32] = "";
  if (c && !std::isnan(c->gvf) && c->class_count() > 0)
    std::snprintf(gvf, sizeof gvf, "GVF %.2f", c->gvf);

  row_label(ctx, "Classes");
  if (spec.locked || classes_ignored(spec.method)) {
    const std::string count = c ? std::to_string(c->class_count()) : std::string("-");
    const FixedCount why = fixed_count(spec.method);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s (%s)", count.c_str(), spec.locked ? "locked" : why.note);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", spec.locked ? "The breaks are locked; unlock them to change the "
                                            "method or the classes"
                                          : why.reason);
  } else {
    const float gvf_w = ImGui::CalcTextSize("GVF 0.00").x + ImGui::GetStyle().ItemSpacing.x;
    const int choices = max_classes - kMinClasses + 1;
    const float spacing = 2.0f * ctx.scale;
    const float width =
        (ImGui::GetContentRegionAvail().x - gvf_w - spacing * static_cast<float>(choices - 1)) /
        static_cast<float>(choices);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                        ImVec2(spacing, ImGui::GetStyle().ItemSpacing.y));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(0.0f, ImGui::GetStyle().FramePadding.y));
    const int current = std::clamp(spec.classes, kMinClasses, max_classes);
    for (int n = kMinClasses; n <= max_classes; ++n) {
      if (n > kMinClasses) ImGui::SameLine();
      const bool on = n == current;
      if (on) push_primary_button();
      if (ImGui::Button(std::to_string(n).c_str(), ImVec2(width, 0)) && !on) {
        spec.classes = n;
        changed = true;
      }
      if (on) pop_primary_button();
    }
    ImGui::PopStyleVar(2);
  }
  if (gvf[0]) {
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(gvf).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", gvf);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "Goodness of variance fit: how much of the values' spread the classes explain\n"
          "(1 = every class holds one value; above 0.8 is usually a good fit)");
  }
}

// Manual breaks as text, for exact values; applied when the field loses focus or on Enter.
void breaks_row(const PanelContext& ctx, StyleSpec& spec, bool& changed) {
  // What is being typed lives here between frames; the spec holds the applied breaks.
  static std::string typed;
  static bool editing = false;
  static std::string error;
  if (!editing) typed = breaks_text(spec.manual_breaks);
  row_label(ctx, "Breaks");
  ImGui::InputTextWithHint("##breaks", "e.g. 100, 500, 2500", &typed);
  editing = ImGui::IsItemActive();
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    try {
      spec.manual_breaks = parse_breaks(typed);
      error.clear();
      changed = true;
    } catch (const UserError& e) {
      error = e.what();
    }
  }
  if (!error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kWarningText, "%s", error.c_str());
    ImGui::PopTextWrapPos();
  }
}

// `in_use` is the palette the map shows, which differs from the spec's where that cannot serve
// (text categories take a qualitative one).
void palette_combo(const PanelContext& ctx, const Classification* c, const std::string& in_use,
                   ColorVision vision, StyleSpec& spec, bool& changed) {
  const auto palette = find_palette(in_use);
  const int shown = c && c->class_count() > 0 ? c->class_count() : spec.classes;
  if (ImGui::BeginCombo("##palette", in_use.c_str(), ImGuiComboFlags_HeightLarge)) {
    ImGui::TextDisabled("\xE2\x80\xA2 colour-blind safe for %d classes", shown);
    if (vision != ColorVision::Normal)
      ImGui::TextDisabled("Colours as seen with %s", to_string(vision).c_str());
    const float ramp_width = 110.0f * ctx.scale;
    // Grouped by kind (viridis and cividis, listed last, join the sequential ones).
    std::vector<PaletteInfo> palettes;
    for (PaletteKind kind :
         {PaletteKind::Sequential, PaletteKind::Diverging, PaletteKind::Qualitative}) {
      const auto of_kind = list_palettes(kind);
      palettes.insert(palettes.end(), of_kind.begin(), of_kind.end());
    }
    std::optional<PaletteKind> last_kind;
    for (const auto& info : palettes) {
      if (last_kind != info.kind) {
        if (last_kind) ImGui::Spacing();
        ImGui::TextDisabled("%s", kind_heading(info.kind));
        last_kind = info.kind;
      }
      const bool selected = info.name == in_use;
      // A dot marks the schemes colour-blind readers can use at this many classes.
      const bool safe = safe_for(info, shown);
      const std::string label = "  " + info.name + (safe ? "  \xE2\x80\xA2" : "");
      if (ImGui::Selectable(label.c_str(), selected) && !selected) {
        spec.palette = info.name;
        changed = true;
      }
      if (ImGui::IsItemHovered() && safe)
        ImGui::SetTooltip("Colour-blind safe for %d classes", shown);
      const ImVec2 item_min = ImGui::GetItemRectMin(), item_max = ImGui::GetItemRectMax();
      const ImVec2 ramp_min(item_max.x - ramp_width, item_min.y + 3 * ctx.scale);
      draw_ramp(ImGui::GetWindowDrawList(), ramp_min,
                ImVec2(item_max.x, item_max.y - 3 * ctx.scale),
                ramp_colors(info, shown, spec.reverse, vision));
    }
    ImGui::EndCombo();
  }
  if (palette) {
    // The chosen ramp inside the closed combo, left of its arrow.
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const float arrow = ImGui::GetFrameHeight();
    const float width = 96.0f * ctx.scale;
    draw_ramp(ImGui::GetWindowDrawList(),
              ImVec2(max.x - arrow - width - 6 * ctx.scale, min.y + 5 * ctx.scale),
              ImVec2(max.x - arrow - 6 * ctx.scale, max.y - 5 * ctx.scale),
              ramp_colors(*palette, shown, spec.reverse, vision));
  }
}

// The suitability of the palette the map shows at its class count, with a one-click safer one.
void palette_warning(const PanelContext& ctx, const Classification* c, const std::string& in_use,
                     StyleSpec& spec, bool& changed) {
  if (!c || c->class_count() == 0) return;
  const auto info = find_palette(in_use);
  if (!info) return;
  const int n = c->class_count();
  const PaletteAdvice advice = palette_advice(in_use, n);
  if (advice.summary.empty()) return;
  row_indent(ctx);
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(0.0f);
  if (!advice.colorblind_safe)
    ImGui::TextColored(kWarningText, "%s", advice.summary.c_str());
  else
    ImGui::TextDisabled("%s", advice.summary.c_str());
  ImGui::PopTextWrapPos();
  if (advice.suggestion) {
    const std::string label = "Use " + *advice.suggestion + " (safe)";
    if (ImGui::SmallButton(label.c_str())) {
      spec.palette = *advice.suggestion;
      changed = true;
    }
  } else if (!advice.colorblind_safe) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "No %s palette is colour-blind safe for %d classes; check with \"Seen with\"",
        to_string(info->kind).c_str(), n);
    ImGui::PopTextWrapPos();
  }
  ImGui::EndGroup();
}

void preview_row(const PanelContext& ctx, const MapDocument& document, UiActions& actions) {
  struct Choice {
    ColorVision vision;
    const char* label;
  };
  static const Choice kChoices[] = {
      {ColorVision::Normal, "Normal colour vision"},
      {ColorVision::Protanopia, "Protanopia (no red cones)"},
      {ColorVision::Deuteranopia, "Deuteranopia (no green cones)"},
      {ColorVision::Tritanopia, "Tritanopia (no blue cones)"},
      {ColorVision::Greyscale, "Greyscale (print, photocopy)"},
  };
  const ColorVision now = document.color_vision();
  const char* preview = kChoices[0].label;
  for (const Choice& c : kChoices)
    if (c.vision == now) preview = c.label;
  row_label(ctx, "Seen with");
  if (ImGui::BeginCombo("##vision", preview)) {
    for (const Choice& c : kChoices)
      if (ImGui::Selectable(c.label, c.vision == now) && c.vision != now)
        actions.color_vision = c.vision;
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Previews the map and legend as these readers see them; never exported");
}

void legend_section(const PanelContext& ctx, StyleSpec& spec, bool& changed) {
  // No tree indent, so the rows line up with the ones above.
  if (!ImGui::TreeNodeEx("Legend text and numbers", ImGuiTreeNodeFlags_NoTreePushOnOpen)) return;
  row_label(ctx, "Title");
  const std::string title_hint = spec.field ? *spec.field : std::string("Title");
  if (ImGui::InputTextWithHint("##legend-title", title_hint.c_str(), &spec.legend_title))
    changed = true;
  row_label(ctx, "Units");
  if (ImGui::InputTextWithHint("##legend-units", "e.g. people per km\xC2\xB2", &spec.units))
    changed = true;

  NumberFormat& f = spec.number_format;
  static const char* const kUnits[] = {"Plain number", "Pounds (\xC2\xA3)", "Percent (%)"};
  row_label(ctx, "Numbers");
  int unit = static_cast<int>(f.unit);
  if (ImGui::Combo("##number-unit", &unit, kUnits, IM_ARRAYSIZE(kUnits))) {
    f.unit = static_cast<NumberUnit>(unit);
    changed = true;
  }
  static const char* const kScales[] = {"Automatic",    "None",          "Thousands (k)",
                                        "Millions (m)", "Billions (bn)", "Each value its own"};
  row_label(ctx, "Scale");
  int scale = static_cast<int>(f.scale);
  if (ImGui::Combo("##number-scale", &scale, kScales, IM_ARRAYSIZE(kScales))) {
    f.scale = static_cast<NumberScale>(scale);
    changed = true;
  }
  static const char* const kDecimals[] = {"Automatic", "0", "1", "2", "3", "4", "5", "6"};
  row_label(ctx, "Decimals");
  int decimals = f.decimals ? std::clamp(*f.decimals, 0, 6) + 1 : 0;
  if (ImGui::Combo("##number-decimals", &decimals, kDecimals, IM_ARRAYSIZE(kDecimals))) {
    f.decimals = decimals == 0 ? std::nullopt : std::optional<int>(decimals - 1);
    changed = true;
  }
  row_indent(ctx);
  if (ImGui::Checkbox("1,000s", &f.thousands_separator)) changed = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Thousands separators: 12,345 rather than 12345");
  ImGui::SameLine();
  if (ImGui::Checkbox("Per head", &f.per_head)) changed = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Adds \"per head\" after each value");
  if (f.unit == NumberUnit::Percent) {
    row_indent(ctx);
    if (ImGui::Checkbox("Fractions (0.25 = 25%)", &f.percent_of_one)) changed = true;
  }
}

}  // namespace

void draw_style_panel(const PanelContext& ctx, const MapDocument& document, UiActions& actions) {
  const MapLayer* data_ptr = document.data_layer();
  if (!data_ptr) return;
  const MapLayer& data = *data_ptr;
  section_title(ctx, "STYLE");
  StyleSpec spec = data.spec;
  bool changed = false;
  const Column* column = field_column(data, spec);
  const bool text_field = column && !column->is_number();
  const Classification* c = data.style.classification ? &*data.style.classification : nullptr;

  row_label(ctx, "Field");
  field_combo(document, data, spec, changed);

  ImGui::BeginDisabled(!spec.field);
  row_label(ctx, "Method");
  if (text_field) {
    // Text is always shown as categories; the numeric methods do not apply.
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Categories (a text field)");
  } else {
    ImGui::BeginDisabled(spec.locked.has_value());
    method_combo(data, column, spec, changed);
    ImGui::EndDisabled();
  }
  if (!text_field) {
    classes_row(ctx, data, spec, changed);
    if (spec.method == ClassMethod::Manual && !spec.locked) breaks_row(ctx, spec, changed);
  }

  // Categories with fixed colours (the devolution tiers) keep them in every view; no palette
  // applies, so none is offered or judged.
  bool fixed_colours = c && c->is_categorical() && !spec.category_colors.empty();
  if (fixed_colours)
    for (const Category& cat : c->categories)
      fixed_colours = fixed_colours && spec.category_colors.count(cat.label) > 0;
  row_label(ctx, "Palette");
  const std::string in_use = data.style.palette.empty() ? spec.palette : data.style.palette;
  if (fixed_colours) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Fixed colours per category");
  } else {
    palette_combo(ctx, c, in_use, document.color_vision(), spec, changed);
  }
  if (!fixed_colours && in_use != spec.palette) {
    row_indent(ctx);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s takes a qualitative palette",
                        text_field ? "A text field" : "This many categories");
    ImGui::PopTextWrapPos();
  }
  if (!fixed_colours) palette_warning(ctx, c, in_use, spec, changed);

  row_indent(ctx);
  if (ImGui::Checkbox("Reverse", &spec.reverse)) changed = true;
  ImGui::SameLine();
  bool locked = spec.locked.has_value();
  ImGui::BeginDisabled(!c || (c->class_count() == 0));
  if (ImGui::Checkbox("Lock breaks", &locked)) {
    if (locked && c)
      spec.locked = *c;
    else
      spec.locked.reset();
    changed = true;
  }
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Keep these classes when the field changes, so two maps compare");
  ImGui::EndDisabled();

  preview_row(ctx, document, actions);

  if (c) {
    ImGui::PushTextWrapPos(0.0f);
    if (c->no_data > 0)
      ImGui::TextDisabled("%zu area%s with no data (hatched on the map)", c->no_data,
                          c->no_data == 1 ? "" : "s");
    if (!c->note.empty()) ImGui::TextDisabled("%s", c->note.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Spacing();
  draw_histogram(ctx, document, actions);
  if (spec.field) legend_section(ctx, spec, changed);
  if (changed) actions.restyle = spec;
}

std::string style_state_json(const MapDocument& document,
                             const std::optional<HistogramLayout>& histogram) {
  nlohmann::json j;
  j["color_vision"] = to_string(document.color_vision());
  if (const MapLayer* data = document.data_layer(); data && data->spec.field) {
    j["field"] = *data->spec.field;
    j["method"] = to_string(data->spec.method);
    j["locked"] = data->spec.locked.has_value();
    if (const auto& c = data->style.classification) {
      j["classes"] = c->class_count();
      j["breaks"] = manual_breaks_from(*c);
    }
    if (data->style.has_legend) j["legend_subtitle"] = data->style.legend.subtitle;
  }
  if (histogram)
    j["histogram"] = {{"x", histogram->x},
                      {"y", histogram->y},
                      {"width", histogram->width},
                      {"height", histogram->height},
                      {"break_x", histogram->break_x}};
  const std::string text = j.dump();
  return ",\n " + text.substr(1, text.size() - 2);
}

}  // namespace devomap::ui
