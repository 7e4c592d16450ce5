// core/font (stb_truetype metrics) and core/layout (renderer-neutral legend layout). They live
// in core but are tested here, beside the renderer that draws them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/font.hpp"
#include "core/layout.hpp"
#include "support/test_support.hpp"

using namespace devomap;

namespace {

Legend four_class_legend() {
  Legend legend;
  legend.title = "Median age";
  legend.subtitle = "Quantile, 3 classes";
  legend.entries = {{{255, 255, 204, 255}, "≤ 38.5", 120, false},
                    {{161, 218, 180, 255}, "38.5 – 44", 118, false},
                    {{44, 127, 184, 255}, "> 44 (£)", 121, false},
                    {{236, 236, 236, 255}, "No data", 2, true}};
  legend.boundary_rule = "Upper bound included: 10 – 20 means > 10 and ≤ 20";
  return legend;
}

bool inside(const LayoutRect& outer, const LayoutRect& inner) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
         inner.y + inner.h <= outer.y + outer.h;
}

}  // namespace

TEST_CASE("UTF-8 decoding keeps legend symbols and replaces bad bytes", "[font]") {
  CHECK(decode_utf8("a–£≤") == U"a\u2013\u00a3\u2264");
  CHECK(decode_utf8("😀") == U"\U0001F600");
  CHECK(decode_utf8("") == U"");
  CHECK(decode_utf8("a\xff"
                    "b") == U"a\uFFFDb");                  // invalid lead byte
  CHECK(decode_utf8("a\xe2\x80") == U"a\uFFFD");           // truncated sequence
  CHECK(decode_utf8("\xe2\x28\xa1") == U"\uFFFD(\uFFFD");  // broken continuation
  CHECK(decode_utf8("\xc0\xaf") == U"\uFFFD\uFFFD");       // overlong '/' (both bytes bad)
  CHECK(decode_utf8("\xed\xa0\x80") == U"\uFFFD");         // UTF-16 surrogate
}

TEST_CASE("DejaVu Sans metrics: glyphs for legend symbols, kerning, scaling", "[font]") {
  const FontSet& fonts = default_fonts();
  const Font& regular = fonts.get(false);
  CHECK(regular.family() == "DejaVu Sans");
  CHECK(fonts.get(true).family() == "DejaVu Sans");
  for (const char* symbol : {"–", "£", "≤", "≥"}) {
    INFO(symbol);
    const auto glyphs = regular.shape(symbol, 12);
    REQUIRE(glyphs.size() == 1);
    CHECK(glyphs[0].glyph_index != 0);  // present in the font, not the missing-glyph box
  }
  // Metrics scale linearly with the em size.
  CHECK(regular.text_width("10 – 20", 24) == Approx(2 * regular.text_width("10 – 20", 12)));
  CHECK(regular.ascent(20) == Approx(2 * regular.ascent(10)));
  CHECK(regular.ascent(12) > 9);
  CHECK(regular.ascent(12) < 13);
  CHECK(regular.descent(12) > 1);
  CHECK(regular.descent(12) < 4);
  // Bold is wider; kerning pulls "AV" closer than A and V apart.
  CHECK(fonts.get(true).text_width("Population", 12) > regular.text_width("Population", 12));
  CHECK(regular.text_width("AV", 40) < regular.text_width("A", 40) + regular.text_width("V", 40));
  // Pen positions increase and the last glyph ends at the total width.
  float advance = 0;
  const auto glyphs = regular.shape("Wards", 12, &advance);
  REQUIRE(glyphs.size() == 5);
  for (std::size_t i = 1; i < glyphs.size(); ++i) CHECK(glyphs[i].pen_x > glyphs[i - 1].pen_x);
  CHECK(advance == Approx(regular.text_width("Wards", 12)));
  // Rasterising gives ink for a letter and nothing for a space.
  const GlyphBitmap h = regular.rasterize(regular.shape("H", 12)[0].glyph_index, 12);
  CHECK(h.width > 3);
  CHECK(h.height > 6);
  CHECK(h.y_offset < 0);  // above the baseline
  CHECK(std::count_if(h.coverage.begin(), h.coverage.end(), [](auto c) { return c > 200; }) > 5);
  const GlyphBitmap space = regular.rasterize(regular.shape(" ", 12)[0].glyph_index, 12);
  CHECK(space.coverage.size() == static_cast<std::size_t>(space.width * space.height));
}

