#include "core/scene.hpp"

namespace devomap {

SceneLayer data_scene_layer(std::shared_ptr<const Layer> layer, std::vector<Rgba> fills) {
  SceneLayer sl;
  sl.layer = std::move(layer);
  sl.fills = std::move(fills);
  sl.outline = kDataOutline;
  sl.outline_px = kDataOutlinePx;
  sl.interactive = true;
  return sl;
}

SceneLayer context_scene_layer(std::shared_ptr<const Layer> layer) {
  SceneLayer sl;
  sl.fills.assign(layer->size(), kContextFill);
  sl.layer = std::move(layer);
  sl.outline = kContextOutline;
  sl.outline_px = kContextOutlinePx;
  sl.interactive = false;
  return sl;
}

}  // namespace devomap
