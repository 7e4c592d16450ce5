// The window's model: layer order, default style, restyling and its errors, the Scene it hands
// to SceneRenderer. Built on a small synthetic layer (three squares) so every number is known.
#include <catch2/catch.hpp>

#include <cmath>
#include <future>
#include <memory>

#include "core/error.hpp"
#include "session/map_document.hpp"
#include "session/session_fixtures.hpp"

using namespace devomap;
using namespace devomap::session;
using devomap::test::loaded;
using devomap::test::square;

namespace {

std::shared_ptr<Layer> three_squares(const std::string& name) {
  auto layer = std::make_shared<Layer>();
  layer->source_path = name + ".gpkg";
  layer->layer_name = name;
  for (int i = 0; i < 3; ++i) {
    layer->shapes.push_back(square(i * 2000.0, 0, 1000.0 * (i + 1)));
    layer->shape_bounds.push_back(bounds_of(layer->shapes.back()));
    layer->bounds.expand(layer->shape_bounds.back());
  }
  layer->attributes.row_count = 3;
  Column code;
  code.name = "CODE";
  code.text = {"E06000001", "E06000002", "E06000003"};
  Column label;
  label.name = "NAME";
  label.text = {"One", "Two", ""};
  layer->attributes.columns = {code, label};
  layer->code_column = 0;
  layer->name_column = 1;
  layer->attributes.add_number_column("pop", {100.0, std::nan(""), 300.0}, false);
  layer->attributes.add_number_column("area_km2", {1.0, 4.0, 9.0}, true);
  return layer;
}

}  // namespace

TEST_CASE("districts are coloured by area_km2 and nations drawn on top as outlines") {
  MapDocument doc;
  doc.assign("UK", {loaded(three_squares("nations"), LayerRole::Context, "Nations"),
                    loaded(three_squares("districts"), LayerRole::Data, "Districts")});
  REQUIRE(doc.layers().size() == 2);
  CHECK(doc.layers()[0].label == "Districts");  // data below, context above
  CHECK(doc.layers()[1].label == "Nations");
  const MapLayer* data = doc.data_layer();
  REQUIRE(data);
  REQUIRE(data->spec.field);
  CHECK(*data->spec.field == "area_km2");

  const Scene& scene = doc.scene();
  REQUIRE(scene.layers.size() == 2);
  CHECK(scene.layers[0].interactive);
  CHECK_FALSE(scene.layers[1].interactive);
  CHECK(scene.layers[0].fills.size() == 3);
  for (const Rgba& fill : scene.layers[1].fills) CHECK(fill.a == 0);  // outlines only
  CHECK(scene.layers[1].outline_px > scene.layers[0].outline_px);
  REQUIRE(scene.legend);
  CHECK(scene.legend->title.find("area_km2") != std::string::npos);
  CHECK(doc.bounds().max_x == Approx(7000.0));
}

TEST_CASE("a text field is shown as categories; a missing field is refused, style unchanged") {
  MapDocument doc;
  doc.assign("t", {loaded(three_squares("d"), LayerRole::Data, "D")});
  const auto fills_before = doc.scene().layers[0].fills;
  StyleSpec spec = doc.data_layer()->spec;
  spec.field = "NO_SUCH_FIELD";
  try {
    doc.restyle(spec);
    FAIL("a missing field was accepted");
  } catch (const UserError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("NO_SUCH_FIELD"));
  }
  CHECK(*doc.data_layer()->spec.field == "area_km2");
  CHECK(doc.scene().layers[0].fills == fills_before);

  spec.field = "NAME";  // "One", "Two" and one blank (no data)
  doc.restyle(spec);
  REQUIRE(doc.data_layer()->style.classification);
  CHECK(doc.data_layer()->style.classification->is_categorical());
  CHECK(doc.data_layer()->style.classification->class_count() == 2);
  CHECK(doc.scene().layers[0].fills[0] != doc.scene().layers[0].fills[1]);
  CHECK(doc.scene().layers[0].fills[2] == kNoDataFill);
}

TEST_CASE("no field means one neutral fill and no legend, and hover and selection survive") {
  MapDocument doc;
  doc.assign("t", {loaded(three_squares("d"), LayerRole::Data, "D")});
  doc.set_hovered(1);
  doc.set_selected(2);
  StyleSpec none;
  doc.restyle(none);
  CHECK_FALSE(doc.scene().legend);
  for (const Rgba& fill : doc.scene().layers[0].fills) CHECK(fill == kNeutralFill);
  CHECK(doc.scene().hovered == std::optional<std::size_t>(1));
  CHECK(doc.scene().selected == std::optional<std::size_t>(2));
  CHECK_FALSE(current_field_value(*doc.data_layer(), 0));

  // A new map starts with nothing hovered or selected.
  doc.assign("t2", {loaded(three_squares("e"), LayerRole::Data, "E")});
  CHECK_FALSE(doc.hovered());
  CHECK_FALSE(doc.selected());
}

