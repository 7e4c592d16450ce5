// `devomap fetch --from DIR`: recognising layers by their GSS codes, copying them into the data
// dir, reporting differences from the official releases; on small fixtures and on the real files.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include "core/error.hpp"
#include "data/catalog.hpp"
#include "data/import.hpp"
#include "data/manifest.hpp"
#include "support/test_support.hpp"

using namespace devomap;
using namespace devomap::data;
namespace fs = std::filesystem;

namespace {

// Writes a polygon layer with GDAL: one square per row, 10 km across, in EPSG:27700 (or
// EPSG:4326 when `epsg` is 4326), with a vertex every `spacing_m` metres along its sides.
void write_squares(const fs::path& path, const char* driver, const std::vector<std::string>& names,
                   const std::vector<std::vector<std::string>>& rows, double spacing_m = 2500,
                   int epsg = 27700) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver);
  REQUIRE(drv);
  GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  REQUIRE(ds);
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  // "ctry.shp.zip" holds layer "ctry" (GDAL names the zipped .shp after the layer).
  const std::string layer_name =
      path.filename().string().substr(0, path.filename().string().find('.'));
  OGRLayer* layer = ds->CreateLayer(layer_name.c_str(), &srs, wkbPolygon, nullptr);
  REQUIRE(layer);
  for (const auto& n : names) {
    OGRFieldDefn f(n.c_str(), OFTString);
    REQUIRE(layer->CreateField(&f) == OGRERR_NONE);
  }
  const double side = epsg == 4326 ? 0.1 : 10000;
  const double step = epsg == 4326 ? spacing_m / 111000.0 : spacing_m;
  const int per_side = std::max(1, static_cast<int>(side / step));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double x0 = (epsg == 4326 ? -2.0 : 400000.0) + static_cast<double>(i) * side * 2;
    const double y0 = epsg == 4326 ? 52.0 : 300000.0;
    OGRLinearRing ring;
    for (int k = 0; k < per_side; ++k) ring.addPoint(x0 + side * k / per_side, y0);
    for (int k = 0; k < per_side; ++k) ring.addPoint(x0 + side, y0 + side * k / per_side);
    for (int k = 0; k < per_side; ++k) ring.addPoint(x0 + side - side * k / per_side, y0 + side);
    for (int k = 0; k < per_side; ++k) ring.addPoint(x0, y0 + side - side * k / per_side);
    ring.closeRings();
    OGRPolygon poly;
    poly.addRing(&ring);
    OGRFeature feature(layer->GetLayerDefn());
    for (std::size_t j = 0; j < names.size(); ++j)
      feature.SetField(static_cast<int>(j), rows[i][j].c_str());
    feature.SetGeometry(&poly);
    REQUIRE(layer->CreateFeature(&feature) == OGRERR_NONE);
  }
}

std::vector<std::vector<std::string>> districts(int n, const std::string& prefix = "E06") {
  std::vector<std::vector<std::string>> rows;
  for (int i = 1; i <= n; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "%s%06d", prefix.c_str(), i);
    rows.push_back({code, "District " + std::to_string(i)});
  }
  return rows;
}

Manifest small_manifest() {
  return parse_manifest(R"({"datasets": [
    {"id": "lad_2024_buc", "title": "LAD Dec 2024 BUC", "kind": "districts", "vintage": "2024-12",
     "resolution": "BUC", "url": "https://ons.invalid/lad_buc.geojson", "url_status": "unverified",
     "file_name": "lad_buc.geojson", "format": "GeoJSON", "crs": "EPSG:27700",
     "key_field": "LAD24CD", "fields": ["LAD24CD", "LAD24NM", "LAD24NMW", "BNG_E"],
     "expected_count": 3,
     "official_packaging": [{"format": "GeoPackage", "crs": "EPSG:27700"},
                            {"format": "Shapefile", "crs": "EPSG:27700"},
                            {"format": "GeoJSON", "crs": "EPSG:4326"}],
     "licence": "OGL v3", "attribution": "ONS"},
    {"id": "lad_2024_bgc", "title": "LAD Dec 2024 BGC", "kind": "districts", "vintage": "2024-12",
     "resolution": "BGC", "url": "https://ons.invalid/lad_bgc.geojson", "url_status": "unverified",
     "file_name": "lad_bgc.geojson", "format": "GeoJSON", "crs": "EPSG:27700",
     "key_field": "LAD24CD", "fields": ["LAD24CD", "LAD24NM"], "expected_count": 3,
     "official_packaging": [{"format": "GeoPackage", "crs": "EPSG:27700"}],
     "licence": "OGL v3", "attribution": "ONS"}
  ]})",
                        "test manifest");
}

