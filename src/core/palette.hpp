#pragma once
// Colour schemes: ColorBrewer (sequential, diverging, qualitative) by its own names, any case,
// with the published colours for each class count and ColorBrewer's own judgement of each
// scheme's suitability (colour-blind, print, photocopy, screen); plus viridis and cividis,
// sampled evenly from their published 256-step definitions. Also colour-vision-deficiency
// simulation for previews.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/color.hpp"

namespace devomap {

enum class PaletteKind { Sequential, Diverging, Qualitative };

struct PaletteInfo {
  std::string name;  // as ColorBrewer spells it, e.g. "YlGnBu"; "viridis", "cividis"
  PaletteKind kind;
  int min_classes;
  int max_classes;
};

std::string to_string(PaletteKind kind);  // "sequential", "diverging", "qualitative"

// Every scheme, ColorBrewer's first (in its own order), then viridis and cividis.
std::vector<PaletteInfo> list_palettes();
std::vector<PaletteInfo> list_palettes(PaletteKind kind);
std::optional<PaletteInfo> find_palette(std::string_view name);  // case-insensitive
// The scheme's colours for n classes (n within its range), optionally reversed. Throws
// UserError naming the palette and its valid range when unknown or n is out of range.
std::vector<Rgba> palette_colors(std::string_view name, int n, bool reverse = false);
// Colours for a map of n classes: like palette_colors, but one class takes the middle and two
// classes take the ends of the scheme's three-colour version; no classes, no colours.
std::vector<Rgba> class_colors(std::string_view name, int n, bool reverse = false);

// ColorBrewer's verdicts: Good ("ok"), Maybe ("possibly"), Bad ("not recommended").
enum class Suitability { Bad, Maybe, Good };
std::string to_string(Suitability s);

struct PaletteSuitability {
  Suitability colorblind;
  Suitability print;
  Suitability photocopy;
  Suitability screen;  // LCD screens
};
// For the scheme at n classes (1 and 2 are judged as 3, matching class_colors). Viridis and
// cividis are designed to be colour-blind safe and monotone in lightness, so they are Good.
// Throws like palette_colors.
PaletteSuitability palette_suitability(std::string_view name, int n);
// "Safe for N classes?": true when ColorBrewer rates the scheme Good for colour-blind readers.
bool colorblind_safe(std::string_view name, int n);
// Names of the schemes of this kind that are colour-blind safe (Good) at n classes.
std::vector<std::string> colorblind_safe_palettes(PaletteKind kind, int n);

// Preview of what a reader with a colour-vision deficiency sees: Machado, Oliveira & Fernandes
// (2009) full-severity matrices applied in linear RGB; Greyscale is the luminance (Rec. 709).
enum class ColorVision { Normal, Protanopia, Deuteranopia, Tritanopia, Greyscale };
std::optional<ColorVision> parse_color_vision(std::string_view name);
std::string to_string(ColorVision v);
Rgba simulate_color_vision(Rgba c, ColorVision vision);
std::vector<Rgba> simulate_color_vision(const std::vector<Rgba>& colors, ColorVision vision);

inline constexpr const char* kDefaultSequentialPalette = "YlGnBu";
inline constexpr const char* kDefaultDivergingPalette = "RdBu";
inline constexpr const char* kDefaultQualitativePalette = "Set2";

}  // namespace devomap
