#pragma once
// Renderer-neutral description of one map picture: which layers, each area's colour, outline,
// the legend and the highlight. The window, headless PNG and (later) SVG/PDF writers draw a
// Scene; they never decide a class or a colour themselves.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/color.hpp"
#include "core/layer.hpp"
#include "core/legend.hpp"

namespace devomap {

struct SceneLayer {
  std::shared_ptr<const Layer> layer;
  std::vector<Rgba> fills;  // one per area
  Rgba outline{255, 255, 255, 255};
  float outline_px = 0.75f;  // logical pixels (multiplied by the UI scale)
  bool interactive = true;   // hover/selection apply to this layer
};

struct Scene {
  std::vector<SceneLayer> layers;  // drawn bottom to top
  std::optional<Legend> legend;
  Rgba background{238, 241, 245, 255};
  std::optional<std::size_t> hovered;   // area index in the top interactive layer
  std::optional<std::size_t> selected;
};

}  // namespace devomap
