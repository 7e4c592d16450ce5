#pragma once
// How places are doing, beside what they hold: the outcome indicators ONS publishes for every
// local authority district (the Subnational indicators explorer's table, one row per area and
// indicator), as measures the default map and district layers can show.
//
// Districts show the published figure. Strategic authorities and nations have no published
// figure, so theirs is made from their districts' and labelled as made: counts are summed (all
// districts needed); anything else is a population-weighted mean of the districts' values, and
// only where the districts with a value hold at least 90% of the area's population. Districts
// merged since the table was published take their former districts' values by the same rule.
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/crosswalk.hpp"
#include "core/join.hpp"
#include "core/layer.hpp"

namespace devomap::devolution {

struct OutcomeIndicator {
  std::string key;       // for the command line: "gross_median_weekly_pay"
  std::string name;      // as published: "Gross median weekly pay"
  std::string period;    // as published: "2023", "10/2022 - 09/2023", "2022/23"
  std::string measure;   // as published: "Pounds", "Percentage", "Rate per 100,000 population"
  std::string unit;      // as published: "£", "%", "mins", "yrs", "Score out of 10"
  std::string category;  // the explorer's theme
  bool count = false;    // values add up over areas (a number of people, jobs, pounds)
  // Published values by GSS code; an area with no figure ("NA") is absent.
  std::unordered_map<std::string, double> by_code;
  // Published for unitary authorities (E06/E08/E09) but for no two-tier district (E07).
  bool unitary_only = false;
};

struct Outcomes {
  std::vector<OutcomeIndicator> indicators;  // in the table's order
  std::string origin;                        // the file read
  std::string source;                        // "ONS Subnational indicators explorer, 2024-03"
  std::vector<std::string> notes;            // rows left out, and why
};

// Reads the long table (columns unique, Indicator, Period, Measure, unit, real; Category and
// Geography when present). Throws UserError naming the file and the missing column.
Outcomes read_outcomes(const SourceTable& table, const std::string& source);
// Loads and reads the file (CSV as ONS publishes it). Throws UserError.
Outcomes load_outcomes(const std::string& path, const std::string& source);

// The indicator named by its key, its published name or its label (any case); null if none.
const OutcomeIndicator* find_indicator(const Outcomes& outcomes, std::string_view name);

// "Gross median weekly pay, 2023": the measure's label and its field on a map.
std::string outcome_label(const OutcomeIndicator& indicator);
// What one unit is, for a legend: "£", "%", "minutes", "years", "per 100,000 population".
std::string outcome_units(const OutcomeIndicator& indicator);
// How several districts' figures become an area's: "sum of the districts' values" or
// "population-weighted mean of district medians".
std::string rollup_rule(const OutcomeIndicator& indicator);

// The share of an area's population that must live in districts with a value before a
// weighted mean stands for the area.
inline constexpr double kOutcomeCoverage = 0.9;

// One area's figure and how it was found.
struct AreaOutcome {
  double value = std::numeric_limits<double>::quiet_NaN();  // NaN: no data
  bool made = false;  // made from districts' figures, not published for the area
  // Rolled-up areas: the share of the population in districts with a value (NaN when unknown).
  double coverage = std::numeric_limits<double>::quiet_NaN();
  // "published by ONS", "population-weighted mean of district medians (districts holding 97% of
  // the population)", "not published for this area", ...
  std::string how;
};

// The indicator on each district of `districts` (codes of any vintage the crosswalk reaches).
// `population` (GSS code -> people) weighs merged districts; may be null.
std::vector<AreaOutcome> outcome_on_districts(
    const OutcomeIndicator& indicator, const Layer& districts, const CodeCrosswalk& crosswalk,
    const std::unordered_map<std::string, double>* population);

// The indicator on areas made of districts (indices into the district layer), from the
// districts' figures: one district keeps its own; several are rolled up (see above).
std::vector<AreaOutcome> outcome_on_areas(
    const OutcomeIndicator& indicator, const Layer& districts,
    const std::vector<AreaOutcome>& district_values,
    const std::vector<std::vector<std::size_t>>& area_districts,
    const std::unordered_map<std::string, double>* population);

// The indicator's rows as a table to join onto a boundary layer: a code column and one number
// column named by the label. (For layers other than the default map, through the usual join,
// so the join report says what matched.)
SourceTable outcome_table(const Outcomes& outcomes, const OutcomeIndicator& indicator);

// Where `row`'s value stands among the rows `among` marks (highest first): "3rd highest of 12".
// nullopt when the row has no value or is not among them.
struct Rank {
  int position = 0;
  int of = 0;
};
std::optional<Rank> rank_of(const std::vector<double>& values, const std::vector<bool>& among,
                            std::size_t row);
std::string describe(const Rank& rank);  // "3rd highest of 12"

}  // namespace devomap::devolution
