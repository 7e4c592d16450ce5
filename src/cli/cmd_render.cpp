// devomap render: the same picture as the window, with no display (EGL surfaceless), from the
// options or a map spec (cli/render_spec.hpp), as one page or an atlas of pages.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <set>

#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "cli/render_spec.hpp"
#include "cli/table_options.hpp"
#include "core/atomic_file.hpp"
#include "core/camera.hpp"
#include "core/error.hpp"
#include "core/map_spec.hpp"
#include "core/mesh.hpp"
#include "core/number_format.hpp"
#include "core/page_layout.hpp"
#include "core/rollup.hpp"
#include "core/scene.hpp"
#include "core/style.hpp"
#include "data/data_dir.hpp"
#include "devolution/devolution_map.hpp"
#include "gdal/layer_source.hpp"
#include "render/offscreen.hpp"
#include "session/export_map.hpp"
#include "session/map_spec_file.hpp"

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
  std::string breaks;         // --breaks 10,20,30
  std::string number_format;  // --number-format plain|pounds|percent
  int width = 1600;
  int height = 1200;
  std::string crs = "bng";
  int assume_epsg = 0;
  std::string out;
  bool force = false;
  // Page layout (session/export_map.hpp): paper or exact pixels, DPI, title, source, parts shown.
  std::string paper;
  int dpi = 0;  // 0: 300 on paper, 96 for --width/--height
  bool landscape = false;
  std::string title, subtitle, source, table_source;
  bool no_legend = false, no_scale_bar = false, no_north_arrow = false;
  bool labels = false, no_inset = false;
  std::string alt_text;   // "" : drafted from the map
  TableCliOptions table;  // a table joined to the data layer; --field may name its columns
  std::string spec_path;  // a map spec to render; the options given override its values
  std::string save_spec;  // write the spec of what was rendered here
  std::string each;       // an atlas: one map per value of this field
  bool deck = false;      // every view of the spec
  std::string view;       // one of the spec's views
  std::string year;       // the financial year funding measures count on the default map
  // The options the user gave (long names): only these override a spec, or on the default map
  // the measure's own style.
  std::set<std::string> given;
};

bool given_option(const RenderOptions& o, const char* name) {
  return o.given.count(name) > 0;
}

// Style: only what was given changes the spec's (or, on the default map, the measure's).
void apply_style_options(const RenderOptions& o, StylePatch& style) {
  const auto given = [&](const char* name) { return given_option(o, name); };
  if (given("--field")) {
    style.values.field = o.field;
    style.keys.insert(StyleMember::Field);
  }
  if (given("--method")) {
    const auto method = parse_class_method(o.method);
    if (!method)
      throw CLI::ValidationError("--method", o.method + " is not a classification method");
    style.values.method = *method;
    style.keys.insert(StyleMember::Method);
  }
  if (given("--classes")) {
    style.values.classes = o.classes;
    style.keys.insert(StyleMember::Classes);
  }
  if (given("--palette")) {
    style.values.palette = o.palette;
    style.keys.insert(StyleMember::Palette);
  }
  if (given("--breaks")) {  // manual classes, as in `devomap classify --breaks`
    style.values.manual_breaks = parse_breaks(o.breaks);
    style.keys.insert(StyleMember::ManualBreaks);
    if (!given("--method")) {
      style.values.method = ClassMethod::Manual;
      style.keys.insert(StyleMember::Method);
    }
  }
  if (given("--number-format")) {
    const auto unit = parse_number_unit(o.number_format);
    if (!unit)
      throw CLI::ValidationError("--number-format",
                                 o.number_format + " is not known; use plain, pounds or percent");
    style.values.number_format.unit = *unit;
    style.keys.insert(StyleMember::NumberFormat);
  }
  if (given("--reverse") || given("--method") || given("--palette")) {
    style.values.reverse = o.reverse;
    style.keys.insert(StyleMember::Reverse);
  }
}

