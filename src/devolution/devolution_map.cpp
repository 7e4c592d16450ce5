#include "devolution/devolution_map.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <future>
#include <limits>
#include <regex>
#include <set>
#include <unordered_map>

#include "core/crosswalk.hpp"
#include "core/error.hpp"
#include "core/labels.hpp"
#include "core/rollup.hpp"
#include "data/table_source.hpp"
#include "gdal/layer_source.hpp"
#include "gdal/polygon_repair.hpp"

namespace devomap::devolution {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
namespace f = devolution_field;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The largest four-digit year written in a column name ("Estimated Population mid-2022" ->
// 2022), or 0.
int year_in(const std::string& name) {
  static const std::regex year(R"((19|20)\d\d)");
  int best = 0;
  for (auto it = std::sregex_iterator(name.begin(), name.end(), year); it != std::sregex_iterator();
       ++it)
    best = std::max(best, std::stoi(it->str()));
  return best;
}

// "LAD24CD" -> 2024; 0 when the field name carries no two-digit year.
int vintage_of_code_field(const std::string& field) {
  static const std::regex pattern(R"([A-Za-z]+(\d\d)CD)", std::regex::icase);
  std::smatch m;
  if (std::regex_match(field, m, pattern)) return 2000 + std::stoi(m[1].str());
  return 0;
}

std::string tier_label(const Authority& a) {
  if (a.status == "proposed") return kTierProposed;
  if (a.tier == "established_mayoral") return kTierEstablishedMayoral;
  if (a.tier == "combined_foundation") return kTierFoundation;
  if (a.tier == "single_foundation") return kTierSingleFoundation;
  const bool first_mayor_to_come = a.election_state == "due" || a.election_state == "postponed";
  if (a.status == "established_pre_mayoral" || first_mayor_to_come) return kTierMayoralPending;
  return kTierMayoral;
}

std::string kind_label(const std::string& type) {
  if (type == "strategic_authority_gla") return "Greater London Authority";
  if (type == "mayoral_combined_authority") return "Combined authority";
  if (type == "combined_county_authority") return "Combined county authority";
  if (type == "non_mayoral_combined_authority") return "Combined authority";
  if (type == "single_foundation_council") return "Council (single foundation strategic authority)";
  return type;
}

std::string status_label(const std::string& status) {
  if (status == "established") return "Established";
  if (status == "established_pre_mayoral") return "Established; first mayoral election pending";
  if (status == "established_unconfirmed") return "Established (secondary sources only)";
  if (status == "proposed") return "Proposed";
  return status;
}

// "Andy Burnham (Labour)"; "No mayor yet (first election 2027-05)"; for an authority that has
// had mayors but whose current one the sources do not confirm, says so rather than "no mayor".
std::string mayor_text(const Authority& a) {
  if (!a.mayor.empty()) return a.mayor + (a.mayor_party.empty() ? "" : " (" + a.mayor_party + ")");
  if (a.election_state == "held") return "Mayor not confirmed in the dataset's sources";
  if (a.election_state == "none") return "No mayor (not a mayoral authority)";
  std::string text = "No mayor yet";
  if (!a.first_mayoral_election.empty())
    text += " (first election " + a.first_mayoral_election +
            (a.election_state == "postponed" ? ", postponed)" : ")");
  return text;
}

// The place an authority covers, for map labels: "Greater Manchester Combined Authority" ->
// "Greater Manchester", "Greater London Authority" -> "London".
std::string place_label(const std::string& name) {
  if (name == "Greater London Authority") return "London";
  for (const char* suffix :
       {" Mayoral Combined Authority", " Combined County Authority", " Combined Authority"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0)
      return name.substr(0, name.size() - s.size());
  }
  return name;
}

std::string power_status_label(const std::string& status) {
  if (status == "held") return "Held";
  if (status == "partial") return "Partial";
  if (status == "proposed") return "Proposed";
  return "Not found in sources";
}

// Columns of the areas layer being built, one row appended per area.
struct AreaTable {
  struct TextField {
    std::string name;
    std::vector<std::string> values;
  };
  struct NumberField {
    std::string name;
    std::vector<double> values;
  };
  std::vector<TextField> text{{kMapLabelField, {}},  {f::kCode, {}},   {f::kName, {}},
                              {f::kAuthorityId, {}}, {f::kKind, {}},   {f::kTier, {}},
                              {f::kMayor, {}},       {f::kStatus, {}}, {f::kTransport, {}}};

  AreaTable(const std::vector<std::string>& more_text) {
    for (const std::string& name : more_text) text.push_back({name, {}});
  }
  std::vector<NumberField> numbers;

  void set_text(std::size_t row, const std::string& name, std::string value) {
    for (auto& field : text)
      if (field.name == name) {
        field.values.resize(row + 1);
        field.values[row] = std::move(value);
        return;
      }
  }
  void set_number(std::size_t row, const std::string& name, double value) {
    auto it = std::find_if(numbers.begin(), numbers.end(),
                           [&](const NumberField& n) { return n.name == name; });
    if (it == numbers.end()) {
      numbers.push_back({name, {}});
      it = numbers.end() - 1;
    }
    it->values.resize(row + 1, kNaN);
    it->values[row] = value;
  }

  Table finish(std::size_t rows) {
    Table table;
    table.row_count = rows;
    for (auto& field : text) {
      field.values.resize(rows);
      Column c;
      c.name = field.name;
      c.kind = ColumnKind::Text;
      c.source_type = "String";
      c.derived = true;
      c.text = std::move(field.values);
      table.columns.push_back(std::move(c));
    }
    for (auto& field : numbers) {
      field.values.resize(rows, kNaN);
      table.add_number_column(field.name, std::move(field.values), true);
    }
    return table;
  }
};

std::string funding_field(const std::string& fy) {
  return "Devolved funding " + fy + " (£)";
}
std::string per_head_field(const std::string& fy) {
  return "Devolved funding per head " + fy + " (£)";
}
std::string population_field(const std::string& label) {
  return "Population " + (label.empty() ? std::string("(year unknown)") : label);
}
// The text field that sets areas apart on the funding maps of a year.
std::string funding_note_field(const std::string& fy) {
  return "Funding note " + fy;
}
const char* const kRecommendationNoteField = "Recommendations note";

std::string incomplete_category(const std::string& fy) {
  return "Figures incomplete for " + fy;
}

// Fields on the areas for the funding of one year: the English authorities' devolved funding,
// the devolved governments' whole budgets set apart as not comparable, and areas outside any
// strategic authority set apart as what they are (never "no data").
struct FundingFields {
  std::string fy;
  const FundingSummary* funding = nullptr;
  const DevolutionDataset* dataset = nullptr;

  void authority(AreaTable& table, std::size_t row, const Authority& a, double people) const {
    const AuthorityFunding* found = nullptr;
    for (const AuthorityFunding& f : funding->authorities)
      if (f.authority_id == a.id) found = &f;
    const bool counted = found && (!found->budget_ids.empty() || found->incomplete);
    std::string category = found && found->incomplete ? incomplete_category(fy) : "";
    // A proposed authority does not exist yet: no devolved funding is a known state, not an
    // unknown figure. Any other authority with no line in the year has no data.
    if (!counted && a.status == "proposed") category = kProposedCategory;
    set(table, row, counted ? found->amount_gbp : kNaN, people, category);
  }
  void nation(AreaTable& table, std::size_t row, const std::string& id, double people) const {
    const NationBudget* b = dataset->nation_budget(id, fy);
    set(table, row, b ? b->amount_gbp : kNaN, people,
        b ? kNationBudgetCategory : kNationBudgetUnknownCategory);
  }
  void outside(AreaTable& table, std::size_t row) const { set(table, row, kNaN, kNaN, kTierNone); }

 private:
  void set(AreaTable& table, std::size_t row, double gbp, double people,
           const std::string& category) const {
    table.set_number(row, funding_field(fy), gbp);
    table.set_number(row, per_head_field(fy), people > 0 ? gbp / people : kNaN);
    table.set_text(row, funding_note_field(fy), category);
  }
};

}  // namespace

Population load_population(const std::string& path, const std::optional<std::string>& sheet) {
  data::TableLoadOptions options;
  options.sheet = sheet;
  const data::LoadedTable loaded = load_table(path, options);
  const Table& table = loaded.source.table;

  std::optional<std::size_t> code_column;
  for (std::size_t i = 0; i < table.columns.size() && !code_column; ++i) {
    const Column& c = table.columns[i];
    std::size_t filled = 0, codes = 0;
    for (const std::string& t : c.text) {
      if (t.empty()) continue;
      ++filled;
      codes += looks_like_gss_code(t);
    }
    if (filled > 0 && codes * 2 >= filled) code_column = i;
  }
  if (!code_column)
    throw UserError(loaded.source.origin +
                    ": no column holds GSS codes (E06000001, ...); a population table needs one "
                    "to be matched to districts");

  std::optional<std::size_t> population_column;
  int best_year = -1;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const Column& c = table.columns[i];
    const std::string name = lower(c.name);
    if (!c.is_number() || name.find("population") == std::string::npos) continue;
    if (name.find("per ") != std::string::npos || name.find("density") != std::string::npos ||
        name.find("change") != std::string::npos)
      continue;
    const int year = year_in(c.name);
    if (year > best_year) {
      best_year = year;
      population_column = i;
    }
  }
  // The ONS MYE2 sheets ("Persons by single year of age ... mid-2024"): the total is the
  // column "All ages" and the year is in the sheet's title.
  if (!population_column) {
    for (std::size_t i = 0; i < table.columns.size() && !population_column; ++i)
      if (table.columns[i].is_number() && lower(table.columns[i].name) == "all ages")
        population_column = i;
    for (const std::string& line : loaded.info.title_lines) {
      static const std::regex mid(R"(mid-((19|20)\d\d))", std::regex::icase);
      std::smatch m;
      if (std::regex_search(line, m, mid)) best_year = std::max(best_year, std::stoi(m[1].str()));
    }
  }
  if (!population_column)
    throw UserError(loaded.source.origin +
                    ": no numeric column is named like a population (e.g. 'Estimated Population "
                    "mid-2022', or 'All ages' under a title naming the year); per-head figures "
                    "cannot be computed from it");

