// Interactive HTML export: one self-contained page (no URL), the SVG inline with each area's
// code, name and value, the alt text as its label, and a tooltip that headless Chromium shows
// when the pointer moves over an area.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "core/font.hpp"
#include "core/page_layout.hpp"
#include "support/test_support.hpp"
#include "writers/export_fixtures.hpp"
#include "writers/page_export.hpp"

namespace fs = std::filesystem;
using namespace devomap;
using devomap::test::TempDir;

namespace {

using test::square;
using test::text_column;

// Three districts side by side with values, one without data.
Scene html_scene() {
  auto layer = std::make_shared<Layer>();
  layer->layer_name = "districts";
  for (int i = 0; i < 3; ++i) {
    layer->shapes.push_back({Polygon{square(i * 100000.0, 0, 100000), {}}});
    layer->shape_bounds.push_back(bounds_of(layer->shapes.back()));
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
  sl.fills = {{255, 255, 204, 255}, {65, 182, 196, 255}, {236, 236, 236, 255}};
  sl.values = {"£1,200", "£3,400", "No data"};
  scene.layers.push_back(sl);
  Legend legend;
  legend.title = "Spending per head";
  legend.entries = {{sl.fills[0], "£0 – £2k", 1},
                    {sl.fills[1], "£2k – £4k", 1},
                    {sl.fills[2], "No data", 1, true}};
  scene.legend = legend;
  return scene;
}

PageLayout html_page(const Scene& scene) {
  PageSpec page;
  page.width_px = 640;
  page.height_px = 400;
  LayoutSpec spec;
  spec.title = "Spending";
  spec.source = "Test source";
  spec.labels = true;
  return layout_page(scene, scene.layers[0].layer->bounds, MapUnits::Metres, page, spec,
                     default_fonts());
}

writers::ExportOptions options() {
  writers::ExportOptions o;
  o.title = "Spending";
  o.alt_text = "Map of spending per head across 3 areas \"in\" 2 classes.";
  return o;
}

std::pair<bool, std::string> run(const std::string& cmd) {
  std::string out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return {false, out};
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  return {::pclose(pipe) == 0, out};
}

// The headless browser to test with, or "" after a visible SKIPPED line.
std::string chromium(const std::string& test) {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"})
    if (run(std::string("command -v ") + name + " >/dev/null 2>&1").first) return name;
  std::cout << "SKIPPED: " << test << ": Chromium is not installed (apt-get install chromium)\n";
  return "";
}

}  // namespace

TEST_CASE("html: one self-contained page with the SVG, values and alt text", "[export][html]") {
  const Scene scene = html_scene();
  const std::string doc =
      writers::html_document(scene, html_page(scene), default_fonts(), options());
  CHECK(doc.rfind("<!DOCTYPE html>", 0) == 0);
  // Opens offline: nothing is fetched (no URL at all, no external script, style or font).
  CHECK(doc.find("http") == std::string::npos);
  CHECK(doc.find("src=") == std::string::npos);
  CHECK(doc.find("<link") == std::string::npos);
  CHECK(doc.find("@import") == std::string::npos);
  // Each area carries code, name (escaped) and value.
  CHECK_THAT(doc, Catch::Contains("data-code=\"E2\" data-name=\"Beta\" data-value=\"£3,400\""));
  CHECK_THAT(doc, Catch::Contains("data-name=\"Alpha &amp; &lt;Co&gt;\""));
  // The alt text labels the map, is described in the SVG and shown under it.
  CHECK_THAT(doc, Catch::Contains("role=\"img\" aria-label=\"Map of spending per head across 3 "
                                  "areas &quot;in&quot; 2 classes.\""));
  CHECK_THAT(doc, Catch::Contains("<desc id=\"map-desc\">"));
  CHECK_THAT(doc, Catch::Contains("<figcaption id=\"map-description\">"));
  CHECK_THAT(doc, Catch::Contains("<title>Spending</title>"));
  CHECK_THAT(doc, Catch::Contains("data-field=\"Spending per head\""));
  // Legend, title, source and labels come with the SVG.
  CHECK_THAT(doc, Catch::Contains("<g id=\"legend\""));
  CHECK_THAT(doc, Catch::Contains("Test source"));
  CHECK_THAT(doc, Catch::Contains("<g id=\"labels\""));
}

TEST_CASE("html: written atomically, never over a file without overwrite", "[export][html]") {
  const Scene scene = html_scene();
  const PageLayout page = html_page(scene);
  TempDir tmp;
  const fs::path out = tmp / "map.html";
  { std::ofstream(out) << "mine"; }
  CHECK_THROWS_WITH(writers::write_html(out, scene, page, default_fonts(), options()),
                    Catch::Contains("already exists"));
  CHECK(devomap::test::read_file(out) == "mine");
  writers::ExportOptions o = options();
  o.overwrite = true;
  writers::write_html(out, scene, page, default_fonts(), o);
  CHECK_THAT(devomap::test::read_file(out), Catch::Contains("data-code=\"E1\""));
  // The alt text file beside it.
  CHECK(writers::alt_text_path(out) == tmp / "map.html.alt.txt");
  writers::write_alt_text(writers::alt_text_path(out), "A map.", false);
  CHECK(devomap::test::read_file(tmp / "map.html.alt.txt") == "A map.\n");
  CHECK_THROWS_WITH(writers::write_alt_text(writers::alt_text_path(out), "Again.", false),
                    Catch::Contains("already exists"));
}

TEST_CASE("html: Chromium shows the area's name, code and value under the pointer",
          "[export][html]") {
  const std::string browser = chromium("html tooltip in Chromium");
  if (browser.empty()) return;
  const Scene scene = html_scene();
  std::string doc = writers::html_document(scene, html_page(scene), default_fonts(), options());
  // The page's own script handles a pointer moving over Beta, as a user's mouse would.
  const std::string hover = R"(<script>
var p = document.querySelector('path[data-code="E2"]');
var r = p.getBoundingClientRect();
p.dispatchEvent(new MouseEvent('mousemove', {bubbles: true, clientX: r.x + r.width / 2,
                                             clientY: r.y + r.height / 2}));
</script>
</body>)";
  doc.replace(doc.rfind("</body>"), 7, hover);
  TempDir tmp;
  const fs::path page = tmp / "hover.html";
  { std::ofstream(page) << doc; }
  const auto [ok, dom] =
      run("timeout 120 " + browser + " --headless --disable-gpu --no-sandbox --dump-dom 'file://" +
          page.string() + "' 2>/dev/null");
  INFO(dom.substr(0, 400));
  REQUIRE(ok);
  const auto at = dom.find("<div id=\"tooltip\"");
  REQUIRE(at != std::string::npos);
  const std::string tooltip = dom.substr(at, dom.find("</div></div>", at) - at);
  INFO(tooltip);
  CHECK(tooltip.find("hidden") == std::string::npos);
  CHECK_THAT(tooltip, Catch::Contains("<div class=\"name\">Beta</div>"));
  CHECK_THAT(tooltip, Catch::Contains("<div class=\"code\">E2</div>"));
  CHECK_THAT(tooltip, Catch::Contains("Spending per head: £3,400"));
  // The browser's own title tooltips are removed so only ours shows.
  CHECK(dom.find("<title>Beta (E2)") == std::string::npos);
}
