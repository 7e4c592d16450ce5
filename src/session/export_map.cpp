#include "session/export_map.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <regex>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/font.hpp"
#include "core/mesh.hpp"
#include "render/page_render.hpp"
#include "render/scene_renderer.hpp"
#include "writers/page_export.hpp"
#include "writers/png_writer.hpp"

namespace devomap::session {

std::string describe_page(const PageSpec& spec, const PageSize& size) {
  std::string s = std::to_string(size.width_px) + "x" + std::to_string(size.height_px) + " px";
  if (spec.paper) {
    const char* name = *spec.paper == Paper::A4 ? "A4" : *spec.paper == Paper::A3 ? "A3" : "slide";
    s += ", " + std::string(name);
    if (*spec.paper != Paper::Slide) s += spec.landscape ? " landscape" : " portrait";
  }
  if (spec.paper || spec.dpi != 96) s += " at " + std::to_string(spec.dpi) + " dpi";
  return s;
}

ExportFormat export_format(const std::filesystem::path& out) {
  std::string ext = out.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".png") return ExportFormat::Png;
  if (ext == ".svg") return ExportFormat::Svg;
  if (ext == ".pdf") return ExportFormat::Pdf;
  if (ext == ".html" || ext == ".htm") return ExportFormat::Html;
  throw UserError(out.string() + ": cannot tell the format from " +
                  (ext.empty() ? std::string("a name with no extension") : "'" + ext + "'") +
                  "; name the file .png, .svg, .pdf or .html");
}

std::optional<int> ons_boundary_year(const Layer& layer) {
  if (!layer.code_column) return std::nullopt;
  // ONS names its code fields <entity><yy>CD: LAD24CD, CAUTH25CD, lsoa11cd, WD22CD.
  static const std::regex pattern("^[A-Za-z]{2,6}([0-9]{2})CD$", std::regex::icase);
  std::smatch m;
  const std::string& name = layer.attributes.columns[*layer.code_column].name;
  if (!std::regex_match(name, m, pattern)) return std::nullopt;
  return 2000 + std::stoi(m[1].str());
}

PageLayout layout_export(const Scene& scene, const Bounds& map_bounds, MapUnits units,
                         const ExportRequest& request) {
  return layout_page(scene, map_bounds, units, request.page, request.layout, default_fonts());
}

void write_vector_page(const Scene& scene, const PageLayout& page, const ExportRequest& request) {
  writers::ExportOptions options;
  options.overwrite = request.overwrite;
  options.title = request.layout.title;
  options.alt_text = request.alt_text;
  const ExportFormat format = export_format(request.out);
  if (format == ExportFormat::Svg)
    writers::write_svg(request.out, scene, page, default_fonts(), options);
  else if (format == ExportFormat::Html)
    writers::write_html(request.out, scene, page, default_fonts(), options);
  else
    writers::write_pdf(request.out, scene, page, default_fonts(), options);
}

render::Image render_png_page(render::SceneRenderer& renderer, const Scene& scene,
                              const PageLayout& page, const ExportRequest& request,
                              ExportProgress* progress) {
  render::PageRenderOptions options;
  if (progress)
    options.on_tile = [progress, &request](int done, int total) {
      if (progress->cancel)
        throw Cancelled("the export of " + request.out.string() + " was cancelled");
      progress->step_done = static_cast<float>(done) / static_cast<float>(total);
    };
  options.max_tile_px = request.max_tile_px;
  // Tests force tiling of small images with the environment, as a GPU with a small limit would.
  if (const char* env = std::getenv("DEVOMAP_MAX_TILE_PX"); env && *env && !options.max_tile_px) {
    char* end = nullptr;
    const long v = std::strtol(env, &end, 10);
    if (*end || v < 16 || v > 1 << 20)
      throw UserError("DEVOMAP_MAX_TILE_PX=" + std::string(env) +
                      " is not a tile size; give a whole number of pixels, 16 or more");
    options.max_tile_px = static_cast<int>(v);
  }
  return render::render_page(renderer, scene, page, options);
}

void write_png_page(const render::Image& image, const PageLayout& page,
                    const ExportRequest& request, ExportProgress* progress) {
  writers::PngWriteOptions png;
  if (progress)
    png.progress = [progress](float done) {
      progress->step_done = done;
      return !progress->cancel.load();
    };
  png.overwrite = request.overwrite;
  png.keep_alpha = false;
  png.dpi = page.page.dpi;
  writers::write_png(request.out, {image.width, image.height, 4, image.rgba}, png);
}

const char* describe(ExportStep step) {
  switch (step) {
    case ExportStep::LayingOut:
      return "Laying out the page";
    case ExportStep::PreparingShapes:
      return "Preparing the shapes";
    case ExportStep::Drawing:
      return "Drawing";
    case ExportStep::Writing:
      return "Writing the file";
  }
  return "";
}

float ExportProgress::fraction() const {
  // Shares of a PNG export's time measured on the UK map at A4 300 dpi.
  static constexpr float kStart[] = {0.0f, 0.05f, 0.4f, 0.75f, 1.0f};
  const int s = std::clamp(step.load(), 0, 3);
  return kStart[s] + (kStart[s + 1] - kStart[s]) * std::clamp(step_done.load(), 0.0f, 1.0f);
}