ImportReport run_import(const fs::path& from, const fs::path& data_dir, const Manifest* manifest,
                        std::string& log_text, bool force = false) {
  ImportOptions options;
  options.from = from;
  options.data_dir = data_dir;
  options.manifest = manifest;
  options.force = force;
  std::ostringstream log;
  ImportReport report = import_from(options, log);
  log_text = log.str();
  return report;
}

const ImportedFile* file_named(const ImportReport& r, const std::string& name) {
  for (const auto& f : r.files)
    if (f.source.filename() == name) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("GSS code prefixes map to layer kinds") {
  CHECK(kind_of_gss_code("E06000001") == LayerKind::Districts);
  CHECK(kind_of_gss_code("S12000033") == LayerKind::Districts);
  CHECK(kind_of_gss_code("N09000001") == LayerKind::Districts);
  CHECK(kind_of_gss_code("E47000001") == LayerKind::CombinedAuthorities);
  CHECK(kind_of_gss_code("E12000007") == LayerKind::Regions);
  CHECK(kind_of_gss_code("W92000004") == LayerKind::Countries);
  CHECK(kind_of_gss_code("E05000026") == LayerKind::Wards);
  CHECK(kind_of_gss_code("E01000001") == LayerKind::SmallAreas);
  CHECK_FALSE(kind_of_gss_code("K02000001"));  // the UK: not a layer devomap draws
  CHECK_FALSE(kind_of_gss_code("E0600001"));   // too short
  CHECK_FALSE(kind_of_gss_code("TLC"));        // ITL codes are not GSS codes
  CHECK_FALSE(kind_of_gss_code("E06X00001"));
}

TEST_CASE("districts are recognised by their E06 codes whatever the file is called") {
  test::TempDir dir;
  const fs::path from = dir / "downloads";
  fs::create_directories(from);
  const fs::path misleading = from / "regions_2019.geojson";
  write_squares(misleading, "GeoJSON", {"LAD24CD", "LAD24NM"}, districts(3));
  const std::string before = devomap::test::read_file(misleading);
  const auto mtime = fs::last_write_time(misleading);

  const Manifest manifest = small_manifest();
  std::string log;
  const ImportReport report = run_import(from, dir / "data", &manifest, log);
  INFO(log);
  REQUIRE(report.recognised == 1);
  const ImportedFile& f = report.files.at(0);
  REQUIRE(f.layers.size() == 1);
  const Recognition& r = f.layers[0];
  CHECK(r.kind == LayerKind::Districts);
  CHECK(r.key_field == "LAD24CD");
  CHECK(r.vintage == "2024");  // from LAD24CD, not the "2019" in the name
  CHECK(r.count == 3);

  // Copied, never moved or modified.
  const fs::path copy = dir / "data/boundaries/districts/regions_2019.geojson";
  CHECK(fs::exists(copy));
  CHECK(devomap::test::read_file(copy) == before);
  CHECK(devomap::test::read_file(misleading) == before);
  CHECK(fs::last_write_time(misleading) == mtime);

  // The spacing (2.5 km between vertices) says ultra generalised; no name hint here.
  CHECK(r.resolution == Resolution::BUC);
  CHECK(r.resolution_estimated);
  CHECK_THAT(log, Catch::Contains("regions_2019.geojson: local authority districts by LAD24CD"));
  CHECK_THAT(log, Catch::Contains("estimated from vertex spacing"));
  // Differences from the official release: CRS/format, missing fields.
  REQUIRE(r.official);
  CHECK(r.official->id == "lad_2024_buc");
  CHECK_THAT(log, Catch::Contains("British National Grid (EPSG:27700) GeoJSON instead of the "
                                  "official GeoPackage/Shapefile in EPSG:27700 or GeoJSON in "
                                  "EPSG:4326"));
  CHECK_THAT(log, Catch::Contains("fields LAD24NMW, BNG_E missing"));

  const Catalog catalog = load_catalog(dir / "data");
  REQUIRE(catalog.entries.size() == 1);
  CHECK(catalog.entries[0].id == "lad_2024_buc");
  CHECK(catalog.entries[0].origin == Origin::Imported);
  CHECK(catalog.entries[0].source == misleading.string());
  CHECK(catalog.entries[0].path == copy);
  CHECK(catalog.entries[0].vintage == "2024-12");
}

TEST_CASE("a code field with repeats is not taken as the layer's key") {
  test::TempDir dir;
  const fs::path from = dir / "in";
  fs::create_directories(from);
  // Wards that lost their own codes: the parent LAD code repeats, GlobalID is unique.
  write_squares(from / "lad_wards.gpkg", "GPKG", {"GlobalID", "LAD22CD"},
                {{"g1", "E06000001"}, {"g2", "E06000001"}, {"g3", "E06000002"}});
  // The same with its ward codes kept: a wards layer.
  write_squares(
      from / "wards_kept.gpkg", "GPKG", {"WD22CD", "LAD22CD"},
      {{"E05000001", "E06000001"}, {"E05000002", "E06000001"}, {"E05000003", "E06000002"}});
  std::string log;
  const ImportReport report = run_import(from, dir / "data", nullptr, log);
  INFO(log);
  const ImportedFile* lost = file_named(report, "lad_wards.gpkg");
  REQUIRE(lost);
  CHECK_FALSE(lost->recognised);
  REQUIRE(lost->layers.size() == 1);
  CHECK_FALSE(lost->layers[0].kind);
  CHECK_THAT(lost->outcome, Catch::Contains("not recognised: code field LAD22CD has repeats (3 "
                                            "features but 2 distinct local authority districts "
                                            "codes)"));
  CHECK_FALSE(fs::exists(dir / "data/boundaries/districts/lad_wards.gpkg"));

  const ImportedFile* kept = file_named(report, "wards_kept.gpkg");
  REQUIRE(kept);
  CHECK(kept->recognised);
  CHECK(kept->layers[0].kind == LayerKind::Wards);
  CHECK(kept->layers[0].key_field == "WD22CD");
  CHECK(fs::exists(dir / "data/boundaries/wards/wards_kept.gpkg"));
  CHECK_THAT(log, Catch::Contains("no official release of wards 2022 in the manifest"));
}

TEST_CASE("two resolutions of a layer are both kept; the generalised one serves national views") {
  test::TempDir dir;
  const fs::path from = dir / "in";
  fs::create_directories(from);
  // Name hints decide, whatever the spacing says.
  write_squares(from / "lad_2024_uk_buc.gpkg", "GPKG", {"LAD24CD", "LAD24NM"}, districts(3), 100);
  write_squares(from / "lad_2024_uk_bgc.gpkg", "GPKG", {"LAD24CD", "LAD24NM"}, districts(3), 100);
  // No hint: spacing decides (100 m between vertices is BGC-like, 2.5 km BUC-like).
  write_squares(from / "regions_fine.geojson", "GeoJSON", {"RGN23CD"},
                {{"E12000001"}, {"E12000002"}}, 100, 4326);
  write_squares(from / "regions_coarse.geojson", "GeoJSON", {"RGN23CD"},
                {{"E12000001"}, {"E12000002"}}, 2500, 4326);
  const Manifest manifest = small_manifest();
  std::string log;
  const ImportReport report = run_import(from, dir / "data", &manifest, log);
  INFO(log);
  CHECK(report.recognised == 4);

  const Catalog catalog = load_catalog(dir / "data");
  REQUIRE(catalog.entries.size() == 4);
  const auto national = find_boundaries(catalog, LayerKind::Districts, Detail::National);
  const auto detailed = find_boundaries(catalog, LayerKind::Districts, Detail::Detailed);
  REQUIRE(national);
  REQUIRE(detailed);
  CHECK(national->resolution == Resolution::BUC);
  CHECK_FALSE(national->resolution_estimated);
  CHECK(national->national);
  CHECK(national->path.filename() == "lad_2024_uk_buc.gpkg");
  CHECK(detailed->resolution == Resolution::BGC);
  CHECK_FALSE(detailed->national);
  CHECK(detailed->manifest_id == "lad_2024_bgc");

  const auto rgn_national = find_boundaries(catalog, LayerKind::Regions, Detail::National);
  const auto rgn_detailed = find_boundaries(catalog, LayerKind::Regions, Detail::Detailed);
  REQUIRE(rgn_national);
  REQUIRE(rgn_detailed);
  CHECK(rgn_national->path.filename() == "regions_coarse.geojson");
  CHECK(rgn_national->resolution == Resolution::BUC);
  CHECK(rgn_national->resolution_estimated);
  CHECK(rgn_detailed->path.filename() == "regions_fine.geojson");
  CHECK(rgn_detailed->resolution == Resolution::BGC);
  CHECK(rgn_detailed->vertex_count > rgn_national->vertex_count);
}

TEST_CASE("files that are not recognised are reported, not imported") {
  test::TempDir dir;
  const fs::path from = dir / "in";
  devomap::test::write_file(
      from / "points.geojson",
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)"
      R"({"LAD24CD":"E06000001"},"geometry":{"type":"Point","coordinates":[-1,52]}}]})");
  devomap::test::write_file(from / "broken.json", "{ this is not json");
  devomap::test::write_file(from / "notes.txt", "hello");
  devomap::test::write_file(from / "itl.csv",
                            "ITL125CD,ITL125NM\nTLC,North East\nTLD,North West\n");
  std::string table = "lad_code,unemployment\n";
  for (const auto& row : districts(12)) table += row[0] + ",5\n";
  devomap::test::write_file(from / "unemployment.csv", table);
  write_squares(from / "no_codes.gpkg", "GPKG", {"name"}, {{"a"}, {"b"}});

  std::string log;
  const ImportReport report = run_import(from, dir / "data", nullptr, log);
  INFO(log);
  CHECK(report.recognised == 0);
  CHECK_THAT(log, Catch::Contains("points.geojson: not recognised: a point layer"));
  CHECK_THAT(log, Catch::Contains("broken.json: not recognised: GDAL cannot open"));
  CHECK_THAT(log, Catch::Contains("itl.csv: not recognised: a table without district codes "
                                  "(fields: ITL125CD, ITL125NM)"));
  CHECK_THAT(log, Catch::Contains("unemployment.csv: not recognised: a table with 12 district "
                                  "codes (in lad_code) but neither a lookup"));
  CHECK_THAT(log, Catch::Contains("no_codes.gpkg: not recognised: no field holds GSS codes"));
  CHECK_THAT(log, Catch::Contains("skipped 1 file that devomap does not read: notes.txt"));
  CHECK_FALSE(fs::exists(dir / "data/catalog.json"));
}

