#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/palette.hpp"

using namespace devomap;

namespace {

std::vector<std::string> hex_list(const std::vector<Rgba>& colors) {
  std::vector<std::string> out;
  for (Rgba c : colors) out.push_back(to_hex(c));
  return out;
}

int distance(Rgba a, Rgba b) {
  return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b);
}

}  // namespace

TEST_CASE("every ColorBrewer scheme is there, plus viridis and cividis", "[palette]") {
  CHECK(list_palettes().size() == 18 + 9 + 8 + 2);
  CHECK(list_palettes(PaletteKind::Sequential).size() == 18 + 2);
  CHECK(list_palettes(PaletteKind::Diverging).size() == 9);
  CHECK(list_palettes(PaletteKind::Qualitative).size() == 8);
  const auto rdbu = find_palette("RdBu");
  REQUIRE(rdbu);
  CHECK(rdbu->kind == PaletteKind::Diverging);
  CHECK(rdbu->min_classes == 3);
  CHECK(rdbu->max_classes == 11);
  CHECK(find_palette("Paired")->max_classes == 12);
  CHECK(find_palette("Set1")->max_classes == 9);
  CHECK(find_palette("Dark2")->max_classes == 8);
  CHECK(find_palette("Blues")->max_classes == 9);
}

TEST_CASE("names are case-insensitive, spelled as ColorBrewer spells them", "[palette]") {
  REQUIRE(find_palette("ylgnbu"));
  CHECK(find_palette("ylgnbu")->name == "YlGnBu");
  CHECK(find_palette("SPECTRAL")->name == "Spectral");
  CHECK(find_palette("Viridis")->name == "viridis");
  CHECK_FALSE(find_palette("jet"));
}