  Population population;
  population.column = table.columns[*population_column].name;
  population.label = best_year > 0 ? "mid-" + std::to_string(best_year) : "";
  population.source = loaded.source.origin;
  const Column& codes = table.columns[*code_column];
  const Column& people = table.columns[*population_column];
  for (std::size_t r = 0; r < table.row_count; ++r)
    if (looks_like_gss_code(codes.text[r]) && !std::isnan(people.values[r]))
      population.by_code.emplace(codes.text[r], people.values[r]);
  return population;
}

namespace {

// Which authority each district of the layer belongs to, through the dataset's memberships of
// the layer's vintage (other vintages' codes translated through the crosswalk); what cannot be
// placed goes to `notes`.
struct DistrictOwners {
  std::map<std::string, std::vector<std::size_t>> members;  // authority -> district indices
  std::vector<std::string> owner;                           // district index -> authority or ""
};

DistrictOwners assign_districts(const Layer& districts, const DevolutionDataset& dataset,
                                std::vector<std::string>& notes) {
  std::unordered_map<std::string, std::size_t> district_index;
  for (std::size_t i = 0; i < districts.size(); ++i) district_index.emplace(districts.code(i), i);
  const auto on_map = [&](const std::string& code) { return district_index.count(code) > 0; };
  const CodeCrosswalk crosswalk = dataset.crosswalk();
  const int layer_vintage =
      vintage_of_code_field(districts.attributes.columns[*districts.code_column].name);
  // 2024 lists every authority; 2025 only the districts whose codes changed.
  const int vintage = layer_vintage == 2025 ? 2025 : 2024;
  std::vector<Membership> memberships = dataset.district_memberships(vintage);
  if (vintage == 2025) {
    std::set<std::string> listed;
    for (const Membership& m : memberships) listed.insert(m.group);
    for (const Membership& m : dataset.district_memberships(2024))
      if (!listed.count(m.group)) memberships.push_back(m);
  }

  DistrictOwners out;
  out.owner.resize(districts.size());
  std::set<std::string> missing_reported;
  for (const Membership& m : memberships) {
    std::string code = m.member;
    if (!on_map(code)) {
      const auto t = crosswalk.translate(code, on_map);
      if (!t) {
        if (missing_reported.insert(code).second)
          notes.push_back("district " + code + " of " + m.group +
                          " is not on the district layer; that authority is drawn without it");
        continue;
      }
      code = t->to;
    }
    const std::size_t index = district_index.at(code);
    std::string& owner = out.owner[index];
    if (!owner.empty() && owner != m.group) {
      notes.push_back("district " + code + " is listed under both " + owner + " and " + m.group +
                      "; drawn with " + owner);
      continue;
    }
    if (owner.empty()) {
      owner = m.group;
      out.members[m.group].push_back(index);
    }
  }
  return out;
}

// The fields of an area that is a strategic authority, one that is an English district outside
// any, and one that is a devolved nation.
void authority_fields(AreaTable& table, std::size_t row, const Authority& a,
                      const AuthorityPowers* p) {
  table.set_text(row, f::kCode, a.gss_code);
  table.set_text(row, f::kName, a.name);
  table.set_text(row, kMapLabelField, place_label(a.name));
  table.set_text(row, f::kAuthorityId, a.id);
  table.set_text(row, f::kKind, kind_label(a.type));
  table.set_text(row, f::kTier, tier_label(a));
  table.set_text(row, f::kMayor, mayor_text(a));
  table.set_text(row, f::kStatus, status_label(a.status));
  table.set_number(row, f::kPowersHeld, p ? p->powers_held : 0);
  table.set_number(row, f::kDomainsHeld, p ? p->domains_held : 0);
  std::string transport;
  if (p && p->status_by_domain.count("transport")) transport = p->status_by_domain.at("transport");
  table.set_text(row, f::kTransport, power_status_label(transport));
  if (p && !p->recommended_domains.empty())
    table.set_number(row, f::kRecommendedNotHeld, p->recommended_not_held);
  else
    table.set_text(row, kRecommendationNoteField, kNotAddressedCategory);
}

void uncovered_district_fields(AreaTable& table, std::size_t row, const std::string& code,
                               const std::string& name) {
  table.set_text(row, f::kCode, code);
  table.set_text(row, f::kName, name);
  table.set_text(row, kMapLabelField, name);
  table.set_text(row, f::kKind, "Local authority district");
  table.set_text(row, f::kTier, kTierNone);
  table.set_text(row, f::kMayor, "No strategic authority");
  table.set_text(row, f::kStatus, "Not in a strategic authority");
  table.set_text(row, f::kTransport, kTierNone);
  table.set_number(row, f::kPowersHeld, 0);
  table.set_number(row, f::kDomainsHeld, 0);
  table.set_text(row, kRecommendationNoteField, kTierNone);
}

void nation_fields(AreaTable& table, std::size_t row, const Nation& n) {
  table.set_text(row, f::kCode, n.gss_code);
  table.set_text(row, f::kName, n.name);
  table.set_text(row, kMapLabelField, n.name);
  table.set_text(row, f::kAuthorityId, n.id);
  table.set_text(row, f::kKind, "Nation");
  table.set_text(row, f::kTier, kTierDevolved);
  table.set_text(row, f::kMayor, n.executive);
  table.set_text(row, f::kStatus, n.legislature);
  table.set_text(row, f::kTransport, kTierDevolved);
  table.set_text(row, kRecommendationNoteField, kTierDevolved);
}

Measure measure(std::string key, std::string field, std::string label, std::string units,
                std::string description, std::string fixed_category_field, bool whole_numbers) {
  Measure m;
  m.key = std::move(key);
  m.field = std::move(field);
  m.label = std::move(label);
  m.units = std::move(units);
  m.description = std::move(description);
  m.fixed_category_field = std::move(fixed_category_field);
  m.whole_numbers = whole_numbers;
  return m;
}

std::vector<Measure> measures_of(const DevolutionMap& map, const Population* population) {
  const std::string& fy = map.financial_year;
  std::vector<Measure> out;
  out.push_back(measure("tier", f::kTier, "Devolution tier", "",
                        "Category of each strategic authority under the English Devolution and "
                        "Community Empowerment Act 2026; the nations' devolved governments; areas "
                        "outside any strategic authority.",
                        "", false));
  out.push_back(measure("powers", f::kPowersHeld, "Devolved powers held", "powers",
                        "Rows of the dataset's powers table with status 'held'; areas outside a "
                        "strategic authority count 0; the nations are not counted.",
                        "", true));
  out.push_back(
      measure("domains", f::kDomainsHeld, "Policy domains with powers held", "domains",
              "Policy domains (transport, adult skills, housing, ...) in which the authority "
              "holds at least one power.",
              "", true));
  out.push_back(measure("transport", f::kTransport, "Transport powers", "",
                        "Best status of the authority's transport powers in the dataset.", "",
                        false));
  out.push_back(measure("recommended", f::kRecommendedNotHeld, "Recommended powers not yet held",
                        "domains",
                        "Policy domains the Labour Together report (October 2024) recommends for "
                        "mayors in which the authority holds no power yet.",
                        kRecommendationNoteField, true));
  const std::string counting =
      "Devolved funding counted for " + fy +
      " (a fund and the funds inside it are never both counted; lines not started or with no "
      "published figure are not counted and mark the year incomplete). The devolved "
      "governments show their whole budget, which is not comparable with it";
  if (population)
    out.push_back(measure("per_head", per_head_field(fy), "Devolved funding per head, " + fy,
                          "£ per head of the " + population->label + " population",
                          counting + "; divided by the " + population->label +
                              " population (ONS mid-year estimates, " + population->source + ").",
                          funding_note_field(fy), false));
  out.push_back(measure("funding", funding_field(fy), "Devolved funding, " + fy, "£",
                        counting + ".", funding_note_field(fy), false));
  if (population)
    out.push_back(measure("population", population_field(population->label),
                          "Population, " + population->label, "people",
                          "Sum of the districts' populations (ONS " + population->label +
                              " estimates, " + population->source + ").",
                          "", false));
  out.push_back(
      measure("area", "area_km2", "Area", "km²", "Sum of the districts' areas.", "", false));
  for (Measure& m : out) {
    m.group = "Powers and money";
    if (m.key == "funding" || m.key == "per_head") m.period = fy;
    m.source =
        "devomap devolution dataset (each row sourced to its publisher), as of " + map.data_as_of;
    if (m.key == "population") {
      m.group = "Places";
      m.period = population->label;
      m.source = "ONS mid-year population estimates (" + population->source + ")";
    }
    if (m.key == "area") {
      m.group = "Places";
      m.source = "ONS boundaries (area of the districts drawn)";
    }
  }
  return out;
}

// Each outcome indicator as a measure of the areas: the published figure on districts, the
// rolled-up one (outcomes.hpp) on authorities and nations, and how each area's was found.
void add_outcomes(DevolutionMap& map, Layer& areas, const Layer& districts,
                  const CodeCrosswalk& crosswalk, const Outcomes& outcomes,
                  const Population* population) {
  std::unordered_map<std::string, double> people;
  if (population) people.insert(population->by_code.begin(), population->by_code.end());
  const auto* weights = population ? &people : nullptr;
  const std::string weighted_by =
      population ? "the ONS " + population->label + " population" : "population (none loaded)";
  for (const OutcomeIndicator& ind : outcomes.indicators) {
    const std::string field = outcome_label(ind);
    if (areas.attributes.find(field)) continue;  // a field of the map already has the name
    const auto on_districts = outcome_on_districts(ind, districts, crosswalk, weights);
    auto on_areas = outcome_on_areas(ind, districts, on_districts, map.area_districts, weights);
    std::vector<double> values;
    for (const AreaOutcome& a : on_areas) values.push_back(a.value);
    areas.attributes.add_number_column(field, std::move(values), true);

    Measure m;
    m.key = ind.key;
    for (const Measure& other : map.measures)
      if (other.key == m.key) m.key = "outcome_" + ind.key;
    m.field = field;
    m.label = field;
    m.units = outcome_units(ind);
    m.whole_numbers = ind.count;
    m.group = "Outcomes: " + (ind.category.empty() ? std::string("other") : ind.category);
    m.period = ind.period;
    m.source = outcomes.source;
    const std::string rule = rollup_rule(ind);
    m.description = "As ONS publishes it for districts and unitary authorities (" +
                    outcomes.source + "; " + ind.measure + ", " + ind.period +
                    "). Strategic authorities and nations have no published figure: theirs is "
                    "the " +
                    rule + ", weighted by " + weighted_by +
                    ", shown only where districts with a figure hold at least 90% of the "
                    "population.";
    m.legend_note = "Authorities and nations: " + rule + " (" + weighted_by +
                    "; at least 90% of the population covered), not a published figure. "
                    "Source: " +
                    outcomes.source + ".";
    map.measures.push_back(m);
    map.outcomes.push_back({m.key, field, std::move(on_areas)});
  }
  map.outcomes_source = outcomes.source;
}

StyleSpec tier_style() {
  StyleSpec tier;
  tier.field = f::kTier;
  tier.method = ClassMethod::Categorical;
  tier.legend_title = "Devolution tier";
  tier.category_order = {
      kTierEstablishedMayoral, kTierMayoral,  kTierMayoralPending, kTierFoundation,
      kTierSingleFoundation,   kTierProposed, kTierNone,           kTierDevolved};
  // Blues for the mayoral tiers (darker = more powers), greens for Foundation, orange for
  // proposed, warm grey for none (distinct from the no-data grey), purple for the nations:
  // ColorBrewer colours that stay apart under the common colour-vision deficiencies.
  tier.category_colors = {{kTierEstablishedMayoral, {8, 81, 156, 255}},
                          {kTierMayoral, {49, 130, 189, 255}},
                          {kTierMayoralPending, {158, 202, 225, 255}},
                          {kTierFoundation, {49, 163, 84, 255}},
                          {kTierSingleFoundation, {161, 217, 155, 255}},
                          {kTierProposed, {253, 174, 107, 255}},
                          {kTierNone, {214, 206, 194, 255}},
                          {kTierDevolved, {117, 107, 177, 255}}};
  return tier;
}

}  // namespace

