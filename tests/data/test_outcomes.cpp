// ONS outcome indicators as measures: the long table read into indicators, districts' figures
// (through the code crosswalk), authorities' figures rolled up only with 90% of the population
// covered, ranks, and the real ONS file on the real UK map.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "core/layout.hpp"
#include "core/style.hpp"
#include "devolution/devolution_map.hpp"
#include "devolution/outcomes.hpp"
#include "gdal/layer_source.hpp"
#include "support/test_support.hpp"

using namespace devomap;
using devolution::AreaOutcome;
using devolution::OutcomeIndicator;

namespace {

// A long table as ONS publishes it: unique, Indicator, Period, Measure, unit, real.
SourceTable long_table(const std::vector<std::vector<std::string>>& rows) {
  SourceTable t;
  t.origin = "indicators.csv";
  const std::vector<std::string> names = {"unique",  "Indicator", "Category", "Period",
                                          "Measure", "unit",      "real"};
  for (const std::string& n : names) {
    Column c;
    c.name = n;
    t.table.columns.push_back(c);
  }
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < names.size(); ++i)
      t.table.columns[i].text.push_back(i < row.size() ? row[i] : "");
    t.row_numbers.push_back(t.row_numbers.size() + 2);
  }
  t.table.row_count = rows.size();
  return t;
}

Layer district_layer(const std::vector<std::string>& codes) {
  Layer layer;
  Column code{"LAD24CD", ColumnKind::Text, "String", false, {}, {}};
  for (const std::string& c : codes) {
    code.text.push_back(c);
    layer.shapes.push_back({});
    layer.shape_bounds.push_back({});
  }
  layer.attributes.row_count = codes.size();
  layer.attributes.columns = {code};
  layer.code_column = 0;
  return layer;
}

const std::string kPay = "Gross median weekly pay";

}  // namespace

TEST_CASE("the long table becomes one indicator per name and period, NA as no data", "[outcomes]") {
  const auto outcomes = devolution::read_outcomes(
      long_table({{"E08000001", kPay, "Pay", "2023", "Pounds", "£", "600.5"},
                  {"E08000002", kPay, "Pay", "2023", "Pounds", "£", "NA"},
                  {"E06000001", "Key stage 2", "Schools", "2022/23", "Percentage", "%", "58"},
                  {"Notes", "Key stage 2", "Schools", "2022/23", "Percentage", "%", "1"},
                  {"W06000001", "Employment rate (Great Britain)", "Jobs", "2023", "Percentage",
                   "%", "70"},
                  {"N09000001", "Employment rate (Northern Ireland)", "Jobs", "2022", "Percentage",
                   "%", "68"}}),
      "ONS test");
  REQUIRE(outcomes.indicators.size() == 4);
  const OutcomeIndicator& pay = outcomes.indicators[0];
  CHECK(pay.key == "gross_median_weekly_pay");
  CHECK(pay.period == "2023");
  CHECK(pay.by_code.size() == 1);  // NA is no data, never zero
  CHECK(pay.by_code.at("E08000001") == 600.5);
  CHECK_FALSE(pay.count);
  CHECK(devolution::outcome_label(pay) == "Gross median weekly pay, 2023");
  CHECK(devolution::rollup_rule(pay) == "population-weighted mean of district medians");
  CHECK(outcomes.indicators[1].unitary_only);  // E06 only, no two-tier district
  // GB and NI variants stay separate measures.
  CHECK(outcomes.indicators[2].key == "employment_rate_great_britain");
  CHECK(outcomes.indicators[3].key == "employment_rate_northern_ireland");
  CHECK(devolution::find_indicator(outcomes, "gross median weekly pay") == &pay);
  CHECK(devolution::find_indicator(outcomes, "Gross median weekly pay, 2023") == &pay);
  CHECK(devolution::find_indicator(outcomes, "happiness") == nullptr);
  REQUIRE(outcomes.notes.size() == 1);  // the row without a GSS code
  CHECK_THAT(outcomes.notes[0], Catch::Contains("1 rows"));
}

