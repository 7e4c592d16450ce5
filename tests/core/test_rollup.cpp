#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "core/error.hpp"
#include "core/rollup.hpp"

using namespace devomap;

namespace {

BudgetRecord budget(std::string id, std::string authority, double amount, std::string basis,
                    std::string first, std::string last, std::string part_of = "",
                    bool countable = true, std::string note = "", std::string replaces = "") {
  BudgetRecord b;
  b.id = std::move(id);
  b.authority_id = std::move(authority);
  b.amount_gbp = amount;
  b.basis = std::move(basis);
  b.first_fy = std::move(first);
  b.last_fy = std::move(last);
  b.part_of = std::move(part_of);
  b.countable = countable;
  b.note = std::move(note);
  b.replaces = std::move(replaces);
  return b;
}

const AuthorityFunding* find(const FundingSummary& s, const std::string& id) {
  for (const auto& a : s.authorities)
    if (a.authority_id == id) return &a;
  return nullptr;
}

bool left_out(const FundingSummary& s, const std::string& prefix) {
  for (const auto& l : s.left_out)
    if (l.rfind(prefix, 0) == 0) return true;
  return false;
}

}  // namespace

TEST_CASE("powers per authority and status per domain", "[rollup]") {
  const std::vector<PowerRecord> powers = {
      {"p1", "gmca", "transport", "held", "2014", "", ""},
      {"p2", "gmca", "transport", "held", "2023", "", ""},
      {"p3", "gmca", "adult_skills", "held", "2019", "", ""},
      {"p4", "gmca", "employment_support", "partial", "2014", "", ""},
      {"p5", "wmca", "transport", "proposed", "2026", "", ""},
      {"p6", "wmca", "transport", "partial", "2020", "", ""},
  };
  const auto summary = summarise_powers(powers, {"gmca", "wmca", "nscca"});
  REQUIRE(summary.size() == 3);
  CHECK(summary[0].authority_id == "gmca");
  CHECK(summary[0].powers_held == 3);
  CHECK(summary[0].domains_held == 2);
  CHECK(summary[0].domains_partial == 1);
  CHECK(summary[0].status_by_domain.at("transport") == "held");
  CHECK(summary[1].powers_held == 0);
  CHECK(summary[1].status_by_domain.at("transport") == "partial");  // best of partial, proposed
  CHECK(summary[2].powers_held == 0);                               // no rows: zeros, not left out
  CHECK(summary[2].status_by_domain.empty());

  const Table t = powers_table(summary, {{"gmca", "E47000001"}, {"wmca", "E47000007"}});
  REQUIRE(t.row_count == 3);
  CHECK(t.columns[*t.find("gss_code")].text[0] == "E47000001");
  CHECK(t.columns[*t.find("gss_code")].text[2].empty());
  CHECK(t.columns[*t.find("powers_held")].values[0] == 3);
  CHECK(t.columns[*t.find("transport")].text[1] == "partial");
  CHECK(t.columns[*t.find("public_health")].text[0].empty());
}

TEST_CASE("financial years", "[rollup]") {
  CHECK(financial_year_start("2025-26") == 2025);
  CHECK(financial_year_start("1999-00") == 1999);
  CHECK_FALSE(financial_year_start("2025-27"));
  CHECK_FALSE(financial_year_start("2025"));
  CHECK(financial_year_name(2025) == "2025-26");
  CHECK_THROWS_WITH(funding_in_year({}, "2025/26"), Catch::Contains("is not like 2025-26"));
}

