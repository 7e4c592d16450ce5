// The map session as a map spec and back: what "Save map..." and `render --save-spec` write
// records the layers, table, style, page, layout, views and camera; opening that spec gives the
// same map, and saving it again gives the same spec (spec -> session -> spec is the identity).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <memory>

#include "core/error.hpp"
#include "core/map_spec.hpp"
#include "session/map_session.hpp"
#include "session/map_spec_file.hpp"
#include "session/session_fixtures.hpp"
#include "support/test_support.hpp"

using namespace devomap;
using namespace devomap::session;
using devomap::test::loaded;
using devomap::test::square;

namespace {

std::shared_ptr<Layer> squares(const std::string& path, const std::string& name) {
  auto layer = std::make_shared<Layer>();
  layer->source_path = path;
  layer->layer_name = name;
  for (int i = 0; i < 3; ++i) {
    layer->shapes.push_back(square(i * 2000.0, 0, 1000.0));
    layer->shape_bounds.push_back(bounds_of(layer->shapes.back()));
    layer->bounds.expand(layer->shape_bounds.back());
  }
  layer->attributes.row_count = 3;
  Column code;
  code.name = "LAD24CD";
  code.text = {"E06000001", "E06000002", "E06000003"};
  layer->attributes.columns = {code};
  layer->code_column = 0;
  layer->attributes.add_number_column("pop", {100.0, 200.0, 300.0}, false);
  layer->attributes.add_number_column("area_km2", {1.0, 4.0, 9.0}, true);
  return layer;
}

LoadResult result_of(std::vector<LoadedLayer> layers) {
  LoadResult r;
  r.title = "Districts";
  r.layers = std::move(layers);
  return r;
}

LoadResult two_layers() {
  return result_of(
      {loaded(squares("/data/nations.gpkg", "nations"), LayerRole::Context, "Nations"),
       loaded(squares("/data/districts.gpkg", "lad"), LayerRole::Data, "districts.gpkg")});
}

Bounds box(double x0, double y0, double x1, double y1) {
  Bounds b;
  b.expand(Vec2{x0, y0});
  b.expand(Vec2{x1, y1});
  return b;
}

}  // namespace

TEST_CASE("map session: saved as a spec and opened again", "[spec]") {
  MapSession session;
  session.open(two_layers(), nullptr);
  StyleSpec style = session.document().data_layer()->spec;
  style.field = "pop";
  style.method = ClassMethod::Equal;
  style.classes = 3;
  style.palette = "Reds";
  style.legend_title = "People";
  session.document().restyle(style);
  session.page.paper = Paper::A4;
  session.page.dpi = 200;
  session.page.landscape = true;
  session.layout.title = "People by district";
  session.title_follows_map = false;
  session.layout.scale_bar = false;
  const Bounds extent = box(0, 0, 3000, 1000);
  const MapSpec spec = session.to_spec(extent);

  CHECK_FALSE(spec.default_map);
  REQUIRE(spec.layers.size() == 2);
  // Data below context, as the document draws them.
  CHECK(spec.layers[0].path == "/data/districts.gpkg");
  CHECK(spec.layers[0].layer_name == std::optional<std::string>("lad"));
  CHECK(spec.layers[0].role == SpecLayerRole::Data);
  CHECK(spec.layers[0].label.empty());  // the file name: no label needed
  CHECK(spec.layers[1].role == SpecLayerRole::Context);
  CHECK(spec.layers[1].label == "Nations");
  CHECK_FALSE(spec.table);
  CHECK(spec.style.values.field == std::optional<std::string>("pop"));
  CHECK(spec.style.values.palette == "Reds");
  CHECK(spec.style.has(StyleMember::NumberFormat));  // every member, so nothing depends on defaults
  CHECK(spec.page.paper == Paper::A4);
  CHECK(spec.page.landscape);
  CHECK(spec.layout.title == "People by district");
  CHECK_FALSE(spec.default_title);
  CHECK_FALSE(spec.layout.scale_bar);
  REQUIRE(spec.extent);
  CHECK(spec.extent->max_x == 3000);

  // Through the file format and back.
  const MapSpec back = parse_map_spec(map_spec_json(spec, "/maps"), "map.json", "/maps");
  const LoadJob job = MapSession::load_job(back, "/no/data/dir");
  REQUIRE(job.layers.size() == 2);
  CHECK(job.layers[0].path == "/data/districts.gpkg");
  CHECK(job.layers[0].layer_name == std::optional<std::string>("lad"));
  CHECK(job.layers[0].role == LayerRole::Data);
  CHECK(job.layers[0].label == "districts.gpkg");
  CHECK(job.layers[1].role == LayerRole::Context);
  CHECK(job.layers[1].label == "Nations");
  CHECK_FALSE(job.devolution);

  // The reopened session takes the saved style and page, and saves the same spec again.
  MapSession reopened;
  reopened.open(two_layers(), &back);
  reopened.apply_style(back);
  const StyleSpec& s = reopened.document().data_layer()->spec;
  CHECK(s.field == std::optional<std::string>("pop"));
  CHECK(s.method == ClassMethod::Equal);
  CHECK(s.classes == 3);
  CHECK(s.legend_title == "People");
  CHECK(reopened.document().data_layer()->style.fills ==
        session.document().data_layer()->style.fills);
  CHECK(map_spec_json(reopened.to_spec(back.extent), "/maps") == map_spec_json(back, "/maps"));
}