std::string funding_year_for(const DevolutionDataset& dataset, const std::string& requested) {
  if (!requested.empty()) {
    const auto start = financial_year_start(requested);
    if (!start) throw UserError("financial year '" + requested + "' is not a year like 2026-27");
    return financial_year_name(*start);
  }
  std::string checked;
  for (const BudgetRecord& b : dataset.budgets) checked = std::max(checked, b.as_of);
  if (const auto latest = latest_funding_year(dataset.budgets, checked)) return *latest;
  return "2025-26";
}

StyleSpec style_for_year(StyleSpec style, const std::string& from_year,
                         const std::string& to_year) {
  auto swap = [&](std::string text) {
    for (auto at = text.find(from_year); at != std::string::npos;
         at = text.find(from_year, at + to_year.size()))
      text.replace(at, from_year.size(), to_year);
    return text;
  };
  if (from_year.empty() || from_year == to_year) return style;
  if (style.field) style.field = swap(*style.field);
  if (style.fixed_category_field) style.fixed_category_field = swap(*style.fixed_category_field);
  style.legend_title = swap(style.legend_title);
  for (std::string& c : style.category_order) c = swap(c);
  std::map<std::string, Rgba> colours;
  for (const auto& [label, colour] : style.category_colors) colours[swap(label)] = colour;
  style.category_colors = std::move(colours);
  style.locked.reset();  // another year's values make other classes
  return style;
}

