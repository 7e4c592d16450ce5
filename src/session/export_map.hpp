#pragma once
// One map page written as PNG (OpenGL: a headless EGL context, or the window's own context),
// SVG or PDF, chosen by the output file's extension. `devomap render` and the window's
// "Export..." both come through here, so the same map gives the same file from either.
#include <atomic>
#include <filesystem>
#include <functional>
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

namespace devomap::session {

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
struct ExportProgress;
render::Image render_png_page(render::SceneRenderer& renderer, const Scene& scene,
                              const PageLayout& page, const ExportRequest& request,
                              ExportProgress* progress = nullptr);
// Writes rendered pixels as the request's PNG (temp file + rename; DPI recorded). No GL.
void write_png_page(const render::Image& image, const PageLayout& page,
                    const ExportRequest& request, ExportProgress* progress = nullptr);

// An export ready to run on any thread: it shares the document's layers, which never change
// once loaded, and copies everything else (session/map_session.hpp makes one).
struct ExportJob {
  Scene scene;  // true colours, no hover or selection, each area's value and number
  Bounds extent;
  MapUnits units = MapUnits::Metres;
  ExportRequest request;  // file, page, layout with the attribution line, alt text
};

// The steps of an export, in order; a PNG takes all of them, a vector page the first and last.
enum class ExportStep { LayingOut, PreparingShapes, Drawing, Writing };
const char* describe(ExportStep step);  // "Laying out the page", ...

// How far an export has got, read by another thread while it runs. `cancel` stops it at the
// next check (every layer, tile or 64 rows of a PNG); nothing is left at the output path.
struct ExportProgress {
  std::atomic<int> step{0};            // an ExportStep
  std::atomic<float> step_done{0.0f};  // 0..1 within the step
  std::atomic<bool> cancel{false};
  // The share of the whole export done, from the step and the work done within it.
  float fraction() const;
};

// Exports pages. PNG pages share one GL context and one renderer, and each layer is uploaded
// once, so an atlas of many pages does not rebuild them for each. The context is made on the
// first PNG, on the thread that runs it: by default a headless EGL context; the window passes
// its own second context so that a PNG draws on a worker thread.
class Exporter {
 public:
  using MakeContext = std::function<std::unique_ptr<render::DrawingContext>()>;
  explicit Exporter(MakeContext make_context = {});
  ~Exporter();
  Exporter(const Exporter&) = delete;
  Exporter& operator=(const Exporter&) = delete;

  // Lays out and writes one page, and returns its layout. Prints notes to stderr and "wrote
  // FILE (...)" to stdout unless `quiet`. Throws UserError (Cancelled when `progress` asked).
  PageLayout export_map(const Scene& scene, const Bounds& map_bounds, MapUnits units,
                        const ExportRequest& request, bool quiet = false,
                        ExportProgress* progress = nullptr);
  PageLayout run(const ExportJob& job, bool quiet, ExportProgress* progress = nullptr) {
    return export_map(job.scene, job.extent, job.units, job.request, quiet, progress);
  }

 private:
  void upload_layers(const Scene& scene, ExportProgress* progress);
  MakeContext make_context_;
  std::unique_ptr<render::DrawingContext> context_;
  std::unique_ptr<render::SceneRenderer> renderer_;
  // Layers uploaded so far, held so that a pointer is never reused by another layer.
  std::map<const Layer*, std::shared_ptr<const Layer>> uploaded_;
};

// A deck as one PDF, a page per job in order (each job's own page size, layout and scene),
// written to `out` with the pages' alt texts beside it, one paragraph per page. Prints
// "wrote FILE (N pages)". Throws UserError.
void export_pdf_deck(const std::vector<ExportJob>& pages, const std::filesystem::path& out,
                     bool overwrite);

// One page with a fresh Exporter.
void export_map(const Scene& scene, const Bounds& map_bounds, MapUnits units,
                const ExportRequest& request);

}  // namespace devomap::session