TEST_CASE("funding in a year follows the schema's counting rules", "[rollup]") {
  const std::vector<BudgetRecord> budgets = {
      // National total: not extra money.
      budget("eng_crsts1", "england", 5.7e9, "total_over_period", "2022-23", "2026-27"),
      // A city region's share of it: counted, spread over 5 years.
      budget("gmca_crsts1", "gmca", 1.07e9, "total_over_period", "2022-23", "2026-27",
             "eng_crsts1"),
      // Per year for the years of the note.
      budget("gmca_if", "gmca", 30e6, "per_year", "2016-17", "", "", true, "30 years"),
      // Not countable.
      budget("gmca_health", "gmca", 6e9, "per_year", "2016-17", "", "", false),
      // Parent and part of the same authority: the parent is counted, the part is not.
      budget("gla_group", "gla", 20.7e9, "per_year", "2025-26", "2025-26"),
      budget("gla_mayor", "gla", 904.1e6, "per_year", "2025-26", "2025-26", "gla_group"),
      // A replaced fund of the same authority is not added.
      budget("wmca_old", "wmca", 100e6, "total_over_period", "2025-26", "2026-27"),
      budget("wmca_new", "wmca", 300e6, "total_over_period", "2025-26", "2027-28", "", true, "",
             "wmca_old"),
      // No start year: cannot be placed in a year.
      budget("cwca_if", "cwca", 21.7e6, "per_year", "", ""),
      // A total whose end is not stated cannot be spread.
      budget("tvca_bhf", "tvca", 19e6, "total_over_period", "2020-21", ""),
      // A total over "four years" from the note.
      budget("cumbria_cap", "cumbria", 4e6, "total_over_period", "2025-26", "", "", true,
             "Over four years"),
      // Open-ended per-year money counts in every later year.
      budget("gmca_aeb", "gmca", 92e6, "per_year", "2019-20", "", "", true, "From August 2019"),
      // A year outside the period: simply not in this year's figure.
      budget("gmca_hif", "gmca", 300e6, "total_over_period", "2014-15", "2023-24"),
  };
  const FundingSummary s = funding_in_year(budgets, "2025-26");
  CHECK(s.financial_year == "2025-26");

  const AuthorityFunding* gmca = find(s, "gmca");
  REQUIRE(gmca);
  CHECK(gmca->amount_gbp == Approx(1.07e9 / 5 + 30e6 + 92e6));
  CHECK(gmca->budget_ids.size() == 3);
  const AuthorityFunding* gla = find(s, "gla");
  REQUIRE(gla);
  CHECK(gla->amount_gbp == Approx(20.7e9));
  const AuthorityFunding* wmca = find(s, "wmca");
  REQUIRE(wmca);
  CHECK(wmca->amount_gbp == Approx(100e6));
  const AuthorityFunding* cumbria = find(s, "cumbria");
  REQUIRE(cumbria);
  CHECK(cumbria->amount_gbp == Approx(1e6));
  CHECK_FALSE(find(s, "england"));
  CHECK_FALSE(find(s, "cwca"));
  CHECK_FALSE(find(s, "tvca"));

  CHECK(left_out(s, "eng_crsts1: national programme total"));
  CHECK(left_out(s, "gmca_health: not countable"));
  CHECK(left_out(s, "gla_mayor: part of gla_group"));
  CHECK(left_out(s, "wmca_old: replaced by wmca_new"));
  CHECK(left_out(s, "cwca_if: no start year"));
  CHECK(left_out(s, "tvca_bhf: period end not stated"));

  // The 30 years of the note end the investment fund in 2045-46.
  const FundingSummary later = funding_in_year(budgets, "2046-47");
  CHECK(find(later, "gmca")->amount_gbp == Approx(92e6));

  const std::map<std::string, double> population = {{"gmca", 2.9e6}, {"gla", 8.9e6}};
  const Table t = funding_table(s, {{"gmca", "E47000001"}}, &population);
  const auto row = [&](const std::string& id) {
    const auto& ids = t.columns[*t.find("authority_id")].text;
    return static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
  };
  CHECK(t.columns[*t.find("gss_code")].text[row("gmca")] == "E47000001");
  CHECK(t.columns[*t.find("funding_per_head")].values[row("gmca")] ==
        Approx(gmca->amount_gbp / 2.9e6));
  CHECK(std::isnan(t.columns[*t.find("funding_per_head")].values[row("wmca")]));
}

TEST_CASE("roll up districts to authorities and down again", "[rollup]") {
  const std::vector<Membership> members = {
      {"ca1", "E08000001"}, {"ca1", "E08000002"}, {"ca2", "E08000003"}, {"ca2", "E08000004"}};
  const std::unordered_map<std::string, double> population = {
      {"E08000001", 100}, {"E08000002", 300}, {"E08000003", 50}};
  const std::unordered_map<std::string, double> rate = {
      {"E08000001", 10}, {"E08000002", 20}, {"E08000003", 5}, {"E08000004", 7}};

  const RollupResult sum = roll_up(members, population, RollupRule::Sum);
  REQUIRE(sum.groups == std::vector<std::string>{"ca1", "ca2"});
  CHECK(sum.values[0] == 400);
  CHECK(std::isnan(sum.values[1]));  // E08000004 has no population: no partial total
  CHECK(sum.missing[1] == std::vector<std::string>{"E08000004"});
  CHECK(sum.members[1] == 2);

  const RollupResult weighted = roll_up(members, rate, RollupRule::WeightedMean, &population);
  CHECK(weighted.values[0] == Approx((100 * 10 + 300 * 20) / 400.0));
  CHECK(weighted.values[1] == Approx(5));  // only the member with a weight counts

  const RollupResult mean = roll_up(members, rate, RollupRule::Mean);
  CHECK(mean.values[1] == Approx(6));

  CHECK_THROWS_WITH(roll_up(members, rate, RollupRule::WeightedMean),
                    Catch::Contains("needs a population"));

  const RolldownResult down = roll_down(members, {{"ca1", 1.5}, {"ca2", 2.5}});
  CHECK(down.values.at("E08000002") == 1.5);
  CHECK(down.values.at("E08000004") == 2.5);
  CHECK(down.conflicts.empty());
  const RolldownResult conflict = roll_down({{"a", "X"}, {"b", "X"}}, {{"a", 1.0}, {"b", 2.0}});
  CHECK(conflict.conflicts == std::vector<std::string>{"X"});
  CHECK(conflict.values.at("X") == 1.0);
}

TEST_CASE("values keyed by a code column", "[rollup]") {
  Table t;
  t.row_count = 3;
  Column k;
  k.name = "code";
  k.text = {" E1 ", "E2", ""};
  t.columns.push_back(k);
  t.add_number_column("v", {1.0, std::nan(""), 3.0}, false);
  const auto values = values_by_key(t, "code", "v");
  CHECK(values.size() == 1);
  CHECK(values.at("E1") == 1.0);
  CHECK_THROWS_WITH(values_by_key(t, "code", "code"), Catch::Contains("'code' is not a number"));
  CHECK_THROWS_WITH(values_by_key(t, "nope", "v"), Catch::Contains("no column 'nope'"));
}
