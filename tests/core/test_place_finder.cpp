// The find box's matching: names however they are written, best matches first.
#include <catch2/catch.hpp>

#include "core/place_finder.hpp"

using namespace devomap;

namespace {
PlaceFinder uk() {
  PlaceFinder f;
  for (const char* name :
       {"Greater Manchester Combined Authority", "Manchester", "North Yorkshire",
        "York and North Yorkshire Combined Authority", "York", "Brighton and Hove", "St. Albans",
        "Ynys Môn", "Newcastle upon Tyne", "Newcastle-under-Lyme", "Wales"})
    f.add(Place{name, "test", Bounds{}, std::nullopt});
  return f;
}

std::vector<std::string> names(const std::vector<const Place*>& places) {
  std::vector<std::string> out;
  for (const Place* p : places) out.push_back(p->name);
  return out;
}
}  // namespace

TEST_CASE("the whole name first, then names starting with it, then words, then anywhere",
          "[find]") {
  const PlaceFinder f = uk();
  CHECK(names(f.find("manchester")) ==
        std::vector<std::string>{"Manchester", "Greater Manchester Combined Authority"});
  CHECK(names(f.find("york")) ==
        std::vector<std::string>{"York", "York and North Yorkshire Combined Authority",
                                 "North Yorkshire"});
  CHECK(names(f.find("newc")) ==
        std::vector<std::string>{"Newcastle upon Tyne", "Newcastle-under-Lyme"});
}

TEST_CASE("names match however they are written", "[find]") {
  const PlaceFinder f = uk();
  CHECK(names(f.find("Brighton & Hove")) == std::vector<std::string>{"Brighton and Hove"});
  CHECK(names(f.find("st albans")) == std::vector<std::string>{"St. Albans"});
  CHECK(names(f.find("ynys mon")) == std::vector<std::string>{"Ynys Môn"});
  CHECK(names(f.find("NEWCASTLE UNDER")) == std::vector<std::string>{"Newcastle-under-Lyme"});
}

TEST_CASE("too little typed, nothing found, and the limit", "[find]") {
  const PlaceFinder f = uk();
  CHECK(f.find("m").empty());
  CHECK(f.find("zzz").empty());
  CHECK(f.find("an", 2).size() == 2);
  PlaceFinder twice;
  twice.add(Place{"Wales", "Nation", {}, 3});
  twice.add(Place{"Wales", "Nation", {}, 3});
  CHECK(twice.size() == 1);
}
