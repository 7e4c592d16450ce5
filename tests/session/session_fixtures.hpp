#pragma once
// Small synthetic layers for the session's tests: squares whose every number is known.
#include <memory>
#include <string>

#include "core/geometry.hpp"
#include "session/layer_loader.hpp"

namespace devomap::test {

inline MultiPolygon square(double x0, double y0, double side) {
  Polygon p;
  p.outer = {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}};
  return {p};
}

// A layer as the loader hands it over, with the request that named it.
inline session::LoadedLayer loaded(std::shared_ptr<Layer> layer, session::LayerRole role,
                                   const std::string& label) {
  session::LoadedLayer l;
  l.request.path = layer->source_path;
  l.request.role = role;
  l.request.label = label;
  l.layer = std::move(layer);
  return l;
}

}  // namespace devomap::test