// Page: paper or exact pixels; the DPI follows the choice unless given.
void apply_page_options(const RenderOptions& o, PageSpec& page) {
  const auto given = [&](const char* name) { return given_option(o, name); };
  if (given("--paper")) {
    const bool had_paper = page.paper.has_value();
    page.paper = parse_paper(o.paper);
    if (!page.paper)
      throw CLI::ValidationError("--paper", o.paper + " is not a paper size; use A4, A3 or slide");
    if (!had_paper) page.dpi = 300;
  }
  if (given("--width") || given("--height")) {
    if (page.paper) page.dpi = 96;
    page.paper.reset();
    if (given("--width")) page.width_px = o.width;
    if (given("--height")) page.height_px = o.height;
  }
  if (given("--dpi")) {
    if (o.dpi < kMinDpi || o.dpi > kMaxDpi)
      throw CLI::ValidationError("--dpi", std::to_string(o.dpi) + " is outside " +
                                              std::to_string(kMinDpi) + ".." +
                                              std::to_string(kMaxDpi));
    page.dpi = o.dpi;
  }
  if (given("--landscape")) {
    // A usage error (exit 2), as when CLI11 itself refuses an option.
    if (!page.paper)
      throw CLI::ValidationError("--landscape",
                                 "turns a paper; give --paper A4, A3 or slide, or a spec with one");
    page.landscape = true;
  }
}

