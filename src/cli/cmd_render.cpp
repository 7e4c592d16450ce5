// devomap render: the same picture as the window, with no display (EGL surfaceless).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/export_map.hpp"
#include "cli/table_options.hpp"
#include "core/camera.hpp"
#include "core/error.hpp"
#include "core/mesh.hpp"
#include "core/page_layout.hpp"
#include "core/scene.hpp"
#include "core/style.hpp"
#include "export/atomic_file.hpp"
#include "io/data_dir.hpp"
#include "io/devolution_map.hpp"
#include "io/layer_source.hpp"

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
  // Page layout (cli/export_map.hpp): paper or exact pixels, DPI, title, source, parts shown.
  std::string paper;
  int dpi = 0;  // 0: 300 on paper, 96 for --width/--height
  bool landscape = false;
  std::string title, subtitle, source;
  bool no_legend = false, no_scale_bar = false, no_north_arrow = false;
  // Which of --method/--classes/--palette the user gave: on the default map they override the
  // measure's own style only when given.
  bool method_given = false, classes_given = false, palette_given = false;
  TableCliOptions table;  // a table joined to the data layer; --field may name its columns
};

io::DisplayCrs parse_crs(const std::string& s) {
  if (s == "bng" || s == "27700") return io::DisplayCrs::BritishNationalGrid;
  if (s == "webmercator" || s == "3857") return io::DisplayCrs::WebMercator;
  if (s == "source") return io::DisplayCrs::Source;
  throw UserError("--crs " + s + " is not known; use bng, webmercator or source");
}

// The layers to draw and the title/attribution the page carries.
struct MapInput {
  std::vector<std::shared_ptr<Layer>> data;     // styled, bottom to top
  std::vector<std::shared_ptr<Layer>> context;  // outlines above the data
  StyleSpec style;
  std::string title;
  std::string attribution;
};

// The user's --layer, styled by --field.
MapInput layer_input(const RenderOptions& o, StyleSpec style) {
  io::LoadOptions load;
  if (!o.layer_name.empty()) load.layer_name = o.layer_name;
  load.display = parse_crs(o.crs);
  if (o.assume_epsg > 0) load.assume_epsg = o.assume_epsg;
  auto layer = std::make_shared<Layer>(io::load_layer(o.layer_path, load));
  for (const std::string& w : layer->report.warnings) std::cerr << "devomap: warning: " << w << "\n";
  MapInput input;
  input.data.push_back(std::move(layer));
  input.style = std::move(style);
  return input;
}

// No --layer: the map the window opens with (strategic authorities by tier over the nations),
// from the data dir's catalogue; --field picks a measure (tier, powers, per_head, ...).
MapInput default_map_input(const RenderOptions& o, const StyleSpec& requested,
                           const std::string& data_dir_option) {
  const auto data_dir = io::resolve_data_dir(data_dir_option);
  std::string why;
  const auto sources = io::find_default_map_sources(data_dir, &why);
  if (!sources) throw UserError("no --layer given, and the default map cannot be drawn: " + why);
  io::LoadOptions load;
  load.display = parse_crs(o.crs);
  io::DefaultMap loaded = io::load_default_map(*sources, load);
  for (const std::string& n : loaded.map.notes) std::cerr << "devomap: note: " << n << "\n";

  MapInput input;
  if (o.field.empty()) {
    input.style = loaded.map.tier_style;
  } else {
    const auto measure = io::find_measure(loaded.map, o.field);
    if (!measure && !o.table.table_path.empty()) {
      input.style = requested;  // a column of the joined table, resolved after the join
    } else if (!measure) {
      std::string keys;
      for (const auto& m : loaded.map.measures) keys += (keys.empty() ? "" : ", ") + m.key;
      throw UserError("--field " + o.field + " is not a measure of the default map; use one of: " +
                      keys + " (or join a table with --table and name one of its columns)");
    } else {
      input.style = io::style_for_measure(loaded.map, measure->field);
    }
  }
  if (o.method_given) input.style.method = requested.method;
  if (o.classes_given) input.style.classes = requested.classes;
  if (o.palette_given) input.style.palette = requested.palette;
  if (o.method_given || o.palette_given) input.style.reverse = requested.reverse;
  input.data.push_back(loaded.map.areas);
  if (loaded.nations) input.context.push_back(loaded.nations);
  input.title = loaded.title;
  input.attribution = loaded.attribution;
  return input;
}

// Joins --table onto the data layer, as `devomap join` would, and says on stderr how it went:
// a poor match must not pass silently into a map.
void join_table_onto(Layer& layer, const TableCliOptions& options) {
  io::LoadedTable table = io::load_table(options.table_path, table_load_options(options));
  for (const std::string& note : table.info.notes) std::cerr << "devomap: note: " << note << "\n";
  JoinOptions join = join_options(options);
  const std::optional<CodeCrosswalk> crosswalk = shipped_crosswalk();
  if (crosswalk) join.crosswalk = &*crosswalk;
  const JoinReport report = join_into(layer, table.source, join);
  std::cerr << "devomap: joined " << table.source.origin << ": " << report.matched << " of "
            << report.layer_features << " areas matched by " << report.layer_key << " = "
            << report.table_key << "; " << report.unmatched_table.size()
            << " table rows matched no area\n";
  if (report.matched == 0)
    std::cerr << "devomap: warning: no area matched"
              << (report.suggested ? "; --table-key " + report.suggested->table_column +
                                         " would match " +
                                         std::to_string(report.suggested->would_match)
                                   : std::string())
              << " (see `devomap join` for the full report)\n";
}

