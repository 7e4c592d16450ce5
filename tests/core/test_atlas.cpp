// Atlas pages: which areas each page holds and what it is called, the zoom around them, how
// the other areas fade, and file names that any file system takes.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "core/atlas.hpp"
#include "core/error.hpp"

using namespace devomap;

namespace {

MultiPolygon square(double x0, double y0, double side) {
  Polygon p;
  p.outer = {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}};
  return {p};
}

Column text_column(std::string name, std::vector<std::string> text) {
  Column c;
  c.name = std::move(name);
  c.text = std::move(text);
  return c;
}

// Five districts in a row: two in authority A, two in B, one in none.
Layer districts() {
  Layer layer;
  layer.source_path = "districts.gpkg";
  for (int i = 0; i < 5; ++i) {
    layer.shapes.push_back(square(i * 10000.0, 0, 10000));
    layer.shape_bounds.push_back(bounds_of(layer.shapes.back()));
    layer.bounds.expand(layer.shape_bounds.back());
  }
  layer.attributes.row_count = 5;
  layer.attributes.columns = {
      text_column("LAD24CD", {"E1", "E2", "E3", "E4", "E5"}),
      text_column("LAD24NM", {"One", "Two", "Three", "Four", "Five"}),
      text_column("CAUTH24CD", {"A01", "A01", "B02", "", "B02"}),
      text_column("CAUTH24NM", {"Authority A", "Authority A", "Authority B", "", "Authority B"}),
      text_column("band", {"x", "y", "x", "y", "x"}),
  };
  layer.code_column = 0;
  layer.name_column = 1;
  layer.attributes.add_number_column("score", {1, 2, 1, std::nan(""), 2}, false);
  return layer;
}

}  // namespace

TEST_CASE("atlas: one page per value, named from the partner name field", "[atlas]") {
  const Layer layer = districts();
  const AtlasGroups by_authority = atlas_groups(layer, "CAUTH24CD");
  REQUIRE(by_authority.groups.size() == 2);
  CHECK(by_authority.no_value == 1);
  const AtlasGroup& a = by_authority.groups[0];
  CHECK(a.value == "A01");
  CHECK(a.name == "Authority A");
  CHECK(a.areas == std::vector<std::size_t>{0, 1});
  CHECK(a.bounds.min_x == 0);
  CHECK(a.bounds.max_x == 20000);
  const AtlasGroup& b = by_authority.groups[1];
  CHECK(b.areas == std::vector<std::size_t>{2, 4});
  CHECK(b.bounds.max_x == 50000);

  // The layer's code field takes the layer's name field; any case works for the field.
  const AtlasGroups by_district = atlas_groups(layer, "lad24cd");
  REQUIRE(by_district.groups.size() == 5);
  CHECK(by_district.groups[2].name == "Three");
  // A field with no partner: the value names the page.
  const AtlasGroups by_band = atlas_groups(layer, "band");
  REQUIRE(by_band.groups.size() == 2);
  CHECK(by_band.groups[0].name == "x");
  // Numbers group by value; no data is on no page of its own.
  const AtlasGroups by_score = atlas_groups(layer, "score");
  REQUIRE(by_score.groups.size() == 2);
  CHECK(by_score.no_value == 1);
  CHECK(by_score.groups[1].areas == std::vector<std::size_t>{1, 4});

  try {
    atlas_groups(layer, "REGION");
    FAIL("no error");
  } catch (const UserError& e) {
    CHECK_THAT(e.what(), Catch::Contains("per value of REGION") &&
                             Catch::Contains("districts.gpkg") && Catch::Contains("CAUTH24CD"));
  }
}

TEST_CASE("atlas: the page zooms to its areas with a margin", "[atlas]") {
  Bounds group;
  group.expand(Vec2{0, 0});
  group.expand(Vec2{100, 50});
  const Bounds e = atlas_extent(group, 0.1, 0);
  CHECK(e.min_x == Approx(-10));
  CHECK(e.max_x == Approx(110));
  CHECK(e.min_y == Approx(-10));
  CHECK(e.max_y == Approx(60));
  // A tiny area still shows its neighbours.
  const Bounds small = atlas_extent(group, 0.1, 1000);
  CHECK(small.width() == Approx(1000));
  CHECK(small.height() == Approx(1000));
  CHECK(small.centre().x == Approx(50));
}

TEST_CASE("atlas: other areas fade towards grey but stay visible", "[atlas]") {
  const Rgba blue{8, 64, 129, 255};
  const Rgba dim = dimmed_fill(blue);
  const auto light = [](Rgba c) { return c.r + c.g + c.b; };
  const auto spread = [](Rgba c) { return std::max({c.r, c.g, c.b}) - std::min({c.r, c.g, c.b}); };
  CHECK(light(dim) > light(blue) + 300);
  CHECK(spread(dim) < spread(blue) / 4);
  CHECK(dim.a == 255);
  CHECK_FALSE(dim == Rgba{226, 228, 232, 255});  // still tells classes apart, faintly
  CHECK(dimmed_fill(Rgba{0, 0, 0, 0}).a == 0);   // context layers stay unfilled
}

TEST_CASE("atlas: file names are safe and filled in", "[atlas]") {
  CHECK(file_name_safe("E47000001") == "E47000001");
  CHECK(file_name_safe("Greater Manchester") == "Greater_Manchester");
  CHECK(file_name_safe("Bath / N.E. Somerset") == "Bath_N.E._Somerset");
  CHECK(file_name_safe("../etc") == "_etc");
  CHECK(file_name_safe("Ynys M\xC3\xB4n") == "Ynys_M\xC3\xB4n");
  CHECK(file_name_safe("") == "_");
  CHECK(file_name_safe("a:b*c?") == "a_b_c");
  CHECK(fill_atlas_pattern("maps/{value}-{name}.png", "E1", "York and North Yorkshire") ==
        "maps/E1-York_and_North_Yorkshire.png");
  CHECK(has_atlas_placeholder("maps/{name}.pdf"));
  CHECK_FALSE(has_atlas_placeholder("maps/all.pdf"));
}
