#include <catch2/catch.hpp>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "core/legend_builder.hpp"

using namespace devomap;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::string kDash = " \xE2\x80\x93 ";
const std::string kPound = "\xC2\xA3";
const std::string kMinus = "\xE2\x88\x92";

// The legends below read 1..n as measurements with shared bounds; counts are tested at the end.
ClassifyOptions opts(ClassMethod m, int classes = 5) {
  ClassifyOptions o;
  o.method = m;
  o.classes = classes;
  o.whole_numbers = false;
  return o;
}

std::vector<double> one_to(int n) {
  std::vector<double> v;
  for (int i = 1; i <= n; ++i) v.push_back(i);
  return v;
}
}  // namespace

TEST_CASE("a quantile legend: colours, labels, counts and no data", "[legend]") {
  auto v = one_to(10);
  v.push_back(kNaN);
  const auto c = classify(v, opts(ClassMethod::Quantile, 5));
  LegendOptions o;
  o.title = "Population";
  o.units = "people";
  const Legend legend = build_legend(c, o);
  CHECK(legend.title == "Population (people)");
  // Words a reader uses; the goodness of fit stays in the window's style panel.
  CHECK(legend.subtitle == "Quantiles: equal counts");
  CHECK_THAT(legend.boundary_rule,
             Catch::Contains("Upper bound included") && Catch::Contains("up to and including"));
  REQUIRE(legend.entries.size() == 6);
  const auto colors = palette_colors(kDefaultSequentialPalette, 5);
  const std::vector<std::string> labels = {"1" + kDash + "2", "2" + kDash + "4", "4" + kDash + "6",
                                           "6" + kDash + "8", "8" + kDash + "10"};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(legend.entries[i].color == colors[i]);
    CHECK(legend.entries[i].label == labels[i]);
    CHECK(legend.entries[i].count == 2);
    CHECK_FALSE(legend.entries[i].no_data);
  }
  const LegendEntry& nd = legend.entries.back();
  CHECK(nd.no_data);
  CHECK(nd.label == "No data");
  CHECK(nd.count == 1);
  CHECK(nd.color == kLegendNoDataColor);
}

TEST_CASE("legend text for each number format", "[legend]") {
  const std::vector<double> money = {12000, 18000, 25000, 40000};
  const auto c = classify(money, opts(ClassMethod::Equal, 2));  // edges 12k, 26k, 40k
  LegendOptions o;
  o.number_format.unit = NumberUnit::Pounds;
  CHECK(build_legend(c, o).entries[0].label == kPound + "12k" + kDash + kPound + "26k");
  o.number_format.per_head = true;
  CHECK(build_legend(c, o).entries[1].label == kPound + "26k" + kDash + kPound + "40k per head");
  o.number_format = {};
  CHECK(build_legend(c, o).entries[0].label == "12,000" + kDash + "26,000");
  o.number_format.thousands_separator = false;
  o.number_format.decimals = 1;
  CHECK(build_legend(c, o).entries[0].label == "12000.0" + kDash + "26000.0");

  const std::vector<double> shares = {0.05, 0.2, 0.35};
  const auto p = classify(shares, opts(ClassMethod::Equal, 3));  // 0.05, 0.15, 0.25, 0.35
  LegendOptions pct;
  pct.number_format.unit = NumberUnit::Percent;
  pct.number_format.percent_of_one = true;
  CHECK(build_legend(p, pct).entries[0].label == "5%" + kDash + "15%");
  pct.number_format.percent_of_one = false;
  CHECK(build_legend(p, pct).entries[2].label == "0.25%" + kDash + "0.35%");
}

TEST_CASE("two classes take the ends of the three-colour scheme", "[legend]") {
  const auto c = classify(one_to(10), opts(ClassMethod::Equal, 2));
  LegendOptions o;
  o.palette = "Greens";
  const Legend legend = build_legend(c, o);
  const auto three = palette_colors("Greens", 3);
  CHECK(legend.entries[0].color == three[0]);
  CHECK(legend.entries[1].color == three[2]);
  o.reverse = true;
  CHECK(build_legend(c, o).entries[0].color == three[2]);
}

TEST_CASE("named classes: box map outliers and empty classes", "[legend]") {
  auto v = one_to(20);
  v.push_back(100);
  const auto c = classify(v, opts(ClassMethod::Box));
  LegendOptions o;
  o.palette = "RdBu";
  const Legend legend = build_legend(c, o);
  REQUIRE(legend.entries.size() == 7);
  CHECK(legend.entries[0].label == "Lower outlier (none)");
  CHECK(legend.entries[0].count == 0);
  CHECK(legend.entries[1].label == "< 25% (" + kMinus + "9" + kDash + "6)");
  CHECK(legend.entries[5].label == "Upper outlier (20" + kDash + "100)");
  CHECK(legend.subtitle == "Quartiles and outliers");
}

