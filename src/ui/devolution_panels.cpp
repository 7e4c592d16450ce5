// Views of the UK devolution map (io/devolution_map): the measure picker in the sidebar, the
// hover lines (mayor, tier) and the region card an area's click opens: powers by domain,
// budgets with amounts and years, population, and the sources behind each figure.
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "core/number_format.hpp"
#include "io/devolution_map.hpp"
#include "ui/format.hpp"
#include "ui/panels.hpp"

namespace devomap::ui {
namespace {

namespace fld = io::devolution_field;

constexpr float kCardWidth = 420.0f;
constexpr float kCardMargin = 12.0f;
const ImVec4 kMuted(0.42f, 0.45f, 0.50f, 1.0f);

std::string field_text(const Layer& layer, const char* field, std::size_t row) {
  const auto column = layer.attributes.find(field);
  if (!column || layer.attributes.columns[*column].is_number()) return {};
  return layer.attributes.columns[*column].text[row];
}

double field_number(const Layer& layer, const std::string& field, std::size_t row) {
  const auto column = layer.attributes.find(field);
  if (!column || !layer.attributes.columns[*column].is_number()) return std::nan("");
  return layer.attributes.columns[*column].values[row];
}

// "£1.2bn", "£450m", "£12,300": money scaled as the legend scales it.
std::string money(double gbp) {
  if (std::isnan(gbp)) return kNoDataText;
  NumberFormat format;
  format.unit = NumberUnit::Pounds;
  const double values[] = {gbp};
  return devomap::format_number(gbp, resolve_number_format(format, values));
}

// The schema's domain keys as the White Paper names them.
std::string domain_label(const std::string& domain) {
  static const std::map<std::string, std::string> names = {
      {"transport", "Transport"},
      {"adult_skills", "Adult skills"},
      {"employment_support", "Employment support"},
      {"housing_regeneration", "Housing and regeneration"},
      {"planning", "Planning"},
      {"health_care", "Health and care"},
      {"public_health", "Public health"},
      {"policing_crime", "Policing and crime"},
      {"fire_rescue", "Fire and rescue"},
      {"net_zero_energy", "Net zero and energy"},
      {"business_rates", "Business rates"},
      {"culture", "Culture"},
      {"integrated_settlement", "Integrated Settlement"}};
  const auto it = names.find(domain);
  if (it != names.end()) return it->second;
  std::string label = domain;
  std::replace(label.begin(), label.end(), '_', ' ');
  if (!label.empty())
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}

ImVec4 status_colour(const std::string& status) {
  if (status == "held") return ImVec4(0.08f, 0.47f, 0.22f, 1.0f);
  if (status == "partial") return ImVec4(0.55f, 0.42f, 0.05f, 1.0f);
  return ImVec4(0.62f, 0.32f, 0.05f, 1.0f);  // proposed
}

void heading(const PanelContext& ctx, const char* text) {
  ImGui::Spacing();
  ImGui::PushFont(ctx.fonts.bold);
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
  ImGui::Separator();
}

void label_value(const char* label, const std::string& value) {
  ImGui::TextColored(kMuted, "%s", label);
  ImGui::SameLine();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(value.empty() ? kNoDataText : value.c_str());
  ImGui::PopTextWrapPos();
}

void muted_wrapped(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

// Sources listed once each, selectable so they can be copied into a report.
void sources_list(const PanelContext& ctx, const std::vector<std::string>& urls) {
  std::set<std::string> seen;
  heading(ctx, "Sources");
  for (const std::string& url : urls) {
    if (url.empty() || !seen.insert(url).second) continue;
    ImGui::PushFont(ctx.fonts.mono);
    ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(url.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
}

void population_lines(const io::DefaultMap& map, const Layer& layer, std::size_t row) {
  if (map.population) {
    const double people = field_number(layer, "Population " + map.population->label, row);
    label_value(("Population (" + map.population->label + "):").c_str(),
                std::isnan(people) ? kNoDataText : format_number(people));
  }
  for (const io::Measure& m : map.map.measures) {
    if (m.key != "funding" && m.key != "per_head") continue;
    const double value = field_number(layer, m.field, row);
    if (std::isnan(value)) continue;
    label_value((m.label + ":").c_str(),
                m.key == "funding" ? money(value) : "£" + format_number(value) + " per head");
  }
}

void authority_card(const PanelContext& ctx, const io::DefaultMap& map, const io::Authority& a,
                    const Layer& layer, std::size_t row) {
  label_value("Tier:", field_text(layer, fld::kTier, row));
  if (!a.tier_note.empty()) muted_wrapped(a.tier_note);
  label_value("Mayor:", field_text(layer, fld::kMayor, row));
  if (!a.mayor_as_of.empty()) ImGui::TextColored(kMuted, "  as of %s", a.mayor_as_of.c_str());
  label_value("Status:", field_text(layer, fld::kStatus, row));
  if (!a.established.empty()) label_value("Established:", a.established);
  if (!a.legislation.empty()) label_value("Legislation:", a.legislation);
  if (!a.status_note.empty()) muted_wrapped(a.status_note);
  population_lines(map, layer, row);

  const io::DevolutionDataset& data = *map.dataset;
  std::vector<std::string> sources{a.source_url};

  heading(ctx, "Powers by domain");
  std::vector<const PowerRecord*> powers;
  for (const PowerRecord& p : data.powers)
    if (p.authority_id == a.id) powers.push_back(&p);
  const auto& order = power_domains();
  auto rank = [&](const std::string& d) { return std::find(order.begin(), order.end(), d); };
  std::stable_sort(powers.begin(), powers.end(), [&](const PowerRecord* x, const PowerRecord* y) {
    return rank(x->domain) < rank(y->domain);
  });
  if (powers.empty()) muted_wrapped("No powers recorded in the dataset's sources.");
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!powers.empty() && ImGui::BeginTable("##powers", 3, flags)) {
    ImGui::TableSetupColumn("Domain", ImGuiTableColumnFlags_WidthStretch, 0.5f);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch, 0.25f);
    ImGui::TableSetupColumn("Year", ImGuiTableColumnFlags_WidthStretch, 0.25f);
    ImGui::TableHeadersRow();
    for (const PowerRecord* p : powers) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(domain_label(p->domain).c_str());
      if (!p->note.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p->note.c_str());
      ImGui::TableNextColumn();
      ImGui::TextColored(status_colour(p->status), "%s", p->status.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(p->year.c_str());
      sources.push_back(p->source_url);
    }
    ImGui::EndTable();
    muted_wrapped("Domains not listed: not found in the sources (not the same as 'not held').");
  }

  heading(ctx, "Budgets");
  std::vector<const BudgetRecord*> budgets;
  for (const BudgetRecord& b : data.budgets)
    if (b.authority_id == a.id) budgets.push_back(&b);
  if (budgets.empty()) muted_wrapped("No budget lines recorded in the dataset's sources.");
  if (!budgets.empty() && ImGui::BeginTable("##budgets", 3, flags)) {
    ImGui::TableSetupColumn("Fund", ImGuiTableColumnFlags_WidthStretch, 0.52f);
    ImGui::TableSetupColumn("Amount", ImGuiTableColumnFlags_WidthStretch, 0.24f);
    ImGui::TableSetupColumn("Years", ImGuiTableColumnFlags_WidthStretch, 0.24f);
    ImGui::TableHeadersRow();
    for (const BudgetRecord* b : budgets) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0.0f);
      const std::string fund = (b->part_of.empty() ? "" : "  - ") + b->fund;
      if (b->countable)
        ImGui::TextUnformatted(fund.c_str());
      else
        ImGui::TextColored(kMuted, "%s (not counted)", fund.c_str());
      ImGui::PopTextWrapPos();
      if (ImGui::IsItemHovered()) {
        std::string tip = b->note;
        if (!b->part_of.empty()) tip += (tip.empty() ? "" : "\n") + ("Part of " + b->part_of);
        if (!b->replaces.empty()) tip += (tip.empty() ? "" : "\n") + ("Replaces " + b->replaces);
        if (!tip.empty()) ImGui::SetTooltip("%s", tip.c_str());
      }
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(
          (money(b->amount_gbp) + (b->basis == "per_year" ? " a year" : " total")).c_str());
      ImGui::TableNextColumn();
      std::string years = b->first_fy;
      if (!b->last_fy.empty() && b->last_fy != b->first_fy) years += " to " + b->last_fy;
      ImGui::TextUnformatted(years.empty() ? "-" : years.c_str());
      ImGui::PopTextWrapPos();
      sources.push_back(b->source_url);
    }
    ImGui::EndTable();
  }
  sources_list(ctx, sources);
}

void nation_card(const PanelContext& ctx, const io::DefaultMap& map, const io::Nation& n,
                 const Layer& layer, std::size_t row) {
  label_value("Tier:", io::kTierDevolved);
  label_value("Legislature:", n.legislature);
  label_value("Executive:", n.executive);
  population_lines(map, layer, row);
  if (n.budget_gbp) label_value(("Budget " + n.budget_fy + ":").c_str(), money(*n.budget_gbp));
  if (!n.budget_measure.empty()) muted_wrapped(n.budget_measure);
  heading(ctx, "Main devolved powers");
  std::string rest = n.main_powers;
  while (!rest.empty()) {
    const auto cut = rest.find("; ");
    ImGui::BulletText("%s", rest.substr(0, cut).c_str());
    rest = cut == std::string::npos ? "" : rest.substr(cut + 2);
  }
  if (!n.note.empty()) muted_wrapped(n.note);
  sources_list(ctx, {n.source_url, n.budget_source_url});
}

}  // namespace