TEST_CASE("lookups, population tables and zipped shapefiles are recognised") {
  test::TempDir dir;
  const fs::path from = dir / "in";
  // UTF-8 BOM and a quoted comma, as ONS writes them.
  devomap::test::write_file(from / "lookup.csv",
                            "\xEF\xBB\xBF"
                            "LAD24CD,LAD24NM,CAUTH24CD,CAUTH24NM,ObjectId\n"
                            "E06000001,\"Bristol, City of\",E47000009,West of England,1\n"
                            "E06000002,B,E47000009,West of England,2\n");
  std::string pop = "lad_code,lad_name,population_mid2022\n";
  for (const auto& row : districts(20, "E07")) pop += row[0] + "," + row[1] + ",1000\n";
  devomap::test::write_file(from / "pop.csv", pop);
  // GDAL writes a zipped shapefile straight to .shp.zip.
  write_squares(from / "ctry.shp.zip", "ESRI Shapefile", {"CTRY24CD", "CTRY24NM"},
                {{"E92000001", "England"}, {"W92000004", "Wales"}});

  std::string log;
  const ImportReport report = run_import(from, dir / "data", nullptr, log);
  INFO(log);
  CHECK(report.recognised == 3);
  const ImportedFile* lookup = file_named(report, "lookup.csv");
  REQUIRE(lookup);
  CHECK(lookup->layers.at(0).kind == LayerKind::LookupLadCauth);
  CHECK(lookup->layers.at(0).vintage == "2024");
  CHECK(lookup->layers.at(0).count == 2);
  CHECK(fs::exists(dir / "data/lookups/lookup.csv"));
  const ImportedFile* population = file_named(report, "pop.csv");
  REQUIRE(population);
  CHECK(population->layers.at(0).kind == LayerKind::Population);
  CHECK(population->layers.at(0).count == 20);
  CHECK(population->layers.at(0).vintage == "2022");
  CHECK(fs::exists(dir / "data/population/pop.csv"));
  const ImportedFile* zipped = file_named(report, "ctry.shp.zip");
  REQUIRE(zipped);
  CHECK(zipped->layers.at(0).kind == LayerKind::Countries);
  CHECK(fs::exists(dir / "data/boundaries/countries/ctry.shp.zip"));

  const Catalog catalog = load_catalog(dir / "data");
  const auto ctry = find_boundaries(catalog, LayerKind::Countries, Detail::National);
  REQUIRE(ctry);
  CHECK(ctry->member == "ctry.shp");
  CHECK(ctry->format == "Shapefile");
  CHECK(ctry->gdal_path() ==
        "/vsizip/" + (dir / "data/boundaries/countries/ctry.shp.zip").string() + "/ctry.shp");
  // The catalogued path opens.
  CHECK(scan_dataset(ctry->gdal_path(), false).layers.at(0).feature_count == 2);
  CHECK(find_dataset(catalog, LayerKind::LookupLadCauth));
  CHECK(find_dataset(catalog, LayerKind::Population));
}

