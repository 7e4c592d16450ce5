// What `devomap` with no arguments loads: districts (styled, interactive) and nations (context),
// both the national-detail copies the data dir's catalogue lists.
#include <catch2/catch.hpp>

#include <fstream>

#include "core/error.hpp"
#include "data/catalog.hpp"
#include "devolution/devolution_map.hpp"
#include "session/compare.hpp"
#include "session/default_map.hpp"
#include "session/map_session.hpp"
#include "session/places.hpp"
#include "support/test_support.hpp"

using namespace devomap;
using namespace devomap::session;

namespace {
data::CatalogEntry entry(const std::string& id, data::LayerKind kind, data::Resolution resolution,
                         const std::filesystem::path& path) {
  data::CatalogEntry e;
  e.id = id;
  e.kind = kind;
  e.vintage = "2024-12";
  e.resolution = resolution;
  e.path = path;
  e.layer = path.stem().string();
  e.feature_count = kind == data::LayerKind::Countries ? 4 : 361;
  e.format = "GeoPackage";
  e.crs = "EPSG:4326";
  return e;
}
}  // namespace

TEST_CASE("an empty data dir has no default map (the window shows the first-run screen)") {
  test::TempDir dir;
  CHECK_FALSE(default_map_job(dir.path()));
}

TEST_CASE("the default map takes the national-detail districts and the nations") {
  test::TempDir dir;
  // The catalogue may point at files anywhere; these names need not exist to build the job.
  const std::filesystem::path geo = "/data/ons";
  data::Catalog catalog;
  catalog.data_dir = dir.path();
  catalog.entries = {
      entry("lad_2024_bgc", data::LayerKind::Districts, data::Resolution::BGC,
            geo / "lad_2024_uk_bgc.gpkg"),
      entry("lad_2024_buc", data::LayerKind::Districts, data::Resolution::BUC,
            geo / "lad_2024_uk_buc.gpkg"),
      entry("ctry_2024_bgc", data::LayerKind::Countries, data::Resolution::BGC,
            geo / "ctry_2024_uk_bgc.gpkg"),
      entry("ctry_2024_buc", data::LayerKind::Countries, data::Resolution::BUC,
            geo / "ctry_2024_uk_buc.gpkg"),
  };
  data::save_catalog(catalog);

  const auto job = default_map_job(dir.path());
  REQUIRE(job);
  CHECK(job->title == "UK devolution map");
  // The devolution dataset ships with the source tree, so the job builds the devolution map.
  REQUIRE(job->devolution);
  CHECK(job->devolution->districts.path == geo / "lad_2024_uk_buc.gpkg");
  REQUIRE(job->devolution->countries);
  CHECK(job->devolution->countries->path == geo / "ctry_2024_uk_buc.gpkg");
  REQUIRE(job->layers.size() == 2);
  CHECK(job->layers[0].role == LayerRole::Data);
  CHECK(job->layers[0].path == (geo / "lad_2024_uk_buc.gpkg").string());
  CHECK(job->layers[0].layer_name == std::optional<std::string>("lad_2024_uk_buc"));
  CHECK(job->layers[1].role == LayerRole::Context);
  CHECK(job->layers[1].path == (geo / "ctry_2024_uk_buc.gpkg").string());
}

TEST_CASE("districts without nations still make a map") {
  test::TempDir dir;
  data::Catalog catalog;
  catalog.data_dir = dir.path();
  catalog.entries = {
      entry("lad", data::LayerKind::Districts, data::Resolution::BUC, dir / "lad.gpkg")};
  data::save_catalog(catalog);
  const auto job = default_map_job(dir.path());
  REQUIRE(job);
  REQUIRE(job->layers.size() == 1);
  CHECK(job->layers[0].role == LayerRole::Data);
}

TEST_CASE("a corrupt catalogue is reported, naming the file") {
  test::TempDir dir;
  std::ofstream(dir / "catalog.json") << "{ not json";
  try {
    default_map_job(dir.path());
    FAIL("a corrupt catalogue was accepted");
  } catch (const UserError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("catalog.json"));
  }
}

