#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/rollup.hpp"
#include "data/table_source.hpp"
#include "devolution/devolution_dataset.hpp"
#include "support/test_support.hpp"

using namespace devomap;
namespace fs = std::filesystem;

namespace {

fs::path shipped_dataset() {
  return devomap::test::source_dir() / "geodata" / "devolution";
}

// A copy of the shipped dataset to break on purpose.
void copy_dataset(const fs::path& to) {
  for (const auto& entry : fs::directory_iterator(shipped_dataset()))
    if (entry.path().extension() == ".csv")
      fs::copy_file(entry.path(), to / entry.path().filename());
}

void replace_once(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = devomap::test::read_file(file);
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  devomap::test::write_file(file, text);
}

}  // namespace

TEST_CASE("the shipped devolution dataset loads into typed records", "[devolution]") {
  const devolution::DevolutionDataset d = devolution::load_devolution_dataset(shipped_dataset());
  CHECK(d.authorities.size() >= 11);
  CHECK_FALSE(d.councils.empty());
  CHECK_FALSE(d.districts.empty());
  CHECK_FALSE(d.powers.empty());
  CHECK_FALSE(d.budgets.empty());
  CHECK(d.nations.size() == 4);

  // Codes and memberships the schema promises.
  const auto gss = d.gss_by_authority();
  CHECK(gss.at("gmca") == "E47000001");
  CHECK(gss.at("gla") == "E61000001");
  std::set<std::string> gm;
  for (const Membership& m : d.district_memberships(2024))
    if (m.group == "gmca") gm.insert(m.member);
  CHECK(gm.size() == 10);
  CHECK(gm.count("E08000001"));  // Bolton

  // The crosswalk: old districts merged into Cumberland, Barnsley recoded in 2025.
  const CodeCrosswalk crosswalk = d.crosswalk();
  const std::set<std::string> map = {"E06000063", "E08000016"};
  auto on_map = [&](const std::string& c) { return map.count(c) > 0; };
  const auto merged = crosswalk.translate("E07000026", on_map);
  REQUIRE(merged);
  CHECK(merged->to == "E06000063");
  CHECK(merged->type == CodeChangeType::Merger);
  const auto back = crosswalk.translate("E08000038", on_map);
  REQUIRE(back);
  CHECK(back->to == "E08000016");
  CHECK(back->backwards);
  CHECK_FALSE(crosswalk.translate("E06000001", on_map));

  // Budgets: the typed values.
  const auto it = std::find_if(d.budgets.begin(), d.budgets.end(),
                               [](const BudgetRecord& b) { return b.id == "gmca_crsts1"; });
  REQUIRE(it != d.budgets.end());
  CHECK(it->amount_gbp == 1070000000);
  CHECK(it->part_of == "gmca_is_2025");
  CHECK(it->part_of_first_fy == "2025-26");
  CHECK(it->countable);
  CHECK(it->kind == BudgetKind::MultiYearTotal);
  CHECK(it->as_of.size() == 10);

  // The devolved governments' budgets, under one definition.
  REQUIRE(d.nation_budget("scotland", "2025-26"));
  CHECK(d.nation_budget("scotland", "2025-26")->amount_gbp > 40e9);
  CHECK(d.data_as_of(d.authority_ids()).size() == 10);
}

TEST_CASE("the shipped dataset: the facts the fact check of December 2026 corrected",
          "[devolution]") {
  const devolution::DevolutionDataset d = devolution::load_devolution_dataset(shipped_dataset());
  auto authority = [&](const std::string& id) {
    const auto it = std::find_if(d.authorities.begin(), d.authorities.end(),
                                 [&](const devolution::Authority& a) { return a.id == id; });
    REQUIRE(it != d.authorities.end());
    return *it;
  };
  // The Act names the GLA an established mayoral strategic authority (s.1(6)(c)).
  CHECK(authority("gla").tier == "established_mayoral");
  CHECK(authority("dtcca").tier == "combined_foundation");
  // West of England has been its area's transport authority since 2017.
  const auto powers = summarise_powers(d.powers, d.authority_ids());
  for (const auto& p : powers) {
    if (p.authority_id == "weca") CHECK(p.status_by_domain.at("transport") == "held");
    if (p.authority_id == "gmca") CHECK(p.status_by_domain.at("fire_rescue") == "held");
    if (p.authority_id == "gla") CHECK(p.status_by_domain.at("planning") == "held");
    if (p.authority_id == "emcca" || p.authority_id == "ynyca")
      CHECK(p.status_by_domain.at("adult_skills") == "held");
  }
  // Greater Manchester 2025-26: the integrated settlement holds its transport settlement and
  // adult education money, so they are counted once (not £962m).
  const FundingSummary y2025 = funding_in_year(d.budgets, "2025-26");
  const auto gm = std::find_if(y2025.authorities.begin(), y2025.authorities.end(),
                               [](const AuthorityFunding& a) { return a.authority_id == "gmca"; });
  REQUIRE(gm != y2025.authorities.end());
  CHECK(std::find(gm->budget_ids.begin(), gm->budget_ids.end(), "gmca_is_2025") !=
        gm->budget_ids.end());
  CHECK(std::find(gm->budget_ids.begin(), gm->budget_ids.end(), "gmca_crsts1") ==
        gm->budget_ids.end());
  CHECK(std::find(gm->budget_ids.begin(), gm->budget_ids.end(), "gmca_aeb_2019") ==
        gm->budget_ids.end());
  CHECK(gm->amount_gbp < 700e6);
  CHECK(gm->amount_gbp >= 630e6);
  // No line is open-ended: every one has a last year.
  for (const BudgetRecord& b : d.budgets) CHECK_FALSE(b.last_fy.empty());
  // The investment funds that once had no start year now count.
  for (const char* id : {"neca", "ynyca", "heyca"}) {
    INFO(id);
    const auto a = std::find_if(y2025.authorities.begin(), y2025.authorities.end(),
                                [&](const AuthorityFunding& f) { return f.authority_id == id; });
    REQUIRE(a != y2025.authorities.end());
    CHECK(a->amount_gbp > 10e6);
  }
}

