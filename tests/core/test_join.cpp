#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/join.hpp"

using namespace devomap;

namespace {

Column text_column(std::string name, std::vector<std::string> cells) {
  Column c;
  c.name = std::move(name);
  c.source_type = "String";
  c.text = std::move(cells);
  return c;
}

// A layer with only attributes: code and name fields, like LAD24CD/LAD24NM.
Layer make_layer(const std::vector<std::string>& codes, const std::vector<std::string>& names) {
  Layer layer;
  layer.layer_name = "test_lad";
  layer.attributes.row_count = codes.size();
  layer.attributes.columns.push_back(text_column("LAD24CD", codes));
  layer.attributes.columns.push_back(text_column("LAD24NM", names));
  layer.code_column = 0;
  layer.name_column = 1;
  return layer;
}

// A table as load_table would give it: a header on row 1, data from row 2.
SourceTable make_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows) {
  SourceTable s;
  s.origin = "test.csv";
  s.table.row_count = rows.size();
  for (std::size_t c = 0; c < header.size(); ++c) {
    std::vector<std::string> cells;
    for (const auto& r : rows) cells.push_back(c < r.size() ? r[c] : "");
    s.table.columns.push_back(text_column(header[c], cells));
  }
  for (std::size_t i = 0; i < rows.size(); ++i) s.row_numbers.push_back(i + 2);
  s.unreadable = assign_column_kinds(s.table, s.row_numbers).unreadable;
  return s;
}

const Column& column(const Table& t, const std::string& name) {
  const auto i = t.find(name);
  REQUIRE(i);
  return t.columns[*i];
}

JoinOptions by(JoinMode mode) {
  JoinOptions o;
  o.mode = mode;
  return o;
}

CodeCrosswalk test_crosswalk() {
  std::vector<CodeChange> changes;
  changes.push_back({"m1", "E07000026", "Allerdale", "E06000063", "Cumberland", "2023-04-01",
                     CodeChangeType::Merger});
  changes.push_back({"m2", "E07000028", "Carlisle", "E06000063", "Cumberland", "2023-04-01",
                     CodeChangeType::Merger});
  changes.push_back({"m3", "E07000029", "Copeland", "E06000063", "Cumberland", "2023-04-01",
                     CodeChangeType::Merger});
  changes.push_back({"r1", "E08000016", "Barnsley", "E08000038", "Barnsley", "2025-04-01",
                     CodeChangeType::Recode});
  return CodeCrosswalk(changes);
}

}  // namespace

