// What the style panel says about a palette, and the safer palette it offers.
#include <catch2/catch.hpp>

#include "core/palette_advice.hpp"

using namespace devomap;

TEST_CASE("a colour-blind safe palette gets no warning", "[palette]") {
  const PaletteAdvice a = palette_advice("RdBu", 7);
  CHECK(a.colorblind_safe);
  CHECK_FALSE(a.suggestion);
  // RdBu is rated poorly in print and photocopies at 7 classes; that is said, not warned about.
  CHECK(a.print_poor);
  CHECK(a.photocopy_poor);
  CHECK(a.summary == "Poor in print and photocopies at 7 classes");
}

TEST_CASE("an unsafe palette is named with a safe one of the same kind", "[palette]") {
  const PaletteAdvice a = palette_advice("Spectral", 6);
  CHECK_FALSE(a.colorblind_safe);
  CHECK_FALSE(a.colorblind_maybe);
  CHECK_THAT(a.summary, Catch::StartsWith("Not colour-blind safe for 6 classes"));
  REQUIRE(a.suggestion);
  CHECK(find_palette(*a.suggestion)->kind == PaletteKind::Diverging);
  CHECK(colorblind_safe(*a.suggestion, 6));

  const PaletteAdvice maybe = palette_advice("Spectral", 3);
  CHECK(maybe.colorblind_maybe);
  CHECK_THAT(maybe.summary, Catch::StartsWith("May not be colour-blind safe for 3 classes"));
  REQUIRE(maybe.suggestion);
  CHECK(colorblind_safe(*maybe.suggestion, 3));
}

TEST_CASE("no suggestion when no palette of the kind is safe", "[palette]") {
  // No qualitative scheme is colour-blind safe at 6 classes.
  const PaletteAdvice a = palette_advice("Set2", 6);
  CHECK_FALSE(a.colorblind_safe);
  CHECK_FALSE(a.suggestion);
}

TEST_CASE("unknown palettes and counts out of range give no advice", "[palette]") {
  CHECK(palette_advice("Nope", 5).summary.empty());
  CHECK(palette_advice("Set2", 12).summary.empty());
}
