#pragma once
// What the style panel says about the chosen palette: whether readers with a colour-vision
// deficiency, a printer or a photocopier can tell its classes apart (ColorBrewer's own ratings,
// core/palette), and a palette of the same kind that does better, for one-click switching.
#include <optional>
#include <string>
#include <string_view>

#include "core/palette.hpp"

namespace devomap {

struct PaletteAdvice {
  bool colorblind_safe = true;    // ColorBrewer rates it Good for colour-blind readers
  bool colorblind_maybe = false;  // rated "possibly": not safe, but not ruled out either
  bool print_poor = false;        // rated Bad in print
  bool photocopy_poor = false;    // rated Bad when photocopied
  // A colour-blind safe palette of the same kind with a scheme for this many classes, the one
  // that does best in print and photocopies; nullopt when the palette is already safe or no
  // palette of its kind is.
  std::optional<std::string> suggestion;
  // One line for the panel, e.g. "Not colour-blind safe for 6 classes; poor in print", empty
  // when nothing is wrong.
  std::string summary;
};

// Advice for `palette` at `classes` classes. An unknown palette, or a class count outside its
// range, gives empty advice (the style step reports those).
PaletteAdvice palette_advice(std::string_view palette, int classes);

}  // namespace devomap