void draw_measure_picker(const PanelContext& ctx, const MapDocument& document, UiActions& actions) {
  const io::DefaultMap* map = document.devolution();
  const MapLayer* data = document.data_layer();
  if (!map || !data) return;
  section_title(ctx, "SHOW");
  const std::string current = data->spec.field.value_or("");
  std::string preview = current;
  for (const io::Measure& m : map->map.measures)
    if (m.field == current) preview = m.label;
  row_label(ctx, "Measure");
  if (ImGui::BeginCombo("##measure", preview.c_str())) {
    for (const io::Measure& m : map->map.measures) {
      if (ImGui::Selectable(m.label.c_str(), m.field == current) && m.field != current)
        actions.restyle = io::style_for_measure(map->map, m.field);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", m.description.c_str());
    }
    ImGui::EndCombo();
  }
  for (const io::Measure& m : map->map.measures)
    if (m.field == current) muted_wrapped(m.description);
}

void draw_devolution_tooltip_lines(const MapDocument& document, std::size_t area) {
  const MapLayer* data = document.data_layer();
  if (!document.devolution() || !data || area >= data->layer->size()) return;
  const Layer& layer = *data->layer;
  ImGui::TextUnformatted(field_text(layer, fld::kTier, area).c_str());
  const std::string mayor = field_text(layer, fld::kMayor, area);
  if (!mayor.empty()) ImGui::TextColored(kMuted, "%s", mayor.c_str());
  // A text measure other than the tier (e.g. transport powers) shows its value too.
  if (data->spec.field && *data->spec.field != fld::kTier) {
    const std::string value = field_text(layer, data->spec.field->c_str(), area);
    if (!value.empty()) ImGui::Text("%s: %s", data->spec.field->c_str(), value.c_str());
  }
}