TEST_CASE("log legends list values <= 0 apart from missing data", "[legend]") {
  const std::vector<double> v = {-2, 0, kNaN, 1, 10, 100};
  const auto c = classify(v, opts(ClassMethod::Log, 2));
  const Legend legend = build_legend(c, LegendOptions{});
  REQUIRE(legend.entries.size() == 4);
  CHECK(legend.entries[2].label == "No data");
  CHECK(legend.entries[2].count == 1);
  CHECK(legend.entries[3].label == "\xE2\x89\xA4 0 (not on a log scale)");
  CHECK(legend.entries[3].count == 2);
  CHECK(legend.entries[3].no_data);
}

TEST_CASE("categorical legends and explicit colours", "[legend]") {
  const std::vector<std::string> v = {"Mayoral", "Non-mayoral", "Mayoral", ""};
  const auto c = classify_categorical(v);
  LegendOptions o;
  o.palette = "Set2";
  o.title = "Combined authority";
  const Legend legend = build_legend(c, o);
  CHECK(legend.subtitle.empty());  // categories say what they are
  CHECK(legend.boundary_rule.empty());
  REQUIRE(legend.entries.size() == 3);
  CHECK(legend.entries[0].label == "Mayoral");
  CHECK(legend.entries[0].count == 2);
  CHECK(legend.entries[0].color == class_colors("Set2", 2)[0]);
  CHECK(legend.entries[2].count == 1);

  const std::vector<Rgba> mine = {{1, 2, 3}, {4, 5, 6}};
  CHECK(build_legend(c, mine, o).entries[1].color == Rgba{4, 5, 6});
  CHECK_THROWS_WITH(build_legend(c, std::vector<Rgba>{{1, 2, 3}}, o),
                    Catch::Contains("2 classes but 1 colours"));
}

TEST_CASE("the no-data entry can be hidden when nothing is missing", "[legend]") {
  const auto c = classify(one_to(10), opts(ClassMethod::Quantile, 3));
  LegendOptions o;
  CHECK(build_legend(c, o).entries.size() == 4);
  o.show_empty_no_data = false;
  CHECK(build_legend(c, o).entries.size() == 3);
}

TEST_CASE("an unknown palette or too many classes is a user error", "[legend]") {
  const auto c = classify(one_to(10), opts(ClassMethod::Quantile, 9));
  LegendOptions o;
  o.palette = "Set2";  // eight colours at most
  CHECK_THROWS_WITH(build_legend(c, o), Catch::Contains("Set2") && Catch::Contains("not 9"));
  o.palette = "Rainbow";
  CHECK_THROWS_WITH(build_legend(c, o), Catch::Contains("unknown palette 'Rainbow'"));
}

TEST_CASE("fill colours per value follow class_of", "[legend]") {
  const auto c = classify(one_to(4), opts(ClassMethod::Equal, 2));  // 1-2.5, 2.5-4
  const std::vector<Rgba> colors = {{10, 10, 10}, {20, 20, 20}};
  const auto fills = colors_for_values(c, {1, 2.5, 3, kNaN}, colors, kLegendNoDataColor);
  CHECK(fills == std::vector<Rgba>{{10, 10, 10}, {10, 10, 10}, {20, 20, 20}, kLegendNoDataColor});
}

TEST_CASE("default palettes suit the method", "[legend]") {
  const auto v = one_to(20);
  CHECK(default_palette(classify(v, opts(ClassMethod::Jenks))) == "YlGnBu");
  CHECK(default_palette(classify(v, opts(ClassMethod::StdDev, 6))) == "RdBu");
  CHECK(default_palette(classify(v, opts(ClassMethod::Box))) == "RdBu");
  const auto few = classify(std::vector<double>{1, 2, 3}, opts(ClassMethod::Categorical));
  CHECK(default_palette(few) == "Set2");
  const auto many = classify(one_to(12), opts(ClassMethod::Categorical));
  CHECK(default_palette(many) == "Set3");
  // Each default has colours for its classification.
  for (const auto& c : {few, many, classify(v, opts(ClassMethod::StdDev, 9))})
    CHECK(class_colors(default_palette(c), c.class_count()).size() ==
          static_cast<std::size_t>(c.class_count()));
}

