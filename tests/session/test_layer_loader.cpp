// The worker thread that reads layers and builds meshes off the UI thread: results, errors,
// cancel, and superseded jobs.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>

#include "session/layer_loader.hpp"
#include "support/test_support.hpp"

using namespace devomap;
using namespace devomap::session;
using namespace std::chrono_literals;

namespace {
LoadJob job_for(const std::string& path, LayerRole role = LayerRole::Data) {
  LoadRequest r;
  r.path = path;
  r.role = role;
  r.label = "test layer";
  return LoadJob{"test", {r}, std::nullopt, {}};
}
}  // namespace

TEST_CASE("the real district layer loads and triangulates on the worker") {
  const auto data = test::real_data_dir("loader: LAD BUC shapefile");
  if (!data) return;
  LayerLoader loader;
  const auto id =
      loader.start(job_for((*data / "lad_2024_uk_buc_shp/LAD_2024_UK_BUC.shp").string()));
  const auto result = loader.wait_result(60s);
  REQUIRE(result);
  CHECK(result->job_id == id);
  CHECK_FALSE(result->error);
  CHECK_FALSE(result->cancelled);
  REQUIRE(result->layers.size() == 1);
  const LoadedLayer& l = result->layers[0];
  CHECK(l.layer->size() == 361);
  CHECK(l.mesh.fill_indices.size() % 3 == 0);
  CHECK(l.mesh.fill_indices.size() / 3 > 20000);
  CHECK(l.mesh.stats.failed_polygons == 0);
  CHECK_FALSE(loader.progress().busy);
}

TEST_CASE("a missing file comes back as the reader's one-line message") {
  test::TempDir dir;
  const std::string missing = (dir / "nowhere.shp").string();
  LayerLoader loader;
  loader.start(job_for(missing));
  const auto result = loader.wait_result(30s);
  REQUIRE(result);
  REQUIRE(result->error);
  CHECK_THAT(*result->error, Catch::Contains("nowhere.shp"));
  CHECK(result->layers.empty());
}

TEST_CASE("a cancelled job reports cancelled and carries no layers") {
  const auto data = test::real_data_dir("loader: cancel");
  if (!data) return;
  LayerLoader loader;
  // The detailed layer takes hundreds of ms, far longer than setting the flag.
  loader.start(job_for((*data / "lad_2024_uk_bgc.gpkg").string()));
  loader.cancel();
  const auto result = loader.wait_result(60s);
  REQUIRE(result);
  CHECK(result->cancelled);
  CHECK_FALSE(result->error);
  CHECK(result->layers.empty());
}

TEST_CASE("starting a new job supersedes the running one") {
  const auto data = test::real_data_dir("loader: supersede");
  if (!data) return;
  LayerLoader loader;
  const auto first = loader.start(job_for((*data / "lad_2024_uk_bgc.gpkg").string()));
  const auto second = loader.start(job_for((*data / "ctry_2024_uk_buc.gpkg").string()));
  CHECK(second != first);
  const auto a = loader.wait_result(60s);
  const auto b = loader.wait_result(60s);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->job_id == first);
  CHECK(a->cancelled);
  CHECK(b->job_id == second);
  REQUIRE(b->layers.size() == 1);
  CHECK(b->layers[0].layer->size() == 4);
}

TEST_CASE("a file that is not a boundary layer comes back as an error, not a crash") {
  test::TempDir dir;
  const auto bad = dir / "districts.geojson";
  std::ofstream(bad) << "this is not GeoJSON";
  LayerLoader loader;
  loader.start(job_for(bad.string()));
  const auto result = loader.wait_result(30s);
  REQUIRE(result);
  REQUIRE(result->error);
  CHECK_THAT(*result->error, Catch::Contains("districts.geojson"));
  CHECK(result->layers.empty());
}
