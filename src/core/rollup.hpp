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
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/table.hpp"

namespace devomap {

// --- Records of the dataset (io/devolution_dataset loads them) ---

struct PowerRecord {
  std::string id;
  std::string authority_id;
  std::string domain;  // transport, adult_skills, ...
  std::string status;  // held, partial, proposed
  std::string year;
  std::string note;
  std::string source_url;
};

struct BudgetRecord {
  std::string id;
  std::string authority_id;  // an authority, or a nation id for national programme totals
  std::string fund;
  std::string fund_type;
  double amount_gbp = 0;
  std::string precision;  // exact, rounded, approximate
  std::string basis;      // per_year, total_over_period
  std::string first_fy;   // "2025-26" or ""
  std::string last_fy;
  std::string part_of;   // budget id of the larger row this one is inside
  std::string replaces;  // budget id of a fund this one superseded
  bool countable = false;
  std::string note;
  std::string source_url;
};

// One district in one group (an authority, a combined authority, a county ...).
struct Membership {
  std::string group;   // e.g. authority_id "gmca" or CAUTH24CD "E47000001"
  std::string member;  // district code, e.g. "E08000001"
};

// --- Powers ---

// The domains of powers.csv in the schema's order.
const std::vector<std::string>& power_domains();

struct AuthorityPowers {
  std::string authority_id;
  int powers_held = 0;       // rows with status "held"
  int domains_held = 0;      // domains with at least one "held" row
  int domains_partial = 0;   // domains whose best status is "partial"
  int domains_proposed = 0;  // domains whose best status is "proposed"
  // Best status per domain: held > partial > proposed; domains without rows are absent
  // (absence means "not found in sources", not "not held").
  std::map<std::string, std::string> status_by_domain;
};

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

struct AuthorityFunding {
  std::string authority_id;
  double amount_gbp = 0;                // money attributed to the year
  std::vector<std::string> budget_ids;  // rows counted
};

struct FundingSummary {
  std::string financial_year;
  std::vector<AuthorityFunding> authorities;  // in order first seen in the budgets
  // Rows left out, each "budget_id: why" (not countable, national total, inside a counted row,
  // replaced, period unknown, ...). Rows that simply do not cover the year are not listed.
  std::vector<std::string> left_out;
};

// Funding of each authority in one financial year, following schema.md: only countable rows;
// national rows (authority ids in `nation_ids`) are programme totals and are left out; a row
// is left out when a row it is part_of is counted for the same authority and year (parts or
// parent, never both); a row replaced by a counted row of the same authority and year is left
// out; per_year rows count their amount in each year from first_fy to last_fy (or for the "N
// years" their note states, or open-ended when neither is given); total_over_period rows are
// spread evenly over their years (last_fy, else "over N years" in the note; rows whose period
// cannot be told are left out and listed).
FundingSummary funding_in_year(const std::vector<BudgetRecord>& budgets, std::string_view fy,
                               const std::vector<std::string>& nation_ids = {
                                   "england", "scotland", "wales", "northern_ireland"});

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
