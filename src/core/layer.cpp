#include "core/layer.hpp"

namespace devomap {

std::optional<std::size_t> Layer::hit_test(Vec2 p) const {
  for (std::size_t i = 0; i < shapes.size(); ++i)
    if (shape_bounds[i].contains(p) && contains(shapes[i], p)) return i;
  return std::nullopt;
}

}  // namespace devomap
