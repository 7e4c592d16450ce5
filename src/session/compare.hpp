#pragma once
// Comparing areas side by side (the first use of devomap): areas named as a person writes them
// (a GSS code, or a name as the find box takes it), and one table with a column per area and a
// row per thing known about it: what it is, its mayor, its powers by domain, its money in the
// map's year and per head, its people and its outcomes, rows that differ marked. The window
// and `devomap compare` both build it here. No GL or ImGui.
#include <cstddef>
#include <string>
#include <vector>

#include "session/map_document.hpp"

namespace devomap::session {

struct Comparison {
  std::vector<std::size_t> areas;  // rows of the map's data layer, in the order asked
  std::vector<std::string> names;  // their names, as the columns' heads
  std::vector<std::string> short_names;  // as the map labels them ("Greater Manchester")
  struct Row {
    std::string group;                // "Area", "Powers by domain", "Money", "Outcomes", ...
    std::string label;                // "Mayor", "Transport", "Funding per head, 2026-27 (£)"
    std::vector<std::string> values;  // one per area; "" when unknown
    bool differs = false;             // not every area has the same value
  };
  std::vector<Row> rows;
  std::vector<std::string> sources;  // who published the figures, for a table's foot
};

// The area of the map's data layer that `asked` names: an area's GSS code or name, or a place
// inside one (a district in an authority, which is compared as its authority, said in `notes`).
// Throws UserError naming what was asked when nothing matches, or listing the candidates when
// a name could mean more than one ("North Yorkshire": the council or the combined authority?).
std::size_t find_area(const MapDocument& document, const std::string& asked,
                      std::vector<std::string>& notes);

// The comparison of `areas` (rows of the data layer). On the UK map: the area's kind, tier,
// mayor, status, population, powers held and each domain's best status ("held", "partial",
// "proposed", "not found in sources"; "recommended" where a report recommends it and it is not
// held), funding in the map's year and per head, and every outcome. On another layer: every
// attribute. Throws UserError for fewer than two areas or one asked twice.
Comparison compare_areas(const MapDocument& document, const std::vector<std::size_t>& areas);

// RFC 4180 CSV: "Group,Measure,<area>,...,Differs", a row per comparison row, then the sources.
std::string comparison_csv(const Comparison& comparison);

}  // namespace devomap::session
