#include "devolution/outcomes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/number_parse.hpp"
#include "data/table_source.hpp"

namespace devomap::devolution {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "Aged 16 to 64 years employment rate (Great Britain)" -> "aged_16_to_64_years_employment_
// rate_great_britain": letters and digits, one underscore between words.
std::string slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string percent(double share) {
  return std::to_string(static_cast<int>(std::floor(share * 100 + 1e-9))) + "%";
}

// A column the table must have (names as ONS writes them; any case).
std::size_t required(const SourceTable& table, std::string_view name) {
  if (const auto c = table.table.find(name)) return *c;
  std::string have;
  for (const Column& c : table.table.columns) have += (have.empty() ? "" : ", ") + c.name;
  throw UserError(table.origin + " has no column '" + std::string(name) +
                  "', so it is not the ONS subnational indicators table (columns: " + have +
                  "); `devomap fetch --only ons_subnational_indicators` gets the published file");
}

double number_in(const Column& column, std::size_t row) {
  if (column.is_number()) return column.values[row];
  const std::string text = std::string(trim_cell(column.text[row]));
  if (text.empty() || is_text_no_data_marker(text)) return kNaN;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  return end && *end == '\0' && std::isfinite(v) ? v : kNaN;
}

bool is_count_measure(const std::string& measure) {
  const std::string m = lower(measure);
  return m == "number" || m == "count" || m.rfind("number of", 0) == 0;
}

// The names of the codes in the crosswalk's changes, for messages.
std::string former_names(const std::vector<std::string>& codes, const CodeCrosswalk& crosswalk) {
  std::string out;
  for (const std::string& code : codes) {
    std::string name = code;
    for (const CodeChange& c : crosswalk.changes())
      if (c.old_code == code && !c.old_name.empty()) name = c.old_name;
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

}  // namespace

Outcomes read_outcomes(const SourceTable& source, const std::string& source_label) {
  const Table& t = source.table;
  const Column& code = t.columns[required(source, "unique")];
  const Column& indicator = t.columns[required(source, "Indicator")];
  const Column& period = t.columns[required(source, "Period")];
  const Column& measure = t.columns[required(source, "Measure")];
  const Column& unit = t.columns[required(source, "unit")];
  const Column& real = t.columns[required(source, "real")];
  const auto category = t.find("Category");

  Outcomes out;
  out.origin = source.origin;
  out.source = source_label;
  std::map<std::pair<std::string, std::string>, std::size_t> index;  // (name, period) -> i
  std::map<std::string, int> periods_of_name;
  std::size_t bad_codes = 0, repeated = 0;
  for (std::size_t r = 0; r < t.row_count; ++r) {
    const std::string name = std::string(trim_cell(indicator.text[r]));
    const std::string when = std::string(trim_cell(period.text[r]));
    const std::string area = std::string(trim_cell(code.text[r]));
    if (name.empty()) continue;
    auto [it, added] = index.emplace(std::make_pair(name, when), out.indicators.size());
    if (added) {
      OutcomeIndicator ind;
      ind.name = name;
      ind.period = when;
      ind.measure = std::string(trim_cell(measure.text[r]));
      ind.unit = std::string(trim_cell(unit.text[r]));
      ind.count = is_count_measure(ind.measure);
      if (category) ind.category = std::string(trim_cell(t.columns[*category].text[r]));
      out.indicators.push_back(std::move(ind));
      ++periods_of_name[name];
    }
    OutcomeIndicator& ind = out.indicators[it->second];
    if (!looks_like_gss_code(area)) {
      ++bad_codes;
      continue;
    }
    const double v = number_in(real, r);
    if (std::isnan(v)) continue;
    if (!ind.by_code.emplace(area, v).second) ++repeated;
  }
  for (OutcomeIndicator& ind : out.indicators) {
    // One key per indicator; the period joins it only when the table has several.
    ind.key = slug(ind.name);
    if (periods_of_name[ind.name] > 1) ind.key += "_" + slug(ind.period);
    bool two_tier = false, unitary = false;
    for (const auto& [c, v] : ind.by_code) {
      two_tier = two_tier || c.rfind("E07", 0) == 0;
      unitary = unitary || c.rfind("E06", 0) == 0 || c.rfind("E08", 0) == 0;
    }
    ind.unitary_only = unitary && !two_tier;
  }
  if (bad_codes)
    out.notes.push_back(std::to_string(bad_codes) + " rows of " + source.origin +
                        " have no GSS code in 'unique' and were left out");
  if (repeated)
    out.notes.push_back(std::to_string(repeated) + " rows of " + source.origin +
                        " repeat an area's indicator and period; the first was kept");
  if (out.indicators.empty())
    throw UserError(source.origin + " has no indicator rows (column Indicator is empty)");
  return out;
}

Outcomes load_outcomes(const std::string& path, const std::string& source_label) {
  data::LoadedTable loaded = data::load_table(path);
  return read_outcomes(loaded.source, source_label);
}

const OutcomeIndicator* find_indicator(const Outcomes& outcomes, std::string_view name) {
  const std::string wanted = lower(std::string(trim_cell(name)));
  const std::string wanted_key = slug(name);
  for (const OutcomeIndicator& ind : outcomes.indicators)
    if (wanted_key == ind.key || wanted == lower(ind.name) || wanted == lower(outcome_label(ind)))
      return &ind;
  return nullptr;
}

std::string outcome_label(const OutcomeIndicator& indicator) {
  return indicator.period.empty() ? indicator.name : indicator.name + ", " + indicator.period;
}

std::string outcome_units(const OutcomeIndicator& indicator) {
  const std::string u = lower(indicator.unit);
  if (u == "mins") return "minutes";
  if (u == "yrs") return "years";
  if (u.rfind("rate per ", 0) == 0) return indicator.unit.substr(5);
  if (u.empty()) return lower(indicator.measure);
  return indicator.unit;
}

std::string rollup_rule(const OutcomeIndicator& indicator) {
  if (indicator.count) return "sum of the districts' values";
  const std::string name = lower(indicator.name), measure = lower(indicator.measure);
  std::string of = "values";
  if (name.find("median") != std::string::npos)
    of = "medians";
  else if (measure.rfind("mean", 0) == 0)
    of = "means";
  else if (measure == "percentage")
    of = "percentages";
  else if (measure.rfind("rate", 0) == 0)
    of = "rates";
  return "population-weighted mean of district " + of;
}

std::vector<AreaOutcome> outcome_on_districts(
    const OutcomeIndicator& indicator, const Layer& districts, const CodeCrosswalk& crosswalk,
    const std::unordered_map<std::string, double>* population) {
  std::unordered_map<std::string, std::size_t> on_layer;
  for (std::size_t d = 0; d < districts.size(); ++d) on_layer.emplace(districts.code(d), d);
  const auto on_map = [&](const std::string& c) { return on_layer.count(c) > 0; };
  // Published codes that stand for a district on the layer under another code.
  std::map<std::size_t, std::vector<std::string>> former;
  std::map<std::size_t, bool> merged;
  for (const auto& [code, value] : indicator.by_code) {
    if (on_map(code)) continue;
    if (const auto t = crosswalk.translate(code, on_map)) {
      const std::size_t d = on_layer.at(t->to);
      former[d].push_back(code);
      merged[d] = merged[d] || t->type == CodeChangeType::Merger;
    }
  }
  auto weight = [&](const std::string& code) {
    if (!population) return kNaN;
    const auto it = population->find(code);
    return it == population->end() ? kNaN : it->second;
  };

  std::vector<AreaOutcome> out(districts.size());
  for (std::size_t d = 0; d < districts.size(); ++d) {
    AreaOutcome& o = out[d];
    const std::string code = districts.code(d);
    if (const auto it = indicator.by_code.find(code); it != indicator.by_code.end()) {
      o.value = it->second;
      o.how = "published by ONS";
      continue;
    }
    const auto f = former.find(d);
    if (f == former.end()) {
      o.how = indicator.unitary_only && code.rfind("E07", 0) == 0
                  ? "published for unitary authorities, not for two-tier districts"
                  : "not published for this area";
      continue;
    }
    std::vector<std::string> parts = f->second;
    std::sort(parts.begin(), parts.end());
    if (!merged[d] && parts.size() == 1) {
      o.value = indicator.by_code.at(parts.front());
      o.how = "published by ONS under its former code " + parts.front();
      continue;
    }
    // Merged since publication: every former district is needed, weighted by its population.
    std::size_t expected = 0;
    for (const CodeChange& c : crosswalk.changes()) expected += c.new_code == code;
    const std::string names = former_names(parts, crosswalk);
    if (parts.size() < expected) {
      o.how = "published for " + std::to_string(parts.size()) + " of its " +
              std::to_string(expected) + " former districts (" + names + ")";
      continue;
    }
    double sum = 0, weights = 0;
    bool weighed = true;
    for (const std::string& p : parts) {
      const double w = indicator.count ? 1.0 : weight(p);
      weighed = weighed && !std::isnan(w);
      sum += indicator.by_code.at(p) * w;
      weights += w;
    }
    o.made = true;
    if (!weighed || !(weights > 0)) {
      o.how = "published only for its former districts (" + names +
              "), and the population table has no figures to weigh them by";
      continue;
    }
    o.value = indicator.count ? sum : sum / weights;
    o.how = rollup_rule(indicator) + " of its former districts (" + names + ")";
  }
  return out;
}

std::vector<AreaOutcome> outcome_on_areas(
    const OutcomeIndicator& indicator, const Layer& districts,
    const std::vector<AreaOutcome>& district_values,
    const std::vector<std::vector<std::size_t>>& area_districts,
    const std::unordered_map<std::string, double>* population) {
  std::vector<AreaOutcome> out(area_districts.size());
  for (std::size_t a = 0; a < area_districts.size(); ++a) {
    const auto& members = area_districts[a];
    AreaOutcome& o = out[a];
    if (members.size() == 1) {
      o = district_values[members.front()];
      continue;
    }
    o.made = true;
    double sum = 0, covered = 0, total = 0;
    std::size_t with_value = 0;
    bool weights_known = population != nullptr;
    for (std::size_t d : members) {
      const AreaOutcome& dv = district_values[d];
      double w = 1.0;
      if (!indicator.count) {
        w = kNaN;
        if (population)
          if (const auto it = population->find(districts.code(d)); it != population->end())
            w = it->second;
        weights_known = weights_known && !std::isnan(w);
      }
      if (std::isnan(w)) continue;
      total += w;
      if (std::isnan(dv.value)) continue;
      ++with_value;
      sum += indicator.count ? dv.value : dv.value * w;
      covered += w;
    }
    if (indicator.count) {
      if (with_value == members.size()) {
        o.value = sum;
        o.how = rollup_rule(indicator) + " (all " + std::to_string(members.size()) + ")";
      } else {
        o.how = "published for " + std::to_string(with_value) + " of its " +
                std::to_string(members.size()) + " districts; a partial sum is not shown";
      }
      continue;
    }
    if (!weights_known || !(total > 0)) {
      o.how = "no population figures for all its districts, so no weighted mean";
      continue;
    }
    o.coverage = covered / total;
    if (with_value == 0) {
      o.how = indicator.unitary_only ? "published for unitary authorities only; none here"
                                     : "not published for any of its districts";
    } else if (o.coverage + 1e-12 < kOutcomeCoverage) {
      o.how = "published for districts holding " + percent(o.coverage) +
              " of its population; at least " + percent(kOutcomeCoverage) + " is needed";
    } else {
      o.value = sum / covered;
      o.how = rollup_rule(indicator) + " (districts holding " + percent(o.coverage) +
              " of the population)";
    }
  }
  return out;
}

SourceTable outcome_table(const Outcomes& outcomes, const OutcomeIndicator& indicator) {
  std::vector<std::pair<std::string, double>> rows(indicator.by_code.begin(),
                                                   indicator.by_code.end());
  std::sort(rows.begin(), rows.end());
  SourceTable out;
  out.origin = outcomes.origin + " (" + outcome_label(indicator) + ")";
  out.table.row_count = rows.size();
  Column code;
  code.name = "code";
  Column value;
  value.name = outcome_label(indicator);
  value.kind = ColumnKind::Number;
  for (const auto& [c, v] : rows) {
    code.text.push_back(c);
    value.values.push_back(v);
    char text[32];
    std::snprintf(text, sizeof text, "%.15g", v);
    value.text.push_back(text);
    out.row_numbers.push_back(out.row_numbers.size() + 2);
  }
  out.table.columns.push_back(std::move(code));
  out.table.columns.push_back(std::move(value));
  return out;
}

std::optional<Rank> rank_of(const std::vector<double>& values, const std::vector<bool>& among,
                            std::size_t row) {
  if (row >= values.size() || row >= among.size() || !among[row] || std::isnan(values[row]))
    return std::nullopt;
  Rank rank{1, 0};
  for (std::size_t i = 0; i < values.size() && i < among.size(); ++i) {
    if (!among[i] || std::isnan(values[i])) continue;
    ++rank.of;
    if (values[i] > values[row]) ++rank.position;
  }
  return rank;
}

std::string describe(const Rank& rank) {
  if (rank.of == 1) return "the only one with a figure";
  const int n = rank.position;
  const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                       : n % 10 == 1                    ? "st"
                       : n % 10 == 2                    ? "nd"
                       : n % 10 == 3                    ? "rd"
                                                        : "th";
  return (n == 1 ? std::string("highest") : std::to_string(n) + suffix + " highest") + " of " +
         std::to_string(rank.of);
}

}  // namespace devomap::devolution