void run_render(const RenderOptions& o, const GlobalOptions& global) {
  const std::filesystem::path out = o.out;
  export_format(out);
  // Refuse early, before the slow work, when the output exists (the writers check again).
  exports::check_output_path(out, o.force);
  ExportRequest request;
  request.out = out;
  request.overwrite = o.force;
  if (!o.paper.empty()) {
    request.page.paper = parse_paper(o.paper);
    if (!request.page.paper)
      throw UserError("--paper " + o.paper + " is not a paper size; use A4, A3 or slide");
  }
  request.page.width_px = o.width;
  request.page.height_px = o.height;
  request.page.dpi = o.dpi > 0 ? o.dpi : request.page.paper ? 300 : 96;
  request.page.landscape = o.landscape;
  page_size(request.page);  // a bad DPI fails now, not after loading

  StyleSpec style;
  if (!o.field.empty()) style.field = o.field;
  const auto method = parse_class_method(o.method);
  if (!method) throw UserError("--method " + o.method + " is not a classification method");
  style.method = *method;
  style.classes = o.classes;
  style.palette = o.palette;
  style.reverse = o.reverse;

  const MapInput input =
      o.layer_path.empty() ? default_map_input(o, style, global.data_dir) : layer_input(o, style);
  const std::shared_ptr<Layer>& layer = input.data.back();
  if (!o.table.table_path.empty()) join_table_onto(*layer, o.table);

  Scene scene;
  for (const auto& data : input.data) {
    LayerStyle styled = build_style(*data, input.style);
    scene.layers.push_back(data_scene_layer(data, std::move(styled.fills)));
    if (styled.has_legend) scene.legend = std::move(styled.legend);
  }
  for (const auto& context_layer : input.context)
    scene.layers.push_back(context_scene_layer(context_layer));

  LayoutSpec& layout = request.layout;
  layout.title = o.title.empty() ? input.title : o.title;
  layout.subtitle = o.subtitle;
  layout.source = o.source;
  if (!input.attribution.empty()) {
    // The default map's own sources line already carries the licence text.
    layout.source += (layout.source.empty() ? "" : ". ") + input.attribution;
  } else if (const auto year = ons_boundary_year(*layer)) {
    layout.official_boundaries = true;
    layout.boundary_year = *year;
  }
  layout.legend = !o.no_legend;
  layout.scale_bar = !o.no_scale_bar;
  layout.north_arrow = !o.no_north_arrow;
  export_map(scene, layer->bounds, map_units_of(layer->display_crs), request);
}

}  // namespace

void register_render(CLI::App& app, const GlobalOptions& global) {
  auto opts = std::make_shared<RenderOptions>();
  CLI::App* cmd = app.add_subcommand("render", "Render a map to an image with no display");
  cmd->add_option("--layer", opts->layer_path,
                  "Boundary file: .shp, .gpkg, .geojson, .zip or a folder (default: the UK "
                  "devolution map from the data dir)");
  cmd->add_option("--layer-name", opts->layer_name, "Layer inside a multi-layer source");
  cmd->add_option("--field", opts->field,
                  "Field to colour (default: none); without --layer a measure: tier, powers, "
                  "domains, transport, per_head, funding, population, area");
  auto* method = cmd->add_option("--method", opts->method,
                                 "Classification method (quantile, equal, jenks, ...)");
  auto* classes = cmd->add_option("--classes", opts->classes, "Number of classes (2-9)");
  auto* palette = cmd->add_option("--palette", opts->palette,
                                  "ColorBrewer palette name, any case (e.g. YlGnBu)");
  cmd->add_flag("--reverse", opts->reverse, "Reverse the palette");
  // Larger than the GPU's framebuffer limit is fine: PNGs render in tiles.
  auto* width = cmd->add_option("--width", opts->width, "Image width in pixels (default 1600)")
                    ->check(CLI::Range(1, 32768));
  auto* height = cmd->add_option("--height", opts->height, "Image height in pixels (default 1200)")
                     ->check(CLI::Range(1, 32768));
  auto* paper = cmd->add_option("--paper", opts->paper,
                                "Page size instead of --width/--height: A4, A3 or slide (16:9)");
  paper->excludes(width)->excludes(height);
  cmd->add_option("--dpi", opts->dpi,
                  "Dots per inch: pixel size of the paper, and text and line sizes (72-600; "
                  "default 300 with --paper, else 96)");
  cmd->add_flag("--landscape", opts->landscape, "Turn the paper to landscape (default portrait)")
      ->needs(paper);
  cmd->add_option("--title", opts->title, "Title above the map");
  cmd->add_option("--subtitle", opts->subtitle, "Subtitle below the title");
  cmd->add_option("--source", opts->source,
                  "Source line at the bottom (the OS/ONS licence text is added for official "
                  "boundaries)");
  cmd->add_flag("--no-legend", opts->no_legend, "Leave the legend out");
  cmd->add_flag("--no-scale-bar", opts->no_scale_bar, "Leave the scale bar out");
  cmd->add_flag("--no-north-arrow", opts->no_north_arrow, "Leave the north arrow out");
  cmd->add_option("--crs", opts->crs, "Display CRS: bng (EPSG:27700), webmercator or source");
  cmd->add_option("--assume-crs", opts->assume_epsg,
                  "EPSG code to assume for a layer that has no CRS");
  cmd->add_option("--out", opts->out, "Output file: .png, .svg or .pdf")->required();
  cmd->add_flag("--force", opts->force, "Overwrite the output file if it exists");
  add_table_options(*cmd, opts->table, false);
  cmd->callback([opts, method, classes, palette, &global] {
    opts->method_given = method->count() > 0;
    opts->classes_given = classes->count() > 0;
    opts->palette_given = palette->count() > 0;
    run_render(*opts, global);
  });
}

}  // namespace devomap::cli
