// The "Open a layer" form: what a typed or pasted path becomes.
#include <catch2/catch.hpp>

#include "ui/panels.hpp"

using devomap::ui::OpenForm;
using devomap::ui::request_from_form;

TEST_CASE("an empty or blank path opens nothing") {
  CHECK_FALSE(request_from_form(OpenForm{"", ""}));
  CHECK_FALSE(request_from_form(OpenForm{"  \t ", "lad"}));
}

TEST_CASE("pasted quotes and spaces are trimmed; the label is the file name") {
  const auto r = request_from_form(OpenForm{"  '/data/ons/LAD_2024_UK_BUC.shp'\n", ""});
  REQUIRE(r);
  CHECK(r->path == "/data/ons/LAD_2024_UK_BUC.shp");
  CHECK_FALSE(r->layer_name);
  CHECK(r->label == "LAD_2024_UK_BUC.shp");
  CHECK(r->role == devomap::ui::LayerRole::Data);
}

TEST_CASE("a layer name picks the layer of a multi-layer file and labels it") {
  const auto r = request_from_form(OpenForm{"\"boundaries.gpkg\"", " lad_2024_uk_buc "});
  REQUIRE(r);
  CHECK(r->path == "boundaries.gpkg");
  REQUIRE(r->layer_name);
  CHECK(*r->layer_name == "lad_2024_uk_buc");
  CHECK(r->label == "lad_2024_uk_buc");
}
