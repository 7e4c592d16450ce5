#pragma once
// The London inset of UK-wide maps: Greater London is a few millimetres across on a map of
// Great Britain, yet holds 33 boroughs, so the page shows it again, enlarged, in an empty part
// of the map frame, framed and captioned, with a locator rectangle where it lies on the main
// map. Every renderer draws the inset's map through its own camera; its frame, locator and
// caption are ordinary page furniture. No GL here.
#include <optional>
#include <string>
#include <vector>

#include "core/camera.hpp"
#include "core/font.hpp"
#include "core/geometry.hpp"
#include "core/layout.hpp"
#include "core/scene.hpp"

namespace devomap {

// GSS codes that make up Greater London: the boroughs (E09...), the Greater London Authority
// (E61000001) and the London region (E12000007).
bool is_london_code(const std::string& code);

// Bounds of the scene's London areas (display CRS), or nullopt when it has none.
std::optional<Bounds> london_bounds(const Scene& scene);

// Whether a map showing `map_bounds` wants a London inset: its layers are in British National
// Grid (EPSG:27700), it spans Great Britain or England (at least 400 x 550 km), and London is
// drawn as several areas (boroughs) on a data layer, not as one.
bool wants_london_inset(const Scene& scene, const Bounds& map_bounds);

struct MapInset {
  LayoutRect frame;    // page pixels; the inset's map is clipped to it
  Camera camera;       // map units -> inset frame pixels
  LayoutRect locator;  // page pixels: what the inset shows, outlined on the main map
  std::string caption = "London";
  // Frame, locator and caption, as page furniture (the page layout draws them with the rest).
  std::vector<LayoutBox> boxes;
  std::vector<LayoutText> texts;
};

// Places the inset for the main map in `frame` (page pixels) seen through `camera`: the largest
// box of London's shape, up to about a third of the frame, that covers no area of the scene and
// none of `keep_clear` (legend, scale bar, north arrow), nearest London among equals. nullopt,
// with `why` set, when no empty part of the frame is large enough. `scale` is dpi / 96.
std::optional<MapInset> place_london_inset(const Scene& scene, const LayoutRect& frame,
                                           const Camera& camera,
                                           const std::vector<LayoutRect>& keep_clear,
                                           const FontSet& fonts, double scale, std::string* why);

}  // namespace devomap