std::vector<std::string> funding_years(const DevolutionDataset& dataset) {
  const auto latest = financial_year_start(funding_year_for(dataset, ""));
  std::optional<int> first;
  for (const BudgetRecord& b : dataset.budgets)
    if (const auto y = financial_year_start(b.first_fy); y && b.countable && b.amount_gbp)
      first = first ? std::min(*first, *y) : *y;
  std::vector<std::string> out;
  if (!latest) return out;
  for (int y = *latest; y >= first.value_or(*latest); --y) out.push_back(financial_year_name(y));
  return out;
}

// Authorities and nations are what the map is about: labels name them before the districts
// between them, the most populous first (Greater Manchester before Cambridgeshire and
// Peterborough). Without population figures every key area weighs the same.
std::vector<double> key_area_weights(const Layer& layer, const std::vector<bool>& is_authority,
                                     const std::vector<std::size_t>& nation_rows,
                                     const std::string& pop_field) {
  const Column* people = nullptr;
  if (const auto found = pop_field.empty() ? std::nullopt : layer.attributes.find(pop_field))
    people = &layer.attributes.columns[*found];
  const auto weight = [&](std::size_t i) {
    const double residents = people ? people->values[i] : kNaN;
    return 1 + (std::isnan(residents) ? 0 : residents);
  };
  std::vector<double> weights(layer.size(), 0.0);
  for (std::size_t i = 0; i < weights.size() && i < is_authority.size(); ++i)
    if (is_authority[i]) weights[i] = weight(i);
  for (std::size_t i : nation_rows) weights[i] = weight(i);
  return weights;
}