TEST_CASE("a table that is not the indicators table is refused naming the column", "[outcomes]") {
  SourceTable t = long_table({{"E08000001", kPay, "Pay", "2023", "Pounds", "£", "600"}});
  t.table.columns[1].name = "Series";
  CHECK_THROWS_WITH(devolution::read_outcomes(t, "ONS"),
                    Catch::Contains("indicators.csv has no column 'Indicator'"));
}

TEST_CASE("districts take published figures, former codes through the crosswalk", "[outcomes]") {
  const auto outcomes = devolution::read_outcomes(
      long_table({{"E08000001", kPay, "", "2023", "Pounds", "£", "500"},
                  {"E07000001", kPay, "", "2023", "Pounds", "£", "400"},  // merged into E06000099
                  {"E07000002", kPay, "", "2023", "Pounds", "£", "700"},
                  {"E08000016", kPay, "", "2023", "Pounds", "£", "450"},    // recoded
                  {"E07000005", kPay, "", "2023", "Pounds", "£", "480"}}),  // 1 of 2 merged
      "ONS");
  const CodeCrosswalk crosswalk({
      {"m1", "E07000001", "Old A", "E06000099", "New", "2023-04-01", CodeChangeType::Merger},
      {"m2", "E07000002", "Old B", "E06000099", "New", "2023-04-01", CodeChangeType::Merger},
      {"r1", "E08000016", "Barnsley", "E08000038", "Barnsley", "2025-04-01",
       CodeChangeType::Recode},
      {"m3", "E07000005", "Old C", "E06000098", "Other", "2023-04-01", CodeChangeType::Merger},
      {"m4", "E07000006", "Old D", "E06000098", "Other", "2023-04-01", CodeChangeType::Merger},
  });
  const Layer districts =
      district_layer({"E08000001", "E06000099", "E08000038", "E06000098", "E08000002"});
  const std::unordered_map<std::string, double> people = {{"E07000001", 100}, {"E07000002", 300}};

  const auto with =
      devolution::outcome_on_districts(outcomes.indicators[0], districts, crosswalk, &people);
  CHECK(with[0].value == 500);
  CHECK(with[0].how == "published by ONS");
  // Merged: weighted by the former districts' populations, within their range.
  CHECK(with[1].value == Approx((400 * 100 + 700 * 300) / 400.0));
  CHECK(with[1].made);
  CHECK_THAT(with[1].how, Catch::Contains("Old A, Old B"));
  CHECK(with[2].value == 450);
  CHECK_THAT(with[2].how, Catch::Contains("former code E08000016"));
  // One of two former districts published: no partial figure.
  CHECK(std::isnan(with[3].value));
  CHECK_THAT(with[3].how, Catch::Contains("1 of its 2 former districts"));
  CHECK(std::isnan(with[4].value));
  CHECK(with[4].how == "not published for this area");

  // Without populations for the former districts, a merged district has no figure.
  const auto without =
      devolution::outcome_on_districts(outcomes.indicators[0], districts, crosswalk, nullptr);
  CHECK(std::isnan(without[1].value));
  CHECK_THAT(without[1].how, Catch::Contains("no figures to weigh them by"));
}

