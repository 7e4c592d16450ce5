// The catalogue of the data dir: reading, writing, choosing boundaries for a view, first-run help.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"
#include "data/catalog.hpp"
#include "support/test_support.hpp"

using namespace devomap;
using namespace devomap::data;
namespace fs = std::filesystem;

namespace {

CatalogEntry boundary(const fs::path& dir, std::string id, LayerKind kind, std::string vintage,
                      std::optional<Resolution> res, std::size_t vertices, long long count = 10) {
  CatalogEntry e;
  e.id = std::move(id);
  e.kind = kind;
  e.vintage = std::move(vintage);
  e.resolution = res;
  e.path = dir / "boundaries" / std::string(to_string(kind)) / (e.id + ".gpkg");
  e.layer = e.id;
  e.vertex_count = vertices;
  e.feature_count = count;
  e.format = "GeoPackage";
  return e;
}

}  // namespace

TEST_CASE("an empty data dir has an empty catalogue and first-run help says what to do") {
  test::TempDir dir;
  const Catalog c = load_catalog(dir / "never-created");
  CHECK(c.entries.empty());
  CHECK_FALSE(find_boundaries(c, LayerKind::Districts, Detail::National));
  CHECK_FALSE(find_dataset(c, LayerKind::Population));

  const std::string help = first_run_help(dir / "data");
  CHECK_THAT(help, Catch::Contains((dir / "data").string()));
  CHECK_THAT(help, Catch::Contains("`devomap fetch`"));
  CHECK_THAT(help, Catch::Contains("`devomap fetch --from DIR`"));
  CHECK_THAT(help, Catch::Contains("Open Geography Portal"));
  CHECK(help.find('\n') == std::string::npos);  // one paragraph
}

TEST_CASE("the catalogue round-trips with paths relative to the data dir") {
  test::TempDir dir;
  Catalog c;
  c.data_dir = dir.path();
  CatalogEntry e = boundary(dir.path(), "lad_2024_buc", LayerKind::Districts, "2024-12",
                            Resolution::BUC, 28347, 361);
  e.member = "LAD.shp";
  e.origin = Origin::Fetched;
  e.source = "http://127.0.0.1:1/x.zip";
  e.manifest_id = "lad_2024_buc";
  e.notes = {"fields BNG_E missing"};
  e.crs = "EPSG:27700";
  e.key_field = "LAD24CD";
  upsert(c, e);
  save_catalog(c);

  const auto doc = nlohmann::json::parse(devomap::test::read_file(dir / "catalog.json"));
  CHECK(doc["datasets"][0]["path"] == "boundaries/districts/lad_2024_buc.gpkg");
  CHECK(doc["datasets"][0]["origin"] == "fetched");
  CHECK(doc["datasets"][0]["national"] == true);

  const Catalog back = load_catalog(dir.path());
  REQUIRE(back.entries.size() == 1);
  const CatalogEntry& b = back.entries[0];
  CHECK(b.path == e.path);
  CHECK(b.kind == LayerKind::Districts);
  CHECK(b.resolution == Resolution::BUC);
  CHECK(b.feature_count == 361);
  CHECK(b.vertex_count == 28347);
  CHECK(b.origin == Origin::Fetched);
  CHECK(b.notes == e.notes);
  CHECK(b.key_field == "LAD24CD");
  CHECK(b.gdal_path() == "/vsizip/" + e.path.string() + "/LAD.shp");
}

TEST_CASE("a corrupt catalog.json is reported with what to do") {
  test::TempDir dir;
  std::ofstream(dir / "catalog.json") << "{ \"datasets\": [ {\"id\": 1 } ";
  CHECK_THROWS_AS(load_catalog(dir.path()), UserError);
  CHECK_THROWS_WITH(load_catalog(dir.path()), Catch::Contains("catalog.json") &&
                                                  Catch::Contains("delete it") &&
                                                  Catch::Contains("devomap fetch --from DIR"));
  std::ofstream(dir / "catalog.json") << R"({"datasets":[{"id":"x","kind":"moons","path":"a"}]})";
  CHECK_THROWS_WITH(load_catalog(dir.path()), Catch::Contains("unknown kind"));
}