TEST_CASE("published ColorBrewer colours, spot checks", "[palette]") {
  // Values from colorbrewer2.org (Cynthia Brewer), per class count.
  CHECK(hex_list(palette_colors("YlGnBu", 5)) ==
        std::vector<std::string>{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"});
  CHECK(hex_list(palette_colors("Blues", 3)) ==
        std::vector<std::string>{"#deebf7", "#9ecae1", "#3182bd"});
  CHECK(hex_list(palette_colors("Greys", 9)).back() == "#000000");
  CHECK(hex_list(palette_colors("OrRd", 9)) ==
        std::vector<std::string>{"#fff7ec", "#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548",
                                 "#d7301f", "#b30000", "#7f0000"});
  CHECK(hex_list(palette_colors("RdBu", 11)) ==
        std::vector<std::string>{"#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7",
                                 "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"});
  CHECK(hex_list(palette_colors("Spectral", 6)) ==
        std::vector<std::string>{"#d53e4f", "#fc8d59", "#fee08b", "#e6f598", "#99d594", "#3288bd"});
  CHECK(hex_list(palette_colors("RdYlBu", 4)) ==
        std::vector<std::string>{"#d7191c", "#fdae61", "#abd9e9", "#2c7bb6"});
  CHECK(hex_list(palette_colors("Set3", 12)).back() == "#ffed6f");
  CHECK(hex_list(palette_colors("Paired", 12)).back() == "#b15928");
  CHECK(hex_list(palette_colors("Dark2", 3)) ==
        std::vector<std::string>{"#1b9e77", "#d95f02", "#7570b3"});
  CHECK(hex_list(palette_colors("Oranges", 4))[3] == "#d94701");  // not #d94801 (that is 7+)
  CHECK(hex_list(palette_colors("Oranges", 7))[5] == "#d94801");
}

TEST_CASE("viridis and cividis are sampled evenly from their definitions", "[palette]") {
  CHECK(hex_list(palette_colors("viridis", 3)) ==
        std::vector<std::string>{"#440154", "#21918c", "#fde725"});
  const auto v9 = palette_colors("viridis", 9);
  CHECK(to_hex(v9.front()) == "#440154");
  CHECK(to_hex(v9.back()) == "#fde725");
  const auto c3 = palette_colors("cividis", 3);
  CHECK(to_hex(c3.front()) == "#00224e");
  CHECK(to_hex(c3.back()) == "#fee838");
  // Monotone lightness: each step is brighter in greyscale.
  const auto grey = simulate_color_vision(palette_colors("cividis", 12), ColorVision::Greyscale);
  for (std::size_t i = 1; i < grey.size(); ++i) CHECK(grey[i].r > grey[i - 1].r);
}

TEST_CASE("reverse and two-class colours", "[palette]") {
  const auto fwd = palette_colors("PuOr", 7);
  auto rev = palette_colors("puor", 7, true);
  std::reverse(rev.begin(), rev.end());
  CHECK(fwd == rev);
  const auto three = palette_colors("Reds", 3);
  CHECK(class_colors("Reds", 2) == std::vector<Rgba>{three[0], three[2]});
  CHECK(class_colors("Reds", 1) == std::vector<Rgba>{three[1]});
  CHECK(class_colors("Reds", 2, true) == std::vector<Rgba>{three[2], three[0]});
  CHECK(class_colors("Reds", 6) == palette_colors("Reds", 6));
}

TEST_CASE("unknown palettes and class counts out of range name the palette", "[palette]") {
  CHECK_THROWS_WITH(palette_colors("Jet", 5),
                    Catch::Contains("unknown palette 'Jet'") && Catch::Contains("YlGnBu"));
  CHECK_THROWS_WITH(palette_colors("Blues", 11), Catch::Contains("Blues") &&
                                                     Catch::Contains("3 to 9 classes") &&
                                                     Catch::Contains("not 11"));
  CHECK_THROWS_AS(palette_colors("Set2", 9), UserError);
  CHECK(class_colors("Set2", 0).empty());
  CHECK_THROWS_AS(class_colors("Set2", -1), UserError);
  CHECK_THROWS_AS(class_colors("Nope", 0), UserError);
}

TEST_CASE("ColorBrewer's suitability per class count", "[palette]") {
  CHECK(palette_suitability("Spectral", 3).colorblind == Suitability::Maybe);
  CHECK(palette_suitability("Spectral", 6).colorblind == Suitability::Bad);
  CHECK(palette_suitability("RdBu", 11).colorblind == Suitability::Good);
  CHECK(palette_suitability("RdGy", 5).colorblind == Suitability::Maybe);
  CHECK(palette_suitability("YlGn", 5).print == Suitability::Good);
  CHECK(palette_suitability("YlGn", 6).print == Suitability::Bad);
  CHECK(palette_suitability("YlOrRd", 4).photocopy == Suitability::Maybe);
  CHECK(palette_suitability("Accent", 5).print == Suitability::Maybe);
  CHECK(palette_suitability("PuOr", 4).photocopy == Suitability::Good);
  CHECK(palette_suitability("PuOr", 5).photocopy == Suitability::Bad);
  CHECK(palette_suitability("Paired", 4).colorblind == Suitability::Good);
  CHECK(palette_suitability("Paired", 5).colorblind == Suitability::Maybe);
  CHECK(palette_suitability("Paired", 12).screen == Suitability::Maybe);  // past the list's end
  CHECK(palette_suitability("Purples", 4).screen == Suitability::Bad);
  CHECK(palette_suitability("Blues", 2).photocopy == Suitability::Good);  // judged as 3
  CHECK(palette_suitability("viridis", 9).colorblind == Suitability::Good);
  CHECK(to_string(Suitability::Maybe) == "maybe");
}

TEST_CASE("safe for N classes?", "[palette]") {
  CHECK(colorblind_safe("RdBu", 9));
  CHECK_FALSE(colorblind_safe("RdYlGn", 5));
  CHECK(colorblind_safe("Dark2", 3));
  CHECK_FALSE(colorblind_safe("Dark2", 4));
  const auto safe_div = colorblind_safe_palettes(PaletteKind::Diverging, 7);
  CHECK(safe_div == std::vector<std::string>{"PuOr", "BrBG", "PRGn", "PiYG", "RdBu", "RdYlBu"});
  CHECK(colorblind_safe_palettes(PaletteKind::Qualitative, 4) ==
        std::vector<std::string>{"Paired"});
  CHECK(colorblind_safe_palettes(PaletteKind::Qualitative, 3) ==
        std::vector<std::string>{"Dark2", "Paired", "Set2"});
  CHECK(colorblind_safe_palettes(PaletteKind::Sequential, 9).size() == 20);
  CHECK_THROWS_WITH(colorblind_safe("Nope", 3), Catch::Contains("unknown palette"));
}

TEST_CASE("colour-vision-deficiency simulation", "[palette]") {
  for (auto v : {ColorVision::Protanopia, ColorVision::Deuteranopia, ColorVision::Tritanopia,
                 ColorVision::Greyscale}) {
    INFO(to_string(v));
    // Neutral colours stay neutral: each matrix row sums to one.
    CHECK(distance(simulate_color_vision(Rgba{255, 255, 255}, v), Rgba{255, 255, 255}) <= 3);
    CHECK(simulate_color_vision(Rgba{0, 0, 0}, v) == Rgba{0, 0, 0});
    CHECK(simulate_color_vision(Rgba{10, 20, 30, 77}, v).a == 77);
    CHECK(parse_color_vision(to_string(v)) == v);
  }
  CHECK(simulate_color_vision(Rgba{12, 34, 56}, ColorVision::Normal) == Rgba{12, 34, 56});
  // Machado et al. (2009) protanopia on pure red: linear (0.1523, 0.1145, 0) -> sRGB.
  CHECK(distance(simulate_color_vision(Rgba{255, 0, 0}, ColorVision::Protanopia),
                 Rgba{109, 95, 0}) <= 2);
  // Red and green become hard to tell apart for red-green deficiencies, not for tritanopes.
  const Rgba red{215, 48, 39}, green{26, 152, 80};  // RdYlGn's ends
  const int normal = distance(red, green);
  const int deutan = distance(simulate_color_vision(red, ColorVision::Deuteranopia),
                              simulate_color_vision(green, ColorVision::Deuteranopia));
  const int tritan = distance(simulate_color_vision(red, ColorVision::Tritanopia),
                              simulate_color_vision(green, ColorVision::Tritanopia));
  CHECK(deutan < normal / 2);
  CHECK(tritan > deutan);
  const Rgba grey = simulate_color_vision(Rgba{255, 0, 0}, ColorVision::Greyscale);
  CHECK(grey.r == grey.g);
  CHECK(grey.g == grey.b);
  CHECK(parse_color_vision("grayscale") == ColorVision::Greyscale);
  CHECK_FALSE(parse_color_vision("achromatopsia"));
}
