#pragma once
// Which parts of a map frame the scene's areas cover, on a grid of cells over the frame: the
// page layout puts the legend and furniture where they cover no area, and the London inset and
// area labels avoid the land the same way. No GL here.
#include <cstdint>
#include <vector>

#include "core/camera.hpp"
#include "core/layout.hpp"
#include "core/scene.hpp"

namespace devomap {

// Cells that any area of the scene touches: vertices mark their cell (so coastlines and
// islands smaller than a cell count) and scanlines at cell centres fill interiors, even-odd
// per polygon so holes stay free. Cells are about 1/300 of the frame's longer side.
class Coverage {
 public:
  // `camera` maps the scene to frame pixels; `frame` places the frame on the page.
  Coverage(const Scene& scene, const Camera& camera, const LayoutRect& frame);

  // Whether any covered cell meets `r` (page pixels); parts of `r` outside the frame are free.
  bool any_in(const LayoutRect& r) const;

 private:
  void mark(int x, int y);
  void add_polygon(const Polygon& polygon, const Camera& camera, std::vector<Vec2>& pts,
                   std::vector<std::vector<double>>& rows);

  LayoutRect frame_;
  double cell_ = 1;
  int nx_ = 1, ny_ = 1;
  std::vector<std::uint8_t> cells_;
  std::vector<std::uint32_t> sums_;  // (nx_ + 1) x (ny_ + 1) prefix sums of cells_
};

}  // namespace devomap