TEST_CASE("missing or broken fonts give a message naming the package", "[font]") {
  test::TempDir dir;
  CHECK_THROWS_MATCHES(
      load_fonts(dir.path()), UserError,
      Catch::Matchers::Message("legend font 'DejaVuSans.ttf' not found in '" + dir.path().string() +
                               "': install the Debian package fonts-dejavu-core, or set "
                               "DEVOMAP_FONT_DIR to a folder holding DejaVuSans.ttf and "
                               "DejaVuSans-Bold.ttf"));
  std::filesystem::copy_file(font_dir() / kRegularFontFile, dir / kRegularFontFile);
  CHECK_THROWS_WITH(load_fonts(dir.path()),
                    Catch::StartsWith("legend font 'DejaVuSans-Bold.ttf' not found in"));
  std::ofstream(dir / kBoldFontFile) << "not a font";
  CHECK_THROWS_WITH(load_fonts(dir.path()),
                    Catch::Contains("DejaVuSans-Bold.ttf' is not a TrueType font"));
  CHECK_THROWS_WITH(Font::load(dir / "absent.ttf"),
                    Catch::StartsWith("cannot open font file '" + (dir / "absent.ttf").string()));
}

TEST_CASE("DEVOMAP_FONT_DIR overrides the font folder", "[font]") {
  const char* before = std::getenv("DEVOMAP_FONT_DIR");
  const std::string saved = before ? before : "";
  ::setenv("DEVOMAP_FONT_DIR", "/somewhere/else", 1);
  CHECK(font_dir() == "/somewhere/else");
  ::setenv("DEVOMAP_FONT_DIR", "", 1);
  CHECK(font_dir() == kDefaultFontDir);
  ::unsetenv("DEVOMAP_FONT_DIR");
  CHECK(font_dir() == kDefaultFontDir);
  if (before) ::setenv("DEVOMAP_FONT_DIR", saved.c_str(), 1);
}

TEST_CASE("the legend is laid out bottom-left with swatches, labels and counts", "[layout]") {
  const Legend legend = four_class_legend();
  const FontSet& fonts = default_fonts();
  const LegendLayout layout = layout_legend(legend, 800, 600, 1, fonts);
  REQUIRE_FALSE(layout.empty());
  CHECK(layout.scale == 1);
  CHECK(layout.panel.x == 12);
  CHECK(layout.panel.y + layout.panel.h == 600 - 12);
  CHECK(layout.panel.w > 100);
  CHECK(layout.panel.w < 400);

  // Title, subtitle, 4 labels, 4 counts, then the boundary rule wrapped onto its own lines.
  REQUIRE(layout.texts.size() >= 11);
  CHECK(layout.texts[0].text == "Median age");
  CHECK(layout.texts[0].bold);
  CHECK(layout.texts[1].text == "Quantile, 3 classes");
  std::string rule;
  for (std::size_t i = 10; i < layout.texts.size(); ++i)
    rule += (rule.empty() ? "" : " ") + layout.texts[i].text;
  CHECK(rule == legend.boundary_rule);
  for (const LayoutText& t : layout.texts) {
    INFO(t.text);
    CHECK(t.width == Approx(fonts.get(t.bold).text_width(t.text, static_cast<float>(t.size))));
    CHECK(t.x >= layout.panel.x);
    CHECK(t.x + t.width <= layout.panel.x + layout.panel.w);
    CHECK(t.baseline > layout.panel.y);
    CHECK(t.baseline < layout.panel.y + layout.panel.h);
  }
  for (std::size_t i = 1; i < layout.texts.size(); ++i)
    CHECK(layout.texts[i].baseline >= layout.texts[i - 1].baseline);
  // Lines go downwards in order.
  CHECK(layout.texts[0].baseline < layout.texts[1].baseline);
  CHECK(layout.texts[1].baseline < layout.texts[2].baseline);

  REQUIRE(layout.swatches.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    const LayoutSwatch& s = layout.swatches[i];
    CHECK(s.entry == i);
    CHECK(s.no_data == (i == 3));
    CHECK(inside(layout.panel, s.rect));
    if (i > 0) CHECK(s.rect.y > layout.swatches[i - 1].rect.y);
    // Each swatch's fill box carries the entry's colour.
    const auto box =
        std::find_if(layout.boxes.begin(), layout.boxes.end(), [&](const LayoutBox& b) {
          return b.rect.x == s.rect.x && b.rect.y == s.rect.y && b.rect.w == s.rect.w;
        });
    REQUIRE(box != layout.boxes.end());
    CHECK(box->fill == legend.entries[i].color);
  }
  // Counts are right-aligned in one column.
  const double right = layout.texts[3].x + layout.texts[3].width;
  CHECK(layout.texts[3].text == "120");
  CHECK(layout.texts[9].text == "2");
  CHECK(layout.texts[9].x + layout.texts[9].width == Approx(right).margin(1));
}

