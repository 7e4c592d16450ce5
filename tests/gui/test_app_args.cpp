// The window's own command line: accepted forms and one clear message per mistake.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <vector>

#include "core/error.hpp"
#include "ui/app_args.hpp"

using devomap::UserError;
using devomap::ui::AppArgs;
using devomap::ui::parse_app_args;

namespace {
AppArgs parse(std::initializer_list<const char*> words) {
  std::vector<const char*> argv{"devomap"};
  argv.insert(argv.end(), words.begin(), words.end());
  return parse_app_args(static_cast<int>(argv.size()), argv.data());
}

std::string error_of(std::initializer_list<const char*> words) {
  try {
    parse(words);
  } catch (const UserError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("no arguments opens the default map") {
  const AppArgs a = parse({});
  CHECK_FALSE(a.path);
  CHECK(a.data_dir.empty());
  CHECK_FALSE(a.window_size);
  CHECK_FALSE(a.screenshot_path);
}

TEST_CASE("a path, data dir, layer, size and test hooks in both option spellings") {
  const AppArgs a = parse({"--data-dir", "/tmp/d", "--window-size=1600x1000", "x.gpkg", "--layer",
                           "lad", "--screenshot", "s.png", "--frames=7", "--ready-file", "r.json"});
  REQUIRE(a.path);
  CHECK(*a.path == "x.gpkg");
  CHECK(a.data_dir == "/tmp/d");
  REQUIRE(a.layer_name);
  CHECK(*a.layer_name == "lad");
  REQUIRE(a.window_size);
  CHECK(a.window_size->width == 1600);
  CHECK(a.window_size->height == 1000);
  CHECK(*a.screenshot_path == "s.png");
  CHECK(a.screenshot_frames == 7);
  CHECK(*a.ready_file == "r.json");
}

TEST_CASE("window sizes are WIDTHxHEIGHT within limits") {
  using devomap::ui::parse_window_size;
  CHECK(parse_window_size("800X600"));
  CHECK_FALSE(parse_window_size("800"));
  CHECK_FALSE(parse_window_size("800x"));
  CHECK_FALSE(parse_window_size("x600"));
  CHECK_FALSE(parse_window_size("100x600"));    // below 200
  CHECK_FALSE(parse_window_size("800x20000"));  // above 16384
  CHECK_FALSE(parse_window_size("800x600px"));
  CHECK_FALSE(parse_window_size("-800x600"));
}

TEST_CASE("every mistake gets a one-line message naming the option") {
  CHECK_THAT(error_of({"--window-size", "big"}),
             Catch::Contains("--window-size 'big' is not WIDTHxHEIGHT") &&
                 Catch::Contains("e.g. --window-size 1600x1000"));
  CHECK_THAT(error_of({"--window-size"}), Catch::Contains("--window-size needs a value"));
  CHECK_THAT(error_of({"--data-dir"}), Catch::Contains("--data-dir needs a value"));
  CHECK_THAT(error_of({"--screenshot", "a.png", "--frames", "0"}),
             Catch::Contains("--frames '0' is not a whole number of at least 1"));
  CHECK_THAT(error_of({"--frames", "3"}),
             Catch::Contains("--frames only applies with --screenshot PATH"));
  CHECK_THAT(error_of({"--layer", "lad"}),
             Catch::Contains("--layer 'lad' needs a PATH to pick the layer from"));
  CHECK_THAT(error_of({"--zoom", "3"}), Catch::Contains("unknown window option '--zoom'") &&
                                            Catch::Contains("devomap --help"));
  CHECK_THAT(error_of({"a.shp", "b.shp"}),
             Catch::Contains("opens one layer at a time, but got 'a.shp' and 'b.shp'"));
}

TEST_CASE("the --preview option starts the window with a colour-vision preview") {
  CHECK_FALSE(parse({}).preview);
  CHECK(parse({"--preview", "deuteranopia"}).preview == devomap::ColorVision::Deuteranopia);
  CHECK(parse({"--preview=greyscale"}).preview == devomap::ColorVision::Greyscale);
  CHECK_THROWS_WITH(parse({"--preview", "red"}),
                    Catch::Contains("--preview 'red'") && Catch::Contains("deuteranopia"));
}