// The spec to render: the file's (when one is given) with the options the user gave over it.
RenderJob job_from_options(const RenderOptions& o, const GlobalOptions& global) {
  namespace fs = std::filesystem;
  const auto given = [&](const char* name) { return given_option(o, name); };
  RenderJob job;
  MapSpec& spec = job.spec;
  if (!o.spec_path.empty()) spec = read_map_spec(o.spec_path);

  if (given("--layer")) {
    SpecLayer layer;
    layer.path = fs::absolute(o.layer_path).lexically_normal().string();
    spec.default_map = false;
    spec.layers = {layer};
  }
  if (given("--layer-name") || given("--assume-crs")) {
    if (spec.default_map)
      throw UserError(std::string(given("--layer-name") ? "--layer-name" : "--assume-crs") +
                      " applies to a --layer, but none is given (the default map is drawn)");
    for (auto it = spec.layers.rbegin(); it != spec.layers.rend(); ++it)
      if (it->role == SpecLayerRole::Data) {
        if (given("--layer-name")) it->layer_name = o.layer_name;
        if (given("--assume-crs")) it->assume_epsg = o.assume_epsg;
        break;
      }
  }
  if (given("--crs")) {
    if (o.crs != "bng" && o.crs != "27700" && o.crs != "webmercator" && o.crs != "3857" &&
        o.crs != "source")
      throw CLI::ValidationError("--crs", o.crs + " is not known; use bng, webmercator or source");
    spec.crs = session::crs_name(session::display_crs_of(o.crs));
  }

  apply_style_options(o, spec.style);
  apply_page_options(o, spec.page);
  LayoutSpec& layout = spec.layout;
  if (given("--title")) {
    layout.title = o.title;
    spec.default_title = false;
  }
  if (given("--subtitle")) layout.subtitle = o.subtitle;
  if (given("--source")) layout.source = o.source;
  if (o.no_legend) layout.legend = false;
  if (o.no_scale_bar) layout.scale_bar = false;
  if (o.no_north_arrow) layout.north_arrow = false;
  if (o.labels) layout.labels = true;
  if (o.no_inset) layout.london_inset = false;

  if (given("--table")) {
    spec.table = SpecTable{};
    spec.table->path = fs::absolute(o.table.table_path).lexically_normal().string();
  }
  for (const char* option : {"--sheet", "--header-row", "--layer-key", "--table-key", "--by",
                             "--combine", "--filter", "--table-source"}) {
    if (!given(option)) continue;
    if (!spec.table)
      throw UserError(std::string(option) + " applies to a joined table; give --table FILE");
  }
  if (spec.table) {
    SpecTable& table = *spec.table;
    // The same checks as `devomap join` (bad header row, --by, --combine).
    const data::TableLoadOptions load = table_load_options(o.table);
    const JoinOptions join = command_line_join_options(o.table);
    if (given("--sheet")) table.sheet = load.sheet;
    if (given("--header-row")) table.header_row = load.header_row;
    if (given("--layer-key")) table.layer_key = join.layer_key;
    if (given("--table-key")) table.table_key = join.table_key;
    if (given("--by")) table.by = join.mode;
    if (given("--combine"))
      for (const auto& [column, rule] : join.combine) table.combine[column] = rule;
    if (given("--filter")) table.filters = join.filters;  // the rows chosen now
    if (given("--table-source")) table.source = o.table_source;
  }

  if (given("--year")) {
    const auto start = financial_year_start(o.year);
    // A malformed value is a usage error (exit 2), as CLI11's own checks are.
    if (!start)
      throw CLI::ValidationError("--year",
                                 o.year + " is not a financial year; write it like 2026-27");
    if (!spec.default_map)
      throw UserError("--year " + o.year +
                      " sets the year of the default map's funding measures, but a --layer or a "
                      "spec of layers is drawn");
    spec.year = financial_year_name(*start);
  }
  if (given("--view")) job.view = o.view;
  job.out = o.out;
  job.force = o.force;
  job.each = o.each;
  job.deck = o.deck;
  job.save_spec = o.save_spec;
  job.data_dir = global.data_dir;
  job.alt_text = o.alt_text;
  return job;
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
                  "domains, transport, recommended, per_head, funding, population, area");
  cmd->add_option("--year", opts->year,
                  "Financial year the default map's funding measures count, e.g. 2025-26 "
                  "(default: the latest year with published figures)");
  cmd->add_option("--method", opts->method, "Classification method (quantile, equal, jenks, ...)")
      ->check(class_method_check());
  cmd->add_option("--classes", opts->classes, "Number of classes (2-9)")->check(classes_check());
  cmd->add_option("--breaks", opts->breaks,
                  "Manual breaks between classes, e.g. 10,20,30 (implies --method manual)")
      ->check(breaks_check());
  cmd->add_option("--number-format", opts->number_format,
                  "How the legend writes numbers: plain, pounds (£k/£m/£bn) or percent");
  cmd->add_option("--palette", opts->palette, "ColorBrewer palette name, any case (e.g. YlGnBu)")
      ->check(palette_check());
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
  cmd->add_flag("--landscape", opts->landscape, "Turn the paper to landscape (default portrait)");
  cmd->add_option("--title", opts->title, "Title above the map");
  cmd->add_option("--subtitle", opts->subtitle, "Subtitle below the title");
  cmd->add_option("--source", opts->source,
                  "Source line at the bottom (the OS/ONS licence text is added for official "
                  "boundaries)");
  cmd->add_flag("--no-legend", opts->no_legend, "Leave the legend out");
  cmd->add_flag("--no-scale-bar", opts->no_scale_bar, "Leave the scale bar out");
  cmd->add_flag("--no-north-arrow", opts->no_north_arrow, "Leave the north arrow out");
  cmd->add_flag(
      "--labels", opts->labels,
      "Name the areas where a name fits without overlapping another (on the UK map the authorities "
      "first, small ones beside themselves with a leader line; then the largest areas)");
  cmd->add_flag("--no-inset", opts->no_inset,
                "Leave out the enlarged inset of London that maps of Great Britain get");
  cmd->add_option("--alt-text", opts->alt_text,
                  "Alt text describing the map (default: drafted from the map), written beside "
                  "the output as FILE.alt.txt and into SVG/HTML/PDF");
  cmd->add_option("--crs", opts->crs, "Display CRS: bng (EPSG:27700), webmercator or source");
  cmd->add_option("--assume-crs", opts->assume_epsg,
                  "EPSG code to assume for a layer that has no CRS")
      ->check(epsg_check());
  cmd->add_option("--out", opts->out,
                  "Output file: .png, .svg, .pdf or .html (interactive); with --each a pattern "
                  "holding {value} and/or {name}, e.g. 'maps/{value}.png'")
      ->required();
  cmd->add_flag("--force", opts->force,
                "Overwrite the output files (and --save-spec) if they exist");
  add_table_options(*cmd, opts->table, false);
  cmd->add_option("--table-source", opts->table_source,
                  "Who published the table, for the source line beside its file name, e.g. "
                  "'DLUHC Live table 1008'");
  cmd->add_option("spec", opts->spec_path,
                  "Map spec (.json, see docs/map-spec.md) to render; options given override "
                  "its values");
  cmd->add_option("--save-spec", opts->save_spec,
                  "Also write the map spec of what was rendered (.json)");
  cmd->add_option("--each", opts->each,
                  "An atlas: one map per distinct value of this field, zoomed to its areas "
                  "with the others dimmed");
  cmd->add_option("--view", opts->view, "Render this named view of the spec");
  cmd->add_flag("--deck", opts->deck,
                "Render every view of the spec: one page per view in a PDF (--out deck.pdf), or "
                "a file per view with {view} in --out, e.g. --out 'slides/{view}.png'");
  cmd->callback([opts, cmd, &global] {
    for (const CLI::Option* option : cmd->get_options())
      if (option->count() > 0) opts->given.insert(option->get_name());
    // A PNG needs headless OpenGL: start it while the files are read.
    std::optional<render::HeadlessWarmup> warmup;
    try {
      if (session::export_format(opts->out) == session::ExportFormat::Png) warmup.emplace();
    } catch (const UserError&) {
      // Not a format devomap writes: the job says so in its own words.
    }
    render_job(job_from_options(*opts, global));
  });
}

}  // namespace devomap::cli
