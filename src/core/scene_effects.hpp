#pragma once
// What presentation mode does to the picture between the map and the screen: colours fading
// from one view to the next, a spotlight on one area, a high-contrast theme for projectors, and
// the camera gliding between views. Pure functions on a copy of the Scene, so exports (which
// draw the document's own scene) never see them.
#include <cstddef>
#include <vector>

#include "core/camera.hpp"
#include "core/color.hpp"
#include "core/scene.hpp"

namespace devomap {

// 0..1 -> 0..1, slow at both ends (smoothstep), for glides and fades.
double ease_in_out(double t);

// The colour `t` of the way from a to b (t clamped to 0..1), alpha included.
Rgba mix(Rgba a, Rgba b, double t);

// The fills `t` of the way from `from` (one list per scene layer, as a scene's fills were) to
// the scene's own. A layer whose area count differs (another map) keeps its own fills.
void crossfade_fills(Scene& scene, const std::vector<std::vector<Rgba>>& from, double t);

// Every area of the top interactive layer but `area` dimmed (core's atlas dimming), so one
// area or authority stands out; nothing changes for an area the layer does not have.
void spotlight(Scene& scene, std::size_t area);

// A projector theme: a near-black sea with white borders between areas, so the areas' colours
// carry against a washed-out screen; fills and the legend are unchanged.
void high_contrast(Scene& scene);

// The camera `t` of the way (eased) from a to b: the centre moves linearly in screen terms and
// the scale geometrically, so a zoom feels even; the viewport size is b's.
Camera camera_between(const Camera& a, const Camera& b, double t);

}  // namespace devomap