TEST_CASE("map session: spec -> session -> spec is the identity for every member", "[spec]") {
  const devomap::test::TempDir tmp;
  const std::filesystem::path dir = tmp.path();
  // A table with a combine rule, joined by code.
  const auto table = dir / "people.csv";
  std::ofstream(table) << "code,people,share\nE06000001,5,0.1\nE06000002,7,0.2\nE06000003,9,0.3\n";
  MapSpec spec;
  spec.default_map = false;
  spec.layers = {SpecLayer{"/data/districts.gpkg", std::string("lad"), SpecLayerRole::Data,
                           "Districts 2024", 27700},
                 SpecLayer{"/data/nations.gpkg", std::string("nations"), SpecLayerRole::Context,
                           "Nations", std::nullopt}};
  SpecTable t;
  t.path = table.string();
  t.layer_key = "LAD24CD";
  t.table_key = "code";
  t.by = JoinMode::Code;
  t.combine["share"] = CombineRule::Mean;
  t.source = "A survey office, 2024";
  spec.table = t;
  StyleSpec style;
  style.field = "people";
  style.classes = 3;
  style.palette = "Blues";
  spec.style = StylePatch::full(style);
  spec.page.paper = Paper::A3;
  spec.page.dpi = 150;
  spec.layout.title = "People";
  spec.layout.subtitle = "By district";
  spec.layout.source = "Source: a survey";
  spec.layout.legend = false;
  spec.layout.scale_bar = false;
  spec.layout.north_arrow = false;
  spec.layout.labels = true;
  spec.layout.london_inset = false;
  spec.default_title = false;
  StyleSpec view_style = style;
  view_style.palette = "Greens";
  spec.views = {SpecView{"East", box(2000, 0, 3000, 1000), StylePatch::full(view_style)}};
  spec.extent = box(0, 0, 5000, 1000);
  const std::string text = map_spec_json(spec, dir);

  const MapSpec read = parse_map_spec(text, "map.json", dir);
  MapSession session;
  LoadResult loaded = two_layers();
  loaded.layers[1].request.label = "Districts 2024";
  loaded.layers[1].request.assume_epsg = 27700;
  loaded.layers[0].request.label = "Nations";
  session.open(loaded, &read);
  const auto request = MapSession::table_request(read);
  REQUIRE(request);
  session.apply_join(MapSession::read_and_join(*request, session.document().join_base(), nullptr),
                     request->path);
  REQUIRE(session.document().table_join());
  CHECK(session.document().table_join()->report.matched == 3);
  session.apply_style(read);
  CHECK(map_spec_json(session.to_spec(read.extent), dir) == text);

  // A view's style applies over the spec's.
  CHECK(session.view_style(read.views[0]).palette == "Greens");
}

