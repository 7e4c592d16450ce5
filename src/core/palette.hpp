#pragma once
// Colour schemes: ColorBrewer (sequential, diverging, qualitative) by its own names, any case.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/color.hpp"

namespace devomap {

enum class PaletteKind { Sequential, Diverging, Qualitative };

struct PaletteInfo {
  std::string name;  // as ColorBrewer spells it, e.g. "YlGnBu"
  PaletteKind kind;
  int min_classes;
  int max_classes;
};

std::vector<PaletteInfo> list_palettes();
std::optional<PaletteInfo> find_palette(std::string_view name);  // case-insensitive
// The scheme's colours for n classes (n within its range), optionally reversed. Throws
// UserError naming the palette and its valid range when unknown or n is out of range.
std::vector<Rgba> palette_colors(std::string_view name, int n, bool reverse = false);

inline constexpr const char* kDefaultSequentialPalette = "YlGnBu";

}  // namespace devomap