namespace {

void enter(ExportProgress* progress, ExportStep step, const ExportRequest& request) {
  if (!progress) return;
  if (progress->cancel) throw Cancelled("the export of " + request.out.string() + " was cancelled");
  progress->step = static_cast<int>(step);
  progress->step_done = 0.0f;
}

}  // namespace

Exporter::Exporter(MakeContext make_context) : make_context_(std::move(make_context)) {}
Exporter::~Exporter() {
  // The renderer's GL objects go while its context is still current.
  renderer_.reset();
  context_.reset();
}

void Exporter::upload_layers(const Scene& scene, ExportProgress* progress) {
  std::size_t total = 0, done = 0;
  for (const SceneLayer& layer : scene.layers)
    if (layer.layer && !uploaded_.count(layer.layer.get())) total += layer.layer->size();
  for (const SceneLayer& layer : scene.layers) {
    if (!layer.layer || uploaded_.count(layer.layer.get())) continue;
    std::atomic<float> within{0.0f};
    const std::atomic<bool>* cancel = progress ? &progress->cancel : nullptr;
    LayerMesh mesh = build_layer_mesh(*layer.layer, 0, BuildProgress{&within, cancel});
    if (progress && progress->cancel) throw Cancelled("the export was cancelled");
    renderer_->upload(layer.layer.get(), mesh);
    uploaded_[layer.layer.get()] = layer.layer;
    done += layer.layer->size();
    if (progress) progress->step_done = static_cast<float>(done) / static_cast<float>(total);
  }
  // Layers of maps no longer exported are let go.
  for (auto it = uploaded_.begin(); it != uploaded_.end();) {
    const bool shown = std::any_of(scene.layers.begin(), scene.layers.end(),
                                   [&](const SceneLayer& l) { return l.layer.get() == it->first; });
    if (shown) {
      ++it;
    } else {
      renderer_->forget(it->first);
      it = uploaded_.erase(it);
    }
  }
}

PageLayout Exporter::export_map(const Scene& scene, const Bounds& map_bounds, MapUnits units,
                                const ExportRequest& request, bool quiet,
                                ExportProgress* progress) {
  const ExportFormat format = export_format(request.out);
  // The alt text goes beside the map: refuse before drawing when it would replace a file.
  const std::filesystem::path alt_path = writers::alt_text_path(request.out);
  if (!request.alt_text.empty()) check_output_path(alt_path, request.overwrite);
  enter(progress, ExportStep::LayingOut, request);
  const PageLayout page = layout_export(scene, map_bounds, units, request);
  if (!quiet)
    for (const std::string& note : page.notes) std::cerr << "devomap: note: " << note << "\n";
  if (format == ExportFormat::Png) {
    if (!context_) {
      context_ = make_context_ ? make_context_() : std::make_unique<render::HeadlessContext>();
      renderer_ = std::make_unique<render::SceneRenderer>();
    }
    enter(progress, ExportStep::PreparingShapes, request);
    upload_layers(scene, progress);
    enter(progress, ExportStep::Drawing, request);
    const render::Image image = render_png_page(*renderer_, scene, page, request, progress);
    enter(progress, ExportStep::Writing, request);
    write_png_page(image, page, request, progress);
  } else {
    enter(progress, ExportStep::Writing, request);
    write_vector_page(scene, page, request);
  }
  if (!request.alt_text.empty())
    writers::write_alt_text(alt_path, request.alt_text, request.overwrite);
  if (progress) progress->step_done = 1.0f;
  if (quiet) return page;
  std::size_t areas = 0;
  for (const SceneLayer& layer : scene.layers)
    if (layer.layer && layer.interactive) areas += layer.layer->size();
  std::cout << "wrote " << request.out.string() << " (" << describe_page(request.page, page.page)
            << ", " << areas << " areas)\n";
  return page;
}

void export_pdf_deck(const std::vector<ExportJob>& pages, const std::filesystem::path& out,
                     bool overwrite) {
  const std::filesystem::path alt_path = writers::alt_text_path(out);
  check_output_path(alt_path, overwrite);
  std::vector<PageLayout> layouts;
  layouts.reserve(pages.size());
  for (const ExportJob& job : pages) {
    layouts.push_back(layout_export(job.scene, job.extent, job.units, job.request));
    for (const std::string& note : layouts.back().notes)
      std::cerr << "devomap: note: " << note << "\n";
  }
  std::vector<writers::PdfPage> pdf;
  std::string alt;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    pdf.push_back({&pages[i].scene, &layouts[i]});
    alt += (alt.empty() ? "" : "\n\n") + ("Page " + std::to_string(i + 1) + ": ") +
           pages[i].request.alt_text;
  }
  writers::ExportOptions options;
  options.overwrite = overwrite;
  options.title = pages.empty() ? std::string() : pages.front().request.layout.title;
  options.alt_text = alt;
  writers::write_pdf_pages(out, pdf, default_fonts(), options);
  writers::write_alt_text(alt_path, alt, overwrite);
  std::cout << "wrote " << out.string() << " (" << pages.size()
            << (pages.size() == 1 ? " page" : " pages") << ")\n";
}

void export_map(const Scene& scene, const Bounds& map_bounds, MapUnits units,
                const ExportRequest& request) {
  Exporter().export_map(scene, map_bounds, units, request);
}

}  // namespace devomap::session
