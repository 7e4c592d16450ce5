// describe_dataset and the `devomap info` output: any layer, polygon or not.
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.hpp"
#include "data/fixtures.hpp"
#include "gdal/dataset_info.hpp"
#include "gdal/layer_source.hpp"
#include "support/test_support.hpp"

using namespace devomap;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const gdal::LayerInfo& by_name(const std::vector<gdal::LayerInfo>& layers,
                               const std::string& name) {
  for (const auto& layer : layers)
    if (layer.name == name) return layer;
  FAIL("no layer " << name);
  return layers.front();
}

struct Run {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

Run run_devomap(const std::string& arguments) {
  Run run;
  const std::string command = test::devomap_binary().string() + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::array<char, 4096> buffer;
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe))
    run.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace

TEST_CASE("describe_dataset lists polygon, point and attribute-only layers", "[io][info]") {
  test::TempDir dir;
  test::FixtureLayer districts = test::district_layer(3);
  test::FixtureLayer stations;
  stations.name = "stations";
  stations.geometry = wkbPoint;
  stations.epsg = 4326;
  stations.fields = {{"name", OFTString}};
  stations.features = {{"POINT(-1.5 52.5)", {"A"}}, {"POINT(-1.0 53.0)", {"B"}}};
  test::FixtureLayer table;
  table.name = "population";
  table.geometry = wkbNone;
  table.epsg.reset();
  table.fields = {{"code", OFTString}, {"people", OFTInteger}};
  table.features = {{"", {"E06000001", "93000"}}};
  const auto path = test::write_layers(dir / "mixed.gpkg", "GPKG", {districts, stations, table});

  const auto layers = gdal::describe_dataset(path.string());
  REQUIRE(layers.size() == 3);

  const auto& d = by_name(layers, "districts");
  CHECK(d.geometry == "Polygon");
  CHECK(d.crs_epsg == 27700);
  CHECK(d.crs_name == "OSGB36 / British National Grid");
  CHECK(d.feature_count == 3);
  REQUIRE(d.extent);
  CHECK((*d.extent)[0] == Approx(400000));
  CHECK((*d.extent)[1] == Approx(300000));
  CHECK((*d.extent)[2] == Approx(400000 + 4 * 10000 + 10000));
  CHECK((*d.extent)[3] == Approx(310000));
  REQUIRE(d.fields.size() == 4);
  CHECK(d.fields[0].name == "LAD24CD");
  CHECK(d.fields[0].type == "String");
  CHECK(d.fields[2].type == "Integer64");
  CHECK(d.fields[3].type == "Real");

  const auto& s = by_name(layers, "stations");
  CHECK(s.geometry == "Point");
  CHECK(s.crs_epsg == 4326);
  REQUIRE(s.extent);
  // x is longitude even though EPSG:4326 is latitude-first by the book.
  CHECK((*s.extent)[0] == Approx(-1.5));
  CHECK((*s.extent)[1] == Approx(52.5));
  CHECK((*s.extent)[2] == Approx(-1.0));
  CHECK((*s.extent)[3] == Approx(53.0));

  const auto& t = by_name(layers, "population");
  CHECK(t.geometry == "None");
  CHECK_FALSE(t.crs_epsg);
  CHECK(t.crs_name.empty());
  CHECK_FALSE(t.extent);
  CHECK(t.feature_count == 1);
  CHECK(t.fields[1].type == "Integer");
}

TEST_CASE("describe_dataset works on CSV tables, folders and zips and reports bad input",
          "[io][info]") {
  test::TempDir dir;
  std::ofstream(dir / "table.csv") << "code,value\nE06000001,3\nE06000002,4\n";
  const auto csv = gdal::describe_dataset((dir / "table.csv").string());
  REQUIRE(csv.size() == 1);
  CHECK(csv[0].geometry == "None");
  CHECK(csv[0].feature_count == 2);
  CHECK(csv[0].fields.size() == 2);

  fs::create_directory(dir / "shapes");
  const auto shp =
      test::write_layer(dir / "shapes" / "lad.shp", "ESRI Shapefile", test::district_layer(2));
  test::write_layer(dir / "shapes" / "rgn.shp", "ESRI Shapefile", test::district_layer(1));
  CHECK(gdal::describe_dataset((dir / "shapes").string()).size() == 2);
  test::write_zip(dir / "lad.zip", test::shapefile_parts(shp, "inner"));
  const auto zipped = gdal::describe_dataset((dir / "lad.zip").string());
  REQUIRE(zipped.size() == 1);
  CHECK(zipped[0].name == "lad");
  CHECK(zipped[0].geometry == "Polygon");
  CHECK(zipped[0].crs_epsg == 27700);

  CHECK_THROWS_WITH(gdal::describe_dataset((dir / "missing.gpkg").string()),
                    Contains("missing.gpkg") && Contains("does not exist"));
  std::ofstream(dir / "notes.txt") << "nothing here\n";
  CHECK_THROWS_WITH(gdal::describe_dataset((dir / "notes.txt").string()),
                    Contains("notes.txt") && Contains("is not a vector file GDAL can read"));
}

