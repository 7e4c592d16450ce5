#pragma once
// The find box (Ctrl+F or /, in presentation mode too): type a district, authority, nation or
// any area name, pick from the names that match (Up/Down and Enter, or a click), and the map
// flies there with the area selected. The matching is core's PlaceFinder.
#include <optional>
#include <string>
#include <vector>

#include "core/place_finder.hpp"
#include "ui/app_window.hpp"
#include "ui/panels.hpp"

namespace devomap::ui {

class FindBox {
 public:
  bool is_open() const { return open_; }
  void open();
  void close() { open_ = false; }
  // Draws the box at the top middle of the map while open; the place picked, if one was.
  std::optional<Place> draw(const PanelContext& ctx, const MapViewport& viewport,
                            const PlaceFinder& finder, const KeyPresses& keys);
  // For the --ready-file test hook: whether it is open and the names it lists.
  std::string ready_json() const;

 private:
  bool open_ = false;
  bool focus_ = false;      // put the keyboard in the text field next frame
  int opening_frames_ = 0;  // frames whose typed letters go straight into the text
  std::string text_;
  int highlighted_ = 0;
  std::vector<std::string> listed_;
};

}  // namespace devomap::ui