DevolutionMap build_devolution_map(const Layer& districts, const DevolutionDataset& dataset,
                                   const DevolutionMapOptions& options,
                                   const std::atomic<bool>* cancel) {
  if (!districts.code_column)
    throw UserError("layer '" + districts.layer_name + "' of " + districts.source_path +
                    " has no GSS code field (LAD24CD, ...), so its districts cannot be matched "
                    "to the devolution dataset; load an ONS local authority district file");
  auto cancelled = [&] { return cancel && cancel->load(); };

  DevolutionMap map;
  // Districts of each authority, on this layer's codes.
  const DistrictOwners owners = assign_districts(districts, dataset, map.notes);
  const auto& members = owners.members;
  const auto& owner = owners.owner;

  const std::string fy = funding_year_for(dataset, options.financial_year);
  const auto powers = summarise_powers(dataset.powers, dataset.authority_ids());
  std::map<std::string, const AuthorityPowers*> powers_by_id;
  for (const auto& p : powers) powers_by_id[p.authority_id] = &p;
  map.funding = funding_in_year(dataset.budgets, fy);
  map.financial_year = fy;
  const FundingFields money{fy, &map.funding, &dataset};

  const Population* population = options.population;
  const std::string pop_field = population ? population_field(population->label) : "";
  auto people = [&](const std::string& code) {
    if (!population) return kNaN;
    const auto it = population->by_code.find(code);
    if (it != population->by_code.end()) return it->second;
    return kNaN;
  };
  auto people_of = [&](const std::vector<std::size_t>& indices) {
    double sum = 0;
    for (std::size_t i : indices) sum += people(districts.code(i));
    return sum;  // NaN when any district is missing: a partial total would read as real
  };
  const auto area_column = districts.attributes.find("area_km2");
  auto area_of = [&](const std::vector<std::size_t>& indices) {
    if (!area_column) return kNaN;
    double sum = 0;
    for (std::size_t i : indices) sum += districts.attributes.columns[*area_column].values[i];
    return sum;
  };

  auto layer = std::make_shared<Layer>();
  layer->source_path = districts.source_path;
  layer->layer_name = "Devolution areas";
  layer->source_crs = districts.source_crs;
  layer->display_crs = districts.display_crs;
  AreaTable table({funding_note_field(fy), kRecommendationNoteField});
  gdal::GeosRepairer geos;
  std::vector<std::string> drawn_authorities;
  std::vector<std::size_t> nation_rows;
  std::size_t row = 0;

  auto add_area = [&](MultiPolygon shape, const std::vector<std::size_t>& indices) {
    map.area_districts.push_back(indices);
    layer->shapes.push_back(std::move(shape));
    layer->shape_bounds.push_back(bounds_of(layer->shapes.back()));
    layer->bounds.expand(layer->shape_bounds.back());
    table.set_number(row, f::kDistricts, static_cast<double>(indices.size()));
    table.set_number(row, "area_km2", area_of(indices));
    if (population) table.set_number(row, pop_field, people_of(indices));
  };
  auto dissolve = [&](const std::vector<std::size_t>& indices) {
    std::vector<const MultiPolygon*> shapes;
    for (std::size_t i : indices) shapes.push_back(&districts.shapes[i]);
    return geos.union_of(shapes);
  };

  // Strategic authorities, in the dataset's order.
  for (const Authority& a : dataset.authorities) {
    if (cancelled()) throw gdal::LoadCancelled("the devolution map");
    const auto it = members.find(a.id);
    if (it == members.end()) {
      map.notes.push_back(a.name + " has no districts on this layer; not drawn");
      continue;
    }
    MultiPolygon shape = dissolve(it->second);
    if (shape.empty()) {
      map.notes.push_back(a.name + ": the union of its districts has no area; not drawn");
      continue;
    }
    add_area(std::move(shape), it->second);
    const auto p = powers_by_id.find(a.id);
    authority_fields(table, row, a, p == powers_by_id.end() ? nullptr : p->second);
    money.authority(table, row, a, population ? people_of(it->second) : kNaN);
    drawn_authorities.push_back(a.id);
    map.is_authority.resize(row + 1, false);
    map.is_authority[row] = true;
    ++row;
  }

  // English districts outside every strategic authority, as themselves.
  for (std::size_t i = 0; i < districts.size(); ++i) {
    const std::string code = districts.code(i);
    if (!owner[i].empty() || code.empty() || code[0] != 'E') continue;
    add_area(districts.shapes[i], {i});
    uncovered_district_fields(table, row, code, districts.name(i));
    money.outside(table, row);
    ++row;
  }

  // Scotland, Wales and Northern Ireland, dissolved from their districts so the nations line up
  // exactly with the English areas beside them.
  for (const Nation& n : dataset.nations) {
    if (cancelled()) throw gdal::LoadCancelled("the devolution map");
    if (n.gss_code.empty() || n.gss_code[0] == 'E') continue;
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < districts.size(); ++i) {
      const std::string code = districts.code(i);
      if (!code.empty() && code[0] == n.gss_code[0]) indices.push_back(i);
    }
    if (indices.empty()) {
      map.notes.push_back(n.name + " has no districts on this layer; not drawn");
      continue;
    }
    add_area(dissolve(indices), indices);
    nation_fields(table, row, n);
    nation_rows.push_back(row);
    // The nation's own population row beats the sum of its districts when the table has it.
    double nation_people = population ? people_of(indices) : kNaN;
    if (population && !std::isnan(people(n.gss_code))) nation_people = people(n.gss_code);
    if (population) table.set_number(row, pop_field, nation_people);
    money.nation(table, row, n.id, nation_people);
    ++row;
  }

  layer->attributes = table.finish(row);
  layer->code_column = layer->attributes.find(f::kCode);
  layer->name_column = layer->attributes.find(f::kName);
  layer->report.features_read = row;
  layer->report.warnings = map.notes;
  map.areas = layer;

  map.population_label = population ? population->label : "";
  map.data_as_of = dataset.data_as_of(drawn_authorities);
  map.is_authority.resize(row, false);
  layer->label_weights = key_area_weights(*layer, map.is_authority, nation_rows, pop_field);
  map.measures = measures_of(map, population);
  if (options.outcomes)
    add_outcomes(map, *layer, districts, dataset.crosswalk(), *options.outcomes, population);
  map.tier_style = tier_style();
  return map;
}