// Issue 14: "Powers held" is a count; quantiles gave "0 / 0 – 2 / 2 – 4 / 4 – 5 / 5 – 9", which
// reads as overlapping classes. Counts get classes of whole numbers with no shared bounds.
TEST_CASE("counts get classes of whole numbers with no shared bounds", "[legend][classify]") {
  const std::vector<double> powers{0, 0, 0, 0, 1, 2, 2, 3, 4, 4, 5, 5, 6, 7, 9, 9, 0, 0, 2, 8};
  ClassifyOptions o;
  o.method = ClassMethod::Quantile;
  o.classes = 5;
  const Classification c = classify(powers, o);
  REQUIRE(c.whole_numbers);
  const std::vector<std::string> labels = class_labels(c, NumberFormat{});
  REQUIRE(labels.size() == c.counts.size());
  // Each label is one number or "a – b" with a < b, and each class starts above the last.
  double last_high = -1;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    INFO(labels[i]);
    CHECK(labels[i].find('.') == std::string::npos);
    const double low = i == 0 ? c.edges[0] : c.edges[i] + 1;
    CHECK(low > last_high);
    last_high = c.edges[i + 1];
  }
  CHECK(labels.front() == "0");
  // Every value falls in the class whose label names it.
  for (double v : powers) {
    const int cls = c.class_of(v);
    const double low = cls == 0 ? c.edges[0] : c.edges[static_cast<std::size_t>(cls)] + 1;
    CHECK(v >= low);
    CHECK(v <= c.edges[static_cast<std::size_t>(cls) + 1]);
  }
  const Legend legend = build_legend(c, LegendOptions{});
  CHECK(legend.boundary_rule == whole_number_rule_text());
}

TEST_CASE("threshold methods on counts round their breaks down to whole numbers",
          "[legend][classify]") {
  const std::vector<double> counts{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  ClassifyOptions o;
  o.method = ClassMethod::Equal;
  o.classes = 5;  // 1.8, 3.6, 5.4, 7.2 -> 1, 3, 5, 7
  const Classification c = classify(counts, o);
  REQUIRE(c.whole_numbers);
  CHECK(c.edges == std::vector<double>{0, 1, 3, 5, 7, 9});
  CHECK(class_labels(c, NumberFormat{}) ==
        std::vector<std::string>{"0 \xE2\x80\x93 1", "2 \xE2\x80\x93 3", "4 \xE2\x80\x93 5",
                                 "6 \xE2\x80\x93 7", "8 \xE2\x80\x93 9"});
  CHECK(c.counts == std::vector<std::size_t>{2, 2, 2, 2, 2});

  // Five equal classes of 0..3 would hold 0, 1, 2, 3 and nothing: four classes, and a note.
  const Classification few = classify(std::vector<double>{0, 1, 2, 3}, o);
  CHECK(few.class_count() == 4);
  CHECK(class_labels(few, NumberFormat{}) == std::vector<std::string>{"0", "1", "2", "3"});
  CHECK_FALSE(few.note.empty());

  // Manual breaks keep what they hold: v <= 2.5 is v <= 2.
  o.method = ClassMethod::Manual;
  o.manual_breaks = {2.5, 6};
  const Classification manual = classify(counts, o);
  CHECK(manual.edges == std::vector<double>{0, 2, 6, 9});
  CHECK(manual.counts == std::vector<std::size_t>{3, 4, 3});
}

TEST_CASE("numbers that are not counts keep shared bounds", "[legend][classify]") {
  ClassifyOptions o;
  o.method = ClassMethod::Quantile;
  o.classes = 4;
  // Fractions, and whole numbers with many distinct values (a population), are not counts.
  std::vector<double> fractions{0.5, 1.5, 2.25, 3, 4, 5.5, 6, 7, 8, 9};
  CHECK_FALSE(classify(fractions, o).whole_numbers);
  std::vector<double> people;
  for (int i = 0; i < 200; ++i) people.push_back(1000 + i * 37);
  CHECK_FALSE(classify(people, o).whole_numbers);
  // ... unless the caller says they are counts.
  o.whole_numbers = true;
  CHECK(classify(people, o).whole_numbers);
  o.whole_numbers = false;
  CHECK_FALSE(classify(std::vector<double>{0, 1, 2, 3, 4}, o).whole_numbers);
  // Classes of fixed meaning never change.
  o.whole_numbers = std::nullopt;
  o.method = ClassMethod::Box;
  CHECK_FALSE(classify(std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 40}, o).whole_numbers);
}
