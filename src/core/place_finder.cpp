#include "core/place_finder.hpp"

#include <algorithm>
#include <tuple>

#include "core/name_match.hpp"

namespace devomap {

void PlaceFinder::add(Place place) {
  std::string key = name_key(place.name);
  // The same place listed twice (a layer and its context) is offered once.
  for (const Entry& e : places_)
    if (e.key == key && e.place.kind == place.kind) return;
  places_.push_back({std::move(place), std::move(key)});
}

std::vector<const Place*> PlaceFinder::find(std::string_view typed, std::size_t limit) const {
  const std::string want = name_key(typed);
  if (want.size() < 2) return {};
  // Rank: 0 the whole name, 1 the start of it, 2 the start of a word, 3 anywhere.
  std::vector<std::tuple<int, std::size_t, std::string_view, const Place*>> hits;
  for (const Entry& e : places_) {
    const std::size_t at = e.key.find(want);
    if (at == std::string::npos) continue;
    int rank = 3;
    if (e.key == want)
      rank = 0;
    else if (at == 0)
      rank = 1;
    else if (e.key.find(" " + want) != std::string::npos)
      rank = 2;
    hits.emplace_back(rank, e.key.size(), e.place.name, &e.place);
  }
  std::sort(hits.begin(), hits.end());
  std::vector<const Place*> out;
  for (const auto& hit : hits) {
    if (out.size() == limit) break;
    out.push_back(std::get<3>(hit));
  }
  return out;
}

}  // namespace devomap
