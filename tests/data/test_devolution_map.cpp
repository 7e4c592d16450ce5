// The default UK map: strategic authorities dissolved from their districts, uncovered English
// districts, the devolved nations, and the measures the variable picker offers.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "core/alt_text.hpp"
#include "core/geometry.hpp"
#include "core/labels.hpp"
#include "core/style.hpp"
#include "devolution/devolution_map.hpp"
#include "gdal/layer_source.hpp"
#include "support/test_support.hpp"

using namespace devomap;
namespace fld = devomap::devolution::devolution_field;

namespace {

Polygon square(double x, double y, double size) {
  Polygon p;
  p.outer = {{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}};
  return p;
}

// A 2x2 block of English districts (three in one authority), one more English district
// outside any authority, and two Scottish districts.
Layer fixture_districts() {
  Layer layer;
  layer.layer_name = "fixture";
  const std::vector<std::pair<std::string, Polygon>> areas = {
      {"E08000001", square(0, 0, 1000)},    {"E08000002", square(1000, 0, 1000)},
      {"E08000003", square(0, 1000, 1000)}, {"E06000001", square(1000, 1000, 1000)},
      {"S12000001", square(0, 5000, 1000)}, {"S12000002", square(1000, 5000, 1000)}};
  Column code{"LAD24CD", ColumnKind::Text, "String", false, {}, {}};
  Column name{"LAD24NM", ColumnKind::Text, "String", false, {}, {}};
  std::vector<double> km2;
  for (const auto& [c, shape] : areas) {
    layer.shapes.push_back({shape});
    layer.shape_bounds.push_back(bounds_of(layer.shapes.back()));
    layer.bounds.expand(layer.shape_bounds.back());
    code.text.push_back(c);
    name.text.push_back("District " + c);
    km2.push_back(1.0);
  }
  layer.attributes.row_count = areas.size();
  layer.attributes.columns = {code, name};
  layer.attributes.add_number_column("area_km2", km2, true);
  layer.code_column = 0;
  layer.name_column = 1;
  return layer;
}

devolution::DevolutionDataset fixture_dataset() {
  devolution::DevolutionDataset d;
  devolution::Authority a;
  a.id = "metro";
  a.gss_code = "E47000001";
  a.name = "Metro Combined Authority";
  a.type = "mayoral_combined_authority";
  a.tier = "established_mayoral";
  a.status = "established";
  a.mayor = "A Mayor";
  a.mayor_party = "Party";
  d.authorities.push_back(a);
  devolution::Authority proposed = a;
  proposed.id = "shire";
  proposed.gss_code = "";
  proposed.name = "Shire Combined County Authority";
  proposed.status = "proposed";
  proposed.mayor = "";
  d.authorities.push_back(proposed);  // no districts listed: reported, not drawn
  for (const char* code : {"E08000001", "E08000002", "E08000003"})
    d.districts.push_back({"metro", code, "", 2024, "fixture", ""});
  d.powers.push_back({"p1", "metro", "transport", "held", "2024", "", ""});
  d.powers.push_back({"p2", "metro", "adult_skills", "held", "2024", "", ""});
  BudgetRecord b;
  b.id = "b1";
  b.authority_id = "metro";
  b.fund = "Investment fund";
  b.fund_type = "investment_fund";
  b.amount_gbp = 3'000'000;
  b.kind = BudgetKind::Annual;
  b.first_fy = "2025-26";
  b.last_fy = "2025-26";
  b.countable = true;
  b.as_of = "2026-12-06";
  d.budgets.push_back(b);
  // The next year's settlement exists but its figure is not published.
  BudgetRecord later = b;
  later.id = "b2";
  later.amount_gbp.reset();
  later.first_fy = later.last_fy = "2026-27";
  d.budgets.push_back(later);
  devolution::Nation scotland;
  scotland.id = "scotland";
  scotland.gss_code = "S92000003";
  scotland.name = "Scotland";
  scotland.legislature = "Scottish Parliament";
  scotland.executive = "Scottish Government";
  scotland.as_of = "2026-12-01";
  d.nations.push_back(scotland);
  devolution::NationBudget budget;
  budget.nation_id = "scotland";
  budget.financial_year = "2025-26";
  budget.measure = "Total DEL";
  budget.amount_gbp = 50e9;
  budget.as_of = "2026-12-06";
  d.nation_budgets.push_back(budget);
  d.authorities[0].as_of = "2026-11-30";
  return d;
}

// Mid-2022 populations of the fixture's districts, and Scotland's own row.
devolution::Population fixture_population() {
  devolution::Population population;
  population.by_code = {{"E08000001", 100},
                        {"E08000002", 200},
                        {"E08000003", 300},
                        {"E06000001", 50},
                        {"S92000003", 5000}};
  population.label = "mid-2022";
  return population;
}

std::size_t row_named(const Layer& layer, const std::string& name) {
  for (std::size_t i = 0; i < layer.size(); ++i)
    if (layer.name(i) == name) return i;
  FAIL("no area named " << name);
  return 0;
}

std::string text(const Layer& layer, const char* field, std::size_t row) {
  return layer.attributes.columns[*layer.attributes.find(field)].text[row];
}
double number(const Layer& layer, const std::string& field, std::size_t row) {
  const auto col = layer.attributes.find(field);
  REQUIRE(col);
  return layer.attributes.columns[*col].values[row];
}

}  // namespace