TEST_CASE("join by code: matched, unmatched, duplicates, no data", "[join]") {
  const Layer layer =
      make_layer({"E06000001", "E06000002", "E06000003", "E06000004"},
                 {"Hartlepool", "Middlesbrough", "Redcar and Cleveland", "Stockton-on-Tees"});
  const SourceTable table = make_table(
      {"area code", "population", "rate", "LAD24NM"},
      {{"e06000001 ", "93,861", "1.5", "Hartlepool"},  // lower case and a space still match
       {"E06000002", "148285", "[c]", "Middlesbrough"},
       {"E06000002", "1", "9", "Middlesbrough again"},  // duplicate: the first row is used
       {"E09999999", "5", "1", "Nowhere"},              // not on the layer
       {"", "7", "2", "blank"},                         // blank key
       {"E06000003", "oops", "2.5", "Redcar"}});
  const JoinResult result = join_table(layer, table);
  const JoinReport& r = result.report;

  CHECK(r.mode == JoinMode::Code);
  CHECK(r.table_key == "area code");
  CHECK(r.layer_key == "LAD24CD");
  CHECK(r.matched == 3);
  REQUIRE(r.unmatched_layer.size() == 1);
  CHECK(r.unmatched_layer[0].key == "E06000004");
  CHECK(r.unmatched_layer[0].name == "Stockton-on-Tees");
  REQUIRE(r.unmatched_table.size() == 2);
  CHECK(r.unmatched_table[0].row == 5);
  CHECK(r.unmatched_table[0].key == "E09999999");
  CHECK(r.unmatched_table[1].row == 6);
  CHECK(r.unmatched_table[1].reason == "blank key");
  REQUIRE(r.duplicate_keys.size() == 1);
  CHECK(r.duplicate_keys[0].key == "E06000002");
  CHECK(r.duplicate_keys[0].rows == std::vector<std::size_t>{3, 4});

  // "oops" in a number column: unreadable, reported with its spreadsheet row.
  REQUIRE(r.unreadable.size() == 1);
  CHECK(r.unreadable[0].row == 7);
  CHECK(r.unreadable[0].column == "population");
  // Matched rows whose cell is no data: population on row 7, rate [c] on row 3.
  REQUIRE(r.no_data.size() == 2);
  CHECK(r.no_data[0] == std::make_pair(std::string("population"), std::size_t{1}));
  CHECK(r.no_data[1] == std::make_pair(std::string("rate"), std::size_t{1}));
  CHECK_FALSE(r.suggested);

  // The table's columns join the layer's; the clashing name gets a prefix.
  const Table& t = result.attributes;
  CHECK(r.added_columns == std::vector<std::string>{"population", "rate", "table_LAD24NM"});
  const Column& pop = column(t, "population");
  REQUIRE(pop.is_number());
  CHECK(pop.values[0] == 93861);
  CHECK(pop.values[1] == 148285);
  CHECK(std::isnan(pop.values[2]));
  CHECK(std::isnan(pop.values[3]));
  CHECK(column(t, "table_LAD24NM").text[1] == "Middlesbrough");
  CHECK(column(t, "LAD24NM").text[0] == "Hartlepool");
  CHECK(t.columns.size() == 5);

  const std::string text = format_join_report(r);
  CHECK(text.find("Matched 3 of 4 areas") != std::string::npos);
  CHECK(text.find("row 5 'E09999999': not on the layer") != std::string::npos);
  CHECK(text.find("'E06000002' on rows 3 4") != std::string::npos);
  CHECK(text.find("row 7, population: 'oops'") != std::string::npos);
}

TEST_CASE("old district codes are translated and merged districts combined", "[join]") {
  const Layer layer =
      make_layer({"E06000063", "E08000016", "E06000001"}, {"Cumberland", "Barnsley", "Hartlepool"});
  const SourceTable table =
      make_table({"code", "population", "jobs_rate"},
                 {{"E07000026", "100", "10"},  // Allerdale  -> Cumberland
                  {"E07000028", "300", "20"},  // Carlisle   -> Cumberland
                  {"E07000029", "100", "40"},  // Copeland   -> Cumberland
                  {"E08000038", "250", "5"},   // Barnsley's 2025 code -> its 2024 code
                  {"E06000001", "90", "1"}});
  const CodeCrosswalk crosswalk = test_crosswalk();
  JoinOptions options;
  options.crosswalk = &crosswalk;
  const JoinResult result = join_table(layer, table, options);
  const JoinReport& r = result.report;

  CHECK(r.matched == 3);
  CHECK(r.unmatched_layer.empty());
  CHECK(r.unmatched_table.empty());
  REQUIRE(r.translated.size() == 4);
  CHECK(r.translated[0].from == "E07000026");
  CHECK(r.translated[0].to == "E06000063");
  CHECK(r.translated[0].type == CodeChangeType::Merger);
  CHECK(r.translated[3].from == "E08000038");
  CHECK(r.translated[3].to == "E08000016");
  REQUIRE(r.merged.size() == 1);
  CHECK(r.merged[0].rows.size() == 3);

  // Counts add up; a rate is weighted by the population column.
  CHECK(r.weight_column == std::string("population"));
  REQUIRE(r.combine_rules.size() == 2);
  CHECK(r.combine_rules[0].column == "population");
  CHECK(r.combine_rules[0].rule == CombineRule::Sum);
  CHECK(r.combine_rules[1].rule == CombineRule::WeightedMean);
  const Column& pop = column(result.attributes, "population");
  CHECK(pop.values[0] == 500);
  CHECK(pop.values[1] == 250);
  const Column& rate = column(result.attributes, "jobs_rate");
  CHECK(rate.values[0] == Approx((100 * 10 + 300 * 20 + 100 * 40) / 500.0));

  // The rule is changeable per column.
  options.combine["jobs_rate"] = CombineRule::Mean;
  const JoinResult changed = join_table(layer, table, options);
  CHECK(column(changed.attributes, "jobs_rate").values[0] == Approx((10 + 20 + 40) / 3.0));
  CHECK(changed.report.combine_rules[1].rule == CombineRule::Mean);
  CHECK(format_join_report(changed.report).find("jobs_rate = mean") != std::string::npos);

  // Unknown column in a rule: a clear message.
  options.combine["nope"] = CombineRule::Sum;
  CHECK_THROWS_WITH(join_table(layer, table, options),
                    Catch::Contains("combine rule for 'nope': no such column"));
}