const DevolutionMap::Outcome* find_outcome(const DevolutionMap& map,
                                           const std::string& key_or_field) {
  for (const DevolutionMap::Outcome& o : map.outcomes)
    if (o.key == key_or_field || o.field == key_or_field) return &o;
  return nullptr;
}

std::optional<Measure> find_measure(const DevolutionMap& map, const std::string& name) {
  const std::string exact = lower(name);
  std::string key = exact;  // "per-head" is the key per_head
  std::replace(key.begin(), key.end(), '-', '_');
  for (const Measure& m : map.measures)
    if (key == m.key || exact == lower(m.field) || exact == lower(m.label)) return m;
  // An outcome by its published name: "Gross median weekly pay" for "..., 2023".
  for (const Measure& m : map.measures)
    if (!m.period.empty() && find_outcome(map, m.key) &&
        exact == lower(m.label.substr(0, m.label.size() - m.period.size() - 2)))
      return m;
  return std::nullopt;
}

DevolutionJoin join_to_devolution_map(const DevolutionMap& map, const Layer& areas,
                                      const SourceTable& table, const JoinOptions& options,
                                      const Population* population) {
  JoinResult direct = join_table(areas, table, options);
  DevolutionJoin out;
  const bool can_roll_up =
      map.districts && !options.layer_key && map.area_districts.size() == areas.size();
  if (!can_roll_up) {
    out.attributes = std::move(direct.attributes);
    out.report = std::move(direct.report);
    return out;
  }
  JoinResult by_district = join_table(*map.districts, table, options);
  // Count the areas each way: an area is covered when all its districts matched.
  std::size_t areas_covered = 0;
  std::vector<bool> district_matched(map.districts->size(), false);
  for (std::size_t d = 0; d < by_district.rows_for_feature.size(); ++d)
    district_matched[d] = !by_district.rows_for_feature[d].empty();
  for (const auto& members : map.area_districts) {
    bool all = !members.empty();
    for (std::size_t d : members) all = all && district_matched[d];
    areas_covered += all;
  }
  if (areas_covered <= direct.report.matched) {
    out.attributes = std::move(direct.attributes);
    out.report = std::move(direct.report);
    return out;
  }

  out.rolled_up = true;
  out.attributes = areas.attributes;
  const Table& joined = by_district.attributes;
  auto weight_of = [&](std::size_t d) {
    if (!population) return kNaN;
    const auto it = population->by_code.find(map.districts->code(d));
    return it == population->by_code.end() ? kNaN : it->second;
  };
  std::vector<std::string> rules;
  const std::vector<double>* area_of_district = nullptr;
  if (const auto a = map.districts->attributes.find("area_km2"))
    area_of_district = &map.districts->attributes.columns[*a].values;
  for (const std::string& name : by_district.report.added_columns) {
    const auto c = joined.find(name);
    if (!c) continue;
    const Column& source = joined.columns[*c];
    std::string out_name = name;
    if (out.attributes.find(out_name)) out_name = options.clash_prefix + out_name;
    if (source.is_number()) {
      // Counts add up; rates are weighted by population; anything else is never summed.
      const ValueKind kind = value_kind(source);
      const bool sum_up = kind == ValueKind::Count;
      // Densities weigh by the districts' areas; other rates by their people.
      const bool per_area = kind == ValueKind::Rate && is_per_area(source) && area_of_district;
      const bool weighted = kind == ValueKind::Rate && (per_area || population);
      std::vector<double> values;
      for (const auto& members : map.area_districts) {
        double sum = 0, weights = 0;
        bool missing = members.empty(), differ = false;
        for (std::size_t d : members) {
          const double v = source.values[d];
          const double w = per_area ? (*area_of_district)[d] : weighted ? weight_of(d) : 1.0;
          if (std::isnan(v) || std::isnan(w)) missing = true;
          if (v != source.values[members.front()]) differ = true;
          sum += weighted ? v * w : v;
          weights += w;
        }
        values.push_back(missing    ? kNaN
                         : sum_up   ? sum
                         : weighted ? sum / weights
                         : differ   ? kNaN
                                    : source.values[members.front()]);
      }
      out.attributes.add_number_column(out_name, std::move(values), true);
      rules.push_back(name + (sum_up     ? ": sum (count or money)"
                              : per_area ? ": area-weighted mean of the districts' values (a "
                                           "value per unit of area)"
                              : weighted ? ": population-weighted mean of the districts' values"
                                         : ": " + describe(kind) +
                                               ", never summed: kept only where the districts "
                                               "agree"));
    } else {
      Column text;
      text.name = out_name;
      text.kind = ColumnKind::Text;
      text.source_type = source.source_type;
      text.derived = true;
      for (const auto& members : map.area_districts) {
        std::string value = members.empty() ? "" : source.text[members.front()];
        for (std::size_t d : members)
          if (source.text[d] != value) value = "(several values)";
        text.text.push_back(value);
      }
      out.attributes.columns.push_back(std::move(text));
    }
  }
  out.report = std::move(by_district.report);
  std::string summary = "district figures rolled up to " + std::to_string(areas_covered) + " of " +
                        std::to_string(areas.size()) +
                        " areas (an area lacking any district's value has no data)";
  if (!rules.empty()) {
    summary += ": ";
    for (std::size_t i = 0; i < rules.size(); ++i) summary += (i ? "; " : "") + rules[i];
  }
  out.report.notes.push_back(summary);
  return out;
}