TEST_CASE("an authority is dissolved from its districts and carries its measures",
          "[devolution-map]") {
  const Layer districts = fixture_districts();
  const devolution::DevolutionDataset dataset = fixture_dataset();
  const devolution::Population population = fixture_population();
  devolution::DevolutionMapOptions options;
  options.population = &population;
  options.financial_year = "2025-26";
  const devolution::DevolutionMap map =
      devolution::build_devolution_map(districts, dataset, options);
  const Layer& areas = *map.areas;

  // Metro (3 districts dissolved), the uncovered district, Scotland (2 districts dissolved).
  REQUIRE(areas.size() == 3);
  const std::size_t metro = row_named(areas, "Metro Combined Authority");
  CHECK(areas.code(metro) == "E47000001");
  CHECK(area(areas.shapes[metro]) == Approx(3e6));
  CHECK(areas.shapes[metro].size() == 1);  // one L-shaped polygon, inner edges gone
  CHECK(areas.shapes[metro][0].holes.empty());
  CHECK(text(areas, fld::kTier, metro) == devolution::kTierEstablishedMayoral);
  CHECK(text(areas, fld::kMayor, metro) == "A Mayor (Party)");
  CHECK(text(areas, kMapLabelField, metro) == "Metro");  // the place, for map labels
  CHECK(text(areas, fld::kTransport, metro) == "Held");
  CHECK(number(areas, fld::kPowersHeld, metro) == 2);
  CHECK(number(areas, "Population mid-2022", metro) == 600);
  CHECK(number(areas, "Devolved funding 2025-26 (£)", metro) == 3'000'000);
  CHECK(number(areas, "Devolved funding per head 2025-26 (£)", metro) == Approx(5000));
  CHECK(number(areas, "area_km2", metro) == Approx(3.0));

  const std::size_t uncovered = row_named(areas, "District E06000001");
  CHECK(text(areas, fld::kTier, uncovered) == devolution::kTierNone);
  CHECK(number(areas, fld::kPowersHeld, uncovered) == 0);
  // No strategic authority: no devolved funding (not zero), shown as its own category.
  CHECK(std::isnan(number(areas, "Devolved funding per head 2025-26 (£)", uncovered)));
  CHECK(text(areas, "Funding note 2025-26", uncovered) == devolution::kTierNone);

  const std::size_t scotland = row_named(areas, "Scotland");
  CHECK(areas.code(scotland) == "S92000003");
  CHECK(text(areas, fld::kTier, scotland) == devolution::kTierDevolved);
  CHECK(area(areas.shapes[scotland]) == Approx(2e6));
  CHECK(number(areas, "Population mid-2022", scotland) == 5000);  // the nation's own row
  // The devolved government's whole budget for the same year, set apart as not comparable.
  CHECK(number(areas, "Devolved funding 2025-26 (£)", scotland) == 50e9);
  CHECK(number(areas, "Devolved funding per head 2025-26 (£)", scotland) == Approx(1e7));
  CHECK(text(areas, "Funding note 2025-26", scotland) == devolution::kNationBudgetCategory);
  CHECK(map.financial_year == "2025-26");
  CHECK(map.data_as_of == "2026-11-30");  // the oldest as_of among the rows drawn

  // The proposed authority without districts is reported, not silently dropped.
  bool reported = false;
  for (const auto& n : map.notes) reported |= n.find("Shire Combined County Authority") == 0;
  CHECK(reported);

  // The tier style colours every area and puts the tiers in legend order.
  const LayerStyle style = build_style(areas, map.tier_style);
  REQUIRE(style.fills.size() == areas.size());
  CHECK(style.fills[metro] ==
        map.tier_style.category_colors.at(devolution::kTierEstablishedMayoral));
  CHECK(style.fills[scotland] == map.tier_style.category_colors.at(devolution::kTierDevolved));
  REQUIRE(style.legend.entries.size() >= 3);
  CHECK(style.legend.entries[0].label == devolution::kTierEstablishedMayoral);
  CHECK(style.legend.entries.back().label == devolution::kTierDevolved);
}