TEST_CASE("long tables become per-authority measures", "[devolution]") {
  const devolution::DevolutionDataset d = devolution::load_devolution_dataset(shipped_dataset());
  const auto powers = summarise_powers(d.powers, d.authority_ids());
  CHECK(powers.size() == d.authorities.size());
  const auto gmca = std::find_if(powers.begin(), powers.end(),
                                 [](const AuthorityPowers& p) { return p.authority_id == "gmca"; });
  REQUIRE(gmca != powers.end());
  CHECK(gmca->powers_held > 0);
  CHECK(gmca->status_by_domain.at("transport") == "held");
  const Table table = powers_table(powers, d.gss_by_authority());
  CHECK(table.row_count == d.authorities.size());
  CHECK(table.find("integrated_settlement"));

  const FundingSummary funding = funding_in_year(d.budgets, "2025-26");
  double gm = 0;
  for (const auto& a : funding.authorities) {
    CHECK(a.authority_id != "england");
    if (a.authority_id == "gmca") gm = a.amount_gbp;
  }
  // GMCA's 2025-26: its Integrated Settlement (holding its transport and adult education
  // money) and the rest; never the national totals it is part of.
  CHECK(gm >= 630e6);
  CHECK(gm < 1e9);
  bool national_left_out = false;
  for (const std::string& l : funding.left_out)
    if (l.rfind("eng_tcr: national programme total", 0) == 0) national_left_out = true;
  CHECK(national_left_out);
}

TEST_CASE("a broken dataset gives a message naming file, line and column", "[devolution]") {
  devomap::test::TempDir dir;
  copy_dataset(dir.path());
  SECTION("missing file") {
    fs::remove(dir / "powers.csv");
    CHECK_THROWS_WITH(devolution::load_devolution_dataset(dir.path()),
                      Catch::Contains("powers.csv is missing"));
  }
  SECTION("unknown status") {
    replace_once(dir / "powers.csv", ",transport,held,", ",transport,kinda,");
    CHECK_THROWS_WITH(devolution::load_devolution_dataset(dir.path()),
                      Catch::Contains("powers.csv line 2, column status: 'kinda' is not valid") &&
                          Catch::Contains("held, partial, proposed, recommended"));
  }
  SECTION("unknown authority") {
    replace_once(dir / "budgets.csv", "\ngmca_crsts1,gmca,", "\ngmca_crsts1,nowhere,");
    CHECK_THROWS_WITH(devolution::load_devolution_dataset(dir.path()),
                      Catch::Contains("budgets.csv line") &&
                          Catch::Contains("'nowhere' is not valid (not an authority_id"));
  }
  SECTION("amount not a number") {
    replace_once(dir / "budgets.csv", ",1070000000,", ",lots,");
    CHECK_THROWS_WITH(devolution::load_devolution_dataset(dir.path()),
                      Catch::Contains("column amount_gbp: 'lots' is not valid"));
  }
  SECTION("a budget line without an end") {
    replace_once(dir / "budgets.csv", ",2022-23,2026-27,yes,gmca_is_2025,",
                 ",2022-23,,yes,gmca_is_2025,");
    CHECK_THROWS_WITH(devolution::load_devolution_dataset(dir.path()),
                      Catch::Contains("column last_fy") && Catch::Contains("every line has both"));
  }
  SECTION("an unknown kind of budget line") {
    replace_once(dir / "budgets.csv", ",multi_year_total,2022-23,2026-27,yes,gmca_is_2025,",
                 ",whenever,2022-23,2026-27,yes,gmca_is_2025,");
    CHECK_THROWS_WITH(devolution::load_devolution_dataset(dir.path()),
                      Catch::Contains("column kind: 'whenever' is not valid"));
  }
  SECTION("a nation budget for an unknown nation") {
    replace_once(dir / "nation_budgets.csv", "\nwales,", "\natlantis,");
    CHECK_THROWS_WITH(
        devolution::load_devolution_dataset(dir.path()),
        Catch::Contains("nation_budgets.csv line") && Catch::Contains("'atlantis' is not valid"));
  }
  SECTION("missing column") {
    replace_once(dir / "code_changes.csv", "change_type", "kind");
    CHECK_THROWS_WITH(devolution::load_devolution_dataset(dir.path()),
                      Catch::Contains("code_changes.csv has no column 'change_type'"));
  }
  CHECK_THROWS_WITH(devolution::load_devolution_dataset(dir / "nope"),
                    Catch::Contains("does not exist"));
}

