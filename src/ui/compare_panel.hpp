#pragma once
// The window's comparison of areas (session/compare.hpp): Ctrl+click adds an area of the map
// (the area whose card is open comes first), and two or more open a table beside the map with
// a column per area and a row per fact, rows that differ shaded; it saves as CSV. Esc or Clear
// closes it.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "session/compare.hpp"
#include "ui/panels.hpp"

namespace devomap::ui {

class ComparePanel {
 public:
  // Adds the area, or takes it out when it is already compared; `selected` (the card's area)
  // starts the comparison when it is the first.
  void toggle(std::size_t area, std::optional<std::size_t> selected);
  void clear();
  bool open() const { return areas_.size() >= 2; }
  const std::vector<std::size_t>& areas() const { return areas_; }
  // Draws the table for the map shown; a map changed under it (another measure, a table)
  // makes it again. Closing it (its x, Clear) clears the areas.
  void draw(const PanelContext& ctx, const MapDocument& document, std::uint64_t map_revision,
            const MapViewport& viewport);
  // For the ready file: the areas' names and where the Save CSV controls are.
  std::string ready_json() const;

 private:
  std::vector<std::size_t> areas_;
  std::optional<session::Comparison> table_;
  std::uint64_t table_revision_ = 0;
  std::string csv_path_ = "comparison.csv";
  std::string message_;
  bool message_is_error_ = false;
  std::pair<float, float> path_spot_{0, 0}, save_spot_{0, 0};
};

}  // namespace devomap::ui