TEST_CASE(
    "merged districts: rates without population are never averaged, totals with a gap are no "
    "data",
    "[join]") {
  const Layer layer = make_layer({"E06000063"}, {"Cumberland"});
  const SourceTable table = make_table(
      {"code", "spend", "share %"},
      {{"E07000026", "£1m", "10%"}, {"E07000028", "[x]", "20%"}, {"E07000029", "£2m", "60%"}});
  const CodeCrosswalk crosswalk = test_crosswalk();
  JoinOptions options;
  options.crosswalk = &crosswalk;
  const JoinResult result = join_table(layer, table, options);
  CHECK_FALSE(result.report.weight_column);
  REQUIRE(result.report.combine_rules.size() == 2);
  CHECK(result.report.combine_rules[0].rule == CombineRule::Sum);
  CHECK(result.report.combine_rules[1].rule == CombineRule::Same);
  CHECK(result.report.combine_rules[1].why.find("no population column") != std::string::npos);
  CHECK(std::isnan(column(result.attributes, "spend").values[0]));
  // 10 %, 20 % and 60 % of three districts of unknown size have no one share: no data.
  CHECK(std::isnan(column(result.attributes, "share %").values[0]));
  CHECK(result.report.no_data[0].second == 1);
}

TEST_CASE("merged districts: each column combines by what it measures, never inventing numbers",
          "[join]") {
  // The IMD's "Extent" is a proportion; "year" and "rank" never add up; "value" is of no known
  // kind; "jobs" counts; the population weights the rates.
  const Layer layer = make_layer({"E06000063"}, {"Cumberland"});
  const SourceTable table = make_table(
      {"code", "Extent", "year", "rank", "value", "jobs", "population", "employment rate"},
      {{"E07000026", "0.12", "2019", "40", "3", "100", "1000", "70"},
       {"E07000028", "0.26", "2019", "12", "5", "200", "3000", "80"},
       {"E07000029", "0", "2019", "300", "5", "300", "6000", "60"}});
  const CodeCrosswalk crosswalk = test_crosswalk();
  JoinOptions options;
  options.crosswalk = &crosswalk;
  const JoinResult result = join_table(layer, table, options);
  REQUIRE(result.report.weight_column == std::optional<std::string>("population"));
  const auto rule_of = [&](const std::string& name) {
    for (const auto& r : result.report.combine_rules)
      if (r.column == name) return r.rule;
    FAIL("no rule for " << name);
    return CombineRule::First;
  };
  CHECK(rule_of("Extent") == CombineRule::WeightedMean);
  CHECK(rule_of("year") == CombineRule::Same);
  CHECK(rule_of("rank") == CombineRule::Same);
  CHECK(rule_of("value") == CombineRule::Same);
  CHECK(rule_of("jobs") == CombineRule::Sum);
  CHECK(rule_of("population") == CombineRule::Sum);
  CHECK(rule_of("employment rate") == CombineRule::WeightedMean);

  const double extent = column(result.attributes, "Extent").values[0];
  CHECK(extent >= 0);  // within its districts' range, never their sum (0.38)
  CHECK(extent <= 0.26);
  CHECK(extent == Approx((0.12 * 1000 + 0.26 * 3000 + 0 * 6000) / 10000));
  CHECK(column(result.attributes, "year").values[0] == 2019);  // the same in every row
  CHECK(std::isnan(column(result.attributes, "rank").values[0]));
  CHECK(std::isnan(column(result.attributes, "value").values[0]));
  CHECK(column(result.attributes, "jobs").values[0] == 600);
  CHECK(column(result.attributes, "employment rate").values[0] == Approx(67));

  // A rule chosen for a column wins.
  options.combine["value"] = CombineRule::Sum;
  const JoinResult chosen = join_table(layer, table, options);
  CHECK(column(chosen.attributes, "value").values[0] == 13);
}

