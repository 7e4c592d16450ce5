// The style step's choices beyond method and palette: manual breaks, breaks locked from an
// earlier map (numbers and text categories), the legend's number format and its lock note.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/style.hpp"

using namespace devomap;

namespace {

const std::string kDash = " \xE2\x80\x93 ";
const std::string kPound = "\xC2\xA3";

// A layer with only attributes: the style step never looks at shapes beyond their count.
Layer table_layer(std::size_t rows) {
  Layer layer;
  layer.layer_name = "t";
  layer.shapes.resize(rows);
  layer.attributes.row_count = rows;
  return layer;
}

Layer money_layer() {
  Layer layer = table_layer(8);
  layer.attributes.add_number_column(
      "spend", {12000, 18000, 25000, 40000, 55000, 70000, 90000, std::nan("")}, false);
  layer.attributes.add_number_column("grant", {1, 2, 3, 4, 5, 6, 7, 8}, false);
  Column tier;
  tier.name = "tier";
  tier.text = {"Mayoral", "None", "Mayoral", "Non-mayoral", "", "None", "Mayoral", "None"};
  layer.attributes.columns.push_back(tier);
  Column other;
  other.name = "other";
  other.text = {"None", "None", "Unitary", "Mayoral", "None", "None", "None", "None"};
  layer.attributes.columns.push_back(other);
  return layer;
}

}  // namespace

TEST_CASE("manual breaks from the spec colour the map and the legend", "[style]") {
  const Layer layer = money_layer();
  StyleSpec spec;
  spec.field = "spend";
  spec.method = ClassMethod::Manual;
  spec.manual_breaks = {20000, 50000};
  spec.classes = 7;  // ignored: manual classes follow the breaks
  const LayerStyle style = build_style(layer, spec);
  REQUIRE(style.classification);
  CHECK(style.classification->class_count() == 3);
  CHECK(style.classification->counts == std::vector<std::size_t>{2, 2, 3});
  CHECK(style.classification->note.empty());
  const auto colors = class_colors(spec.palette, 3);
  CHECK(style.fills[0] == colors[0]);
  CHECK(style.fills[2] == colors[1]);
  CHECK(style.fills[6] == colors[2]);
  CHECK(style.fills[7] == kNoDataFill);
  CHECK(style.legend.subtitle == "Chosen breaks");

  spec.manual_breaks = {50000, 20000};
  CHECK_THROWS_WITH(build_style(layer, spec),
                    Catch::Contains("spend") && Catch::Contains("increase strictly"));
  spec.manual_breaks.clear();
  CHECK_THROWS_WITH(build_style(layer, spec), Catch::Contains("1 to 8 breaks"));
}

TEST_CASE("a method that fixes its count gets no note about the spec's count", "[style]") {
  const Layer layer = money_layer();
  StyleSpec spec;
  spec.field = "grant";
  spec.method = ClassMethod::Box;
  spec.classes = 5;
  const LayerStyle style = build_style(layer, spec);
  REQUIRE(style.classification);
  CHECK(style.classification->class_count() == 6);
  CHECK(style.classification->note.find("ignored") == std::string::npos);
}

TEST_CASE("manual breaks start from the classes on the map", "[style]") {
  ClassifyOptions o;
  o.method = ClassMethod::Quantile;
  o.classes = 4;
  const std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8};
  const Classification q = classify(v, o);
  const std::vector<double> breaks = manual_breaks_from(q);
  CHECK(breaks == std::vector<double>(q.edges.begin() + 1, q.edges.end() - 1));
  // The same classes come back as manual ones.
  o.method = ClassMethod::Manual;
  o.manual_breaks = breaks;
  CHECK(classify(v, o).counts == q.counts);

  // Empty fixed-meaning classes repeat edges; the breaks still increase strictly.
  o = ClassifyOptions{};
  o.method = ClassMethod::Percentile;
  o.classes = 0;
  const Classification p = classify(v, o);
  const std::vector<double> pb = manual_breaks_from(p);
  REQUIRE_FALSE(pb.empty());
  for (std::size_t i = 1; i < pb.size(); ++i) CHECK(pb[i] > pb[i - 1]);

  Classification one;
  one.edges = {10, 20};
  one.counts = {3};
  CHECK(manual_breaks_from(one) == std::vector<double>{15});
  CHECK(manual_breaks_from(Classification{}).empty());
}

TEST_CASE("locked breaks keep their edges when the field changes", "[style]") {
  const Layer layer = money_layer();
  StyleSpec spec;
  spec.field = "grant";
  spec.method = ClassMethod::Equal;
  spec.classes = 4;
  const LayerStyle first = build_style(layer, spec);
  REQUIRE(first.classification);
  CHECK_THAT(first.legend.subtitle, !Catch::Contains("locked"));

  spec.locked = *first.classification;
  spec.method = ClassMethod::Quantile;  // not used while locked
  spec.classes = 7;
  const LayerStyle same = build_style(layer, spec);
  CHECK(same.classification->edges == first.classification->edges);
  CHECK(same.fills == first.fills);
  CHECK_THAT(same.legend.subtitle, Catch::EndsWith("; kept from another map"));

  // Another field: the inner edges stay; values beyond them fall in the end classes.
  spec.field = "spend";
  const LayerStyle other = build_style(layer, spec);
  REQUIRE(other.classification);
  const auto& locked = first.classification->edges;
  const auto& now = other.classification->edges;
  REQUIRE(now.size() == locked.size());
  for (std::size_t i = 1; i + 1 < now.size(); ++i) CHECK(now[i] == locked[i]);
  CHECK(other.classification->counts.back() == 7);  // every spend is above the grant's range
  CHECK(other.classification->no_data == 1);
  CHECK_THAT(other.legend.subtitle, Catch::Contains("kept from another map"));

  // Numeric classes cannot colour text, and the message says how to get out.
  spec.field = "tier";
  CHECK_THROWS_WITH(build_style(layer, spec),
                    Catch::Contains("tier") && Catch::Contains("unlock the breaks"));
}