TEST_CASE("importing again keeps identical copies and refuses different ones without --force") {
  test::TempDir dir;
  const fs::path from = dir / "in";
  fs::create_directories(from);
  write_squares(from / "lad.gpkg", "GPKG", {"LAD24CD"}, {{"E06000001"}, {"E06000002"}});
  std::string log;
  CHECK(run_import(from, dir / "data", nullptr, log).recognised == 1);
  CHECK(run_import(from, dir / "data", nullptr, log).recognised == 1);  // same bytes: fine
  CHECK(load_catalog(dir / "data").entries.size() == 1);

  fs::remove(from / "lad.gpkg");
  write_squares(from / "lad.gpkg", "GPKG", {"LAD24CD"},
                {{"E06000001"}, {"E06000003"}, {"E06000004"}});
  const ImportReport refused = run_import(from, dir / "data", nullptr, log);
  CHECK(refused.recognised == 0);
  CHECK_THAT(log, Catch::Contains("already exists with different content; pass --force to "
                                  "replace it"));
  const ImportReport forced = run_import(from, dir / "data", nullptr, log, true);
  CHECK(forced.recognised == 1);
  const Catalog catalog = load_catalog(dir / "data");
  REQUIRE(catalog.entries.size() == 1);
  CHECK(catalog.entries[0].feature_count == 3);
}

