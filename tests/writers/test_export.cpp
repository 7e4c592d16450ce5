// SVG and PDF exports of a small hand-made map: the SVG parsed with xmllint and checked against
// the scene (one path per area, exact fills, legend text), the PDF checked with poppler
// (fonts embedded, text extractable), and both written atomically.
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "core/font.hpp"
#include "core/page_layout.hpp"
#include "support/test_support.hpp"
#include "writers/export_fixtures.hpp"
#include "writers/page_export.hpp"

namespace fs = std::filesystem;
using namespace devomap;
using devomap::test::TempDir;

namespace {

constexpr Rgba kLow{255, 255, 204, 255};
constexpr Rgba kHigh{65, 182, 196, 255};
constexpr Rgba kNoData{236, 236, 236, 255};

using test::square;
using test::text_column;

// Three areas in BNG metres: one with a hole (and a name needing XML escapes), one plain, one
// with no data.
Scene test_scene() {
  auto layer = std::make_shared<Layer>();
  layer->layer_name = "test_areas";
  Polygon holed{square(0, 0, 100000), {}};
  Ring hole = square(30000, 30000, 40000);
  std::reverse(hole.begin(), hole.end());
  holed.holes.push_back(hole);
  layer->shapes = {
      {holed}, {Polygon{square(100000, 0, 100000), {}}}, {Polygon{square(0, 100000, 100000), {}}}};
  for (const MultiPolygon& shape : layer->shapes) {
    layer->shape_bounds.push_back(bounds_of(shape));
    layer->bounds.expand(layer->shape_bounds.back());
  }
  layer->display_crs.epsg = 27700;
  layer->attributes.row_count = 3;
  layer->attributes.columns = {text_column("TST24CD", {"E1", "E2", "E3"}),
                               text_column("TST24NM", {"Alpha & <Co>", "Beta", "Gamma"})};
  layer->code_column = 0;
  layer->name_column = 1;

  Scene scene;
  SceneLayer sl;
  sl.layer = layer;
  sl.fills = {kLow, kHigh, kNoData};
  scene.layers.push_back(sl);
  Legend legend;
  legend.title = "Spending per head";
  legend.entries = {{kLow, "0 – 10", 1}, {kHigh, "10 – 20", 1}, {kNoData, "No data", 1, true}};
  scene.legend = legend;
  return scene;
}

PageLayout test_page(const Scene& scene, int dpi = 96) {
  PageSpec page;
  page.width_px = 640 * dpi / 96;
  page.height_px = 480 * dpi / 96;
  page.dpi = dpi;
  LayoutSpec spec;
  spec.title = "Test map";
  spec.source = "Test source";
  spec.official_boundaries = true;
  spec.boundary_year = 2024;
  return layout_page(scene, scene.layers[0].layer->bounds, MapUnits::Metres, page, spec,
                     default_fonts());
}

// Runs a shell command and returns its stdout (and whether it exited 0).
std::pair<bool, std::string> run(const std::string& cmd) {
  std::string out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return {false, out};
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {status == 0, out};
}

std::string xpath(const fs::path& svg, const std::string& expr) {
  const auto [ok, out] = run("xmllint --xpath \"" + expr + "\" '" + svg.string() + "' 2>&1");
  INFO("xmllint --xpath " << expr << ": " << out);
  REQUIRE(ok);
  return out.substr(0, out.find_last_not_of('\n') + 1);
}

// A folder this process cannot create files in (a read-only folder; for root, which ignores
// permissions, /sys), or empty after a SKIPPED line.
fs::path unwritable_folder(const TempDir& tmp) {
  const fs::path ro = tmp / "read-only";
  fs::create_directory(ro);
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
  const fs::path probe = ro / "probe";
  if (FILE* f = std::fopen(probe.c_str(), "w")) {
    std::fclose(f);
    fs::remove(probe);
    // sysfs refuses new files even to root.
    if (FILE* g = std::fopen("/sys/devomap-probe", "w"))
      std::fclose(g);
    else if (fs::is_directory("/sys"))
      return "/sys";
    std::cout << "SKIPPED: no unwritable folder for this user\n";
    return {};
  }
  return ro;
}

}  // namespace