TEST_CASE("real data: population rolls up to the 11 combined authorities of 2024",
          "[devolution][real]") {
  const auto data = devomap::test::real_data_dir("roll-up to combined authorities");
  if (!data) return;
  const data::LoadedTable lookup = data::load_table((*data / "lad24_cauth24_en_lu.csv").string());
  CHECK(lookup.info.encoding == "UTF-8 with BOM");
  const Table& lu = lookup.source.table;
  const Column& lad = lu.columns[*lu.find("LAD24CD")];
  const Column& ca = lu.columns[*lu.find("CAUTH24CD")];
  std::vector<Membership> members;
  for (std::size_t r = 0; r < lu.row_count; ++r) members.push_back({ca.text[r], lad.text[r]});
  REQUIRE(members.size() == 72);

  const data::LoadedTable pop = data::load_table((*data / "lad_population_mid2022.csv").string());
  const auto population = values_by_key(pop.source.table, "lad_code", "population_mid2022");
  const RollupResult r = roll_up(members, population, RollupRule::Sum);
  REQUIRE(r.groups.size() == 11);
  double total = 0;
  for (std::size_t g = 0; g < r.groups.size(); ++g) {
    CHECK(r.missing[g].empty());
    total += r.values[g];
    if (r.groups[g] == "E47000001") CHECK(r.values[g] == 2911744);  // Greater Manchester
    if (r.groups[g] == "E47000014") CHECK(r.values[g] == 1994284);  // North East
  }
  CHECK(total == 18824460);

  // Densities roll up weighted by population; then back down onto the districts.
  const auto density = values_by_key(pop.source.table, "lad_code", "people_per_sq_km_mid2022");
  const RollupResult weighted = roll_up(members, density, RollupRule::WeightedMean, &population);
  std::unordered_map<std::string, double> by_ca;
  for (std::size_t g = 0; g < weighted.groups.size(); ++g) {
    CHECK(weighted.values[g] > 0);
    by_ca[weighted.groups[g]] = r.values[g];
  }
  const RolldownResult down = roll_down(members, by_ca);
  CHECK(down.values.size() == 72);
  CHECK(down.values.at("E08000001") == 2911744);  // Bolton shows Greater Manchester's total
  CHECK(down.conflicts.empty());

  // The same with the dataset's own 2024 memberships: every district has a population.
  const devolution::DevolutionDataset d = devolution::load_devolution_dataset(shipped_dataset());
  const RollupResult authorities =
      roll_up(d.district_memberships(2024), population, RollupRule::Sum);
  std::map<std::string, double> population_by_authority;
  for (std::size_t g = 0; g < authorities.groups.size(); ++g) {
    INFO(authorities.groups[g]);
    CHECK(authorities.missing[g].empty());
    population_by_authority[authorities.groups[g]] = authorities.values[g];
  }
  CHECK(population_by_authority.at("gmca") == 2911744);

  // Funding per head in 2025-26, from the authorities' populations.
  const FundingSummary funding = funding_in_year(d.budgets, "2025-26");
  const Table per_head = funding_table(funding, d.gss_by_authority(), &population_by_authority);
  const auto& ids = per_head.columns[*per_head.find("authority_id")].text;
  const std::size_t gm =
      static_cast<std::size_t>(std::find(ids.begin(), ids.end(), "gmca") - ids.begin());
  REQUIRE(gm < ids.size());
  const double money = per_head.columns[*per_head.find("funding_gbp")].values[gm];
  CHECK(per_head.columns[*per_head.find("gss_code")].text[gm] == "E47000001");
  CHECK(per_head.columns[*per_head.find("funding_per_head")].values[gm] == Approx(money / 2911744));
}