TEST_CASE("the default map loads from a catalogue of the real ONS files") {
  const auto data = test::real_data_dir("default map from real files");
  if (!data) return;
  test::TempDir dir;
  data::Catalog catalog;
  catalog.data_dir = dir.path();
  catalog.entries = {entry("lad", data::LayerKind::Districts, data::Resolution::BUC,
                           *data / "lad_2024_uk_buc.gpkg"),
                     entry("ctry", data::LayerKind::Countries, data::Resolution::BUC,
                           *data / "ctry_2024_uk_buc.gpkg")};
  data::save_catalog(catalog);
  auto job = default_map_job(dir.path());
  REQUIRE(job);
  LayerLoader loader;
  loader.start(std::move(*job));
  const auto result = loader.wait_result(std::chrono::seconds(60));
  REQUIRE(result);
  REQUIRE_FALSE(result->error);
  REQUIRE(result->layers.size() == 2);
  // 22 strategic authorities, 99 English districts outside one, 3 devolved nations.
  CHECK(result->layers[0].layer->size() == 124);
  CHECK(result->layers[0].request.role == LayerRole::Data);
  REQUIRE(result->layers[0].style);
  CHECK(result->layers[0].style->field == std::optional<std::string>("Devolution tier"));
  CHECK(result->layers[1].layer->size() == 4);
  CHECK(result->layers[1].request.role == LayerRole::Context);
  REQUIRE(result->devolution);
  CHECK(result->devolution->dataset->authorities.size() == 22);
  // No population table in this catalogue: the map says per-head figures are left out.
  bool noted = false;
  for (const auto& n : result->devolution->map.notes)
    noted |= n.find("per-head") != std::string::npos;
  CHECK(noted);

  // The page title names what the map shows: the tiers, then a measure; a user's own style on
  // another field takes that field's name, never the last measure's units.
  MapSession session;
  session.open(*result, nullptr);
  session.document().restyle(*result->layers[0].style);
  CHECK(session.page_title() == result->devolution->title);
  const StyleSpec powers =
      session.document().style_for_field(devolution::devolution_field::kPowersHeld);
  CHECK(powers.legend_title == "Devolved powers held");
  session.document().restyle(powers);
  CHECK(session.page_title() == "Devolved powers held");
  const StyleSpec area = session.document().style_for_field(std::string("area_km2"));
  CHECK(area.units == "km\xC2\xB2");
  session.document().restyle(
      session.document().style_for_field(devolution::devolution_field::kPowersHeld));
  const StyleSpec own = session.document().style_for_field(std::string("homes_per_1000"));
  CHECK(own.field == std::optional<std::string>("homes_per_1000"));
  CHECK(own.legend_title.empty());  // the legend and title read the column's own name
  CHECK(own.units.empty());
  CHECK(own.number_format.unit == NumberUnit::Plain);
  session.title_follows_map = false;
  session.layout.title = "My title";
  CHECK(session.page_title() == "My title");

  // The find box offers the areas and, on the UK map, the districts inside authorities.
  const PlaceFinder places = places_of(session.document());
  const auto bolton = places.find("Bolton");
  REQUIRE_FALSE(bolton.empty());
  CHECK(bolton[0]->kind == "District in Greater Manchester Combined Authority");
  REQUIRE(bolton[0]->area);
  const Layer& areas = *session.document().data_layer()->layer;
  CHECK(areas.name(*bolton[0]->area) == "Greater Manchester Combined Authority");
  // The map shows authorities, not the districts inside them: finding Bolton shows Greater
  // Manchester (about 50 km across in British National Grid).
  const Bounds& b = bolton[0]->bounds;
  INFO(b.min_x << " " << b.min_y << " " << b.max_x << " " << b.max_y);
  CHECK(b.width() > 40000);
  CHECK(b.width() < 70000);
  CHECK(b.min_x == areas.shape_bounds[*bolton[0]->area].min_x);
  const auto wales = places.find("wales");
  REQUIRE_FALSE(wales.empty());
  CHECK(wales[0]->name == "Wales");

  // Comparing areas named as a person writes them.
  std::vector<std::string> notes;
  const MapDocument& doc = session.document();
  const std::size_t gm = find_area(doc, "E47000001", notes);
  CHECK(areas.name(gm) == "Greater Manchester Combined Authority");
  CHECK(find_area(doc, "greater manchester", notes) == gm);
  CHECK(find_area(doc, "E08000001", notes) == gm);  // Bolton's code: compared as its authority
  CHECK(areas.name(find_area(doc, "Wales", notes)) == "Wales");  // the map's, not the outline's
  const std::size_t wm = find_area(doc, "West Midlands Combined Authority", notes);
  // "North Yorkshire": the council or the combined authority? Refused with both.
  try {
    find_area(doc, "North Yorkshire", notes);
    FAIL("an ambiguous name was taken");
  } catch (const UserError& e) {
    const std::string what = e.what();
    CHECK(what.find("York and North Yorkshire Combined Authority") != std::string::npos);
    CHECK(what.find("District in") != std::string::npos);
  }
  CHECK_THROWS_AS(find_area(doc, "Atlantis", notes), UserError);
  CHECK_THROWS_AS(find_area(doc, "E99999999", notes), UserError);

  const Comparison c = compare_areas(doc, {gm, wm});
  CHECK(c.names == std::vector<std::string>{"Greater Manchester Combined Authority",
                                            "West Midlands Combined Authority"});
  const auto row = [&](const std::string& label) -> const Comparison::Row& {
    for (const auto& r : c.rows)
      if (r.label == label) return r;
    FAIL("no row " << label);
    return c.rows.front();
  };
  CHECK(c.short_names == std::vector<std::string>{"Greater Manchester", "West Midlands"});
  CHECK(row("GSS code").values == std::vector<std::string>{"E47000001", "E47000007"});
  CHECK(row("GSS code").differs);
  CHECK(row("Devolution tier").values[0] == row("Devolution tier").values[1]);
  CHECK_FALSE(row("Devolution tier").differs);
  CHECK(row("Transport").values[0] == "held");  // powers by domain, from the dataset's rows
  const std::string csv = comparison_csv(c);
  CHECK(csv.rfind("Group,Measure,Greater Manchester Combined Authority,West Midlands Combined "
                  "Authority,Differs\r\n",
                  0) == 0);
  CHECK(csv.find("Area,GSS code,E47000001,E47000007,yes\r\n") != std::string::npos);
  CHECK_THROWS_AS(compare_areas(doc, {gm}), UserError);
  CHECK_THROWS_AS(compare_areas(doc, {gm, gm}), UserError);
}

TEST_CASE("districts of one nation never make the UK map: the reason names them") {
  test::TempDir dir;
  data::Catalog catalog;
  catalog.data_dir = dir.path();
  auto wales =
      entry("lad_wales", data::LayerKind::Districts, data::Resolution::BUC, dir / "wales.gpkg");
  wales.feature_count = 22;
  wales.complete = false;
  wales.nations = "W";
  catalog.entries = {wales};
  data::save_catalog(catalog);
  try {
    default_map_job(dir.path());
    FAIL("a Wales-only district file was drawn as the UK");
  } catch (const UserError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("22 districts with codes of Wales only") &&
                                          Catch::Contains("fetch --only lad_2024_buc"));
  }
}
