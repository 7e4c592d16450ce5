#pragma once
// One map page written as PNG (OpenGL: a headless EGL context, or the window's own context),
// SVG or PDF, chosen by the output file's extension. `devomap render` and the window's
// "Export..." both come through here, so the same map gives the same file from either.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/layer.hpp"
#include "core/page_layout.hpp"
#include "core/scene.hpp"
#include "render/offscreen.hpp"

namespace devomap::render {
class SceneRenderer;
}

namespace devomap::output {

enum class ExportFormat { Png, Svg, Pdf, Html };

// The format named by the extension (any case; .htm is HTML too). Throws UserError naming the
// file and listing .png, .svg, .pdf and .html for anything else.
ExportFormat export_format(const std::filesystem::path& out);

// The boundary vintage year of an official ONS layer, told by its GSS code field's name
// (LAD24CD -> 2024, LSOA11CD -> 2011); nullopt when the layer does not look like an ONS one.
std::optional<int> ons_boundary_year(const Layer& layer);

struct ExportRequest {
  std::filesystem::path out;
  PageSpec page;
  LayoutSpec layout;
  bool overwrite = false;
  // Largest tile side for PNG rendering (0: the GPU's limit); env DEVOMAP_MAX_TILE_PX sets it.
  int max_tile_px = 0;
  // The map described in words (core/alt_text.hpp): written beside the file as FILE.alt.txt
  // (alt_text_path) and into the SVG <desc>, the HTML aria-label and the PDF subject; "" for none.
  std::string alt_text;
};

// "1600x1200 px, A4 portrait at 300 dpi": what the page is, for messages.
std::string describe_page(const PageSpec& spec, const PageSize& size);

// The page laid out for `scene` fitted to `map_bounds`; notes (an omitted scale bar, ...) are
// in the result's notes. Throws UserError (bad DPI, a page too small).
PageLayout layout_export(const Scene& scene, const Bounds& map_bounds, MapUnits units,
                         const ExportRequest& request);

// Writes an SVG or PDF page. No GL: safe on any thread while nothing changes the scene.
void write_vector_page(const Scene& scene, const PageLayout& page, const ExportRequest& request);

// Renders a PNG page with `renderer` in the current GL context (the scene's layers uploaded).
render::Image render_png_page(render::SceneRenderer& renderer, const Scene& scene,
                              const PageLayout& page, const ExportRequest& request);
// Writes rendered pixels as the request's PNG (temp file + rename; DPI recorded). No GL.
void write_png_page(const render::Image& image, const PageLayout& page,
                    const ExportRequest& request);

// Exports pages with no display. PNG pages share one headless context and one renderer, and
// each layer is uploaded once, so an atlas of many pages does not rebuild them for each.
class Exporter {
 public:
  Exporter();
  ~Exporter();
  Exporter(const Exporter&) = delete;
  Exporter& operator=(const Exporter&) = delete;

  // Lays out and writes one page, and returns its layout. Prints notes to stderr and "wrote
  // FILE (...)" to stdout unless `quiet`. Throws UserError.
  PageLayout export_map(const Scene& scene, const Bounds& map_bounds, MapUnits units,
                        const ExportRequest& request, bool quiet = false);

 private:
  std::unique_ptr<render::HeadlessContext> context_;
  std::unique_ptr<render::SceneRenderer> renderer_;
  // Layers uploaded so far, held so that a pointer is never reused by another layer.
  std::map<const Layer*, std::shared_ptr<const Layer>> uploaded_;
};

// One page with a fresh Exporter.
void export_map(const Scene& scene, const Bounds& map_bounds, MapUnits units,
                const ExportRequest& request);

}  // namespace devomap::output