TEST_CASE("import refuses a missing folder and one inside the data dir") {
  test::TempDir dir;
  std::string log;
  CHECK_THROWS_WITH(run_import(dir / "nope", dir / "data", nullptr, log),
                    Catch::Contains("--from " + (dir / "nope").string() + " does not exist"));
  fs::create_directories(dir / "data/boundaries");
  CHECK_THROWS_WITH(run_import(dir / "data/boundaries", dir / "data", nullptr, log),
                    Catch::Contains("is inside the data dir"));
  CHECK_THROWS_WITH(run_import(dir / "data", dir / "data", nullptr, log),
                    Catch::Contains("is inside the data dir"));
}

TEST_CASE("importing the real ONS files recognises every official layer") {
  const auto real = test::real_data_dir("import of the real ONS files");
  if (!real) return;
  fs::path manifest_path = test::source_dir() / "geodata/manifest.json";
  const Manifest manifest = load_manifest(manifest_path);
  test::TempDir dir;
  std::string log;
  const auto start = std::chrono::steady_clock::now();
  const ImportReport report = run_import(*real, dir / "data", &manifest, log);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "import of " << real->string() << ": " << report.recognised << " of "
            << report.files.size() << " files recognised in " << seconds << " s\n";
  INFO(log);

  auto layer_of = [&](const std::string& name) -> const Recognition& {
    const ImportedFile* f = file_named(report, name);
    REQUIRE(f);
    REQUIRE(f->layers.size() == 1);
    return f->layers[0];
  };
  // Districts: BUC shapefile + BUC GeoPackage + BGC GeoPackage.
  const Recognition& shp = layer_of("LAD_2024_UK_BUC.shp");
  CHECK(shp.kind == LayerKind::Districts);
  CHECK(shp.count == 361);
  CHECK(shp.resolution == Resolution::BUC);
  CHECK(shp.crs == "EPSG:27700");
  REQUIRE(shp.official);
  CHECK(shp.official->id == "lad_2024_buc");
  CHECK(shp.differences ==
        std::vector<std::string>{"fields LAD24NMW, BNG_E, BNG_N, LONG, LAT missing"});
  const Recognition& buc = layer_of("lad_2024_uk_buc.gpkg");
  CHECK(buc.kind == LayerKind::Districts);
  CHECK(buc.resolution == Resolution::BUC);
  REQUIRE(!buc.differences.empty());
  CHECK(buc.differences[0] ==
        "WGS 84 (EPSG:4326) GeoPackage instead of the official GeoPackage/Shapefile in "
        "EPSG:27700 or GeoJSON in EPSG:4326");
  const Recognition& bgc = layer_of("lad_2024_uk_bgc.gpkg");
  CHECK(bgc.kind == LayerKind::Districts);
  CHECK(bgc.resolution == Resolution::BGC);
  CHECK(bgc.vertex_count == 518216);

  CHECK(layer_of("cauth_2025_en_buc.gpkg").kind == LayerKind::CombinedAuthorities);
  CHECK(layer_of("cauth_2025_en_bgc.gpkg").official->id == "cauth_2025_bgc");
  CHECK(layer_of("cauth_2024_en_buc_derived.gpkg").count == 11);
  CHECK(layer_of("rgn_2023_en_buc.gpkg").kind == LayerKind::Regions);
  CHECK(layer_of("rgn_2023_en_bgc.gpkg").count == 9);
  CHECK(layer_of("ctry_2024_uk_buc.gpkg").kind == LayerKind::Countries);
  const Recognition& england = layer_of("ctry_2024_en_buc_original.geojson");
  CHECK(england.kind == LayerKind::Countries);
  // The untouched ONS GeoJSON is official packaging; it only lacks three countries, so it is
  // kept as a partial layer.
  CHECK(england.differences ==
        std::vector<std::string>{
            "holds codes of England only: kept as a partial layer, never used as the UK's",
            "1 feature instead of the official 4"});

  // Wards lost their codes upstream: reported honestly, not taken as districts.
  const ImportedFile* wards = file_named(report, "wd_2022_uk_bsc.gpkg");
  REQUIRE(wards);
  CHECK_FALSE(wards->recognised);
  CHECK_THAT(wards->outcome, Catch::Contains("not recognised: code field LAD22CD has repeats"));

  const Recognition& lsoa = layer_of("lsoa_2011_en_simplified.gpkg");
  CHECK(lsoa.kind == LayerKind::SmallAreas);
  CHECK(lsoa.key_field == "lsoa11cd");
  CHECK(lsoa.count == 32844);
  CHECK(lsoa.vintage == "2011");

  CHECK(layer_of("lad24_cauth24_en_lu.csv").kind == LayerKind::LookupLadCauth);
  CHECK(layer_of("lad24_cauth24_en_lu.csv").official->id == "lad24_cauth24_lookup");
  CHECK(layer_of("lad24_cauth24_en_lu.csv").differences.empty());
  CHECK(layer_of("lad25_cauth25_en_lu.csv").count == 106);
  const Recognition& workbook = layer_of("mye22final.xlsx");
  CHECK(workbook.kind == LayerKind::Population);
  CHECK(workbook.layer == "MYE5");
  CHECK(workbook.count == 361);
  CHECK(workbook.vintage == "2022");
  CHECK(workbook.differences.empty());
  const Recognition& extract = layer_of("lad_population_mid2022.csv");
  CHECK(extract.kind == LayerKind::Population);
  CHECK(extract.differences == std::vector<std::string>{"CSV instead of the official XLSX"});

  // ITL1 codes are not GSS codes.
  CHECK_FALSE(file_named(report, "itl1_2025_uk_buc.gpkg")->recognised);
  // By file name: the data folder may be reached through a symbolic link.
  CHECK(std::any_of(report.skipped.begin(), report.skipped.end(),
                    [](const fs::path& p) { return p.filename() == "SOURCES.md"; }));

  const Catalog catalog = load_catalog(dir / "data");
  const auto lad_national = find_boundaries(catalog, LayerKind::Districts, Detail::National);
  const auto lad_detailed = find_boundaries(catalog, LayerKind::Districts, Detail::Detailed);
  REQUIRE(lad_national);
  REQUIRE(lad_detailed);
  CHECK(lad_national->resolution == Resolution::BUC);
  CHECK(lad_detailed->path.filename() == "lad_2024_uk_bgc.gpkg");
  const auto cauth = find_boundaries(catalog, LayerKind::CombinedAuthorities, Detail::National);
  REQUIRE(cauth);
  CHECK(cauth->path.filename() == "cauth_2025_en_buc.gpkg");
  CHECK(find_boundaries(catalog, LayerKind::Countries, Detail::National)->path.filename() ==
        "ctry_2024_uk_buc.gpkg");
  CHECK(find_boundaries(catalog, LayerKind::Regions, Detail::Detailed)->path.filename() ==
        "rgn_2023_en_bgc.gpkg");
  CHECK(find_boundaries(catalog, LayerKind::SmallAreas, Detail::National));
  CHECK(find_dataset(catalog, LayerKind::LookupLadCauth)->manifest_id == "lad25_cauth25_lookup");
  CHECK(find_dataset(catalog, LayerKind::Population)->path.filename() == "mye22final.xlsx");
  // Shapefile parts travel together.
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"})
    CHECK(fs::exists(dir / "data/boundaries/districts" / (std::string("LAD_2024_UK_BUC") + ext)));
}

