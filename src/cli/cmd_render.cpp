// devomap render: the same picture as the window, with no display (EGL surfaceless).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "core/camera.hpp"
#include "core/error.hpp"
#include "core/mesh.hpp"
#include "core/scene.hpp"
#include "core/style.hpp"
#include "io/layer_source.hpp"
#include "io/png_writer.hpp"
#include "render/offscreen.hpp"
#include "render/scene_renderer.hpp"

namespace devomap::cli {

namespace {

struct RenderOptions {
  std::string layer_path;
  std::string layer_name;
  std::string field;
  std::string method = "quantile";
  int classes = 5;
  std::string palette = kDefaultSequentialPalette;
  bool reverse = false;
  int width = 1600;
  int height = 1200;
  std::string crs = "bng";
  int assume_epsg = 0;
  std::string out;
  bool force = false;
};

io::DisplayCrs parse_crs(const std::string& s) {
  if (s == "bng" || s == "27700") return io::DisplayCrs::BritishNationalGrid;
  if (s == "webmercator" || s == "3857") return io::DisplayCrs::WebMercator;
  if (s == "source") return io::DisplayCrs::Source;
  throw UserError("--crs " + s + " is not known; use bng, webmercator or source");
}

void run_render(const RenderOptions& o) {
  const std::filesystem::path out = o.out;
  if (out.extension() != ".png" && out.extension() != ".PNG")
    throw UserError("--out " + o.out + ": only .png is supported for now; name the file *.png");
  // Refuse early, before the slow work, when the output exists (write_png checks again).
  if (!o.force && std::filesystem::exists(out))
    throw UserError(o.out + " already exists; pass --force to overwrite it");

  StyleSpec style;
  if (!o.field.empty()) style.field = o.field;
  const auto method = parse_class_method(o.method);
  if (!method) throw UserError("--method " + o.method + " is not a classification method");
  style.method = *method;
  style.classes = o.classes;
  style.palette = o.palette;
  style.reverse = o.reverse;

  io::LoadOptions load;
  if (!o.layer_name.empty()) load.layer_name = o.layer_name;
  load.display = parse_crs(o.crs);
  if (o.assume_epsg > 0) load.assume_epsg = o.assume_epsg;
  auto layer = std::make_shared<Layer>(io::load_layer(o.layer_path, load));
  for (const std::string& w : layer->report.warnings) std::cerr << "devomap: warning: " << w << "\n";

  LayerStyle styled = build_style(*layer, style);
  const LayerMesh mesh = build_layer_mesh(*layer);

  Scene scene;
  SceneLayer sl;
  sl.layer = layer;
  sl.fills = std::move(styled.fills);
  scene.layers.push_back(std::move(sl));
  if (styled.has_legend) scene.legend = std::move(styled.legend);

  Camera camera;
  camera.width_px = o.width;
  camera.height_px = o.height;
  camera.fit(layer->bounds);

  render::HeadlessContext context;
  render::OffscreenTarget target(o.width, o.height);
  render::SceneRenderer renderer;
  renderer.upload(layer.get(), mesh);
  target.bind();
  renderer.draw(scene, camera, target.draw_target());
  const render::Image image = target.read_pixels();

  io::PngWriteOptions png;
  png.overwrite = o.force;
  png.keep_alpha = false;
  io::write_png(out, {image.width, image.height, 4, image.rgba}, png);
  std::cout << "wrote " << o.out << " (" << image.width << "x" << image.height << ", "
            << layer->size() << " areas)\n";
}

}  // namespace

void register_render(CLI::App& app, const GlobalOptions& /*global*/) {
  auto opts = std::make_shared<RenderOptions>();
  CLI::App* cmd = app.add_subcommand("render", "Render a map to an image with no display");
  cmd->add_option("--layer", opts->layer_path, "Boundary file: .shp, .gpkg, .geojson, .zip or a folder")
      ->required();
  cmd->add_option("--layer-name", opts->layer_name, "Layer inside a multi-layer source");
  cmd->add_option("--field", opts->field, "Numeric field to colour (default: no colouring)");
  cmd->add_option("--method", opts->method, "Classification method (quantile, equal, jenks, ...)");
  cmd->add_option("--classes", opts->classes, "Number of classes (2-9)");
  cmd->add_option("--palette", opts->palette, "ColorBrewer palette name, any case (e.g. YlGnBu)");
  cmd->add_flag("--reverse", opts->reverse, "Reverse the palette");
  cmd->add_option("--width", opts->width, "Image width in pixels")->check(CLI::Range(1, 16384));
  cmd->add_option("--height", opts->height, "Image height in pixels")->check(CLI::Range(1, 16384));
  cmd->add_option("--crs", opts->crs, "Display CRS: bng (EPSG:27700), webmercator or source");
  cmd->add_option("--assume-crs", opts->assume_epsg,
                  "EPSG code to assume for a layer that has no CRS");
  cmd->add_option("--out", opts->out, "Output image (.png)")->required();
  cmd->add_flag("--force", opts->force, "Overwrite the output file if it exists");
  cmd->callback([opts] { run_render(*opts); });
}

}  // namespace devomap::cli