TEST_CASE("funding maps set the nations and districts outside an authority apart",
          "[devolution-map]") {
  const Layer districts = fixture_districts();
  const devolution::Population population = fixture_population();
  devolution::DevolutionMapOptions options;
  options.population = &population;
  options.financial_year = "2025-26";
  const devolution::DevolutionMap map =
      devolution::build_devolution_map(districts, fixture_dataset(), options);
  const Layer& areas = *map.areas;
  const StyleSpec spec =
      devolution::style_for_measure(map, "Devolved funding per head 2025-26 (£)");
  REQUIRE(spec.fixed_category_field);
  const LayerStyle style = build_style(areas, spec);
  const std::size_t scotland = row_named(areas, "Scotland");
  const std::size_t uncovered = row_named(areas, "District E06000001");
  CHECK(style.fills[scotland] == spec.category_colors.at(devolution::kNationBudgetCategory));
  CHECK(style.fills[uncovered] == spec.category_colors.at(devolution::kTierNone));
  // The legend: the authorities' class, then a class for each kind of area set apart, and
  // no "No data" entry (nothing here is unknown).
  std::vector<std::string> labels;
  for (const auto& e : style.legend.entries) labels.push_back(e.label);
  CHECK(std::find(labels.begin(), labels.end(), devolution::kNationBudgetCategory) != labels.end());
  CHECK(std::find(labels.begin(), labels.end(), devolution::kTierNone) != labels.end());
  CHECK(std::find(labels.begin(), labels.end(), "No data") == labels.end());
  // Values as tooltips and the SVG write them: the nation's figure with why it stands apart.
  const auto values = area_value_texts(areas, spec, style);
  CHECK(values[uncovered] == devolution::kTierNone);
  CHECK(values[scotland].find(devolution::kNationBudgetCategory) != std::string::npos);
  CHECK(values[scotland].find("£") == 0);
  const auto numbers = area_numbers(areas, spec);
  CHECK(numbers[uncovered].empty());
  CHECK(numbers[scotland] == "10000000");

  // The next year: the authority's settlement has no published figure, so it is marked
  // incomplete rather than ranked; Scotland's budget for that year is not in the data.
  options.financial_year = "2026-27";
  const devolution::DevolutionMap next =
      devolution::build_devolution_map(districts, fixture_dataset(), options);
  const std::size_t metro = row_named(*next.areas, "Metro Combined Authority");
  CHECK(text(*next.areas, "Funding note 2026-27", metro) == "Figures incomplete for 2026-27");
  CHECK(text(*next.areas, "Funding note 2026-27", row_named(*next.areas, "Scotland")) ==
        devolution::kNationBudgetUnknownCategory);
  // Without a year, the latest with published figures.
  options.financial_year.clear();
  CHECK(devolution::build_devolution_map(districts, fixture_dataset(), options).financial_year ==
        "2025-26");
  CHECK_THROWS_WITH(devolution::funding_year_for(fixture_dataset(), "2026/27"),
                    Catch::Contains("not a year like 2026-27"));

  // A proposed authority does not exist yet: its lack of funding is known, not "No data".
  devolution::DevolutionDataset with_shire = fixture_dataset();
  with_shire.districts.push_back({"shire", "E06000001", "", 2024, "fixture", ""});
  options.financial_year = "2025-26";
  const devolution::DevolutionMap shire_map =
      devolution::build_devolution_map(districts, with_shire, options);
  const std::size_t shire = row_named(*shire_map.areas, "Shire Combined County Authority");
  CHECK(text(*shire_map.areas, "Funding note 2025-26", shire) == devolution::kProposedCategory);
  CHECK(std::isnan(number(*shire_map.areas, "Devolved funding 2025-26 (£)", shire)));
}

