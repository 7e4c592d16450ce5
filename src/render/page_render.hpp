#pragma once
// Renders a whole export page (core/page_layout.hpp) to pixels in the current headless context,
// in tiles when the page is larger than the GPU's biggest framebuffer, stitched into one image.
#include <functional>

#include "core/page_layout.hpp"
#include "core/scene.hpp"
#include "render/offscreen.hpp"
#include "render/scene_renderer.hpp"

namespace devomap::render {

// Tiles are at most this many pixels per side even when the GPU allows more: a 4x multisampled
// 4096 x 4096 buffer is already 256 MB on llvmpipe, and more tiles cost little.
inline constexpr int kDefaultMaxTile = 4096;

// The largest tile side this context can render: the smallest of GL_MAX_RENDERBUFFER_SIZE,
// GL_MAX_TEXTURE_SIZE and GL_MAX_VIEWPORT_DIMS, and kDefaultMaxTile.
int max_tile_side();

struct PageRenderOptions {
  int max_tile_px = 0;  // 0: max_tile_side(); a smaller value forces tiling (tests)
  int samples = 4;      // multisampling per tile
  // Called before each tile with the tiles done and their count; may throw to stop the page.
  std::function<void(int done, int total)> on_tile;
};

// Draws `page` with `renderer` (the scene's layers already uploaded) and returns the whole
// page, top row first. Tiles of one page join without seams.
Image render_page(SceneRenderer& renderer, const Scene& scene, const PageLayout& page,
                  const PageRenderOptions& options = {});

}  // namespace devomap::render