TEST_CASE("what a column measures: names, percentage cells and values", "[join]") {
  const auto kind = [](const std::string& name, std::vector<double> values) {
    Column c;
    c.name = name;
    c.kind = ColumnKind::Number;
    c.values = std::move(values);
    c.text.assign(c.values.size(), "");
    return value_kind(c);
  };
  CHECK(kind("Deaths per year", {1, 2}) == ValueKind::Rate);
  CHECK(kind("Financial year", {2019, 2020}) == ValueKind::Identifier);
  CHECK(kind("IMD rank of average score", {1, 2}) == ValueKind::Identifier);
  CHECK(kind("Median weekly pay", {500, 600}) == ValueKind::Rate);
  CHECK(kind("Healthy life expectancy", {60, 62}) == ValueKind::Rate);
  CHECK(kind("Number of claimants", {10, 20}) == ValueKind::Count);
  CHECK(kind("Funding (\xC2\xA3m)", {1.5, 2}) == ValueKind::Count);
  CHECK(kind("v", {0.2, 0.5}) == ValueKind::Rate);          // only proportions fit
  CHECK(kind("v", {2019, 2021}) == ValueKind::Identifier);  // only years fit
  CHECK(kind("v", {3, 50}) == ValueKind::Unknown);
}

TEST_CASE("an old code whose new area has its own row is not double counted", "[join]") {
  const Layer layer = make_layer({"E06000063"}, {"Cumberland"});
  const SourceTable table =
      make_table({"code", "population"}, {{"E06000063", "270000"}, {"E07000026", "100"}});
  const CodeCrosswalk crosswalk = test_crosswalk();
  JoinOptions options;
  options.crosswalk = &crosswalk;
  const JoinResult result = join_table(layer, table, options);
  CHECK(result.report.matched == 1);
  CHECK(result.report.translated.empty());
  REQUIRE(result.report.unmatched_table.size() == 1);
  CHECK(result.report.unmatched_table[0].reason.find("E06000063 has its own row") !=
        std::string::npos);
  CHECK(column(result.attributes, "population").values[0] == 270000);
}

TEST_CASE("join by name with normalisation", "[join]") {
  const Layer layer = make_layer(
      {"E06000023", "E06000043", "W06000001", "E07000240", "E09000001"},
      {"Bristol, City of", "Brighton and Hove", "Isle of Anglesey", "St Albans", "City of London"});
  const SourceTable table = make_table({"council", "spend"}, {{"Bristol City Council", "1"},
                                                              {"Brighton & Hove", "2"},
                                                              {"St. Albans District Council", "3"},
                                                              {"Somewhere Else", "4"}});
  const JoinResult result = join_table(layer, table);
  const JoinReport& r = result.report;
  CHECK(r.mode == JoinMode::Name);
  CHECK(r.table_key == "council");
  CHECK(r.layer_key == "LAD24NM");
  CHECK(r.matched == 3);
  CHECK(r.matched_loosely == 2);
  CHECK(r.notes.front().find("no GSS code column on the table") != std::string::npos);
  REQUIRE(r.unmatched_table.size() == 1);
  CHECK(r.unmatched_table[0].key == "Somewhere Else");
  const Column& spend = column(result.attributes, "spend");
  CHECK(spend.values[0] == 1);
  CHECK(spend.values[1] == 2);
  CHECK(std::isnan(spend.values[2]));
  CHECK(spend.values[3] == 3);
}

TEST_CASE("loose name matches must be unique on both sides", "[join]") {
  // "Durham" could be County Durham or Durham City: not matched loosely.
  const Layer layer = make_layer({"E06000047", "E07999999"}, {"County Durham", "Durham City"});
  const SourceTable table = make_table({"name", "v"}, {{"Durham", "1"}});
  const JoinResult result = join_table(layer, table, by(JoinMode::Name));
  CHECK(result.report.matched == 0);
}