TEST_CASE("measures are found by key, field or label", "[devolution-map]") {
  const Layer districts = fixture_districts();
  const devolution::DevolutionMap map = devolution::build_devolution_map(
      districts, fixture_dataset(), devolution::DevolutionMapOptions{});
  CHECK(devolution::find_measure(map, "powers")->field == fld::kPowersHeld);
  CHECK(devolution::find_measure(map, "Devolution tier")->key == "tier");
  // A field name with a financial year in it (the hyphen is not a key's underscore).
  CHECK(devolution::find_measure(map, "Devolved funding 2025-26 (£)")->key == "funding");
  CHECK(devolution::find_measure(map, "Recommended-not-held") == std::nullopt);
  CHECK_FALSE(devolution::find_measure(map, "per_head"));  // no population given, so no per-head
  CHECK_FALSE(devolution::find_measure(map, "nonsense"));
  const StyleSpec spec = devolution::style_for_measure(map, fld::kPowersHeld);
  CHECK(spec.legend_title == "Devolved powers held");
  CHECK_NOTHROW(build_style(*map.areas, spec));
}

TEST_CASE("a district layer without codes is refused with a message", "[devolution-map]") {
  Layer districts = fixture_districts();
  districts.code_column.reset();
  CHECK_THROWS_WITH(devolution::build_devolution_map(districts, fixture_dataset(),
                                                     devolution::DevolutionMapOptions{}),
                    Catch::Contains("no GSS code field"));
}

TEST_CASE("real data: the UK devolution map from ONS districts and the shipped dataset",
          "[devolution-map][real]") {
  const auto data = test::real_data_dir("devolution map");
  if (!data) return;
  const auto folder = devolution::find_devolution_dataset();
  REQUIRE(folder);
  const devolution::DevolutionDataset dataset = devolution::load_devolution_dataset(*folder);
  const Layer districts = gdal::load_layer((*data / "lad_2024_uk_buc.gpkg").string());
  const devolution::Population population =
      devolution::load_population((*data / "mye22final.xlsx").string(), std::string("MYE5"));
  CHECK(population.label == "mid-2022");
  CHECK(population.by_code.at("E08000003") > 500000);  // Manchester

  devolution::DevolutionMapOptions options;
  options.population = &population;
  const devolution::DevolutionMap map =
      devolution::build_devolution_map(districts, dataset, options);
  const Layer& areas = *map.areas;
  INFO("notes: " << map.notes.size());
  for (const auto& n : map.notes) UNSCOPED_INFO(n);

  std::size_t authorities = 0, uncovered = 0, nations = 0;
  for (std::size_t i = 0; i < areas.size(); ++i) {
    const std::string tier = text(areas, fld::kTier, i);
    if (tier == devolution::kTierNone)
      ++uncovered;
    else if (tier == devolution::kTierDevolved)
      ++nations;
    else
      ++authorities;
  }
  CHECK(authorities == dataset.authorities.size());  // every authority lists its districts
  CHECK(nations == 3);
  CHECK(uncovered > 0);
  // Every English district is in exactly one area.
  double district_people = 0;
  for (std::size_t i = 0; i < districts.size(); ++i)
    if (districts.code(i)[0] == 'E') district_people += population.by_code.at(districts.code(i));
  double area_people = 0;
  const std::string pop = "Population mid-2022";
  for (std::size_t i = 0; i < areas.size(); ++i)
    if (text(areas, fld::kTier, i) != devolution::kTierDevolved)
      area_people += number(areas, pop, i);
  CHECK(area_people == Approx(district_people));

  const std::size_t gm = row_named(areas, "Greater Manchester Combined Authority");
  CHECK(number(areas, fld::kDistricts, gm) == 10);
  // Labels name the authorities and nations first, the most populous first; districts outside
  // an authority are not key areas.
  REQUIRE(areas.label_weights.size() == areas.size());
  const std::size_t cambs = row_named(areas, "Cambridgeshire and Peterborough Combined Authority");
  CHECK(areas.label_weights[gm] > areas.label_weights[cambs]);
  CHECK(areas.is_key_area(row_named(areas, "Scotland")));
  for (std::size_t i = 0; i < areas.size(); ++i)
    if (text(areas, fld::kTier, i) == devolution::kTierNone) CHECK_FALSE(areas.is_key_area(i));
  CHECK(number(areas, pop, gm) == Approx(2.9e6).epsilon(0.05));
  // The dissolved outline has the districts' area (no gaps or overlaps from the union).
  CHECK(area(areas.shapes[gm]) / 1e6 == Approx(number(areas, "area_km2", gm)).epsilon(0.01));
}