TEST_CASE("the tooltip value of a missing number is NaN, not zero") {
  MapDocument doc;
  doc.assign("t", {loaded(three_squares("d"), LayerRole::Data, "D")});
  StyleSpec spec = doc.data_layer()->spec;
  spec.field = "pop";
  doc.restyle(spec);
  const auto v0 = current_field_value(*doc.data_layer(), 0);
  const auto v1 = current_field_value(*doc.data_layer(), 1);
  REQUIRE(v0);
  REQUIRE(v1);
  CHECK(*v0 == 100.0);
  CHECK(std::isnan(*v1));
}

TEST_CASE("hiding the context layer removes it from the scene") {
  MapDocument doc;
  doc.assign("UK", {loaded(three_squares("d"), LayerRole::Data, "D"),
                    loaded(three_squares("n"), LayerRole::Context, "N")});
  doc.set_visible(1, false);
  REQUIRE(doc.scene().layers.size() == 1);
  CHECK(doc.scene().layers[0].interactive);
  doc.set_visible(1, true);
  CHECK(doc.scene().layers.size() == 2);
}

TEST_CASE("the colour-vision preview recolours the scene, never the style") {
  MapDocument doc;
  doc.assign("UK", {loaded(three_squares("d"), LayerRole::Data, "D"),
                    loaded(three_squares("n"), LayerRole::Context, "N")});
  const StyleSpec spec_before = doc.data_layer()->spec;
  const std::vector<Rgba> true_fills = doc.data_layer()->style.fills;
  REQUIRE(doc.scene().legend);
  const Rgba true_swatch = doc.scene().legend->entries.front().color;
  CHECK(doc.color_vision() == ColorVision::Normal);
  CHECK(&doc.export_scene() == &doc.scene());

  const auto revision = doc.revision();
  doc.set_color_vision(ColorVision::Deuteranopia);
  CHECK(doc.revision() > revision);
  const Scene& shown = doc.scene();
  REQUIRE(shown.layers[0].fills.size() == true_fills.size());
  for (std::size_t i = 0; i < true_fills.size(); ++i)
    CHECK(shown.layers[0].fills[i] ==
          simulate_color_vision(true_fills[i], ColorVision::Deuteranopia));
  CHECK(shown.legend->entries.front().color ==
        simulate_color_vision(true_swatch, ColorVision::Deuteranopia));
  // The style, the spec and what exports use keep the true colours.
  CHECK(doc.data_layer()->style.fills == true_fills);
  CHECK(doc.data_layer()->spec.palette == spec_before.palette);
  CHECK(doc.data_layer()->style.legend.entries.front().color == true_swatch);
  CHECK(doc.export_scene().layers[0].fills == true_fills);
  CHECK(doc.export_scene().legend->entries.front().color == true_swatch);

  // Restyling and new maps keep the preview; greyscale makes every fill grey.
  doc.set_color_vision(ColorVision::Greyscale);
  StyleSpec spec = doc.data_layer()->spec;
  spec.classes = 3;
  doc.restyle(spec);
  for (const Rgba& fill : doc.scene().layers[0].fills) {
    CHECK(fill.r == fill.g);
    CHECK(fill.g == fill.b);
  }
  doc.assign("t2", {loaded(three_squares("e"), LayerRole::Data, "E")});
  CHECK(doc.color_vision() == ColorVision::Greyscale);
  CHECK(doc.export_scene().layers[0].fills == doc.data_layer()->style.fills);

  doc.set_color_vision(ColorVision::Normal);
  CHECK(doc.scene().layers[0].fills == doc.data_layer()->style.fills);
}

TEST_CASE("manual breaks and locked breaks through the document") {
  MapDocument doc;
  doc.assign("t", {loaded(three_squares("d"), LayerRole::Data, "D")});
  StyleSpec spec = doc.data_layer()->spec;  // area_km2: 1, 4, 9
  spec.method = ClassMethod::Manual;
  spec.manual_breaks = {2, 5};
  doc.restyle(spec);
  REQUIRE(doc.data_layer()->style.classification);
  CHECK(doc.data_layer()->style.classification->counts == std::vector<std::size_t>{1, 1, 1});

  // Bad breaks leave the map as it was, with a message for the banner.
  StyleSpec bad = spec;
  bad.manual_breaks = {5, 2};
  CHECK_THROWS_AS(doc.restyle(bad), UserError);
  CHECK(doc.data_layer()->spec.manual_breaks == std::vector<double>{2, 5});

  // Locked: pop (100, no data, 300) takes area's breaks; the legend says they are locked.
  spec.locked = *doc.data_layer()->style.classification;
  spec.field = "pop";
  doc.restyle(spec);
  const Classification& c = *doc.data_layer()->style.classification;
  CHECK(c.edges[1] == 2);
  CHECK(c.edges[2] == 5);
  CHECK(c.counts == std::vector<std::size_t>{0, 0, 2});
  REQUIRE(doc.scene().legend);
  CHECK_THAT(doc.scene().legend->subtitle, Catch::Contains("kept from another map"));
}