TEST_CASE("the boundary rule wraps instead of widening the panel", "[layout]") {
  const FontSet& fonts = default_fonts();
  Legend legend = four_class_legend();
  const LegendLayout short_rule = [&] {
    Legend l = legend;
    l.boundary_rule = "Upper bound included";
    return layout_legend(l, 800, 600, 1, fonts);
  }();
  legend.boundary_rule =
      "Upper bound included: each class holds the values above the previous class's upper bound "
      "and up to and including its own, so 10 – 20 means > 10 and ≤ 20";
  const LegendLayout layout = layout_legend(legend, 800, 600, 1, fonts);
  const std::size_t rule_lines = layout.texts.size() - 10;
  CHECK(rule_lines >= 3);
  // Wrapped to the rows' width, or 190 logical px at least (plus padding and border).
  CHECK(layout.panel.w <= std::max(short_rule.panel.w, 190.0 + 2 * 11) + 1);
  CHECK(layout.panel.h > short_rule.panel.h);
  CHECK(layout.panel.y + layout.panel.h == 600 - 12);
  for (std::size_t i = 10; i < layout.texts.size(); ++i) {
    const LayoutText& t = layout.texts[i];
    CHECK(t.x + t.width <= layout.panel.x + layout.panel.w - 10);
    if (i > 10) CHECK(t.baseline > layout.texts[i - 1].baseline);
  }
  CHECK(layout.texts.back().baseline < layout.panel.y + layout.panel.h - 10);
}

TEST_CASE("the no-data swatch is hatched inside a darker border", "[layout]") {
  const LegendLayout layout = layout_legend(four_class_legend(), 800, 600, 1, default_fonts());
  const LayoutRect& nd = layout.swatches[3].rect;
  REQUIRE_FALSE(layout.hatching.empty());
  const Rgba hatch = no_data_hatch_color({236, 236, 236, 255});
  CHECK(hatch == Rgba{129, 129, 129, 255});
  for (const LayoutLine& line : layout.hatching) {
    CHECK(line.color == hatch);
    CHECK(line.width == Approx(kNoDataHatchWidth));
    // Thick ends stay inside the swatch.
    for (const Vec2 p : {line.a, line.b}) {
      CHECK(p.x >= nd.x + line.width / 2 - 1e-9);
      CHECK(p.x <= nd.x + nd.w - line.width / 2 + 1e-9);
      CHECK(p.y >= nd.y + line.width / 2 - 1e-9);
      CHECK(p.y <= nd.y + nd.h - line.width / 2 + 1e-9);
    }
    CHECK(line.a.x - line.b.x == Approx(-(line.a.y - line.b.y)));  // 45 degrees, "/"
  }
  // Only the no-data swatch gets hatching; its border box is the darker shade.
  const auto border = std::find_if(
      layout.boxes.begin(), layout.boxes.end(),
      [&](const LayoutBox& b) { return b.rect.x == nd.x - 1 && b.rect.y == nd.y - 1; });
  REQUIRE(border != layout.boxes.end());
  CHECK(border->fill == hatch);
  Legend without = four_class_legend();
  without.entries.pop_back();
  CHECK(layout_legend(without, 800, 600, 1, default_fonts()).hatching.empty());
}

TEST_CASE("legend layout scales with DPI and shrinks to fit small viewports", "[layout]") {
  const Legend legend = four_class_legend();
  const FontSet& fonts = default_fonts();
  const LegendLayout one = layout_legend(legend, 800, 600, 1, fonts);
  const LegendLayout three = layout_legend(legend, 2400, 1800, 3, fonts);
  CHECK(three.scale == 3);
  CHECK(three.panel.w == Approx(3 * one.panel.w).margin(2));
  CHECK(three.panel.h == Approx(3 * one.panel.h).margin(2));
  CHECK(three.texts[0].size == Approx(3 * one.texts[0].size));

  // A viewport narrower than the legend: shrunk uniformly, still inside with margins.
  const LegendLayout small = layout_legend(legend, 200, 600, 1, fonts);
  CHECK(small.scale < 1);
  CHECK(small.panel.x >= 0);
  CHECK(small.panel.x + small.panel.w <= 200 + 1);
  CHECK(small.texts[0].size < one.texts[0].size);

  CHECK(layout_legend(Legend{}, 800, 600, 1, fonts).empty());
  CHECK(layout_legend(legend, 0, 600, 1, fonts).empty());
  // A legend with only a title still gets a panel.
  Legend title_only;
  title_only.title = "Nations";
  const LegendLayout t = layout_legend(title_only, 800, 600, 1, fonts);
  CHECK(t.texts.size() == 1);
  CHECK(t.swatches.empty());
  CHECK(t.panel.w > 0);
}

TEST_CASE("counts are left out when no entry has one", "[layout]") {
  Legend legend;
  legend.title = "Combined authority";
  legend.entries = {{{141, 211, 199, 255}, "Mayoral", 0, false},
                    {{255, 255, 179, 255}, "Non-mayoral", 0, false}};
  const LegendLayout layout = layout_legend(legend, 800, 600, 1, default_fonts());
  REQUIRE(layout.texts.size() == 3);
  CHECK(layout.texts[1].text == "Mayoral");
  CHECK(layout.texts[2].text == "Non-mayoral");
}
