#include "render/page_render.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace devomap::render {

int max_tile_side() {
  GLint renderbuffer = 0, texture = 0;
  GLint viewport[2] = {0, 0};
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &renderbuffer);
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &texture);
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, viewport);
  int side = 1 << 30;
  for (GLint limit : {renderbuffer, texture, viewport[0], viewport[1]})
    if (limit > 0) side = std::min(side, static_cast<int>(limit));
  return side;
}

Image render_page(SceneRenderer& renderer, const Scene& scene, const PageLayout& page,
                  const PageRenderOptions& options) {
  const int W = page.page.width_px, H = page.page.height_px;
  const int wanted = options.max_tile_px > 0 ? options.max_tile_px : kDefaultMaxTile;
  const int limit = std::max(1, std::min(max_tile_side(), wanted));
  // Equal tiles (the last row and column may be a little smaller).
  const int nx = (W + limit - 1) / limit, ny = (H + limit - 1) / limit;
  const int tile_w = (W + nx - 1) / nx, tile_h = (H + ny - 1) / ny;

  if (nx == 1 && ny == 1) {  // the usual case: the tile is the page, no copy into a second image
    if (options.on_tile) options.on_tile(0, 1);
    OffscreenTarget target(W, H, options.samples);
    target.bind();
    renderer.draw_page(scene, page, PageTile{0, 0, W, H});
    return target.read_pixels();
  }
  Image out;
  out.width = W;
  out.height = H;
  out.rgba.resize(static_cast<std::size_t>(W) * H * 4);
  std::unique_ptr<OffscreenTarget> target;
  int done = 0;
  for (int ty = 0; ty < H; ty += tile_h) {
    for (int tx = 0; tx < W; tx += tile_w) {
      if (options.on_tile) options.on_tile(done++, nx * ny);
      const PageTile tile{tx, ty, std::min(tile_w, W - tx), std::min(tile_h, H - ty)};
      if (!target || target->width() != tile.width || target->height() != tile.height) {
        target.reset();  // free the previous tile's buffers first
        target = std::make_unique<OffscreenTarget>(tile.width, tile.height, options.samples);
      }
      target->bind();
      renderer.draw_page(scene, page, tile);
      const Image part = target->read_pixels();
      const std::size_t row = static_cast<std::size_t>(tile.width) * 4;
      for (int y = 0; y < tile.height; ++y)
        std::memcpy(out.rgba.data() + (static_cast<std::size_t>(ty + y) * W + tx) * 4,
                    part.rgba.data() + static_cast<std::size_t>(y) * row, row);
    }
  }
  return out;
}

}  // namespace devomap::render