TEST_CASE("map session: the export job adds what the page needs", "[spec]") {
  MapSession session;
  session.open(result_of({loaded(squares("/data/districts.gpkg", "lad"), LayerRole::Data, "d")}),
               nullptr);
  session.layout.source = "Source: a survey";
  const devomap::test::TempDir tmp;
  const std::filesystem::path dir = tmp.path();
  const ExportJob job = session.export_job(dir / "map.svg", false, box(0, 0, 10, 10));
  CHECK(job.request.out == dir / "map.svg");
  CHECK(job.request.layout.source == "Source: a survey");
  // LAD24CD names official ONS boundaries of 2024: the OGL attribution is added at layout.
  CHECK(job.request.layout.official_boundaries);
  CHECK(job.request.layout.boundary_year == std::optional<int>(2024));
  CHECK_FALSE(job.request.overwrite);
  CHECK_FALSE(job.request.alt_text.empty());
  CHECK(session.page_title().empty());
  // Each area's value travels with the scene (SVG/HTML data attributes).
  REQUIRE(job.scene.layers.size() == 1);
  CHECK(job.scene.layers[0].values.size() == 3);
  CHECK_FALSE(job.scene.hovered);
  CHECK_THROWS_WITH(session.export_job(dir / "map.tiff", false, box(0, 0, 10, 10)),
                    Catch::Contains(".png, .svg, .pdf or .html"));
}

TEST_CASE("map session: the source line names the joined table and who published it", "[spec]") {
  const devomap::test::TempDir tmp;
  const std::filesystem::path dir = tmp.path();
  const auto table = dir / "homes.csv";
  std::ofstream(table) << "code,homes\nE06000001,5\nE06000002,7\nE06000003,9\n";
  MapSession session;
  session.open(result_of({loaded(squares("/data/districts.gpkg", "lad"), LayerRole::Data, "d")}),
               nullptr);
  CHECK(session.table_credit().empty());
  TableRequest request;
  request.path = table.string();
  session.apply_join(MapSession::read_and_join(request, session.document().join_base(), nullptr),
                     request.path);
  session.layout.source = "Source: a survey";
  CHECK(session.export_job(dir / "map.svg", false, box(0, 0, 10, 10)).request.layout.source ==
        "Source: a survey. Table: homes.csv");
  session.table_source = "Live table 1008";
  CHECK(session.export_job(dir / "map.svg", false, box(0, 0, 10, 10)).request.layout.source ==
        "Source: a survey. Table: homes.csv (Live table 1008)");
  CHECK(session.to_spec(std::nullopt).table->source == "Live table 1008");
  // Another table's credit is not carried over; removing the table removes it.
  const auto other = dir / "other.csv";
  std::ofstream(other) << "code,jobs\nE06000001,1\nE06000002,2\nE06000003,3\n";
  request.path = other.string();
  session.apply_join(MapSession::read_and_join(request, session.document().join_base(), nullptr),
                     request.path);
  CHECK(session.table_credit() == "Table: other.csv");
  session.remove_table();
  CHECK(session.table_credit().empty());
}

TEST_CASE("map session: the deck's views are added, renamed, moved, updated and removed",
          "[spec]") {
  MapSession session;
  session.open(result_of({loaded(squares("/data/districts.gpkg", "lad"), LayerRole::Data, "d")}),
               nullptr);
  session.put_view("North", box(0, 0, 10, 10));
  session.put_view("South", box(0, -10, 10, 0));
  session.put_view("East", box(10, 0, 20, 10));
  const auto names = [&session] {
    std::vector<std::string> out;
    for (const SpecView& v : session.views) out.push_back(v.name);
    return out;
  };
  CHECK(names() == std::vector<std::string>{"North", "South", "East"});
  CHECK(session.rename_view(1, "The South"));
  CHECK_FALSE(session.rename_view(1, "North"));  // taken
  CHECK_FALSE(session.rename_view(1, ""));
  CHECK_FALSE(session.rename_view(7, "X"));
  session.move_view(2, -1);
  CHECK(names() == std::vector<std::string>{"North", "East", "The South"});
  session.move_view(0, -1);  // already first
  session.move_view(0, +5);  // to the end, no further
  CHECK(names() == std::vector<std::string>{"East", "The South", "North"});
  session.put_view("North", box(0, 0, 99, 99));  // update: same name, this extent
  CHECK(session.views.size() == 3);
  CHECK(session.views[2].extent->max_x == 99);
  session.remove_view(1);
  session.remove_view(9);
  CHECK(names() == std::vector<std::string>{"East", "North"});
}

