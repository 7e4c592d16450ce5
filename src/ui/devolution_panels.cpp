// Views of the UK devolution map (devolution/devolution_map): the measure picker in the sidebar,
// the hover lines (mayor, tier) and the region card an area's click opens: powers by domain,
// budgets with amounts and years, population, and the sources behind each figure.
#include <imgui.h>
// SetNextWindowScroll: a new area's card starts at its top (public in later Dear ImGui).
#include <imgui_internal.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <span>

#include "core/number_format.hpp"
#include "devolution/devolution_map.hpp"
#include "ui/format.hpp"
#include "ui/panels.hpp"

namespace devomap::ui {
namespace {

namespace fld = devolution::devolution_field;

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

ImVec4 status_colour(const std::string& status) {
  if (status == "held") return ImVec4(0.08f, 0.47f, 0.22f, 1.0f);
  if (status == "partial") return ImVec4(0.55f, 0.42f, 0.05f, 1.0f);
  if (status == "recommended") return ImVec4(0.35f, 0.30f, 0.60f, 1.0f);
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

void population_lines(const devolution::DefaultMap& map, const Layer& layer, std::size_t row) {
  if (map.population) {
    const double people = field_number(layer, "Population " + map.population->label, row);
    label_value(("Population (" + map.population->label + "):").c_str(),
                std::isnan(people) ? kNoDataText : format_number(people));
  }
  for (const devolution::Measure& m : map.map.measures) {
    if (m.key != "funding" && m.key != "per_head") continue;
    const double value = field_number(layer, m.field, row);
    if (std::isnan(value)) continue;
    label_value((m.label + ":").c_str(),
                m.key == "funding" ? money(value) : "£" + format_number(value) + " per head");
    const std::string apart = field_text(layer, m.fixed_category_field.c_str(), row);
    if (!apart.empty()) muted_wrapped(apart);
  }
  muted_wrapped(
      "Devolution data as of " + map.map.data_as_of +
      (map.population ? "; per head over the ONS " + map.population->label + " population." : "."));
}

// "£612", "75.3%", "9.2 minutes".
std::string outcome_text(double value, const std::string& units) {
  if (std::isnan(value)) return kNoDataText;
  char text[64];
  std::snprintf(text, sizeof text, "%.1f", value);
  if (units == "£") return "£" + std::string(text);
  if (units == "%") return std::string(text) + "%";
  return std::string(text) + " " + units;
}

// How the place is doing: the headline outcomes (and the one shown, if another), each with how
// the figure was found and, for a strategic authority, its rank among them.
void outcome_lines(const PanelContext& ctx, const devolution::DefaultMap& map, std::size_t row,
                   const std::string& shown_field) {
  if (map.map.outcomes.empty()) return;
  static const char* const kHeadline[] = {"gross_value_added_per_hour_worked",
                                          "gross_median_weekly_pay",
                                          "aged_16_to_64_years_employment_rate_great_britain",
                                          "aged_16_to_64_years_employment_rate_northern_ireland",
                                          "gross_disposable_household_income_per_head",
                                          "female_healthy_life_expectancy",
                                          "male_healthy_life_expectancy",
                                          "gigabit_capable_broadband",
                                          "life_satisfaction"};
  std::vector<const devolution::Measure*> lines;
  for (const devolution::Measure& m : map.map.measures) {
    const bool headline = std::any_of(std::begin(kHeadline), std::end(kHeadline),
                                      [&](const char* k) { return m.key == k; });
    if ((headline || m.field == shown_field) && devolution::find_outcome(map.map, m.key))
      lines.push_back(&m);
  }
  heading(ctx, "Outcomes");
  const Layer& areas = *map.map.areas;
  const bool authority = row < map.map.is_authority.size() && map.map.is_authority[row];
  for (const devolution::Measure* m : lines) {
    const devolution::DevolutionMap::Outcome* o = devolution::find_outcome(map.map, m->key);
    if (!o || row >= o->areas.size()) continue;
    const devolution::AreaOutcome& a = o->areas[row];
    // The Northern Ireland variant only where it has a figure, and the GB one likewise.
    if (std::isnan(a.value) && m->key.find("northern_ireland") != std::string::npos) continue;
    if (std::isnan(a.value) && m->key.find("great_britain") != std::string::npos &&
        areas.code(row).rfind("N", 0) == 0)
      continue;
    // Labels are long ("Aged 16 to 64 years employment rate (Great Britain), 10/2022 - 09/2023"):
    // the label wraps on its own line, the figure below it.
    ImGui::TextWrapped("%s", m->label.c_str());
    ImGui::Text("    %s", outcome_text(a.value, m->units).c_str());
    std::string how = a.how;
    if (authority && !std::isnan(a.value))
      if (const auto c = areas.attributes.find(o->field))
        if (const auto rank =
                devolution::rank_of(areas.attributes.columns[*c].values, map.map.is_authority, row))
          how += "; " + devolution::describe(*rank) + " strategic authorities";
    ImGui::Indent();
    muted_wrapped(how);
    ImGui::Unindent();
  }
  muted_wrapped("Source: " + map.map.outcomes_source +
                ". Higher is not always better (e.g. "
                "anxiety, obesity): ranks count from the highest value.");
}

// "£630m a year", "£1.07bn over 5 years", "£10m one-off", "figure not published".
std::string budget_amount(const BudgetRecord& b) {
  if (!b.amount_gbp) return "figure not published";
  const std::string amount = money(*b.amount_gbp);
  if (b.kind == BudgetKind::Annual) return amount + " a year";
  if (b.kind == BudgetKind::OneOff) return amount + " one-off";
  std::string why;
  const auto period = budget_period(b, why);
  if (!period) return amount;
  if (period->years() == 1) return amount + " in " + b.first_fy;
  return amount + " over " + std::to_string(period->years()) + " years";
}

// A budget line's fund as people read it ("Brownfield Housing Fund 2025-26"), not its id.
std::string fund_name(const devolution::DevolutionDataset& data, const std::string& id) {
  for (const BudgetRecord& b : data.budgets)
    if (b.id == id) return b.fund;
  return id;
}

// Why a line adds nothing to the year, in words: the ids the rollup names become fund names.
std::string not_counted_reason(const devolution::DevolutionDataset& data, std::string why) {
  for (const std::string lead : {"inside ", "replaced by "}) {
    if (why.rfind(lead, 0) != 0) continue;
    const std::size_t end = std::min(why.find(',', lead.size()), why.size());
    const std::string id = why.substr(lead.size(), end - lead.size());
    return lead + fund_name(data, id) + why.substr(end);
  }
  return why;
}

// Lines in the card's order: each line followed by the lines inside it (with their depth).
std::vector<std::pair<const BudgetRecord*, int>> budget_lines_in_order(
    const devolution::DevolutionDataset& data, const std::string& authority_id) {
  std::vector<const BudgetRecord*> lines;
  std::vector<std::pair<const BudgetRecord*, int>> ordered;
  for (const BudgetRecord& b : data.budgets)
    if (b.authority_id == authority_id) lines.push_back(&b);
  std::set<std::string> own;
  for (const BudgetRecord* b : lines) own.insert(b->id);
  std::function<void(const std::string&, int)> add = [&](const std::string& parent, int depth) {
    for (const BudgetRecord* b : lines) {
      const bool top = b->part_of.empty() || !own.count(b->part_of);
      if ((parent.empty() && top) || (!parent.empty() && b->part_of == parent)) {
        ordered.push_back({b, depth});
        if (depth < 8) add(b->id, depth + 1);
      }
    }
  };
  add("", 0);
  return ordered;
}

// Every budget line of the authority: amount, years, and what it adds to the map's year, or
// why it adds nothing (inside a counted line, not started, not countable, not published).
void budget_lines(const PanelContext& ctx, const devolution::DefaultMap& map, const std::string& id,
                  std::vector<std::string>& sources) {
  const std::string& fy = map.map.financial_year;
  heading(ctx, ("Budgets (counted in " + fy + ")").c_str());
  const AuthorityFunding* funding = nullptr;
  for (const AuthorityFunding& f : map.map.funding.authorities)
    if (f.authority_id == id) funding = &f;
  if (funding && funding->incomplete)
    muted_wrapped("Figures for " + fy + " are incomplete: a line for that year has no " +
                  "published figure, so the total is a lower bound.");
  const auto lines = budget_lines_in_order(*map.dataset, id);
  if (lines.empty()) muted_wrapped("No budget lines recorded in the dataset's sources.");
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (lines.empty() || !ImGui::BeginTable("##budgets", 4, flags)) return;
  ImGui::TableSetupColumn("Fund", ImGuiTableColumnFlags_WidthStretch, 0.40f);
  ImGui::TableSetupColumn("Amount", ImGuiTableColumnFlags_WidthStretch, 0.22f);
  ImGui::TableSetupColumn("Years", ImGuiTableColumnFlags_WidthStretch, 0.18f);
  ImGui::TableSetupColumn(fy.c_str(), ImGuiTableColumnFlags_WidthStretch, 0.20f);
  ImGui::TableHeadersRow();
  for (const auto& [b, depth] : lines) {
    const BudgetLineInYear* in_year = nullptr;
    if (funding)
      for (const BudgetLineInYear& l : funding->lines)
        if (l.budget_id == b->id) in_year = &l;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    const std::string fund =
        std::string(static_cast<std::size_t>(depth) * 2, ' ') + (depth > 0 ? "- " : "") + b->fund;
    ImGui::TextUnformatted(fund.c_str());
    // Why a line adds nothing goes under its name, where there is room for the words (the
    // year's column is too narrow: "incomplete" broke in two there).
    if (in_year && !in_year->counted)
      ImGui::TextColored(kMuted, "Not counted in %s: %s", fy.c_str(),
                         not_counted_reason(*map.dataset, in_year->why_not).c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemHovered()) {
      std::string tip = b->note;
      if (!b->part_of.empty())
        tip += (tip.empty() ? "" : "\n") + ("Inside " + fund_name(*map.dataset, b->part_of));
      if (!b->replaces.empty())
        tip += (tip.empty() ? "" : "\n") + ("Replaces " + fund_name(*map.dataset, b->replaces));
      if (b->check != "verified") tip += (tip.empty() ? "" : "\n") + ("Source check: " + b->check);
      if (!tip.empty()) ImGui::SetTooltip("%s", tip.c_str());
    }
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(budget_amount(*b).c_str());
    ImGui::TableNextColumn();
    std::string years = b->first_fy;
    if (b->last_fy != b->first_fy) years += " to " + b->last_fy + (b->end_published ? "" : "*");
    ImGui::TextUnformatted(years.c_str());
    ImGui::TableNextColumn();
    if (in_year && in_year->counted)
      ImGui::TextUnformatted(money(in_year->amount_gbp).c_str());
    else if (in_year)
      ImGui::TextColored(kMuted, "not counted");
    else
      ImGui::TextColored(kMuted, "not in %s", fy.c_str());
    ImGui::PopTextWrapPos();
    sources.push_back(b->source_url);
  }
  ImGui::EndTable();
  muted_wrapped("* last year with published figures; no end published.");
}

// The best status among a domain's powers: held, then partial, then proposed.
const PowerRecord* best_power(std::span<const PowerRecord* const> powers) {
  static const std::vector<std::string> order = {"held", "partial", "proposed"};
  auto rank = [&](const PowerRecord* p) {
    return std::find(order.begin(), order.end(), p->status) - order.begin();
  };
  return *std::min_element(powers.begin(), powers.end(),
                           [&](auto* a, auto* b) { return rank(a) < rank(b); });
}

// A domain's row in the powers table, and when opened one row per power with its note.
void domain_rows(std::span<const PowerRecord* const> powers, std::vector<std::string>& sources) {
  const PowerRecord* best = best_power(powers);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  const std::string label = domain_label(best->domain) +
                            (powers.size() > 1 ? " (" + std::to_string(powers.size()) + ")" : "");
  const bool open = ImGui::TreeNodeEx(best->domain.c_str(), ImGuiTreeNodeFlags_SpanFullWidth, "%s",
                                      label.c_str());
  ImGui::TableNextColumn();
  ImGui::TextColored(status_colour(best->status), "%s", best->status.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(best->year.c_str());
  for (const PowerRecord* p : powers) sources.push_back(p->source_url);
  if (!open) return;
  for (const PowerRecord* p : powers) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Indent();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kMuted, "%s", p->note.empty() ? "(no note)" : p->note.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Unindent();
    ImGui::TableNextColumn();
    ImGui::TextColored(status_colour(p->status), "%s", p->status.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(p->year.c_str());
  }
  ImGui::TreePop();
}

void authority_card(const PanelContext& ctx, const devolution::DefaultMap& map,
                    const devolution::Authority& a, const Layer& layer, std::size_t row,
                    const std::string& shown_field) {
  label_value("Tier:", field_text(layer, fld::kTier, row));
  if (!a.tier_note.empty()) muted_wrapped(a.tier_note);
  label_value("Mayor:", field_text(layer, fld::kMayor, row));
  if (!a.mayor_as_of.empty()) ImGui::TextColored(kMuted, "  as of %s", a.mayor_as_of.c_str());
  label_value("Status:", field_text(layer, fld::kStatus, row));
  if (!a.established.empty()) label_value("Established:", a.established);
  if (!a.legislation.empty()) label_value("Legislation:", a.legislation);
  if (!a.status_note.empty()) muted_wrapped(a.status_note);
  population_lines(map, layer, row);
  outcome_lines(ctx, map, row, shown_field);

  const devolution::DevolutionDataset& data = *map.dataset;
  std::vector<std::string> sources{a.source_url};

  heading(ctx, "Powers by domain");
  std::vector<const PowerRecord*> powers;
  std::vector<const PowerRecord*> recommended;
  for (const PowerRecord& p : data.powers)
    if (p.authority_id == a.id) (p.status == "recommended" ? recommended : powers).push_back(&p);
  const auto& order = power_domains();
  auto rank = [&](const std::string& d) { return std::find(order.begin(), order.end(), d); };
  std::stable_sort(powers.begin(), powers.end(), [&](const PowerRecord* x, const PowerRecord* y) {
    return rank(x->domain) < rank(y->domain);
  });
  if (powers.empty()) muted_wrapped("No powers recorded in the dataset's sources.");
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!powers.empty() && ImGui::BeginTable("##powers", 3, flags)) {
    // Room for the longest domain beside its tree arrow ("Housing and regeneration").
    ImGui::TableSetupColumn("Domain", ImGuiTableColumnFlags_WidthStretch, 0.60f);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch, 0.24f);
    ImGui::TableSetupColumn("Year", ImGuiTableColumnFlags_WidthStretch, 0.16f);
    ImGui::TableHeadersRow();
    // One row per domain, its best status; its powers open beneath it.
    for (std::size_t i = 0; i < powers.size();) {
      std::size_t end = i;
      while (end < powers.size() && powers[end]->domain == powers[i]->domain) ++end;
      domain_rows(std::span<const PowerRecord* const>(powers.data() + i, end - i), sources);
      i = end;
    }
    ImGui::EndTable();
    muted_wrapped("Domains not listed: not found in the sources (not the same as 'not held').");
  }
  if (!recommended.empty()) {
    heading(ctx, "Recommended for mayors (Labour Together, 2024)");
    for (const PowerRecord* r : recommended) {
      const auto meeting = domains_meeting(r->domain);
      const bool held = std::any_of(powers.begin(), powers.end(), [&](const PowerRecord* p) {
        return p->status == "held" &&
               std::find(meeting.begin(), meeting.end(), p->domain) != meeting.end();
      });
      ImGui::BulletText("%s: %s", domain_label(r->domain).c_str(),
                        held ? "held now" : "not yet held");
      if (!r->note.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r->note.c_str());
      sources.push_back(r->source_url);
    }
  }

  budget_lines(ctx, map, a.id, sources);
  sources_list(ctx, sources);
}

void nation_card(const PanelContext& ctx, const devolution::DefaultMap& map,
                 const devolution::Nation& n, const Layer& layer, std::size_t row,
                 const std::string& shown_field) {
  label_value("Tier:", devolution::kTierDevolved);
  label_value("Legislature:", n.legislature);
  label_value("Executive:", n.executive);
  population_lines(map, layer, row);
  outcome_lines(ctx, map, row, shown_field);
  const devolution::NationBudget* budget = map.dataset->nation_budget(n.id, map.map.financial_year);
  if (budget) {
    label_value(("Budget " + budget->financial_year + ":").c_str(), money(budget->amount_gbp));
    muted_wrapped(budget->measure +
                  ". The whole budget of a devolved government: not "
                  "comparable with English authorities' devolved funding.");
  } else {
    label_value(("Budget " + map.map.financial_year + ":").c_str(), kNoDataText);
  }
  heading(ctx, "Main devolved powers");
  std::string rest = n.main_powers;
  while (!rest.empty()) {
    const auto cut = rest.find("; ");
    ImGui::BulletText("%s", rest.substr(0, cut).c_str());
    rest = cut == std::string::npos ? "" : rest.substr(cut + 2);
  }
  if (!n.note.empty()) muted_wrapped(n.note);
  sources_list(ctx, {n.source_url, budget ? budget->source_url : std::string()});
}

}  // namespace

void draw_measure_picker(const PanelContext& ctx, const MapDocument& document, UiActions& actions) {
  const devolution::DefaultMap* map = document.devolution();
  const MapLayer* data = document.data_layer();
  if (!map || !data) return;
  section_title(ctx, "SHOW");
  const std::string current = data->spec.field.value_or("");
  std::string preview = current;
  for (const devolution::Measure& m : map->map.measures)
    if (m.field == current) preview = m.label;
  row_label(ctx, "Measure");
  if (ImGui::BeginCombo("##measure", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
    std::string group;
    for (const devolution::Measure& m : map->map.measures) {
      if (m.group != group) {
        group = m.group;
        if (&m != &map->map.measures.front()) ImGui::Separator();
        ImGui::TextColored(kMuted, "%s", group.c_str());
      }
      if (ImGui::Selectable(m.label.c_str(), m.field == current) && m.field != current)
        actions.restyle = devolution::style_for_measure(map->map, m.field);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", m.description.c_str());
    }
    ImGui::EndCombo();
  }
  for (const devolution::Measure& m : map->map.measures)
    if (m.field == current) muted_wrapped(m.description);

  // One year for the whole map: funding, per head and the card count money in it.
  row_label(ctx, "Year");
  const std::string& year = map->map.financial_year;
  if (ImGui::BeginCombo("##funding-year", year.c_str())) {
    for (const std::string& y : devolution::funding_years(*map->dataset))
      if (ImGui::Selectable(y.c_str(), y == year) && y != year) actions.funding_year = y;
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Financial year for funding and per-head figures (latest with published "
        "figures by default)");
  muted_wrapped("Devolution data as of " + map->map.data_as_of);
}

void draw_devolution_tooltip_lines(const MapDocument& document, std::size_t area) {
  const MapLayer* data = document.data_layer();
  if (!document.devolution() || !data || area >= data->layer->size()) return;
  const Layer& layer = *data->layer;
  ImGui::TextUnformatted(field_text(layer, fld::kTier, area).c_str());
  const std::string mayor = field_text(layer, fld::kMayor, area);
  if (!mayor.empty()) ImGui::TextColored(kMuted, "%s", mayor.c_str());
  // A number measure that sets this area apart says why ("No strategic authority", ...).
  if (data->spec.fixed_category_field) {
    const std::string apart = field_text(layer, data->spec.fixed_category_field->c_str(), area);
    if (!apart.empty()) ImGui::TextColored(kMuted, "%s", apart.c_str());
  }
  // A text measure other than the tier (e.g. transport powers) shows its value too.
  if (data->spec.field && *data->spec.field != fld::kTier) {
    const std::string value = field_text(layer, data->spec.field->c_str(), area);
    if (!value.empty()) ImGui::Text("%s: %s", data->spec.field->c_str(), value.c_str());
  }
}

// Places the card for a newly clicked area (beside it, or moving the map), applies a snap after
// the user dropped it, and notes where the user left it.
void place_region_card(const PanelContext& ctx, const MapViewport& viewport, const Rect& area_rect,
                       const std::vector<Rect>& keep_clear, std::size_t area, CardState& card,
                       UiActions& actions) {
  const float margin = kCardMargin * ctx.scale;
  const Rect map{viewport.x, viewport.y, viewport.width, viewport.height};
  const float w = kCardWidth * ctx.scale;
  const float h = viewport.height * 0.85f;
  if (card.area != area) {
    card.area = area;
    const Rect where{card.x, card.y, w, card.h};
    if (!card.user_placed || overlap_area(where, area_rect) > 0) {
      const CardSpot spot = place_card(map, w, h, std::min(h, 320.0f * ctx.scale), area_rect,
                                       keep_clear, margin, 50.0f * ctx.scale);
      card.x = spot.x;
      card.y = spot.y;
      card.max_h = spot.max_h;
      card.user_placed = false;
      if (spot.pan_x != 0 || spot.pan_y != 0) actions.pan_map = {spot.pan_x, spot.pan_y};
    }
    card.place_next = true;
    ImGui::SetNextWindowScroll(ImVec2(0, 0));
  }
  if (card.place_next) ImGui::SetNextWindowPos(ImVec2(card.x, card.y), ImGuiCond_Always);
  card.place_next = false;
}

// After the card's Begin: its size for the next placement, and a drop by the user, snapped.
void note_card_moves(const PanelContext& ctx, const MapViewport& viewport, CardState& card) {
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  card.w = size.x;
  card.h = size.y;
  const bool moved = std::fabs(pos.x - card.x) > 0.5f || std::fabs(pos.y - card.y) > 0.5f;
  if (!moved || ImGui::IsMouseDown(ImGuiMouseButton_Left)) return;
  const Rect map{viewport.x, viewport.y, viewport.width, viewport.height};
  const CardSpot snapped = snap_card(map, Rect{pos.x, pos.y, size.x, size.y},
                                     kCardMargin * ctx.scale, 40.0f * ctx.scale);
  card.x = snapped.x;
  card.y = snapped.y;
  card.user_placed = true;
  card.place_next = true;
}

void draw_region_card(const PanelContext& ctx, const MapDocument& document,
                      const MapViewport& viewport, const Rect& area_rect,
                      const std::vector<Rect>& keep_clear, CardState& card, UiActions& actions) {
  const devolution::DefaultMap* map = document.devolution();
  const MapLayer* data = document.data_layer();
  const auto area = document.selected();
  if (!map || !data || !area || *area >= data->layer->size()) {
    card.area.reset();
    return;
  }
  const Layer& layer = *data->layer;
  place_region_card(ctx, viewport, area_rect, keep_clear, *area, card, actions);
  // Where the user put it, it may reach down to the map's bottom edge.
  const float below = viewport.y + viewport.height - kCardMargin * ctx.scale - card.y;
  const float max_h = card.user_placed ? std::max(below, 200.0f * ctx.scale)
                      : card.max_h > 0 ? card.max_h
                                       : viewport.height * 0.85f;
  ImGui::SetNextWindowSize(ImVec2(kCardWidth * ctx.scale, 0));
  ImGui::SetNextWindowSizeConstraints(ImVec2(kCardWidth * ctx.scale, 0),
                                      ImVec2(kCardWidth * ctx.scale, max_h));
  bool open = true;
  ImGui::Begin("Region###region-card", &open,
               ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  note_card_moves(ctx, viewport, card);
  ImGui::SetWindowFontScale(ctx.font_scale);
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextWrapped("%s", layer.name(*area).c_str());
  ImGui::PopFont();
  const std::string code = layer.code(*area);
  ImGui::TextColored(kMuted, "%s%s%s", field_text(layer, fld::kKind, *area).c_str(),
                     code.empty() ? "" : " - ", code.c_str());

  const std::string id = field_text(layer, fld::kAuthorityId, *area);
  const auto& dataset = *map->dataset;
  const auto authority = std::find_if(dataset.authorities.begin(), dataset.authorities.end(),
                                      [&](const devolution::Authority& a) { return a.id == id; });
  const auto nation = std::find_if(dataset.nations.begin(), dataset.nations.end(),
                                   [&](const devolution::Nation& n) { return n.id == id; });
  const std::string shown = data->spec.field.value_or("");
  if (authority != dataset.authorities.end()) {
    authority_card(ctx, *map, *authority, layer, *area, shown);
  } else if (nation != dataset.nations.end()) {
    nation_card(ctx, *map, *nation, layer, *area, shown);
  } else {
    label_value("Tier:", devolution::kTierNone);
    population_lines(*map, layer, *area);
    outcome_lines(ctx, *map, *area, shown);
    muted_wrapped(
        "This district is not part of any strategic authority in the dataset, so no devolution "
        "deal powers or funds are recorded for it.");
  }
  ImGui::End();
  if (!open) actions.clear_selection = true;
}

}  // namespace devomap::ui