TEST_CASE("svg: one path per area with its code, name and exact class colour", "[export]") {
  const Scene scene = test_scene();
  const PageLayout page = test_page(scene);
  TempDir tmp;
  const fs::path svg = tmp / "map.svg";
  writers::write_svg(svg, scene, page, default_fonts(), {false, "Test map", ""});
  REQUIRE(fs::exists(svg));

  CHECK(xpath(svg, "count(//*[local-name()='path'][@data-code])") == "3");
  CHECK(xpath(svg, "count(//*[local-name()='g'][@class='layer'])") == "1");
  CHECK(xpath(svg, "string(//*[local-name()='path'][@data-code='E1']/@fill)") == "#ffffcc");
  CHECK(xpath(svg, "string(//*[local-name()='path'][@data-code='E2']/@fill)") == "#41b6c4");
  CHECK(xpath(svg, "string(//*[local-name()='path'][@data-code='E3']/@fill)") == "#ececec");
  CHECK(xpath(svg, "string(//*[local-name()='path'][@data-code='E1']/@data-name)") ==
        "Alpha & <Co>");
  CHECK(xpath(svg, "string(//*[local-name()='path'][@data-code='E2']/*[local-name()='title'])") ==
        "Beta (E2)");
  // The hole is a second ring of the same path, cut out by the even-odd rule.
  const std::string d = xpath(svg, "string(//*[local-name()='path'][@data-code='E1']/@d)");
  CHECK(std::count(d.begin(), d.end(), 'M') == 2);
  CHECK(xpath(svg, "string(//*[local-name()='g'][@class='layer']/@fill-rule)") == "evenodd");
  // The no-data area is hatched as in the PNG.
  CHECK(xpath(svg, "count(//*[local-name()='path'][@class='no-data-hatching'])") == "1");

  // Legend, title and source are text, in DejaVu Sans.
  const std::string legend = xpath(svg, "string(//*[local-name()='g'][@id='legend'])");
  CHECK_THAT(legend, Catch::Contains("Spending per head"));
  CHECK_THAT(legend, Catch::Contains("10 – 20"));
  CHECK_THAT(legend, Catch::Contains("No data"));
  CHECK_THAT(xpath(svg, "string(//*[local-name()='g'][@id='legend']/@font-family)"),
             Catch::Contains("DejaVu Sans"));
  const std::string furniture = xpath(svg, "string(//*[local-name()='g'][@id='furniture'])");
  CHECK_THAT(furniture, Catch::Contains("Test map"));
  CHECK_THAT(furniture, Catch::Contains("Test source. Contains OS data"));
  CHECK_THAT(furniture, Catch::Contains(page.scale_bar_label));
  // Legend swatches carry the same colours as the areas.
  CHECK(
      xpath(svg,
            "count(//*[local-name()='g'][@id='legend']/*[local-name()='rect'][@fill='#41b6c4'])") ==
      "1");
}

TEST_CASE("svg: coordinates are rounded to hundredths of a pixel", "[export]") {
  const Scene scene = test_scene();
  const std::string doc = writers::svg_document(scene, test_page(scene), default_fonts());
  const auto start = doc.find(" d=\"M");
  REQUIRE(start != std::string::npos);
  const std::string d = doc.substr(start + 4, doc.find('"', start + 4) - start - 4);
  std::size_t digits_after_point = 0, max_digits = 0;
  bool in_fraction = false;
  for (char c : d) {
    if (c == '.') {
      in_fraction = true;
      digits_after_point = 0;
    } else if (c >= '0' && c <= '9') {
      if (in_fraction) max_digits = std::max(max_digits, ++digits_after_point);
    } else {
      in_fraction = false;
    }
  }
  CHECK(max_digits <= 2);
}