TEST_CASE("a district file of one nation is kept as partial and never stands in for the UK") {
  test::TempDir dir;
  const fs::path from = dir / "downloads";
  fs::create_directories(from);
  write_squares(from / "wales_2024.gpkg", "GPKG", {"LAD24CD", "LAD24NM"}, districts(2, "W06"));
  const Manifest manifest = small_manifest();
  std::string log;
  const ImportReport report = run_import(from, dir / "data", &manifest, log);
  INFO(log);
  REQUIRE(report.recognised == 1);
  CHECK_THAT(log, Catch::Contains("holds codes of Wales only: kept as a partial layer"));
  Catalog catalog = load_catalog(dir / "data");
  REQUIRE(catalog.entries.size() == 1);
  CHECK_FALSE(catalog.entries[0].complete);
  CHECK_FALSE(catalog.entries[0].national);
  CHECK(catalog.entries[0].nations == "W");

  // A complete UK layer of an older year is still the one national views use.
  CatalogEntry uk = catalog.entries[0];
  uk.id = "lad_2019";
  uk.vintage = "2019";
  uk.complete = true;
  uk.nations = "ENSW";
  uk.path = dir / "data/boundaries/districts/uk_2019.gpkg";
  upsert(catalog, uk);
  const auto chosen = find_boundaries(catalog, LayerKind::Districts, Detail::National);
  REQUIRE(chosen);
  CHECK(chosen->id == "lad_2019");
}