TEST_CASE("locked categories keep their order and colours on another text field", "[style]") {
  const Layer layer = money_layer();
  StyleSpec spec;
  spec.field = "tier";
  const LayerStyle first = build_style(layer, spec);
  REQUIRE(first.classification);
  REQUIRE(first.classification->categories.size() == 3);  // Mayoral, Non-mayoral, None

  spec.locked = *first.classification;
  spec.field = "other";
  const LayerStyle other = build_style(layer, spec);
  REQUIRE(other.classification);
  const auto& cats = other.classification->categories;
  REQUIRE(cats.size() == 4);
  CHECK(cats[0].label == "Mayoral");
  CHECK(cats[1].label == "Non-mayoral");
  CHECK(cats[1].count == 0);  // kept although empty, so the legends match
  CHECK(cats[2].label == "None");
  CHECK(cats[2].count == 6);
  CHECK(cats[3].label == "Unitary");  // new values come after the locked ones
  CHECK(other.legend.entries[0].color == first.legend.entries[0].color);
  CHECK(other.legend.entries[2].color == first.legend.entries[2].color);
  CHECK(other.legend.subtitle == "Categories kept from another map");

  spec.field = "grant";
  CHECK_THROWS_WITH(build_style(layer, spec), Catch::Contains("text categories"));
}

TEST_CASE("the legend's number format and words come from the spec and survive re-classing",
          "[style]") {
  const Layer layer = money_layer();
  StyleSpec spec;
  spec.field = "spend";
  spec.method = ClassMethod::Manual;
  spec.manual_breaks = {20000, 50000};
  spec.legend_title = "Spending";
  spec.units = "per district";
  spec.number_format.unit = NumberUnit::Pounds;
  spec.number_format.scale = NumberScale::Thousands;
  spec.number_format.per_head = true;
  LayerStyle style = build_style(layer, spec);
  CHECK(style.legend.title == "Spending (per district)");
  CHECK(style.legend.entries[0].label == kPound + "12k" + kDash + kPound + "20k per head");

  spec.method = ClassMethod::Quantile;
  spec.classes = 3;
  style = build_style(layer, spec);
  CHECK(style.legend.title == "Spending (per district)");
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK_THAT(style.legend.entries[i].label,
               Catch::StartsWith(kPound) && Catch::EndsWith("k per head"));
  }
}

TEST_CASE("the style says which palette the fills use", "[style]") {
  const Layer layer = money_layer();
  StyleSpec spec;
  spec.field = "spend";
  spec.palette = "Blues";
  CHECK(build_style(layer, spec).palette == "Blues");
  // Text categories take a qualitative palette whatever the spec says.
  spec.field = "tier";
  CHECK(build_style(layer, spec).palette == "Set2");
  spec.palette = "Dark2";
  CHECK(build_style(layer, spec).palette == "Dark2");
  // No field, no palette.
  spec.field.reset();
  CHECK(build_style(layer, spec).palette.empty());
}

TEST_CASE("a new field keeps the method and palette, not the old field's words", "[style]") {
  StyleSpec funding;
  funding.field = "per_head";
  funding.method = ClassMethod::Jenks;
  funding.classes = 4;
  funding.palette = "Greens";
  funding.legend_title = "Devolved funding per head";
  funding.units = "\xC2\xA3 per head";
  funding.legend_note = "Countable funding";
  funding.number_format.unit = NumberUnit::Pounds;
  funding.fixed_category_field = "note";
  const StyleSpec homes = restyle_for_field(funding, std::string("affordable_homes"));
  CHECK(homes.field == std::optional<std::string>("affordable_homes"));
  CHECK(homes.method == ClassMethod::Jenks);
  CHECK(homes.classes == 4);
  CHECK(homes.palette == "Greens");
  CHECK(homes.legend_title.empty());
  CHECK(homes.units.empty());
  CHECK(homes.legend_note.empty());
  CHECK(homes.number_format.unit == NumberUnit::Plain);
  CHECK_FALSE(homes.fixed_category_field);
  // Manual breaks and categories were the old values' classes.
  StyleSpec manual = funding;
  manual.method = ClassMethod::Manual;
  manual.manual_breaks = {10, 20};
  const StyleSpec next = restyle_for_field(manual, std::string("x"));
  CHECK(next.method == ClassMethod::Quantile);
  CHECK(next.manual_breaks.empty());
}