void draw_region_card(const PanelContext& ctx, const MapDocument& document,
                      const MapViewport& viewport, UiActions& actions) {
  const io::DefaultMap* map = document.devolution();
  const MapLayer* data = document.data_layer();
  const auto area = document.selected();
  if (!map || !data || !area || *area >= data->layer->size()) return;
  const Layer& layer = *data->layer;
  const float margin = kCardMargin * ctx.scale;
  ImGui::SetNextWindowPos(ImVec2(viewport.x + viewport.width - margin, viewport.y + margin),
                          ImGuiCond_Always, ImVec2(1.0f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(kCardWidth * ctx.scale, 0));
  ImGui::SetNextWindowSizeConstraints(ImVec2(kCardWidth * ctx.scale, 0),
                                      ImVec2(kCardWidth * ctx.scale, viewport.height * 0.85f));
  bool open = true;
  ImGui::Begin("Region###region-card", &open,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextWrapped("%s", layer.name(*area).c_str());
  ImGui::PopFont();
  const std::string code = layer.code(*area);
  ImGui::TextColored(kMuted, "%s%s%s", field_text(layer, fld::kKind, *area).c_str(),
                     code.empty() ? "" : " - ", code.c_str());

  const std::string id = field_text(layer, fld::kAuthorityId, *area);
  const auto& dataset = *map->dataset;
  const auto authority = std::find_if(dataset.authorities.begin(), dataset.authorities.end(),
                                      [&](const io::Authority& a) { return a.id == id; });
  const auto nation = std::find_if(dataset.nations.begin(), dataset.nations.end(),
                                   [&](const io::Nation& n) { return n.id == id; });
  if (authority != dataset.authorities.end()) {
    authority_card(ctx, *map, *authority, layer, *area);
  } else if (nation != dataset.nations.end()) {
    nation_card(ctx, *map, *nation, layer, *area);
  } else {
    label_value("Tier:", io::kTierNone);
    population_lines(*map, layer, *area);
    muted_wrapped(
        "This district is not part of any strategic authority in the dataset, so no devolution "
        "deal powers or funds are recorded for it.");
  }
  ImGui::End();
  if (!open) actions.clear_selection = true;
}

}  // namespace devomap::ui
