#include "core/font.hpp"

// libstb.so (libstb-dev) already exports the stbtt_* functions, so only the declarations are
// needed here: defining STB_TRUETYPE_IMPLEMENTATION would duplicate them.
#include <stb_truetype.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>

#include "core/error.hpp"

namespace devomap {

std::u32string decode_utf8(std::string_view text) {
  constexpr char32_t kReplacement = 0xFFFD;
  std::u32string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    int extra = 0;
    char32_t cp = 0;
    if (lead < 0x80) {
      out.push_back(lead);
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
      cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      cp = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      cp = lead & 0x07;
    } else {
      out.push_back(kReplacement);  // stray continuation byte, or a lead never valid (C0, C1, F5+)
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    bool ok = true;
    for (int k = 0; k < extra; ++k, ++j) {
      if (j >= text.size() || (static_cast<unsigned char>(text[j]) & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (static_cast<unsigned char>(text[j]) & 0x3F);
    }
    // Reject overlong forms, surrogates and values beyond Unicode.
    static constexpr char32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (ok && (cp < kMinForLength[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)))
      ok = false;
    if (ok) {
      out.push_back(cp);
      i = j;
    } else {
      out.push_back(kReplacement);
      i = j > i + 1 ? j : i + 1;  // resume at the byte that broke the sequence
    }
  }
  return out;
}

struct Font::Impl {
  std::filesystem::path path;
  std::string family;
  std::vector<unsigned char> data;
  stbtt_fontinfo info{};
  int ascent = 0, descent = 0, line_gap = 0;  // font units; descent is negative in the file

  float scale(float size) const { return stbtt_ScaleForMappingEmToPixels(&info, size); }
};

Font::Font() : impl_(std::make_unique<Impl>()) {}
Font::~Font() = default;

namespace {

// The family name from the font's name table (platform Microsoft, Unicode BMP, English US),
// decoded from UTF-16BE; empty when absent.
std::string family_name(const stbtt_fontinfo& info) {
  int length = 0;
  const char* name = stbtt_GetFontNameString(&info, &length, STBTT_PLATFORM_ID_MICROSOFT,
                                             STBTT_MS_EID_UNICODE_BMP, STBTT_MS_LANG_ENGLISH, 1);
  std::string out;
  if (!name) return out;
  for (int i = 0; i + 1 < length; i += 2) {
    const unsigned code =
        (static_cast<unsigned char>(name[i]) << 8) | static_cast<unsigned char>(name[i + 1]);
    if (code < 0x80) out.push_back(static_cast<char>(code));
  }
  return out;
}

}  // namespace

std::shared_ptr<const Font> Font::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UserError("cannot open font file '" + path.string() +
                    "': install fonts-dejavu-core or set DEVOMAP_FONT_DIR to a folder holding " +
                    kRegularFontFile + " and " + kBoldFontFile);
  std::shared_ptr<Font> font(new Font());
  Impl& impl = *font->impl_;
  impl.path = path;
  impl.data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  const int offset = impl.data.empty() ? -1 : stbtt_GetFontOffsetForIndex(impl.data.data(), 0);
  if (offset < 0 || !stbtt_InitFont(&impl.info, impl.data.data(), offset))
    throw UserError("font file '" + path.string() +
                    "' is not a TrueType font: reinstall fonts-dejavu-core or point "
                    "DEVOMAP_FONT_DIR at a folder with the DejaVu Sans .ttf files");
  stbtt_GetFontVMetrics(&impl.info, &impl.ascent, &impl.descent, &impl.line_gap);
  impl.family = family_name(impl.info);
  if (impl.family.empty()) impl.family = "DejaVu Sans";
  return font;
}

const std::filesystem::path& Font::path() const {
  return impl_->path;
}
const std::string& Font::family() const {
  return impl_->family;
}

float Font::ascent(float size) const {
  return impl_->ascent * impl_->scale(size);
}
float Font::descent(float size) const {
  return -impl_->descent * impl_->scale(size);
}
float Font::line_gap(float size) const {
  return impl_->line_gap * impl_->scale(size);
}

std::vector<PlacedGlyph> Font::shape(std::string_view utf8, float size, float* advance) const {
  const float scale = impl_->scale(size);
  const std::u32string codepoints = decode_utf8(utf8);
  std::vector<PlacedGlyph> glyphs;
  glyphs.reserve(codepoints.size());
  // Accumulate in font units so the result does not depend on rounding per glyph.
  int pen_units = 0;
  int previous = -1;
  for (char32_t cp : codepoints) {
    const int glyph = stbtt_FindGlyphIndex(&impl_->info, static_cast<int>(cp));
    if (previous >= 0) pen_units += stbtt_GetGlyphKernAdvance(&impl_->info, previous, glyph);
    glyphs.push_back({cp, glyph, static_cast<float>(pen_units * static_cast<double>(scale))});
    int advance_units = 0, left_bearing = 0;
    stbtt_GetGlyphHMetrics(&impl_->info, glyph, &advance_units, &left_bearing);
    pen_units += advance_units;
    previous = glyph;
  }
  if (advance) *advance = static_cast<float>(pen_units * static_cast<double>(scale));
  return glyphs;
}

float Font::text_width(std::string_view utf8, float size) const {
  float width = 0.0f;
  shape(utf8, size, &width);
  return width;
}

GlyphBitmap Font::rasterize(int glyph_index, float size) const {
  const float scale = impl_->scale(size);
  GlyphBitmap bitmap;
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  stbtt_GetGlyphBitmapBox(&impl_->info, glyph_index, scale, scale, &x0, &y0, &x1, &y1);
  bitmap.width = std::max(0, x1 - x0);
  bitmap.height = std::max(0, y1 - y0);
  bitmap.x_offset = x0;
  bitmap.y_offset = y0;
  bitmap.coverage.assign(static_cast<std::size_t>(bitmap.width) * bitmap.height, 0);
  if (bitmap.width > 0 && bitmap.height > 0)
    stbtt_MakeGlyphBitmap(&impl_->info, bitmap.coverage.data(), bitmap.width, bitmap.height,
                          bitmap.width, scale, scale, glyph_index);
  return bitmap;
}

std::filesystem::path font_dir() {
  if (const char* env = std::getenv("DEVOMAP_FONT_DIR"); env && *env) return env;
  return kDefaultFontDir;
}

FontSet load_fonts(const std::filesystem::path& dir) {
  FontSet set;
  const auto load_face = [&dir](const char* file) {
    const std::filesystem::path path = dir / file;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
      throw UserError("legend font '" + std::string(file) + "' not found in '" + dir.string() +
                      "': install the Debian package fonts-dejavu-core, or set DEVOMAP_FONT_DIR "
                      "to a folder holding " +
                      kRegularFontFile + " and " + kBoldFontFile);
    return Font::load(path);
  };
  set.regular = load_face(kRegularFontFile);
  set.bold = load_face(kBoldFontFile);
  return set;
}

const FontSet& default_fonts() {
  static std::mutex mutex;
  static std::optional<FontSet> fonts;
  std::lock_guard lock(mutex);
  if (!fonts) fonts = load_fonts(font_dir());
  return *fonts;
}

std::vector<std::string> wrap_words(const Font& font, std::string_view text, double size,
                                    double max_w) {
  std::vector<std::string> lines;
  std::string line, word;
  const auto flush = [&] {
    if (word.empty()) return;
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && font.text_width(candidate, static_cast<float>(size)) > max_w) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '\n')
      flush();
    else
      word += c;
  }
  flush();
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace devomap
