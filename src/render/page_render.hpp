#pragma once
// Renders a whole export page (core/page_layout.hpp) to pixels in the current headless context,
// in tiles when the page is larger than the GPU's biggest framebuffer, stitched into one image.
#include <functional>

#include "core/page_layout.hpp"
#include "core/scene.hpp"
#include "render/offscreen.hpp"
#include "render/scene_renderer.hpp"

namespace devomap::render {

// Tiles are at most this many pixels per side even when the GPU allows more: on llvmpipe a 2000 x
// 2000 PNG of the 509k-vertex districts peaked at 465 MB in one tile and 361 MB in tiles of 1024
// (a 4x multisampled buffer is 16 bytes a pixel), in the same time (1.72 s against 1.73 s).
// Smaller tiles save little more and each draws every vertex again (500 px: 317 MB, 2.90 s).
inline constexpr int kDefaultMaxTile = 1024;

// The largest tile side this context can render: the smallest of GL_MAX_RENDERBUFFER_SIZE,
// GL_MAX_TEXTURE_SIZE and GL_MAX_VIEWPORT_DIMS.
int max_tile_side();

struct PageRenderOptions {
  // 0: kDefaultMaxTile; another value sets the tile side (tests, benchmarks), never beyond
  // max_tile_side().
  int max_tile_px = 0;
  int samples = 4;  // multisampling per tile
  // Called before each tile with the tiles done and their count; may throw to stop the page.
  std::function<void(int done, int total)> on_tile;
};

// Draws `page` with `renderer` (the scene's layers already uploaded) and returns the whole
// page, top row first. Tiles of one page join without seams.
Image render_page(SceneRenderer& renderer, const Scene& scene, const PageLayout& page,
                  const PageRenderOptions& options = {});

}  // namespace devomap::render
