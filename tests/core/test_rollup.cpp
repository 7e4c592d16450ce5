#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <optional>

#include "core/error.hpp"
#include "core/rollup.hpp"

using namespace devomap;

namespace {

struct Line {
  std::string id, authority;
  std::optional<double> amount;
  BudgetKind kind = BudgetKind::Annual;
  std::string first, last;
  std::string part_of = {}, part_of_first = {}, part_of_last = {};
  bool countable = true;
  bool started = true;
  std::string replaces = {};
};

BudgetRecord budget(const Line& l) {
  BudgetRecord b;
  b.id = l.id;
  b.authority_id = l.authority;
  b.amount_gbp = l.amount;
  b.kind = l.kind;
  b.first_fy = l.first;
  b.last_fy = l.last;
  b.part_of = l.part_of;
  b.part_of_first_fy = l.part_of_first;
  b.part_of_last_fy = l.part_of_last;
  b.countable = l.countable;
  b.started = l.started;
  b.replaces = l.replaces;
  return b;
}

std::vector<BudgetRecord> budgets_of(const std::vector<Line>& lines) {
  std::vector<BudgetRecord> out;
  for (const Line& l : lines) out.push_back(budget(l));
  return out;
}

const BudgetLineInYear* line_of(const AuthorityFunding& a, const std::string& id) {
  for (const auto& l : a.lines)
    if (l.budget_id == id) return &l;
  return nullptr;
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
  using K = BudgetKind;
  const auto budgets = budgets_of({
      // National total: not extra money.
      {"eng_crsts1", "england", 5.7e9, K::MultiYearTotal, "2022-23", "2026-27"},
      // A city region's transport settlement, spread over its 5 years, inside the integrated
      // settlement in 2025-26 and 2026-27 only.
      {"gmca_crsts1", "gmca", 1.07e9, K::MultiYearTotal, "2022-23", "2026-27", "gmca_is_2025",
       "2025-26", "2026-27"},
      {"gmca_is_2025", "gmca", 630e6, K::Annual, "2025-26", "2025-26"},
      // Adult education inside the settlement from 2025-26; open-ended before (ends at the
      // last year with published figures).
      {"gmca_aeb", "gmca", 92e6, K::Annual, "2019-20", "2025-26", "gmca_is_2025", "2025-26"},
      // The 2026-27 settlement exists but its figure is not published.
      {"gmca_is_2026", "gmca", std::nullopt, K::Annual, "2026-27", "2029-30"},
      // Not countable.
      {"gmca_health", "gmca", 6e9, K::Annual, "2016-17", "2025-26", "", "", "", false},
      // A 30-year fund.
      {"gmca_if", "gmca", 30e6, K::Annual, "2016-17", "2045-46"},
      // A replaced fund of the same authority is not added.
      {"wmca_old", "wmca", 100e6, K::MultiYearTotal, "2025-26", "2026-27"},
      {"wmca_new", "wmca", 300e6, K::MultiYearTotal, "2025-26", "2027-28", "", "", "", true, true,
       "wmca_old"},
      // Agreed but not started ("once the mayor is in post").
      {"cwca_if", "cwca", 21.7e6, K::Annual, "2027-28", "2056-57", "", "", "", true, false},
      // A one-off payment counts in its year only.
      {"glcca_capital", "glcca", 28.4e6, K::OneOff, "2025-26", "2025-26"},
  });

  const FundingSummary s = funding_in_year(budgets, "2025-26");
  CHECK(s.financial_year == "2025-26");
  const AuthorityFunding* gmca = find(s, "gmca");
  REQUIRE(gmca);
  // The settlement holds the transport and adult education money: counted once.
  CHECK(gmca->amount_gbp == Approx(630e6 + 30e6));
  CHECK_FALSE(gmca->incomplete);
  REQUIRE(line_of(*gmca, "gmca_crsts1"));
  CHECK_FALSE(line_of(*gmca, "gmca_crsts1")->counted);
  CHECK(line_of(*gmca, "gmca_crsts1")->why_not == "inside gmca_is_2025, which is counted");
  CHECK(line_of(*gmca, "gmca_health")->why_not.find("headline value") != std::string::npos);
  CHECK(find(s, "wmca")->amount_gbp == Approx(100e6));
  CHECK(find(s, "glcca")->amount_gbp == Approx(28.4e6));
  CHECK(left_out(s, "eng_crsts1: national programme total"));
  CHECK(left_out(s, "wmca_old: replaced by wmca_new"));

  // Before the settlement the parts count on their own.
  const FundingSummary y2024 = funding_in_year(budgets, "2024-25");
  CHECK(find(y2024, "gmca")->amount_gbp == Approx(1.07e9 / 5 + 92e6 + 30e6));
  CHECK_FALSE(find(y2024, "glcca"));

  // In 2026-27 the settlement's figure is unknown: its parts count, and the total is marked
  // incomplete rather than read as the whole.
  const FundingSummary y2026 = funding_in_year(budgets, "2026-27");
  const AuthorityFunding* gm26 = find(y2026, "gmca");
  REQUIRE(gm26);
  CHECK(gm26->incomplete);
  CHECK(gm26->unpublished == std::vector<std::string>{"gmca_is_2026"});
  CHECK(gm26->amount_gbp == Approx(1.07e9 / 5 + 30e6));

  // Not started: kept, listed, not counted.
  const FundingSummary y2027 = funding_in_year(budgets, "2027-28");
  REQUIRE(find(y2027, "cwca"));
  CHECK(find(y2027, "cwca")->amount_gbp == 0);
  CHECK(find(y2027, "cwca")->budget_ids.empty());
  CHECK(left_out(y2027, "cwca_if: agreed but not started"));

  // The 30-year fund ends in 2045-46.
  const FundingSummary later = funding_in_year(budgets, "2046-47");
  CHECK_FALSE(find(later, "gmca"));

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

TEST_CASE("the default funding year is the latest with published figures", "[rollup]") {
  using K = BudgetKind;
  const auto budgets = budgets_of({
      {"a", "gmca", 1e6, K::Annual, "2025-26", "2025-26"},
      {"b", "wyca", 4e8, K::Annual, "2026-27", "2026-27"},
      // Figures published for years to come do not move the default past the data's date.
      {"c", "wyca", 1e9, K::MultiYearTotal, "2027-28", "2031-32"},
      // Unknown figures, lines not started and national totals do not count.
      {"d", "neca", std::nullopt, K::Annual, "2028-29", "2028-29"},
      {"e", "england", 1e9, K::Annual, "2026-27", "2026-27"},
  });
  CHECK(latest_funding_year(budgets, "2026-12-06") == "2026-27");
  CHECK(latest_funding_year(budgets, "2026-03-31") == "2025-26");
  CHECK_FALSE(latest_funding_year({}, "2026-12-06"));
  CHECK(financial_year_of_date("2026-04-01") == 2026);
  CHECK(financial_year_of_date("2027-01-15") == 2026);
  CHECK_FALSE(financial_year_of_date("December"));
}

TEST_CASE("recommended powers are not powers held", "[rollup]") {
  const std::vector<PowerRecord> powers = {
      {"p1", "gmca", "health_care", "partial", "2015", "", ""},
      {"p2", "gmca", "employment_support", "held", "2014", "", ""},
      {"r1", "gmca", "health_care", "recommended", "2024", "", ""},
      {"r2", "gmca", "employment_support", "recommended", "2024", "", ""},
      {"r3", "gmca", "education", "recommended", "2024", "", ""},
  };
  const auto summary = summarise_powers(powers, {"gmca"});
  REQUIRE(summary.size() == 1);
  CHECK(summary[0].powers_held == 1);
  CHECK(summary[0].status_by_domain.count("education") == 0);  // a recommendation is no status
  CHECK(summary[0].recommended_domains.size() == 3);
  CHECK(summary[0].recommended_not_held == 2);  // health (only partial) and education
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
