#pragma once
// TrueType text metrics and glyph coverage for the legend (DejaVu Sans from fonts-dejavu-core),
// via stb_truetype. Every renderer (GL window, headless PNG, later SVG/PDF) measures and places
// text with this one module, so the legend lays out identically everywhere. No GL here.
//
// Sizes are em sizes in pixels, as CSS/SVG font-size: size 12 means 1 em = 12 px.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace devomap {

// Decodes UTF-8. Malformed or truncated sequences become U+FFFD, so one bad byte in a label
// never stops a render.
std::u32string decode_utf8(std::string_view text);

// One glyph of a laid-out string: which glyph and where its pen position is, relative to the
// start of the string on the baseline (kerning already applied).
struct PlacedGlyph {
  char32_t codepoint = 0;
  int glyph_index = 0;  // 0 = the font's "missing glyph"
  float pen_x = 0.0f;
};

// A glyph rasterised at one size: 8-bit coverage, top row first.
struct GlyphBitmap {
  int width = 0;
  int height = 0;
  int x_offset = 0;  // from the pen position to the bitmap's left edge, pixels
  int y_offset = 0;  // from the baseline to the bitmap's top edge, pixels, y down (usually < 0)
  std::vector<std::uint8_t> coverage;  // width * height
};

class Font {
 public:
  // Reads a .ttf file. Throws UserError naming the file when it is missing or not a font.
  static std::shared_ptr<const Font> load(const std::filesystem::path& path);
  ~Font();
  Font(const Font&) = delete;
  Font& operator=(const Font&) = delete;

  const std::filesystem::path& path() const;
  const std::string& family() const;  // e.g. "DejaVu Sans" (for SVG/PDF font-family)

  // Vertical metrics for an em size, in pixels; ascent and descent are both positive.
  float ascent(float size) const;
  float descent(float size) const;
  float line_gap(float size) const;

  // Glyphs of a UTF-8 string with their pen positions; `advance` receives the total width.
  std::vector<PlacedGlyph> shape(std::string_view utf8, float size, float* advance = nullptr) const;
  // Width of a UTF-8 string with kerning, in pixels.
  float text_width(std::string_view utf8, float size) const;
  // Coverage bitmap of one glyph at `size` (thread-safe: the font data is read-only).
  GlyphBitmap rasterize(int glyph_index, float size) const;

 private:
  Font();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Splits text at spaces (and line breaks) into lines no wider than max_w at `size`; a word
// wider than max_w keeps a line of its own. Legends, titles and source lines wrap alike.
std::vector<std::string> wrap_words(const Font& font, std::string_view text, double size,
                                    double max_w);

struct FontSet {
  std::shared_ptr<const Font> regular;
  std::shared_ptr<const Font> bold;
  const Font& get(bool want_bold) const { return want_bold ? *bold : *regular; }
};

inline constexpr const char* kDefaultFontDir = "/usr/share/fonts/truetype/dejavu";
inline constexpr const char* kRegularFontFile = "DejaVuSans.ttf";
inline constexpr const char* kBoldFontFile = "DejaVuSans-Bold.ttf";

// The folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf: env DEVOMAP_FONT_DIR if set and
// not empty, else kDefaultFontDir.
std::filesystem::path font_dir();
// Loads both faces from `dir`. Throws UserError naming the missing file, the folder, the
// package and DEVOMAP_FONT_DIR when a face is absent.
FontSet load_fonts(const std::filesystem::path& dir);
// The process-wide fonts from font_dir(), loaded once on first use (thread-safe). A failed load
// throws every time it is asked, so a fixed environment is not needed to retry.
const FontSet& default_fonts();

}  // namespace devomap
