#pragma once
// Per-area measures from the devolution dataset's long tables, and moving figures between tiers:
//  - powers.csv (authority x domain x status) -> powers held per authority, status per domain;
//  - budgets.csv -> funding in a financial year per authority (schema.md's counting rules), and
//    per head given populations;
//  - district figures rolled up to authorities (sum, population-weighted mean) and authority
//    figures rolled down onto their districts.
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/table.hpp"

namespace devomap {

// --- Records of the dataset (devolution/devolution_dataset loads them) ---

struct PowerRecord {
  std::string id;
  std::string authority_id;
  std::string domain;  // transport, adult_skills, ...
  std::string status;  // held, partial, proposed, recommended
  std::string year;
  std::string note;
  std::string source_url;
  std::string as_of = {};
};

// How a budget line's amount spreads over its years.
enum class BudgetKind {
  Annual,          // amount_gbp in each year from first_fy to last_fy
  MultiYearTotal,  // one amount for first_fy..last_fy together, spread evenly
  OneOff,          // one payment in first_fy (= last_fy)
};

struct BudgetRecord {
  std::string id;
  std::string authority_id;  // an authority, or a nation id for national programme totals
  std::string fund;
  std::string fund_type;
  std::optional<double> amount_gbp;  // nullopt: the line exists but its figure is not published
  std::string precision;             // exact, rounded, approximate
  BudgetKind kind = BudgetKind::Annual;
  std::string first_fy;       // "2025-26"
  std::string last_fy;        // the last year of the line, or of published figures
  bool end_published = true;  // false: last_fy is only the last year with published figures
  std::string part_of;        // budget id of the line this one lies inside ...
  std::string part_of_first_fy, part_of_last_fy;  // ... in these years ("" = all its years)
  std::string replaces;                           // budget id of a line this one superseded
  bool countable = false;  // false: headline value, estimate, indicative share
  bool started = true;     // false: agreed but not started ("once the mayor is in post")
  std::string note;
  std::string source_url;
  std::string check;  // verified, secondary_only, conflict, unverified
  std::string as_of;
};

// One district in one group (an authority, a combined authority, a county ...).
struct Membership {
  std::string group;   // e.g. authority_id "gmca" or CAUTH24CD "E47000001"
  std::string member;  // district code, e.g. "E08000001"
};

// --- Powers ---

// The domains of powers.csv in the schema's order.
const std::vector<std::string>& power_domains();
// A domain key as the White Paper names it: "housing_regeneration" -> "Housing and regeneration".
std::string domain_label(const std::string& domain);

struct AuthorityPowers {
  std::string authority_id;
  int powers_held = 0;       // rows with status "held"
  int domains_held = 0;      // domains with at least one "held" row
  int domains_partial = 0;   // domains whose best status is "partial"
  int domains_proposed = 0;  // domains whose best status is "proposed"
  // Best status per domain: held > partial > proposed; domains without rows are absent
  // (absence means "not found in sources", not "not held").
  std::map<std::string, std::string> status_by_domain;
  // Domains a report recommends for the authority (status "recommended"), and how many of
  // them it does not hold.
  std::set<std::string> recommended_domains;
  int recommended_not_held = 0;
};

// The domains whose power meets a recommendation of that domain: itself, and for
// flexible_funding an integrated settlement (schema.md, "Recommendations").
std::vector<std::string> domains_meeting(const std::string& recommended);

// One entry per authority in `authority_ids` (those without rows get zeros), then any other
// authority that has rows, in the order first seen.
std::vector<AuthorityPowers> summarise_powers(const std::vector<PowerRecord>& powers,
                                              const std::vector<std::string>& authority_ids);

// A table to join to an authority layer: authority_id, gss_code, powers_held, domains_held, and
// one text column per domain ("held", "partial", "proposed" or "" for none found).
Table powers_table(const std::vector<AuthorityPowers>& summary,
                   const std::map<std::string, std::string>& gss_by_authority);

// --- Funding ---

// "2025-26" -> 2025; nullopt when not a financial year.
std::optional<int> financial_year_start(std::string_view fy);
std::string financial_year_name(int start_year);  // 2025 -> "2025-26"

// What one budget line contributes to one financial year, and why when nothing.
struct BudgetLineInYear {
  std::string budget_id;
  bool counted = false;
  double amount_gbp = 0;  // the year's share when counted
  std::string why_not;    // when not counted: "inside gmca_is_2025, which is counted", ...
};

struct AuthorityFunding {
  std::string authority_id;
  double amount_gbp = 0;  // money attributed to the year (a lower bound if incomplete)
  std::vector<std::string> budget_ids;  // lines counted
  // A line of the authority covers the year but its figure is not published, so the total
  // is not the whole: shown as such, never ranked as if complete.
  bool incomplete = false;
  std::vector<std::string> unpublished;  // budget ids of those lines
  std::vector<BudgetLineInYear> lines;   // every line of the authority that covers the year
};

struct FundingSummary {
  std::string financial_year;
  std::vector<AuthorityFunding> authorities;  // in order first seen in the budgets
  // Lines left out, each "budget_id: why" (not countable, national total, inside a counted
  // line, replaced, not started, figure not published). Lines outside the year are not listed.
  std::vector<std::string> left_out;
};

// Funding of each authority in one financial year (schema.md, "Devolved funding in a year"):
// only countable, started lines whose first_fy..last_fy covers the year; national lines
// (authority ids in `nation_ids`) are programme totals and are left out; a line inside another
// (part_of, in the years part_of_first_fy..part_of_last_fy) is left out when that line is
// counted for the same authority and year: the whole or its parts, never both; a line
// replaced by a counted line of the same authority is left out. Annual lines count their
// amount, multi-year totals their amount spread evenly over their years, one-off lines their
// amount in their year. A line covering the year with no published figure makes the
// authority's total incomplete.
FundingSummary funding_in_year(const std::vector<BudgetRecord>& budgets, std::string_view fy,
                               const std::vector<std::string>& nation_ids = {
                                   "england", "scotland", "wales", "northern_ireland"});

// The default year of a funding map: the latest financial year, not after the one holding
// `as_of` (the date the data was checked, YYYY-MM-DD), in which a countable, started line of an
// authority with a published figure begins. nullopt when there is none.
std::optional<std::string> latest_funding_year(const std::vector<BudgetRecord>& budgets,
                                               std::string_view as_of,
                                               const std::vector<std::string>& nation_ids = {
                                                   "england", "scotland", "wales",
                                                   "northern_ireland"});

// The financial year holding a date "YYYY-MM-DD" (April to March); nullopt when not a date.
std::optional<int> financial_year_of_date(std::string_view date);

// The years a budget line covers, by its first and last financial years; nullopt (with the
// reason in `why_not`) when they are not financial years or the last is before the first.
struct BudgetPeriod {
  int first = 0, last = 0;
  bool covers(int year) const { return year >= first && year <= last; }
  int years() const { return last - first + 1; }
};
std::optional<BudgetPeriod> budget_period(const BudgetRecord& b, std::string& why_not);

// A table to join to an authority layer: authority_id, gss_code, funding_gbp, and when
// populations are given population and funding_per_head (NaN where the population is unknown).
Table funding_table(const FundingSummary& funding,
                    const std::map<std::string, std::string>& gss_by_authority,
                    const std::map<std::string, double>* population_by_authority = nullptr);

// --- Roll-up and roll-down between tiers ---

enum class RollupRule { Sum, WeightedMean, Mean };

struct RollupResult {
  std::vector<std::string> groups;                // in order first seen in the memberships
  std::vector<double> values;                     // NaN when a member's value is missing (Sum)
  std::vector<std::size_t> members;               // members listed per group
  std::vector<std::vector<std::string>> missing;  // members with no value, per group
};

// Rolls member (district) values up to their groups. Sum: NaN when any member lacks a value
// (a partial total would read as a real one; see `missing`). WeightedMean: weighted by
// `weights` (population) over members having both; Mean: over members having a value.
RollupResult roll_up(const std::vector<Membership>& memberships,
                     const std::unordered_map<std::string, double>& member_values, RollupRule rule,
                     const std::unordered_map<std::string, double>* weights = nullptr);

struct RolldownResult {
  std::unordered_map<std::string, double> values;  // member -> its group's value
  // Members in several groups with different values (the first group's value is kept).
  std::vector<std::string> conflicts;
};

// Shows each group's figure on its members (an authority's funding on each of its districts).
RolldownResult roll_down(const std::vector<Membership>& memberships,
                         const std::unordered_map<std::string, double>& group_values);

// Values of a number column keyed by a text column (codes trimmed); rows with no data are
// left out. Throws UserError naming the column when either is missing or not a number column.
std::unordered_map<std::string, double> values_by_key(const Table& table,
                                                      std::string_view key_column,
                                                      std::string_view value_column);

}  // namespace devomap