TEST_CASE("an authority's figure is a weighted mean only with 90% of its people covered",
          "[outcomes]") {
  const auto outcomes = devolution::read_outcomes(
      long_table({{"E08000001", kPay, "", "2023", "Pounds", "£", "500"},
                  {"E08000002", kPay, "", "2023", "Pounds", "£", "600"},
                  {"E08000003", kPay, "", "2023", "Pounds", "£", "900"},
                  {"E08000005", kPay, "", "2023", "Pounds", "£", "800"},
                  {"E08000001", "Jobs", "", "2023", "Number", "jobs", "10"},
                  {"E08000002", "Jobs", "", "2023", "Number", "jobs", "20"},
                  {"E08000003", "Jobs", "", "2023", "Number", "jobs", "30"}}),
      "ONS");
  const Layer districts =
      district_layer({"E08000001", "E08000002", "E08000003", "E08000004", "E08000005"});
  const std::unordered_map<std::string, double> people = {{"E08000001", 100},
                                                          {"E08000002", 300},
                                                          {"E08000003", 50},
                                                          {"E08000004", 20},
                                                          {"E08000005", 200}};
  const CodeCrosswalk none;
  const OutcomeIndicator& pay = outcomes.indicators[0];
  const auto d = devolution::outcome_on_districts(pay, districts, none, &people);
  // Area 0: all three districts; area 1: E08000004 (no figure, 20 people) with E08000005 (200):
  // 91% covered; area 2: E08000003 (50 people, figure) with E08000004 (20): 71%; area 3: one
  // district keeps its own published figure.
  const std::vector<std::vector<std::size_t>> areas = {{0, 1, 2}, {3, 4}, {2, 3}, {4}};
  const auto a = devolution::outcome_on_areas(pay, districts, d, areas, &people);
  CHECK(a[0].value == Approx((500 * 100 + 600 * 300 + 900 * 50) / 450.0));
  CHECK(a[0].value >= 500);
  CHECK(a[0].value <= 900);  // a rate rolled up stays within its districts' range
  CHECK(a[0].coverage == Approx(1.0));
  CHECK(a[0].made);
  CHECK_THAT(a[0].how, Catch::Contains("population-weighted mean of district medians"));
  CHECK(a[1].value == 800);
  CHECK(a[1].coverage == Approx(200.0 / 220));
  CHECK(std::isnan(a[2].value));
  CHECK_THAT(a[2].how, Catch::Contains("71% of its population; at least 90% is needed"));
  CHECK(a[3].value == 800);
  CHECK_FALSE(a[3].made);

  // Counts add up, and only when every district has one.
  const OutcomeIndicator& jobs = outcomes.indicators[1];
  CHECK(jobs.count);
  const auto dj = devolution::outcome_on_districts(jobs, districts, none, &people);
  const auto aj = devolution::outcome_on_areas(jobs, districts, dj, {{0, 1, 2}, {2, 3}}, &people);
  CHECK(aj[0].value == 60);
  CHECK(std::isnan(aj[1].value));
  CHECK_THAT(aj[1].how, Catch::Contains("a partial sum is not shown"));

  // No population table: no weighted means at all.
  const auto nopop = devolution::outcome_on_areas(pay, districts, d, areas, nullptr);
  CHECK(std::isnan(nopop[0].value));
  CHECK(nopop[3].value == 800);
}

TEST_CASE("ranks count from the highest among the areas compared", "[outcomes]") {
  const std::vector<double> v = {3, NAN, 7, 5, 9};
  const std::vector<bool> among = {true, true, true, true, false};
  const auto r = devolution::rank_of(v, among, 3);
  REQUIRE(r);
  CHECK(r->position == 2);
  CHECK(r->of == 3);
  CHECK(devolution::describe(*r) == "2nd highest of 3");
  CHECK(devolution::describe({1, 3}) == "highest of 3");
  CHECK(devolution::describe({11, 20}) == "11th highest of 20");
  CHECK_FALSE(devolution::rank_of(v, among, 1));  // no figure
  CHECK_FALSE(devolution::rank_of(v, among, 4));  // not compared
}

TEST_CASE("a legend note is drawn under the entries", "[outcomes]") {
  Legend legend;
  legend.title = "Pay";
  legend.entries.push_back({{255, 0, 0, 255}, "1 – 2", 3, false});
  const FontSet& fonts = default_fonts();
  const LegendLayout plain = layout_legend(legend, 800, 600, 1.0, fonts);
  legend.note = "Authorities and nations: population-weighted mean of district medians.";
  const LegendLayout noted = layout_legend(legend, 800, 600, 1.0, fonts);
  CHECK(noted.panel.h > plain.panel.h);
  std::string all;
  for (const auto& t : noted.texts) all += t.text + " ";
  CHECK_THAT(all, Catch::Contains("population-weighted"));
}