TEST_CASE("a boundary file with no CRS is read as its coordinates show, or refused") {
  test::TempDir dir;
  const fs::path from = dir / "downloads";
  fs::create_directories(from);
  // Degrees around the British Isles: longitude/latitude, as drawing reads them.
  write_squares(from / "degrees.shp", "ESRI Shapefile", {"LAD24CD", "LAD24NM"}, districts(3), 2500,
                4326);
  fs::remove(from / "degrees.prj");
  std::string log;
  const Manifest manifest = small_manifest();
  ImportReport report = run_import(from, dir / "data", &manifest, log);
  INFO(log);
  CHECK(report.recognised == 1);
  CHECK_THAT(log, Catch::Contains("has no CRS: its coordinates are read as longitude/latitude"));

  // Numbers that could be degrees elsewhere or metres of the grid: refused with what to do.
  const fs::path other = dir / "other";
  fs::create_directories(other);
  {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    GDALDatasetUniquePtr ds(
        drv->Create((other / "odd.shp").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* layer = ds->CreateLayer("odd", nullptr, wkbPolygon, nullptr);
    OGRFieldDefn f("LAD24CD", OFTString);
    REQUIRE(layer->CreateField(&f) == OGRERR_NONE);
    for (int i = 0; i < 3; ++i) {
      OGRFeature feature(layer->GetLayerDefn());
      feature.SetField(0, ("E0600000" + std::to_string(i + 1)).c_str());
      OGRPolygon* poly = nullptr;
      const std::string wkt = "POLYGON((20 20,21 20,21 21,20 21,20 20))";
      OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr,
                                        reinterpret_cast<OGRGeometry**>(&poly));
      feature.SetGeometryDirectly(poly);
      REQUIRE(layer->CreateFeature(&feature) == OGRERR_NONE);
    }
  }
  report = run_import(other, dir / "data2", &manifest, log);
  CHECK(report.recognised == 0);
  CHECK_THAT(log, Catch::Contains("not imported: it has no CRS") &&
                      Catch::Contains("save it with its coordinate system"));
}

TEST_CASE("import walks a folder with link loops, dangling links and pipes without stopping") {
  test::TempDir dir;
  const fs::path from = dir / "downloads";
  fs::create_directories(from / "sub");
  write_squares(from / "lad.gpkg", "GPKG", {"LAD24CD", "LAD24NM"}, districts(3));
  fs::create_symlink(from / "loop1", from / "loop2");
  fs::create_symlink(from / "loop2", from / "loop1");
  fs::create_symlink(dir / "nowhere.csv", from / "dangling.csv");
  fs::create_directory_symlink(from, from / "sub" / "up");
  REQUIRE(::mkfifo((from / "pipe.csv").c_str(), 0600) == 0);
  const Manifest manifest = small_manifest();
  std::string log;
  const ImportReport report = run_import(from, dir / "data", &manifest, log);
  INFO(log);
  CHECK(report.recognised == 1);
}

TEST_CASE("import refuses damaged boundary files with the loader's own message", "[import]") {
  test::TempDir dir;
  const Manifest manifest = small_manifest();
  auto damaged_copy = [&](const std::string& name) {
    const fs::path folder = dir / name;
    fs::create_directories(folder);
    write_squares(folder / "lad.shp", "ESRI Shapefile", {"LAD24CD", "LAD24NM"}, districts(3));
    return folder;
  };
  // Cut off in download: the .shp is shorter than its header says.
  const fs::path truncated = damaged_copy("truncated");
  fs::resize_file(truncated / "lad.shp", fs::file_size(truncated / "lad.shp") / 2);
  // A .dbf header that declares no fields: GDAL would open it with every attribute gone.
  const fs::path no_fields = damaged_copy("dbf");
  {
    std::fstream dbf(no_fields / "lad.dbf", std::ios::in | std::ios::out | std::ios::binary);
    dbf.seekp(8);
    dbf.write("\0\0", 2);
  }
  // A .prj that is not a coordinate system: guessing one from the numbers could be wrong.
  const fs::path bad_prj = damaged_copy("prj");
  test::write_file(bad_prj / "lad.prj", "not a CRS at all");

  for (const auto& [folder, words] : std::vector<std::pair<fs::path, std::string>>{
           {truncated, "is truncated"},
           {no_fields, "attribute file lad.dbf is damaged"},
           {bad_prj, "that is not a coordinate system GDAL can read"}}) {
    std::string log;
    const fs::path data = dir / ("data-" + folder.filename().string());
    const ImportReport report = run_import(folder, data, &manifest, log);
    INFO(log);
    CHECK(report.recognised == 0);
    REQUIRE(report.damaged.size() == 1);
    CHECK_THAT(log, Catch::Contains("lad.shp: not imported: ") && Catch::Contains(words));
    CHECK(load_catalog(data).entries.empty());
    CHECK_FALSE(fs::exists(data / "boundaries"));
  }
}

TEST_CASE("an import that cannot write the data folder says so and keeps what it imported",
          "[import]") {
  test::TempDir dir;
  const fs::path from = dir / "downloads";
  fs::create_directories(from);
  test::write_file(from / "a_lookup.csv",
                   "LAD24CD,LAD24NM,CAUTH24CD,CAUTH24NM\n"
                   "E06000001,Hartlepool,E47000006,Tees Valley\n"
                   "E06000002,Middlesbrough,E47000006,Tees Valley\n"
                   "E06000003,Redcar and Cleveland,E47000006,Tees Valley\n");
  write_squares(from / "lad.gpkg", "GPKG", {"LAD24CD", "LAD24NM"}, districts(3));
  // Where the boundaries should go is taken by a file: writing there fails as a full disk or a
  // read-only folder would (both are refused by the same path; root ignores permissions).
  const fs::path data = dir / "data";
  test::write_file(data / "boundaries", "in the way");
  const Manifest manifest = small_manifest();
  std::string log;
  CHECK_THROWS_WITH(run_import(from, data, &manifest, log),
                    Catch::Contains("cannot create") && Catch::Contains("boundaries") &&
                        Catch::Contains("1 file(s) were imported before that"));
  const Catalog catalog = load_catalog(data);
  REQUIRE(catalog.entries.size() == 1);
  CHECK(catalog.entries[0].kind == LayerKind::LookupLadCauth);
}