DevolutionJoin join_onto_map(const Layer& layer, const SourceTable& table,
                             const JoinOptions& options, const DefaultMap* devolution) {
  if (devolution)
    return join_to_devolution_map(devolution->map, layer, table, options,
                                  devolution->population ? &*devolution->population : nullptr);
  JoinResult result = join_table(layer, table, options);
  DevolutionJoin out;
  out.attributes = std::move(result.attributes);
  out.report = std::move(result.report);
  return out;
}

StyleSpec style_for_measure(const DevolutionMap& map, const std::string& field) {
  if (field == f::kTier) return map.tier_style;
  StyleSpec spec;
  spec.field = field;
  for (const Measure& m : map.measures)
    if (m.field == field) {
      spec.legend_title = m.label;
      spec.units = m.units;
      spec.legend_note = m.legend_note;
    }
  if (field == f::kTransport) {
    spec.method = ClassMethod::Categorical;
    spec.category_order = {"Held",    "Partial",    "Proposed", "Not found in sources",
                           kTierNone, kTierDevolved};
    spec.category_colors = {
        {"Held", {35, 139, 69, 255}},       {"Partial", {116, 196, 118, 255}},
        {"Proposed", {253, 174, 107, 255}}, {"Not found in sources", {189, 189, 189, 255}},
        {kTierNone, {214, 206, 194, 255}},  {kTierDevolved, {117, 107, 177, 255}}};
    return spec;
  }
  spec.method = ClassMethod::Quantile;
  spec.classes = 5;
  spec.palette = "YlGnBu";
  for (const Measure& m : map.measures) {
    if (m.field != field) continue;
    if (m.key == "recommended") {
      // A handful of whole numbers: one class each (0, 1, 2 ...), never split ranges.
      spec.method = ClassMethod::Categorical;
      spec.palette = "Oranges";
    }
    if (m.key == "funding" || m.key == "per_head")
      spec.number_format.unit = NumberUnit::Pounds;  // "£1.2m", "£330" in the legend
    if (m.fixed_category_field.empty()) continue;
    spec.fixed_category_field = m.fixed_category_field;
    const std::string incomplete = incomplete_category(map.financial_year);
    spec.category_order = {
        incomplete, kNationBudgetCategory, kNationBudgetUnknownCategory, kNotAddressedCategory,
        kTierNone,  kTierDevolved};
    spec.category_colors = {{incomplete, {253, 208, 162, 255}},
                            {kNationBudgetCategory, {188, 189, 220, 255}},
                            {kNationBudgetUnknownCategory, {222, 222, 236, 255}},
                            {kProposedCategory, {244, 194, 194, 255}},
                            {kNotAddressedCategory, {189, 189, 189, 255}},
                            {kTierNone, {214, 206, 194, 255}},
                            {kTierDevolved, {188, 189, 220, 255}}};
  }
  return spec;
}

std::optional<DefaultMapSources> find_default_map_sources(const std::filesystem::path& data_dir,
                                                          std::string* why) {
  const data::Catalog catalog = data::load_catalog(data_dir);
  auto districts = find_boundaries(catalog, data::LayerKind::Districts, data::Detail::National);
  if (!districts) {
    if (why) *why = data::first_run_help(data_dir);
    return std::nullopt;
  }
  const auto dataset = find_devolution_dataset();
  if (!dataset) {
    if (why)
      *why =
          "the devolution dataset (geodata/devolution) was not found; set DEVOMAP_DEVOLUTION_DIR "
          "to its folder";
    return std::nullopt;
  }
  if (!districts->complete) {
    // Drawing part of the UK as "the UK" would mislead: say which districts are missing.
    if (why)
      *why = "the only local authority districts in " + data_dir.string() + " (" +
             districts->path.filename().string() + ") hold " +
             std::to_string(districts->feature_count) + " districts" +
             (districts->nations.empty()
                  ? std::string()
                  : " with codes of " + data::describe_nations(districts->nations) + " only") +
             ", and the UK map needs every district of England, Wales, Scotland and Northern "
             "Ireland (361 in December 2024): run `devomap fetch --only lad_2024_buc`, or "
             "`devomap fetch --from DIR` with a UK district file";
    return std::nullopt;
  }
  DefaultMapSources sources;
  sources.districts = *districts;
  sources.countries = find_boundaries(catalog, data::LayerKind::Countries, data::Detail::National);
  if (sources.countries && !sources.countries->complete) sources.countries.reset();
  sources.population = find_dataset(catalog, data::LayerKind::Population);
  sources.outcomes = find_dataset(catalog, data::LayerKind::Outcomes);
  sources.dataset_folder = *dataset;
  return sources;
}

