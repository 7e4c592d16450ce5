// The window's map as a map spec and back: "Save map..." records the layers, table, style,
// camera and page; opening the spec asks for the same layers and gives the same style.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "core/error.hpp"
#include "core/map_spec.hpp"
#include "ui/document_spec.hpp"
#include "ui/map_document.hpp"

using namespace devomap;
using namespace devomap::ui;

namespace {

MultiPolygon square(double x0, double y0, double side) {
  Polygon p;
  p.outer = {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}};
  return {p};
}

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

LoadedLayer loaded(std::shared_ptr<Layer> layer, LayerRole role, const std::string& label) {
  LoadedLayer l;
  l.request.path = layer->source_path;
  l.request.role = role;
  l.request.label = label;
  l.layer = std::move(layer);
  return l;
}

Bounds box(double x0, double y0, double x1, double y1) {
  Bounds b;
  b.expand(Vec2{x0, y0});
  b.expand(Vec2{x1, y1});
  return b;
}

}  // namespace

TEST_CASE("document spec: the window's map saved as a spec and opened again", "[spec]") {
  MapDocument doc;
  doc.assign("Districts",
             {loaded(squares("/data/nations.gpkg", "nations"), LayerRole::Context, "Nations"),
              loaded(squares("/data/districts.gpkg", "lad"), LayerRole::Data, "districts.gpkg")});
  StyleSpec style = doc.data_layer()->spec;
  style.field = "pop";
  style.method = ClassMethod::Equal;
  style.classes = 3;
  style.palette = "Reds";
  style.legend_title = "People";
  doc.restyle(style);

  PageSpec page;
  page.paper = Paper::A4;
  page.dpi = 200;
  page.landscape = true;
  LayoutSpec layout;
  layout.title = "People by district";
  layout.scale_bar = false;
  const Bounds extent = box(0, 0, 3000, 1000);
  const MapSpec spec = spec_from_document(doc, std::nullopt, extent, page, layout);

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
  const LoadJob job = load_job_for_spec(back, "/no/data/dir");
  REQUIRE(job.layers.size() == 2);
  CHECK(job.layers[0].path == "/data/districts.gpkg");
  CHECK(job.layers[0].layer_name == std::optional<std::string>("lad"));
  CHECK(job.layers[0].role == LayerRole::Data);
  CHECK(job.layers[0].label == "districts.gpkg");
  CHECK(job.layers[1].role == LayerRole::Context);
  CHECK(job.layers[1].label == "Nations");
  CHECK_FALSE(job.devolution);

  // The reopened document takes the saved style.
  MapDocument reopened;
  reopened.assign("Districts", {loaded(squares("/data/districts.gpkg", "lad"), LayerRole::Data,
                                       "districts.gpkg")});
  reopened.restyle(spec_style_for(back, reopened));
  const StyleSpec& s = reopened.data_layer()->spec;
  CHECK(s.field == std::optional<std::string>("pop"));
  CHECK(s.method == ClassMethod::Equal);
  CHECK(s.classes == 3);
  CHECK(s.legend_title == "People");
  CHECK(reopened.data_layer()->style.fills == doc.data_layer()->style.fills);
}

TEST_CASE("document spec: the export request matches what the CLI would add", "[spec]") {
  MapDocument doc;
  doc.assign("Districts", {loaded(squares("/data/districts.gpkg", "lad"), LayerRole::Data, "d")});
  PageSpec page;
  LayoutSpec layout;
  layout.source = "Source: a survey";
  const auto request = export_request_for(doc, "/tmp/map.svg", page, layout, false);
  CHECK(request.out == "/tmp/map.svg");
  CHECK(request.layout.source == "Source: a survey");
  // LAD24CD names official ONS boundaries of 2024: the OGL attribution is added at layout.
  CHECK(request.layout.official_boundaries);
  CHECK(request.layout.boundary_year == std::optional<int>(2024));
  CHECK_FALSE(request.overwrite);
  CHECK(default_page_title(doc).empty());
}

TEST_CASE("document spec: specs the window cannot show say why", "[spec]") {
  MapSpec spec;
  spec.default_map = false;
  spec.layers = {SpecLayer{"/data/a.gpkg", std::nullopt, SpecLayerRole::Data, "", std::nullopt}};
  spec.crs = "webmercator";
  CHECK_THROWS_WITH(load_job_for_spec(spec, "/tmp"),
                    Catch::Contains("webmercator") && Catch::Contains("devomap render"));
  MapSpec uk;  // the default map, with no boundaries in the data folder
  CHECK_THROWS_WITH(load_job_for_spec(uk, "/nonexistent/devomap-data"),
                    Catch::Contains("/nonexistent/devomap-data") && Catch::Contains("fetch"));
}