TEST_CASE("a table by district rolls up to the authorities: sums, and weighted means for rates",
          "[devolution-map]") {
  auto districts = std::make_shared<const Layer>(fixture_districts());
  devolution::Population population;
  population.by_code = {{"E08000001", 100}, {"E08000002", 300}, {"E08000003", 600},
                        {"E06000001", 50},  {"S12000001", 10},  {"S12000002", 30}};
  population.label = "mid-2022";
  devolution::DevolutionMapOptions options;
  options.population = &population;
  devolution::DevolutionMap map =
      devolution::build_devolution_map(*districts, fixture_dataset(), options);
  map.districts = districts;
  REQUIRE(map.area_districts.size() == map.areas->size());

  SourceTable table;
  table.origin = "schools.csv";
  table.table.row_count = 5;
  Column code;
  code.name = "Code";
  code.text = {"E08000001", "E08000002", "E08000003", "E06000001", "S12000001"};
  table.table.columns = {code};
  table.table.add_number_column("Pupils", {10, 20, 30, 5, 1}, false);
  table.table.add_number_column("Pass rate", {50, 60, 70, 40, 90}, false);
  // Never summed: a proportion (IMD's "Extent"), a year, and a column of no known kind.
  table.table.add_number_column("Extent", {0.1, 0.3, 0.2, 0, 0}, false);
  table.table.add_number_column("Year", {2019, 2019, 2019, 2019, 2019}, false);
  table.table.add_number_column("Value", {1, 2, 2, 3, 4}, false);
  // A density weighs by area, not people (equal areas here: the plain mean, not 43).
  table.table.add_number_column("People per sq km", {10, 20, 60, 5, 1}, false);
  table.row_numbers = {2, 3, 4, 5, 6};

  const devolution::DevolutionJoin joined =
      devolution::join_to_devolution_map(map, *map.areas, table, JoinOptions{}, &population);
  CHECK(joined.rolled_up);
  CHECK(joined.report.matched == 5);  // districts that received a row
  bool noted = false;
  for (const auto& n : joined.report.notes) noted |= n.find("rolled up") != std::string::npos;
  CHECK(noted);

  Layer result = *map.areas;
  result.attributes = joined.attributes;
  const std::size_t metro = row_named(result, "Metro Combined Authority");
  CHECK(number(result, "Pupils", metro) == 60);
  // (50*100 + 60*300 + 70*600) / 1000
  CHECK(number(result, "Pass rate", metro) == Approx(65.0));
  // (0.1*100 + 0.3*300 + 0.2*600) / 1000: within the districts' range, never their sum (0.6)
  CHECK(number(result, "Extent", metro) == Approx(0.22));
  CHECK(number(result, "Year", metro) == 2019);
  CHECK(std::isnan(number(result, "Value", metro)));  // the districts differ
  CHECK(number(result, "People per sq km", metro) == Approx(30.0));
  const std::size_t uncovered = row_named(result, "District E06000001");
  CHECK(number(result, "Pupils", uncovered) == 5);
  // Scotland lacks S12000002's row: no data rather than a partial total.
  CHECK(std::isnan(number(result, "Pupils", row_named(result, "Scotland"))));

  SECTION("a table by authority code joins the areas directly") {
    SourceTable by_authority;
    by_authority.origin = "authorities.csv";
    by_authority.table.row_count = 1;
    Column c;
    c.name = "Code";
    c.text = {"E47000001"};
    by_authority.table.columns = {c};
    by_authority.table.add_number_column("Score", {7}, false);
    by_authority.row_numbers = {2};
    const devolution::DevolutionJoin direct = devolution::join_to_devolution_map(
        map, *map.areas, by_authority, JoinOptions{}, &population);
    CHECK_FALSE(direct.rolled_up);
    CHECK(direct.report.matched == 1);
  }
}
