#include "core/palette_advice.hpp"

#include <cctype>
#include <exception>

namespace devomap {
namespace {

// Colour-blind safety counts most (it is the one warning), then print, then photocopy.
int score(const PaletteSuitability& s) {
  return (s.colorblind == Suitability::Good ? 4 : 0) + (s.print != Suitability::Bad ? 2 : 0) +
         (s.photocopy != Suitability::Bad ? 1 : 0);
}

std::optional<PaletteSuitability> suitability(std::string_view name, int classes) {
  try {
    return palette_suitability(name, classes);
  } catch (const std::exception&) {
    return std::nullopt;  // no scheme for that many classes
  }
}

}  // namespace

PaletteAdvice palette_advice(std::string_view palette, int classes) {
  PaletteAdvice advice;
  const auto info = find_palette(palette);
  if (!info) return advice;
  const auto s = suitability(palette, classes);
  if (!s) return advice;
  advice.colorblind_safe = s->colorblind == Suitability::Good;
  advice.colorblind_maybe = s->colorblind == Suitability::Maybe;
  advice.print_poor = s->print == Suitability::Bad;
  advice.photocopy_poor = s->photocopy == Suitability::Bad;

  const std::string n = std::to_string(classes) + (classes == 1 ? " class" : " classes");
  if (!advice.colorblind_safe)
    advice.summary = (advice.colorblind_maybe ? "May not be colour-blind safe for "
                                              : "Not colour-blind safe for ") +
                     n;
  const char* media = advice.print_poor && advice.photocopy_poor ? "poor in print and photocopies"
                      : advice.print_poor                        ? "poor in print"
                      : advice.photocopy_poor                    ? "poor in photocopies"
                                                                 : nullptr;
  if (media) {
    if (advice.summary.empty())
      advice.summary =
          std::string(1, static_cast<char>(std::toupper(media[0]))) + (media + 1) + " at " + n;
    else
      advice.summary += std::string("; ") + media;
  }
  if (advice.colorblind_safe) return advice;

  // The safe palette of the same kind that does best in print and photocopies, the first in
  // ColorBrewer's order on a tie.
  int best = score(*s);
  for (const PaletteInfo& other : list_palettes(info->kind)) {
    const auto o = suitability(other.name, classes);
    if (!o || o->colorblind != Suitability::Good) continue;
    if (score(*o) > best) {
      best = score(*o);
      advice.suggestion = other.name;
    }
  }
  return advice;
}

}  // namespace devomap