namespace {

// A user's table keyed by name in one column and by a wrong code in another.
std::shared_ptr<const SourceTable> scores_table() {
  auto t = std::make_shared<SourceTable>();
  t->origin = "scores.csv";
  t->table.row_count = 3;
  Column code;
  code.name = "Ref";
  code.text = {"X1", "X2", "X3"};
  Column name;
  name.name = "Area";
  name.text = {"One", "Two", "Nowhere"};
  t->table.columns = {code, name};
  t->table.add_number_column("Score", {10.0, 20.0, 30.0}, false);
  t->row_numbers = {2, 3, 4};
  return t;
}

}  // namespace

TEST_CASE("a joined table adds fields, can be joined again by other keys, and removed") {
  MapDocument doc;
  doc.assign("test", {loaded(three_squares("d"), LayerRole::Data, "Districts")});
  const Layer* before = doc.data_layer()->layer.get();

  // By the detected keys: the codes do not match, the report says so and suggests the name.
  JoinOptions options;
  options.layer_key = "CODE";
  options.table_key = "Ref";
  const Layer* replaced = doc.join_table(scores_table(), data::TableLoadInfo{}, options);
  CHECK(replaced == before);
  REQUIRE(doc.table_join());
  CHECK(doc.table_join()->report.matched == 0);
  const Layer* joined = doc.data_layer()->layer.get();
  CHECK(joined != before);
  CHECK(joined->shapes.size() == 3);  // same geometry
  CHECK(joined->attributes.find("Score"));

  // Again by name: two of three areas match; the field can be coloured.
  CHECK(doc.rejoin("NAME", "Area") == joined);
  CHECK(doc.table_join()->report.matched == 2);
  const auto score = doc.data_layer()->layer->attributes.find("Score");
  REQUIRE(score);
  CHECK(doc.data_layer()->layer->attributes.columns[*score].values[1] == 20.0);
  CHECK(std::isnan(doc.data_layer()->layer->attributes.columns[*score].values[2]));
  StyleSpec spec;
  spec.field = "Score";
  spec.method = ClassMethod::Equal;
  spec.classes = 2;
  doc.restyle(spec);
  CHECK(doc.scene().legend);

  // A missing key field is an error and nothing changes.
  const Layer* current = doc.data_layer()->layer.get();
  CHECK_THROWS_AS(doc.rejoin("NO_SUCH_FIELD", "Area"), UserError);
  CHECK(doc.data_layer()->layer.get() == current);
  CHECK(doc.table_join()->report.matched == 2);

  // Removing the table restores the layer's own fields; the style falls back as Score is gone.
  CHECK(doc.remove_table() == current);
  CHECK_FALSE(doc.table_join());
  CHECK_FALSE(doc.data_layer()->layer->attributes.find("Score"));
  CHECK(doc.data_layer()->layer.get() == before);
  CHECK(doc.data_layer()->spec.field != std::optional<std::string>("Score"));
}

TEST_CASE("a join worked out on another thread is applied only to the map it read") {
  MapDocument doc;
  doc.assign("test", {loaded(three_squares("d"), LayerRole::Data, "Districts")});
  JoinOptions options;
  options.layer_key = "NAME";
  options.table_key = "Area";
  // As the window does: what the join reads is captured here, the join runs elsewhere.
  auto future = std::async(std::launch::async, [base = doc.join_base(), options] {
    return MapDocument::prepare_join(base, nullptr, scores_table(), data::TableLoadInfo{}, options);
  });
  MapDocument::PreparedJoin prepared = future.get();
  CHECK(prepared.join.report.matched == 2);
  CHECK_FALSE(doc.table_join());  // nothing changed while it ran
  const Layer* before = doc.data_layer()->layer.get();
  CHECK(doc.apply_join(std::move(prepared)) == before);
  CHECK(doc.data_layer()->layer->attributes.find("Score"));

  // A join of a map that is no longer shown changes nothing.
  auto stale = MapDocument::prepare_join(doc.join_base(), nullptr, scores_table(),
                                         data::TableLoadInfo{}, options);
  doc.assign("other", {loaded(three_squares("e"), LayerRole::Data, "Other")});
  CHECK(doc.apply_join(std::move(stale)) == nullptr);
  CHECK_FALSE(doc.table_join());
  CHECK_FALSE(doc.data_layer()->layer->attributes.find("Score"));

  // No map at all: a message, not a crash.
  CHECK_THROWS_AS(
      MapDocument::prepare_join(nullptr, nullptr, scores_table(), data::TableLoadInfo{}, options),
      UserError);
}