TEST_CASE("a key that matches nothing says so and suggests the field that would", "[join]") {
  const Layer layer = make_layer({"E06000001", "E06000002", "E06000003"},
                                 {"Hartlepool", "Middlesbrough", "Redcar and Cleveland"});
  const SourceTable table = make_table({"id", "area", "old_code", "value"},
                                       {{"1", "Hartlepool", "E06000001", "5"},
                                        {"2", "Middlesbrough", "E06000002", "6"},
                                        {"3", "Redcar & Cleveland", "E06000003", "7"}});
  JoinOptions options;
  options.table_key = "id";
  options.layer_key = "LAD24CD";
  options.mode = JoinMode::Code;
  const JoinResult result = join_table(layer, table, options);
  CHECK(result.report.matched == 0);
  CHECK(result.report.unmatched_layer.size() == 3);
  REQUIRE(result.report.suggested);
  CHECK(result.report.suggested->table_column == "old_code");
  CHECK(result.report.suggested->would_match == 3);
  REQUIRE_FALSE(result.report.notes.empty());
  CHECK(result.report.notes.back().find("matches none of the 3 areas") != std::string::npos);
  CHECK(format_join_report(result.report).find("column 'old_code' would match") !=
        std::string::npos);

  // The same with names: the name column is suggested when codes are not there.
  const SourceTable names_only =
      make_table({"id", "area"}, {{"1", "Hartlepool"}, {"2", "Middlesbrough"}});
  options.mode = JoinMode::Auto;
  const JoinResult by_id = join_table(layer, names_only, options);
  REQUIRE(by_id.report.suggested);
  CHECK(by_id.report.suggested->table_column == "area");
  CHECK(by_id.report.suggested->mode == JoinMode::Name);
}

TEST_CASE("bad keys and empty tables give clear messages", "[join]") {
  const Layer layer = make_layer({"E06000001"}, {"Hartlepool"});
  const SourceTable table = make_table({"code", "v"}, {{"E06000001", "1"}});
  JoinOptions options;
  options.table_key = "nope";
  CHECK_THROWS_WITH(
      join_table(layer, table, options),
      Catch::Contains("table field 'nope' is not in test.csv") && Catch::Contains("code, v"));
  options = {};
  options.layer_key = "LAD99CD";
  CHECK_THROWS_WITH(join_table(layer, table, options),
                    Catch::Contains("layer field 'LAD99CD' is not in layer test_lad"));

  SourceTable empty;
  empty.origin = "empty.csv";
  CHECK_THROWS_WITH(join_table(layer, empty), Catch::Contains("empty.csv has no data rows"));

  // Explicitly by code, but the table has no codes.
  const SourceTable no_codes = make_table({"name", "v"}, {{"Hartlepool", "1"}});
  CHECK_THROWS_WITH(join_table(layer, no_codes, by(JoinMode::Code)),
                    Catch::Contains("has no column of GSS codes"));
}

TEST_CASE("join_into replaces the layer's attributes", "[join]") {
  Layer layer = make_layer({"E06000001", "E06000002"}, {"Hartlepool", "Middlesbrough"});
  const SourceTable table = make_table({"code", "pop"}, {{"E06000002", "2"}});
  const JoinReport report = join_into(layer, table);
  CHECK(report.matched == 1);
  REQUIRE(layer.attributes.find("pop"));
  CHECK(layer.attributes.columns[*layer.attributes.find("pop")].values[1] == 2);
}

TEST_CASE("combine rules parse", "[join]") {
  CHECK(parse_combine_rule("SUM") == CombineRule::Sum);
  CHECK(parse_combine_rule("weighted-mean") == CombineRule::WeightedMean);
  CHECK(parse_combine_rule("mean") == CombineRule::Mean);
  CHECK(parse_combine_rule("first") == CombineRule::First);
  CHECK_FALSE(parse_combine_rule("median"));
}