TEST_CASE("map session: a default map with no boundaries says where to get them", "[spec]") {
  MapSpec uk;  // the default map, with no boundaries in the data folder
  CHECK_THROWS_WITH(MapSession::load_job(uk, "/nonexistent/devomap-data"),
                    Catch::Contains("/nonexistent/devomap-data") && Catch::Contains("fetch"));
}

TEST_CASE("map session: undo and redo bring back styles, tables, pages and views", "[history]") {
  MapSession session;
  session.open(two_layers(), nullptr);
  session.start_history();
  CHECK_FALSE(session.can_undo());
  const StyleSpec first = session.document().data_layer()->spec;

  StyleSpec reds = first;
  reds.palette = "Reds";
  session.document().restyle(reds);
  session.record("Style");
  session.record("Style");  // nothing changed: no new step
  CHECK(session.undo_label() == "Undo Style");

  // A table joined: undo takes it away with its columns, redo puts it back.
  const devomap::test::TempDir tmp;
  const auto table = tmp.path() / "t.csv";
  std::ofstream(table) << "code,people\nE06000001,5\nE06000002,7\nE06000003,9\n";
  TableRequest request;
  request.path = table.string();
  const Layer* before_join = session.document().data_layer()->layer.get();
  CHECK(session.apply_join(
            MapSession::read_and_join(request, session.document().join_base(), nullptr),
            request.path) == before_join);
  session.record("Join table");
  StyleSpec people = session.document().data_layer()->spec;
  people.field = "people";
  session.document().restyle(people);
  session.record("Style");
  session.layout.title = "People";
  session.title_follows_map = false;
  session.record("Page and layout");
  session.layout.title = "People by district";  // typed on: one step
  session.record("Page and layout");

  CHECK(session.undo_label() == "Undo Page and layout");
  session.undo();
  CHECK(session.layout.title.empty());
  CHECK(session.title_follows_map);
  session.undo();
  CHECK(session.document().data_layer()->spec.field != std::optional<std::string>("people"));
  const Layer* joined = session.document().data_layer()->layer.get();
  CHECK(session.undo() == joined);  // the joined layer is replaced by the one before
  CHECK_FALSE(session.document().table_join());
  CHECK_FALSE(session.document().data_layer()->layer->attributes.find("people"));
  CHECK_FALSE(session.table_path());
  session.undo();
  CHECK(session.document().data_layer()->spec.palette == first.palette);
  CHECK_FALSE(session.can_undo());

  CHECK(session.redo_label() == "Redo Style");
  session.record("Page and layout");  // the window records each frame: nothing changed
  CHECK(session.can_redo());
  session.redo();
  session.redo();
  REQUIRE(session.document().table_join());
  CHECK(session.document().data_layer()->layer->attributes.find("people"));
  CHECK(session.table_path());
  session.redo();
  CHECK(session.document().data_layer()->spec.field == std::optional<std::string>("people"));
  session.redo();
  CHECK(session.layout.title == "People by district");
  CHECK_FALSE(session.can_redo());

  // A new change after an undo drops the steps undone.
  session.undo();
  session.layout.subtitle = "2022";
  session.record("Subtitle");
  CHECK_FALSE(session.can_redo());
  // Opening a map starts a new history.
  session.open(two_layers(), nullptr);
  session.start_history();
  CHECK_FALSE(session.can_undo());
}