TEST_CASE("real data: ONS outcomes on the UK devolution map", "[outcomes][real]") {
  const auto data = test::real_data_dir("outcomes on the UK map");
  if (!data) return;
  const auto folder = devolution::find_devolution_dataset();
  REQUIRE(folder);
  const devolution::DevolutionDataset dataset = devolution::load_devolution_dataset(*folder);
  const Layer districts = gdal::load_layer((*data / "lad_2024_uk_buc.gpkg").string());
  const devolution::Population population =
      devolution::load_population((*data / "mye22final.xlsx").string(), std::string("MYE5"));
  const devolution::Outcomes outcomes = devolution::load_outcomes(
      (*data / "ons_subnational_indicators_2024-03.csv").string(), "ONS Subnational indicators");
  CHECK(outcomes.indicators.size() == 38);

  devolution::DevolutionMapOptions options;
  options.population = &population;
  options.outcomes = &outcomes;
  const devolution::DevolutionMap map =
      devolution::build_devolution_map(districts, dataset, options);
  const Layer& areas = *map.areas;
  CHECK(map.outcomes.size() == 38);

  const auto measure = devolution::find_measure(map, "Gross value added per hour worked");
  REQUIRE(measure);
  CHECK(measure->key == "gross_value_added_per_hour_worked");
  CHECK(measure->period == "2021");
  CHECK(measure->units == "£");
  const auto* gva = devolution::find_outcome(map, measure->key);
  REQUIRE(gva);
  const auto* published = devolution::find_indicator(outcomes, "gross_value_added_per_hour_worked");
  REQUIRE(published);

  // Greater Manchester's figure lies within its ten districts' published figures.
  std::size_t gm = areas.size();
  for (std::size_t i = 0; i < areas.size(); ++i)
    if (areas.name(i) == "Greater Manchester Combined Authority") gm = i;
  REQUIRE(gm < areas.size());
  double lo = 1e9, hi = -1e9;
  for (std::size_t d : map.area_districts[gm]) {
    const double v = published->by_code.at(districts.code(d));
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const AreaOutcome& g = gva->areas[gm];
  CHECK(g.made);
  CHECK(g.value >= lo);
  CHECK(g.value <= hi);
  CHECK(g.coverage >= devolution::kOutcomeCoverage);
  CHECK(map.is_authority[gm]);

  // The nations have figures made from their councils; Northern Ireland has none for the Great
  // Britain variant and one for its own.
  const auto* gb =
      devolution::find_outcome(map, "aged_16_to_64_years_employment_rate_great_britain");
  const auto* ni =
      devolution::find_outcome(map, "aged_16_to_64_years_employment_rate_northern_ireland");
  REQUIRE(gb);
  REQUIRE(ni);
  for (std::size_t i = 0; i < areas.size(); ++i) {
    if (areas.name(i) == "Northern Ireland") {
      CHECK(std::isnan(gb->areas[i].value));
      CHECK(ni->areas[i].value > 50);
    }
    if (areas.name(i) == "Scotland") CHECK(gb->areas[i].value > 50);
  }
  // Every rolled-up figure either meets the coverage or is no data.
  for (const auto& o : map.outcomes)
    for (const AreaOutcome& a : o.areas)
      if (a.made && !std::isnan(a.value) && !std::isnan(a.coverage))
        CHECK(a.coverage >= devolution::kOutcomeCoverage);
  // The measure's style says how the authorities' figures were made.
  const StyleSpec style = devolution::style_for_measure(map, measure->field);
  CHECK_THAT(style.legend_note, Catch::Contains("population-weighted mean"));
}