TEST_CASE("a long table is never joined by its first rows: the user chooses them", "[join]") {
  const Layer layer = make_layer({"E06000001", "E06000002"}, {"Hartlepool", "Middlesbrough"});
  const SourceTable table = make_table({"code", "Indicator", "Period", "value"},
                                       {{"E06000001", "Pay", "2022", "500"},
                                        {"E06000001", "Pay", "2023", "520"},
                                        {"E06000001", "Employment rate", "2023", "70"},
                                        {"E06000002", "Pay", "2022", "480"},
                                        {"E06000002", "Pay", "2023", "490"},
                                        {"E06000002", "Employment rate", "2023", "65"}});
  JoinOptions options;
  try {
    join_table(layer, table, options);
    FAIL("a long table joined without a choice of rows");
  } catch (const UserError& e) {
    CHECK(e.remedy() == Remedy::ChooseRows);
    const std::string what = e.what();
    CHECK(what.find("long table") != std::string::npos);
    CHECK(what.find("Indicator (2 values: 'Pay', 'Employment rate')") != std::string::npos);
    CHECK(what.find("Period (2 values: '2022', '2023')") != std::string::npos);
  }
  // One column chosen is not enough while another still varies.
  options.filters["Indicator"] = {"Pay"};
  CHECK_THROWS_WITH(join_table(layer, table, options), Catch::Contains("Period"));
  options.filters["Period"] = {"2023"};
  const JoinResult result = join_table(layer, table, options);
  CHECK(result.report.matched == 2);
  CHECK(column(result.attributes, "value").values == std::vector<double>{520, 490});
  CHECK(result.report.notes.front().find("kept 2 of 6 rows") != std::string::npos);
  // A value no row has, or a column the table lacks, says what there is.
  options.filters["Period"] = {"2030"};
  CHECK_THROWS_WITH(join_table(layer, table, options),
                    Catch::Contains("no row of") && Catch::Contains("'2022', '2023'"));
  options.filters.erase("Period");
  options.filters["Year"] = {"2023"};
  CHECK_THROWS_WITH(join_table(layer, table, options), Catch::Contains("no such column"));
  CHECK(parse_filter("Indicator = Pay") ==
        std::optional<std::pair<std::string, std::string>>({"Indicator", "Pay"}));
  CHECK_FALSE(parse_filter("Pay"));
}

TEST_CASE("a code on neither the layer nor the code history falls back to its exact name",
          "[join]") {
  const Layer layer = make_layer({"E06000001", "E06000002", "E06000003"},
                                 {"Hartlepool", "Middlesbrough", "Redcar and Cleveland"});
  const SourceTable table =
      make_table({"code", "name", "value"}, {{"E06000001", "Hartlepool", "5"},
                                             {"E06000002", "Middlesbrough", "6"},
                                             {"E06099999", "Redcar and Cleveland", "7"},
                                             {"E06088888", "Redcar & Cleveland", "8"}});
  const JoinResult result = join_table(layer, table);
  CHECK(result.report.matched == 3);
  REQUIRE(result.report.matched_by_name.size() == 1);
  CHECK(result.report.matched_by_name[0] == "E06099999 'Redcar and Cleveland' -> E06000003");
  CHECK(column(result.attributes, "value").values[2] == 7);
  CHECK_THAT(format_join_report(result.report), Catch::Contains("matched by exact name"));
  // Only exact names: the loose "Redcar & Cleveland" row stays unused.
  REQUIRE(result.report.unmatched_table.size() == 1);
  CHECK(result.report.unmatched_table[0].key == "E06088888");
}

TEST_CASE("wards with new codes are never joined by name: the boundaries were redrawn", "[join]") {
  // Trafford's wards were redrawn in 2023: the same names under new codes are other areas.
  const Layer layer = make_layer({"E05014001", "E05014002", "E05014003"},
                                 {"Altrincham", "Ashton upon Mersey", "Bowdon"});
  const SourceTable table =
      make_table({"ward_code", "ward_name", "turnout"}, {{"E05000819", "Altrincham", "0.4"},
                                                         {"E05000820", "Ashton upon Mersey", "0.5"},
                                                         {"E05000822", "Bowdon", "0.6"}});
  const JoinResult result = join_table(layer, table);
  CHECK(result.report.matched == 0);
  CHECK(result.report.redrawn_by_name == 3);
  CHECK_FALSE(result.report.suggested);  // no name join proposed across a redrawing
  CHECK_THAT(format_join_report(result.report),
             Catch::Contains("boundaries were redrawn") && !Catch::Contains("would match"));
}
