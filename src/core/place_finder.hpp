#pragma once
// Finding a place by name as the user types (the window's find box, in presentation mode too):
// districts, authorities, nations or any area of the loaded layers, matched however the name is
// written (core/name_match: "&" or "and", "St." or "St", accents), best matches first.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.hpp"

namespace devomap {

struct Place {
  std::string name;  // as shown: "Bolton"
  std::string kind;  // what it is: "District in Greater Manchester Combined Authority"
  Bounds bounds;     // where to fly to (display CRS)
  // The area of the map's data layer to select for it (the authority a district is in); none
  // for a place the data layer does not have.
  std::optional<std::size_t> area;
};

class PlaceFinder {
 public:
  void add(Place place);
  std::size_t size() const { return places_.size(); }
  // Up to `limit` places whose name matches what was typed: the whole name, then names that
  // start with it, then a word that starts with it, then names holding it anywhere; shorter
  // names first within each, then alphabetical. Nothing for fewer than two letters typed.
  std::vector<const Place*> find(std::string_view typed, std::size_t limit = 8) const;

 private:
  struct Entry {
    Place place;
    std::string key;  // name_key of the name
  };
  std::vector<Entry> places_;
};

}  // namespace devomap