TEST_CASE("upsert replaces the entry for the same file and layer and keeps ids unique") {
  test::TempDir dir;
  Catalog c;
  c.data_dir = dir.path();
  upsert(c, boundary(dir.path(), "lad", LayerKind::Districts, "2024", Resolution::BUC, 100));
  CatalogEntry again =
      boundary(dir.path(), "lad", LayerKind::Districts, "2024", Resolution::BUC, 100);
  again.feature_count = 361;
  upsert(c, again);
  REQUIRE(c.entries.size() == 1);
  CHECK(c.entries[0].feature_count == 361);

  CatalogEntry other = again;
  other.path = dir / "boundaries/districts/copy.shp";
  upsert(c, other);
  REQUIRE(c.entries.size() == 2);
  CHECK(c.entries[1].id == "lad-2");
}

TEST_CASE("the most generalised copy of a kind and vintage serves national views") {
  test::TempDir dir;
  Catalog c;
  c.data_dir = dir.path();
  upsert(c,
         boundary(dir.path(), "lad_bgc", LayerKind::Districts, "2024-12", Resolution::BGC, 518216));
  upsert(c,
         boundary(dir.path(), "lad_buc", LayerKind::Districts, "2024-12", Resolution::BUC, 28347));
  upsert(c, boundary(dir.path(), "lad_old_bgc", LayerKind::Districts, "2022", Resolution::BGC,
                     500000));
  update_national_flags(c);
  CHECK_FALSE(c.entries[0].national);
  CHECK(c.entries[1].national);
  CHECK(c.entries[2].national);  // the only copy of its vintage

  const auto national = find_boundaries(c, LayerKind::Districts, Detail::National);
  REQUIRE(national);
  CHECK(national->id == "lad_buc");
  const auto detailed = find_boundaries(c, LayerKind::Districts, Detail::Detailed);
  REQUIRE(detailed);
  CHECK(detailed->id == "lad_bgc");
  CHECK_FALSE(find_boundaries(c, LayerKind::Regions, Detail::National));
}

TEST_CASE("find_boundaries takes the newest vintage, then complete copies") {
  test::TempDir dir;
  Catalog c;
  c.data_dir = dir.path();
  upsert(c, boundary(dir.path(), "ca_2024_derived", LayerKind::CombinedAuthorities, "2024",
                     Resolution::BUC, 4000, 11));
  upsert(c, boundary(dir.path(), "ca_2025_bgc", LayerKind::CombinedAuthorities, "2025-05",
                     Resolution::BGC, 52962, 15));
  // A newer vintage wins even at the other detail: its codes are the ones data uses.
  CHECK(find_boundaries(c, LayerKind::CombinedAuthorities, Detail::National)->id == "ca_2025_bgc");

  CatalogEntry partial =
      boundary(dir.path(), "ctry_partial", LayerKind::Countries, "2024", Resolution::BUC, 3228, 1);
  partial.complete = false;
  partial.notes = {"1 feature instead of the official 4"};
  upsert(c, partial);
  upsert(c, boundary(dir.path(), "ctry_full", LayerKind::Countries, "2024-12", Resolution::BUC,
                     12965, 4));
  CHECK(find_boundaries(c, LayerKind::Countries, Detail::National)->id == "ctry_full");
  CHECK(find_boundaries(c, LayerKind::Countries, Detail::Detailed)->id == "ctry_full");
}

TEST_CASE("find_dataset picks the newest lookup") {
  test::TempDir dir;
  Catalog c;
  c.data_dir = dir.path();
  CatalogEntry a =
      boundary(dir.path(), "lu24", LayerKind::LookupLadCauth, "2024-05", std::nullopt, 0, 72);
  CatalogEntry b =
      boundary(dir.path(), "lu25", LayerKind::LookupLadCauth, "2025-05", std::nullopt, 0, 106);
  upsert(c, a);
  upsert(c, b);
  CHECK(find_dataset(c, LayerKind::LookupLadCauth)->id == "lu25");
  // Tables never serve as boundaries.
  CHECK_FALSE(find_boundaries(c, LayerKind::LookupLadCauth, Detail::National));
}
