// `devomap fetch`: the manifest, and downloads from a loopback HTTP server through --mirror
// (never the internet): progress, .part handling, 404, truncated/invalid downloads, --force.
#include <arpa/inet.h>
#include <gdal_priv.h>
#include <netinet/in.h>
#include <ogrsf_frmts.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "data/catalog.hpp"
#include "data/fetch.hpp"
#include "data/manifest.hpp"
#include "support/test_support.hpp"

using namespace devomap;
using namespace devomap::data;
namespace fs = std::filesystem;

namespace {

bool port_answers(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// A port on 127.0.0.1 that nothing listens on (bound, read, released).
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// tests/support/http_server.py on 127.0.0.1 and an ephemeral port, serving `root`; killed when
// the object dies.
class LocalServer {
 public:
  explicit LocalServer(const fs::path& root) {
    const fs::path script = test::source_dir() / "tests/support/http_server.py";
    port_file_ = dir_ / "port";
    log_file_ = dir_ / "requests.log";
    pid_ = fork();
    if (pid_ == 0) {
      execlp("python3", "python3", script.c_str(), "--root", root.c_str(), "--port-file",
             port_file_.c_str(), "--log", log_file_.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    REQUIRE(pid_ > 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      if (fs::exists(port_file_)) {
        std::ifstream(port_file_) >> port_;
        if (port_ > 0 && port_answers(port_)) return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("the test HTTP server did not start (python3 " << script << ")");
  }
  ~LocalServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string requests() const {
    std::ifstream in(log_file_);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  test::TempDir dir_;
  fs::path port_file_;
  fs::path log_file_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// A GeoJSON of `codes` squares in EPSG:27700 with `vertices_per_side` vertices on each side.
void write_geojson(const fs::path& path, const std::vector<std::string>& codes,
                   const std::string& key = "LAD24CD", int vertices_per_side = 4) {
  GDALAllRegister();
  fs::create_directories(path.parent_path());
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GeoJSON");
  GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  REQUIRE(ds);
  OGRSpatialReference srs;
  srs.importFromEPSG(27700);
  OGRLayer* layer = ds->CreateLayer("layer", &srs, wkbPolygon, nullptr);
  OGRFieldDefn f(key.c_str(), OFTString);
  layer->CreateField(&f);
  OGRFieldDefn n("NAME", OFTString);
  layer->CreateField(&n);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const double x0 = 400000 + static_cast<double>(i) * 20000, y0 = 300000, side = 10000;
    OGRLinearRing ring;
    const int k = vertices_per_side;
    for (int j = 0; j < k; ++j) ring.addPoint(x0 + side * j / k, y0);
    for (int j = 0; j < k; ++j) ring.addPoint(x0 + side, y0 + side * j / k);
    for (int j = 0; j < k; ++j) ring.addPoint(x0 + side - side * j / k, y0 + side);
    for (int j = 0; j < k; ++j) ring.addPoint(x0, y0 + side - side * j / k);
    ring.closeRings();
    OGRPolygon poly;
    poly.addRing(&ring);
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField(0, codes[i].c_str());
    feature.SetField(1, ("Area " + codes[i]).c_str());
    feature.SetGeometry(&poly);
    REQUIRE(layer->CreateFeature(&feature) == OGRERR_NONE);
  }
}

// One manifest entry for districts at https://ons.invalid/<path> (the host never resolves; tests
// always go through --mirror to the loopback server).
std::string entry_json(const std::string& id, const std::string& path, const std::string& kind,
                       const std::string& file_name, long long count = 3,
                       const std::string& key = "LAD24CD") {
  return R"({"id": ")" + id + R"(", "title": "Test )" + id + R"(", "kind": ")" + kind +
         R"(", "vintage": "2024-12", "resolution": "BUC", "url": "https://ons.invalid/)" + path +
         R"(?where=1%3D1&f=geojson", "url_status": "unverified", "file_name": ")" + file_name +
         R"(", "format": "GeoJSON", "crs": "EPSG:27700", "key_field": ")" + key +
         R"(", "fields": [")" + key + R"(", "NAME"], "expected_count": )" + std::to_string(count) +
         R"(, "licence": "OGL v3", "attribution": "ONS"})";
}

Manifest manifest_of(const std::vector<std::string>& entries) {
  std::string text = R"({"datasets": [)";
  for (std::size_t i = 0; i < entries.size(); ++i) text += (i ? "," : "") + entries[i];
  return parse_manifest(text + "]}", "test manifest");
}

struct Run {
  FetchReport report;
  std::string log;
};

Run run_fetch(const Manifest& m, const fs::path& data_dir, const std::string& mirror,
              bool force = false, std::vector<std::string> only = {}) {
  FetchOptions options;
  options.data_dir = data_dir;
  options.mirror = mirror;
  options.force = force;
  options.only = std::move(only);
  options.connect_timeout_s = 5;
  options.stall_timeout_s = 10;
  std::ostringstream log;
  Run run;
  run.report = fetch(m, options, log, false);
  run.log = log.str();
  return run;
}

std::vector<std::string> codes(int n) {
  std::vector<std::string> out;
  for (int i = 1; i <= n; ++i) {
    char c[16];
    std::snprintf(c, sizeof c, "E06%06d", i);
    out.push_back(c);
  }
  return out;
}

bool has_part_files(const fs::path& dir) {
  if (!fs::exists(dir)) return false;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.ends_with(".part") || name.starts_with(".checking-")) return true;
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------- manifest

TEST_CASE("the shipped manifest covers the official releases devomap needs") {
  const Manifest m = load_manifest(test::source_dir() / "geodata/manifest.json");
  for (const char* id : {"lad_2024_buc", "lad_2024_bgc", "cauth_2025_buc", "cauth_2025_bgc",
                         "ctry_2024_buc", "ctry_2024_bgc", "rgn_2023_buc", "rgn_2023_bgc",
                         "lad24_cauth24_lookup", "lad25_cauth25_lookup", "population_mid2022"}) {
    INFO(id);
    const ManifestEntry* e = m.find(id);
    REQUIRE(e);
    // Nothing here could be checked from a machine without internet: every URL says so.
    CHECK(e->url_status == "unverified");
    CHECK_FALSE(e->url_note.empty());
    CHECK_THAT(e->licence, Catch::Contains("Open Government Licence v3.0"));
    CHECK_THAT(e->attribution,
               Catch::Contains("Office for National Statistics licensed under the Open "
                               "Government Licence v.3.0"));
    CHECK(e->expected_count);
    CHECK_FALSE(e->key_field.empty());
    CHECK_FALSE(e->official_packaging.empty());
  }
  CHECK(m.find("lad_2024_buc")->expected_count == 361);
  CHECK(m.find("lad_2024_buc")->resolution == Resolution::BUC);
  CHECK(m.find("lad_2024_bgc")->key_field == "LAD24CD");
  CHECK(m.find("cauth_2025_bgc")->expected_count == 15);
  CHECK(m.find("ctry_2024_buc")->expected_count == 4);
  CHECK(m.find("rgn_2023_buc")->kind == LayerKind::Regions);
  CHECK(m.find("lad24_cauth24_lookup")->expected_count == 72);
  CHECK(m.find("lad25_cauth25_lookup")->expected_count == 106);
  CHECK(m.find("population_mid2022")->file_name == "mye22final.xlsx");
  CHECK(m.find("population_mid2022")->layer == "MYE5");
  CHECK_THAT(m.find("lad_2024_bgc")->attribution, Catch::Contains("database right 2024"));
  CHECK_THAT(m.find("cauth_2025_buc")->attribution, Catch::Contains("database right 2025"));
}

TEST_CASE("a bad manifest entry is reported with the entry and the field") {
  const std::string good = entry_json("a", "a.geojson", "districts", "a.geojson");
  CHECK_NOTHROW(manifest_of({good}));
  CHECK_THROWS_WITH(manifest_of({good, good}), Catch::Contains("id \"a\" appears twice"));
  CHECK_THROWS_WITH(manifest_of({entry_json("b", "b", "moons", "b.geojson")}),
                    Catch::Contains("entry \"b\": unknown kind \"moons\""));
  CHECK_THROWS_WITH(manifest_of({entry_json("c", "c", "districts", "../escape.geojson")}),
                    Catch::Contains("entry \"c\": file_name \"../escape.geojson\" must be a "
                                    "plain file name"));
  CHECK_THROWS_WITH(parse_manifest("{\"datasets\": [{\"id\": \"d\"}]}", "m.json"),
                    Catch::Contains("m.json: entry \"d\": missing or empty \"title\""));
  CHECK_THROWS_WITH(parse_manifest("[1,2", "m.json"), Catch::Contains("m.json: not valid JSON"));
  CHECK_THROWS_WITH(load_manifest("/nonexistent/manifest.json"),
                    Catch::Contains("cannot read the manifest /nonexistent/manifest.json"));
  CHECK_THROWS_WITH(find_manifest("/nonexistent/m.json"),
                    Catch::Contains("manifest /nonexistent/m.json does not exist"));
  CHECK(fs::exists(find_manifest("")));  // the source tree's geodata/manifest.json
}

TEST_CASE("fetch --mirror replaces scheme and host and keeps path and query") {
  const std::string url =
      "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services/X/FeatureServer/0/"
      "query?where=1%3D1&f=geojson";
  CHECK(apply_mirror(url, "") == url);
  CHECK(apply_mirror(url, "http://127.0.0.1:8080") ==
        "http://127.0.0.1:8080/ESMARspQHYMw9BZ9/arcgis/rest/services/X/FeatureServer/0/"
        "query?where=1%3D1&f=geojson");
  CHECK(apply_mirror("https://www.ons.gov.uk/file?uri=/a/b.xlsx", "http://m.local/ons/") ==
        "http://m.local/ons/file?uri=/a/b.xlsx");
  CHECK_THROWS_WITH(apply_mirror(url, "ftp://x"), Catch::Contains("--mirror ftp://x is not an "
                                                                  "http(s) URL"));
  CHECK_THROWS_WITH(apply_mirror(url, "http://"), Catch::Contains("has no host"));
}

// ---------------------------------------------------------------- downloads

TEST_CASE("fetch downloads through a mirror, shows progress, checks the file, catalogues it") {
  test::TempDir dir;
  // ~300 KB so the transfer reports progress several times.
  write_geojson(dir / "www/ons/lad.geojson", codes(3), "LAD24CD", 2500);
  LocalServer server(dir / "www");
  const Manifest m =
      manifest_of({entry_json("lad", "ons/lad.geojson", "districts", "lad.geojson", 4)});

  const Run run = run_fetch(m, dir / "data", server.url());
  INFO(run.log);
  REQUIRE(run.report.results.size() == 1);
  const FetchResult& r = run.report.results[0];
  CHECK(r.status == FetchStatus::Downloaded);
  const fs::path dest = dir / "data/boundaries/districts/lad.geojson";
  CHECK(r.path == dest);
  CHECK(devomap::test::read_file(dest) == devomap::test::read_file(dir / "www/ons/lad.geojson"));
  CHECK_FALSE(has_part_files(dir / "data"));

  // Progress: the URL, quarter steps with bytes, and not a flood of lines.
  CHECK_THAT(run.log, Catch::Contains("lad: downloading " + server.url() +
                                      "/ons/lad.geojson?where=1%3D1&f=geojson"));
  CHECK_THAT(run.log, Catch::Contains("lad: 100% ("));
  CHECK(std::regex_search(run.log, std::regex(R"(lad: \d+% \(\d+\.\d KB of \d+\.\d KB\))")));
  const auto lines = std::count(run.log.begin(), run.log.end(), '\n');
  CHECK(lines <= 6);
  CHECK_THAT(run.log, Catch::Contains("lad: done,"));

  // Checked against the manifest: 3 features where 4 were expected.
  CHECK(r.differences == std::vector<std::string>{"3 features instead of the official 4"});
  const Catalog catalog = load_catalog(dir / "data");
  REQUIRE(catalog.entries.size() == 1);
  const CatalogEntry& e = catalog.entries[0];
  CHECK(e.id == "lad");
  CHECK(e.origin == Origin::Fetched);
  CHECK(e.source == server.url() + "/ons/lad.geojson?where=1%3D1&f=geojson");
  CHECK(e.feature_count == 3);
  CHECK_FALSE(e.complete);
  CHECK(e.crs == "EPSG:27700");
  CHECK(e.key_field == "LAD24CD");
  CHECK(e.notes == r.differences);

  // On a terminal one line is redrawn in place and ended once.
  FetchOptions options;
  options.data_dir = dir / "data";
  options.mirror = server.url();
  options.force = true;
  std::ostringstream tty;
  const FetchReport again = fetch(m, options, tty, true);
  CHECK(again.results.at(0).status == FetchStatus::Downloaded);
  const std::string out = tty.str();
  CHECK_THAT(out, Catch::Contains("\rlad: 100% ("));
  CHECK(std::count(out.begin(), out.end(), '\n') == 3);  // downloading, progress, done
}

TEST_CASE("an existing file is not overwritten without --force") {
  test::TempDir dir;
  write_geojson(dir / "www/lad.geojson", codes(3));
  LocalServer server(dir / "www");
  const Manifest m = manifest_of({entry_json("lad", "lad.geojson", "districts", "lad.geojson")});
  const fs::path dest = dir / "data/boundaries/districts/lad.geojson";
  devomap::test::write_file(dest, "my own edits");

  const Run refused = run_fetch(m, dir / "data", server.url());
  CHECK(refused.report.results.at(0).status == FetchStatus::AlreadyThere);
  CHECK_THAT(refused.log, Catch::Contains("lad: not downloaded: " + dest.string() +
                                          " already exists (pass --force to download it again)"));
  CHECK(devomap::test::read_file(dest) == "my own edits");
  CHECK(server.requests().empty());

  const Run forced = run_fetch(m, dir / "data", server.url(), true);
  INFO(forced.log);
  CHECK(forced.report.results.at(0).status == FetchStatus::Downloaded);
  CHECK(devomap::test::read_file(dest) == devomap::test::read_file(dir / "www/lad.geojson"));
}

TEST_CASE("a 404 says what failed and what to do instead") {
  test::TempDir dir;
  fs::create_directories(dir / "www");
  LocalServer server(dir / "www");
  const Manifest m = manifest_of({entry_json("lad", "gone.geojson", "districts", "lad.geojson")});
  const Run run = run_fetch(m, dir / "data", server.url());
  const FetchResult& r = run.report.results.at(0);
  CHECK(r.status == FetchStatus::Failed);
  CHECK_FALSE(r.unreachable);
  CHECK_THAT(r.message, Catch::Contains("lad: the server answered HTTP 404 for " + server.url() +
                                        "/gone.geojson"));
  CHECK_THAT(r.message, Catch::Contains("the manifest marks this URL unverified"));
  CHECK_THAT(r.message, Catch::Contains("download \"Test lad\" by hand"));
  CHECK_THAT(r.message, Catch::Contains("`devomap fetch --from DIR`"));
  CHECK_FALSE(has_part_files(dir / "data"));
  CHECK_FALSE(fs::exists(dir / "data/boundaries/districts/lad.geojson"));
  CHECK_THAT(failure_summary(run.report), Catch::Contains("1 of 1 downloads failed"));
}

TEST_CASE("invalid downloads are detected and not kept") {
  test::TempDir dir;
  devomap::test::write_file(dir / "www/page.geojson",
                            "<!DOCTYPE html><html><body>Sign in</body></html>");
  devomap::test::write_file(
      dir / "www/error.geojson",
      R"({"error":{"code":400,"message":"Invalid or missing input parameters.","details":[]}})");
  devomap::test::write_file(dir / "www/garbage.geojson", std::string(5000, 'x'));
  write_geojson(dir / "www/countries.geojson", codes(2));  // districts where countries are due
  LocalServer server(dir / "www");
  const Manifest m = manifest_of({
      entry_json("page", "page.geojson", "districts", "page.geojson"),
      entry_json("error", "error.geojson", "districts", "error.geojson"),
      entry_json("garbage", "garbage.geojson", "districts", "garbage.geojson"),
      entry_json("ctry", "countries.geojson", "countries", "ctry.geojson", 4, "CTRY24CD"),
  });
  const Run run = run_fetch(m, dir / "data", server.url());
  INFO(run.log);
  REQUIRE(run.report.results.size() == 4);
  for (const auto& r : run.report.results) {
    CHECK(r.status == FetchStatus::Failed);
    CHECK_THAT(r.message, Catch::Contains("nothing was kept"));
    CHECK_FALSE(fs::exists(r.path));
  }
  CHECK_THAT(run.report.results[0].message,
             Catch::Contains("the server sent a web page, not data"));
  CHECK_THAT(run.report.results[1].message,
             Catch::Contains("the server sent an error instead of data: \"Invalid or missing "
                             "input parameters.\""));
  CHECK_THAT(run.report.results[2].message,
             Catch::Contains("the download is not a readable GeoJSON file"));
  CHECK_THAT(run.report.results[3].message,
             Catch::Contains("it does not hold countries: it holds local authority districts"));
  CHECK_FALSE(has_part_files(dir / "data"));
  CHECK_FALSE(fs::exists(dir / "data/catalog.json"));
}

TEST_CASE("a truncated download keeps its .part and the next fetch resumes it") {
  test::TempDir dir;
  write_geojson(dir / "www/_truncate_once/lad.geojson", codes(3), "LAD24CD", 500);
  const std::string full = devomap::test::read_file(dir / "www/_truncate_once/lad.geojson");
  LocalServer server(dir / "www");
  const Manifest m =
      manifest_of({entry_json("lad", "_truncate_once/lad.geojson", "districts", "lad.geojson")});
  const fs::path dest = dir / "data/boundaries/districts/lad.geojson";
  const fs::path part = dir / "data/boundaries/districts/lad.geojson.part";

  const Run cut = run_fetch(m, dir / "data", server.url());
  INFO(cut.log);
  const FetchResult& r = cut.report.results.at(0);
  CHECK(r.status == FetchStatus::Failed);
  CHECK_THAT(r.message, Catch::Contains("download cut short after"));
  CHECK_THAT(r.message, Catch::Contains(part.string() + " is kept: run the same devomap fetch "
                                                        "again to resume"));
  CHECK_FALSE(fs::exists(dest));
  REQUIRE(fs::exists(part));
  CHECK(fs::file_size(part) == full.size() / 2);

  const Run resumed = run_fetch(m, dir / "data", server.url());
  INFO(resumed.log);
  CHECK(resumed.report.results.at(0).status == FetchStatus::Downloaded);
  CHECK(devomap::test::read_file(dest) == full);
  CHECK_FALSE(fs::exists(part));
  CHECK_THAT(server.requests(),
             Catch::Contains("range=bytes=" + std::to_string(full.size() / 2) + "-"));
}

TEST_CASE("a download without Content-Length that ends early is caught by the check") {
  test::TempDir dir;
  devomap::test::write_file(dir / "www/_no_length/lad.geojson",
                            R"({"type":"FeatureCollection","features":[{"ty)");
  LocalServer server(dir / "www");
  const Manifest m =
      manifest_of({entry_json("lad", "_no_length/lad.geojson", "districts", "lad.geojson")});
  const Run run = run_fetch(m, dir / "data", server.url());
  INFO(run.log);
  CHECK(run.report.results.at(0).status == FetchStatus::Failed);
  CHECK_THAT(run.report.results.at(0).message, Catch::Contains("not a readable GeoJSON file"));
  CHECK_FALSE(has_part_files(dir / "data"));
}

TEST_CASE("offline: an unreachable server says to use fetch --from") {
  test::TempDir dir;
  const Manifest m = manifest_of({entry_json("a", "a.geojson", "districts", "a.geojson"),
                                  entry_json("b", "b.geojson", "districts", "b.geojson")});
  const std::string mirror = "http://127.0.0.1:" + std::to_string(closed_port());
  const auto start = std::chrono::steady_clock::now();
  const Run run = run_fetch(m, dir / "data", mirror);
  INFO(run.log);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  REQUIRE(run.report.results.size() == 2);
  CHECK(run.report.results[0].unreachable);
  CHECK_THAT(run.report.results[0].message, Catch::Contains("a: cannot reach 127.0.0.1:"));
  CHECK_THAT(run.report.results[0].message, Catch::Contains("offline or behind a firewall?"));
  CHECK_THAT(run.report.results[0].message, Catch::Contains("`devomap fetch --from DIR`"));
  CHECK_THAT(run.report.results[1].message, Catch::Contains("b: not tried: 127.0.0.1:") &&
                                                Catch::Contains("is unreachable (see above)"));
  const std::string summary = failure_summary(run.report);
  CHECK_THAT(summary, Catch::Contains("2 of 2 downloads failed: the download servers cannot be "
                                      "reached (offline?)"));
  CHECK_THAT(summary, Catch::Contains("ONS Open Geography Portal"));
  CHECK_THAT(summary, Catch::Contains("`devomap fetch --from DIR`"));
  CHECK_FALSE(has_part_files(dir / "data"));
}

TEST_CASE("fetch --only selects entries and rejects unknown ids") {
  test::TempDir dir;
  write_geojson(dir / "www/a.geojson", codes(3));
  LocalServer server(dir / "www");
  const Manifest m = manifest_of({entry_json("a", "a.geojson", "districts", "a.geojson"),
                                  entry_json("b", "b.geojson", "districts", "b.geojson")});
  const Run run = run_fetch(m, dir / "data", server.url(), false, {"a"});
  REQUIRE(run.report.results.size() == 1);
  CHECK(run.report.results[0].status == FetchStatus::Downloaded);
  CHECK_THROWS_WITH(
      run_fetch(m, dir / "data", server.url(), false, {"zzz"}),
      Catch::Contains("--only zzz: no such dataset in the manifest; known ids: a, b"));
  CHECK_THROWS_WITH(run_fetch(m, dir / "data", "file:///tmp"),
                    Catch::Contains("--mirror file:///tmp is not an http(s) URL"));
}
