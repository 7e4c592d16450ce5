#pragma once
// The places the find box offers for the map shown: every area of the data layer (on the UK
// map: authorities, districts outside one, nations) and of its context layers, and on the UK
// map every district inside an authority too, which selects and shows its authority.
#include "core/place_finder.hpp"
#include "session/map_document.hpp"

namespace devomap::session {

PlaceFinder places_of(const MapDocument& document);

}  // namespace devomap::session