TEST_CASE("svg: coordinates that are not numbers are left out, never a crash", "[export]") {
  Scene scene = test_scene();
  // What the loader never lets through, given to the writer anyway: a NaN, an infinity and a
  // number far beyond any page.
  auto layer = std::make_shared<Layer>(*scene.layers[0].layer);
  layer->shapes[1][0].outer[1] = {std::nan(""), 0};
  layer->shapes[1][0].outer[2] = {1e300, -std::numeric_limits<double>::infinity()};
  layer->shapes[2][0].outer = {{std::nan(""), 1}, {std::nan(""), 2}, {std::nan(""), 3}};
  scene.layers[0].layer = layer;
  const std::string doc = writers::svg_document(scene, test_page(scene), default_fonts());
  CHECK(doc.find("nan") == std::string::npos);
  CHECK(doc.find("inf") == std::string::npos);
  CHECK_THAT(doc, Catch::Contains("data-code=\"E1\""));
}

TEST_CASE("pdf: text is text in embedded DejaVu Sans", "[export]") {
  const Scene scene = test_scene();
  TempDir tmp;
  const fs::path pdf = tmp / "map.pdf";
  writers::write_pdf(pdf, scene, test_page(scene), default_fonts(), {false, "Test map", ""});
  REQUIRE(fs::exists(pdf));
  CHECK(devomap::test::read_file(pdf).rfind("%PDF-", 0) == 0);
  const auto [fonts_ok, fonts] = run("pdffonts '" + pdf.string() + "'");
  REQUIRE(fonts_ok);
  INFO(fonts);
  CHECK_THAT(fonts, Catch::Contains("DejaVuSans"));
  CHECK_THAT(fonts, Catch::Contains("DejaVuSans-Bold"));
  CHECK_THAT(fonts, !Catch::Contains(" no  "));  // the "emb" column: every font embedded
  const auto [text_ok, text] = run("pdftotext '" + pdf.string() + "' -");
  REQUIRE(text_ok);
  CHECK_THAT(text, Catch::Contains("Test map"));
  CHECK_THAT(text, Catch::Contains("Spending per head"));
  CHECK_THAT(text, Catch::Contains("Open Government Licence"));
  // Page size: 640 x 480 px at 96 dpi is 480 x 360 pt.
  const auto [info_ok, info] = run("pdfinfo '" + pdf.string() + "'");
  REQUIRE(info_ok);
  CHECK_THAT(info, Catch::Contains("480 x 360 pts"));
}

TEST_CASE("svg/pdf: files appear whole or not at all", "[export]") {
  const Scene scene = test_scene();
  const PageLayout page = test_page(scene);
  TempDir tmp;
  for (const char* name : {"map.svg", "map.pdf"}) {
    const fs::path out = tmp / name;
    const bool svg = out.extension() == ".svg";
    const auto write = [&](const fs::path& p, bool overwrite) {
      if (svg)
        writers::write_svg(p, scene, page, default_fonts(), {overwrite, "", ""});
      else
        writers::write_pdf(p, scene, page, default_fonts(), {overwrite, "", ""});
    };
    SECTION(std::string("an existing file is kept without overwrite: ") + name) {
      { std::ofstream(out) << "mine"; }
      CHECK_THROWS_WITH(write(out, false), Catch::Contains("already exists"));
      CHECK(devomap::test::read_file(out) == "mine");
      write(out, true);
      CHECK(devomap::test::read_file(out).size() > 100);
      // No temporary file is left beside it.
      int files = 0;
      for (const auto& e : fs::directory_iterator(tmp.path())) files += e.is_regular_file();
      CHECK(files == 1);
    }
    SECTION(std::string("an unwritable folder is a clear error and leaves nothing: ") + name) {
      const fs::path folder = unwritable_folder(tmp);
      if (folder.empty()) return;
      const fs::path target = folder / name;
      try {
        write(target, false);
        FAIL("writing into " << folder << " did not fail");
      } catch (const UserError& e) {
        CHECK_THAT(e.what(), Catch::Contains(target.string()));
        CHECK_THAT(e.what(), Catch::Contains("not writable"));
      }
      CHECK_FALSE(fs::exists(target));
      if (folder != "/sys") CHECK(fs::is_empty(folder));
    }
    SECTION(std::string("a missing folder names the folder: ") + name) {
      CHECK_THROWS_WITH(write(tmp / "nowhere" / name, false), Catch::Contains("does not exist"));
    }
  }
}