TEST_CASE("info JSON has exactly the documented shape", "[io][info]") {
  test::TempDir dir;
  test::FixtureLayer table;
  table.name = "lookup";
  table.geometry = wkbNone;
  table.epsg.reset();
  table.fields = {{"code", OFTString}};
  const auto path = test::write_layers(dir / "two.gpkg", "GPKG", {test::district_layer(2), table});
  const std::string text = gdal::dataset_info_json(gdal::describe_dataset(path.string()), -1);
  // Keys in the documented order.
  CHECK(text.rfind(R"({"layers":[{"name":"districts","geometry":"Polygon","crs_epsg":27700,)"
                   R"("feature_count":2,"extent":[400000.0,300000.0,430000.0,310000.0],)"
                   R"("fields":[{"name":"LAD24CD","type":"String"},)",
                   0) == 0);
  const auto json = nlohmann::json::parse(text);
  REQUIRE(json.size() == 1);
  REQUIRE(json["layers"].size() == 2);
  const auto& d = json["layers"][0];
  CHECK(d.size() == 6);
  CHECK(d["name"] == "districts");
  CHECK(d["geometry"] == "Polygon");
  CHECK(d["crs_epsg"] == 27700);
  CHECK(d["feature_count"] == 2);
  CHECK(d["extent"] == nlohmann::json::array({400000.0, 300000.0, 430000.0, 310000.0}));
  CHECK(d["fields"][0] == nlohmann::json({{"name", "LAD24CD"}, {"type", "String"}}));
  const auto& t = json["layers"][1];
  CHECK(t["crs_epsg"].is_null());
  CHECK(t["extent"].is_null());
  CHECK(t["geometry"] == "None");
}

TEST_CASE("info text lists geometry, CRS, count, extent and fields", "[io][info]") {
  test::TempDir dir;
  const auto path = test::write_layer(dir / "d.gpkg", "GPKG", test::district_layer(2));
  const std::string text =
      gdal::dataset_info_text(path.string(), gdal::describe_dataset(path.string()));
  CHECK_THAT(text, Contains("1 layer") && Contains("Layer districts") &&
                       Contains("Geometry: Polygon") &&
                       Contains("CRS:      EPSG:27700 (OSGB36 / British National Grid)") &&
                       Contains("Features: 2") &&
                       Contains("Extent:   400000.00, 300000.00 - 430000.00, 310000.00") &&
                       Contains("LAD24CD  String") && Contains("DENSITY  Real"));
}

TEST_CASE("real: info of the LAD 2024 BUC shapefile", "[io][info][real]") {
  const auto data = test::real_data_dir("real: info of the LAD 2024 BUC shapefile");
  if (!data) return;
  const auto shp = *data / "lad_2024_uk_buc_shp" / "LAD_2024_UK_BUC.shp";
  const auto json =
      nlohmann::json::parse(gdal::dataset_info_json(gdal::describe_dataset(shp.string())));
  REQUIRE(json["layers"].size() == 1);
  const auto& layer = json["layers"][0];
  CHECK(layer["name"] == "LAD_2024_UK_BUC");
  CHECK(layer["geometry"] == "Polygon");
  CHECK(layer["crs_epsg"] == 27700);
  CHECK(layer["feature_count"] == 361);
  // ogrinfo: Extent: (-70.828240, 7053.703853) - (655655.462348, 1220312.173033)
  CHECK(layer["extent"][0].get<double>() == Approx(-70.828240).margin(1e-5));
  CHECK(layer["extent"][1].get<double>() == Approx(7053.703853).margin(1e-5));
  CHECK(layer["extent"][2].get<double>() == Approx(655655.462348).margin(1e-5));
  CHECK(layer["extent"][3].get<double>() == Approx(1220312.173033).margin(1e-5));
  CHECK(layer["fields"] == nlohmann::json::parse(R"([{"name":"LAD24CD","type":"String"},
      {"name":"LAD24NM","type":"String"},{"name":"GlobalID","type":"String"}])"));

  SECTION("the lon/lat GeoPackage reports longitude first") {
    const auto gpkg = gdal::describe_dataset((*data / "lad_2024_uk_buc.gpkg").string());
    REQUIRE(gpkg.size() == 1);
    CHECK(gpkg[0].crs_epsg == 4326);
    REQUIRE(gpkg[0].extent);
    CHECK((*gpkg[0].extent)[0] < -8.0);  // west of Northern Ireland's coast: longitude
    CHECK((*gpkg[0].extent)[3] > 60.0);  // Shetland: latitude
  }
}

TEST_CASE("devomap info runs as a command", "[io][info][cli]") {
  const auto data = test::real_data_dir("devomap info runs as a command");
  if (!data) return;
  const auto shp = (*data / "lad_2024_uk_buc_shp" / "LAD_2024_UK_BUC.shp").string();
  const Run json = run_devomap("info --json '" + shp + "'");
  REQUIRE(json.exit_code == 0);
  const auto parsed = nlohmann::json::parse(json.out);
  CHECK(parsed["layers"][0]["feature_count"] == 361);
  CHECK(parsed["layers"][0]["crs_epsg"] == 27700);

  const Run text = run_devomap("info '" + shp + "'");
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Contains("EPSG:27700") && Contains("Features: 361") && Contains("LAD24NM"));

  const Run missing = run_devomap("info /nonexistent/boundaries.gpkg");
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.out, Contains("/nonexistent/boundaries.gpkg") && Contains("does not exist"));
}

TEST_CASE("info says how many polygons are repaired and which features are left out",
          "[io][info]") {
  test::TempDir dir;
  test::FixtureLayer layer = test::district_layer(3);
  // A bow tie (self-intersecting) and a feature with no geometry.
  layer.features[1].wkt =
      "POLYGON((400000 300000,410000 310000,410000 300000,400000 310000,"
      "400000 300000))";
  layer.features[2].wkt = "";
  const auto path = test::write_layer(dir / "bad.gpkg", "GPKG", layer);
  const Run text = run_devomap("info " + path.string());
  INFO(text.out);
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Contains("Polygons: 1 invalid, repaired when drawn") &&
                           Contains("Left out: 1 feature") && Contains("E06000003"));
  const Run json_run = run_devomap("info --json " + path.string());
  const auto doc = nlohmann::json::parse(json_run.out);
  CHECK(doc["layers"][0]["repaired"] == 1);
  CHECK(doc["layers"][0]["left_out"].size() == 1);
}