std::string outcome_source_text(const data::CatalogEntry& entry) {
  static const char* const kMonths[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
  std::string when = entry.vintage;
  if (when.size() == 7 && when[4] == '-') {
    const int month = std::atoi(when.substr(5).c_str());
    if (month >= 1 && month <= 12) when = std::string(kMonths[month - 1]) + " " + when.substr(0, 4);
  }
  return "ONS Subnational indicators explorer" + (when.empty() ? "" : " (" + when + ")");
}

std::string default_map_title(const DevolutionDataset& /*dataset*/) {
  return "Devolution in the UK: strategic authorities and devolved governments";
}

std::string default_map_sources_text(const DefaultMapSources& sources, const DevolutionMap& map) {
  std::string year = sources.districts.vintage.substr(0, 4);
  std::string text = "Contains OS data © Crown copyright and database right " +
                     (year.empty() ? std::string("2024") : year) +
                     ". Source: Office for National Statistics licensed under the Open "
                     "Government Licence v.3.0. Devolution data as of " +
                     (map.data_as_of.empty() ? std::string("an unknown date") : map.data_as_of) +
                     " (devomap dataset, publisher per row); funding " + map.financial_year;
  if (!map.population_label.empty())
    text += "; population: ONS " + map.population_label + " estimates";
  if (!map.outcomes_source.empty()) text += "; outcomes: " + map.outcomes_source;
  return text + ".";
}

std::string default_map_alt_note(const DevolutionMap& map) {
  std::string text = "Devolution data as of " +
                     (map.data_as_of.empty() ? std::string("an unknown date") : map.data_as_of) +
                     "; funding in " + map.financial_year;
  if (!map.population_label.empty())
    text += "; per-head figures use ONS " + map.population_label + " population estimates";
  return text + ".";
}

DefaultMap load_default_map(const DefaultMapSources& sources, const gdal::LoadOptions& options,
                            const std::string& financial_year) {
  DefaultMap result;
  // The population workbook is the slowest file to read (GDAL parses the whole XLSX, about a
  // second for ONS's mid-2022 one) and needs nothing else: read it beside the rest.
  std::future<Population> population;
  if (sources.population) {
    std::optional<std::string> sheet;
    if (!sources.population->layer.empty()) sheet = sources.population->layer;
    population =
        std::async(std::launch::async, load_population, sources.population->gdal_path(), sheet);
  }
  auto dataset =
      std::make_shared<DevolutionDataset>(load_devolution_dataset(sources.dataset_folder));
  result.dataset = dataset;

  gdal::LoadOptions district_options = options;
  if (!sources.districts.layer.empty()) district_options.layer_name = sources.districts.layer;
  std::shared_ptr<const Layer> districts_layer;
  try {
    districts_layer =
        std::make_shared<const Layer>(load_layer(sources.districts.gdal_path(), district_options));
  } catch (const UserError& e) {
    // A file in the data folder is fixed there, not by an option of this map.
    if (e.remedy() != Remedy::AssumeCrs) throw;
    throw UserError(std::string(e.what()) + ". It is the data folder's district file: save it " +
                        "with its coordinate system and run `devomap fetch --from DIR` again",
                    Remedy::None);
  }
  const Layer& districts = *districts_layer;

  std::vector<std::string> outcome_notes;
  if (sources.outcomes) {
    try {
      result.outcomes = std::make_shared<const Outcomes>(
          load_outcomes(sources.outcomes->gdal_path(), outcome_source_text(*sources.outcomes)));
      outcome_notes = result.outcomes->notes;
    } catch (const UserError& e) {
      outcome_notes = {std::string("outcome indicators not shown: ") + e.what()};
    }
  }

  if (sources.countries) {
    gdal::LoadOptions country_options;
    country_options.display = options.display;
    country_options.cancel = options.cancel;
    if (!sources.countries->layer.empty()) country_options.layer_name = sources.countries->layer;
    result.nations =
        std::make_shared<Layer>(load_layer(sources.countries->gdal_path(), country_options));
  }
  std::vector<std::string> notes;
  if (population.valid()) {
    try {
      result.population = population.get();
    } catch (const UserError& e) {
      notes.push_back(std::string("population not used, so no per-head figures: ") + e.what());
    }
  } else {
    notes.push_back(
        "no population table in the data dir, so no per-head figures; `devomap fetch --only "
        "population_mid2024` (or population_mid2022) gets one");
  }

  notes.insert(notes.end(), outcome_notes.begin(), outcome_notes.end());

  DevolutionMapOptions map_options;
  map_options.financial_year = financial_year;
  if (result.population) map_options.population = &*result.population;
  map_options.outcomes = result.outcomes.get();
  result.map = build_devolution_map(districts, *dataset, map_options, options.cancel);
  result.map.districts = districts_layer;
  result.districts_layer = districts_layer;
  result.map.notes.insert(result.map.notes.end(), notes.begin(), notes.end());
  result.map.areas->report.warnings = result.map.notes;

  result.title = default_map_title(*dataset);
  result.attribution = default_map_sources_text(sources, result.map);
  result.sources = sources;
  return result;
}

void set_funding_year(DefaultMap& map, const std::string& financial_year) {
  if (!map.districts_layer || !map.dataset) return;
  DevolutionMapOptions options;
  options.financial_year = financial_year;
  if (map.population) options.population = &*map.population;
  options.outcomes = map.outcomes.get();
  std::vector<std::string> notes = map.map.notes;
  DevolutionMap rebuilt = build_devolution_map(*map.districts_layer, *map.dataset, options);
  rebuilt.districts = map.districts_layer;
  rebuilt.notes = std::move(notes);
  rebuilt.areas->report.warnings = rebuilt.notes;
  map.map = std::move(rebuilt);
  map.attribution = default_map_sources_text(map.sources, map.map);
}

}  // namespace devomap::devolution
