#include "cli/render_spec.hpp"

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <vector>

#include "cli/table_options.hpp"
#include "core/alt_text.hpp"
#include "core/atlas.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/page_layout.hpp"
#include "core/scene.hpp"
#include "core/style.hpp"
#include "export/page_export.hpp"
#include "io/data_dir.hpp"
#include "io/devolution_map.hpp"
#include "io/layer_source.hpp"
#include "io/table_source.hpp"
#include "output/export_map.hpp"
#include "output/map_spec_file.hpp"

namespace devomap::cli {
namespace {

namespace fs = std::filesystem;

// The layers to draw and the title/attribution the page carries.
struct MapInput {
  std::vector<std::shared_ptr<Layer>> data;     // styled, bottom to top
  std::vector<std::shared_ptr<Layer>> context;  // outlines above the data
  StyleSpec style;
  std::string title;
  std::string attribution;
  std::shared_ptr<const io::DefaultMap> devolution;  // the default map's dataset, for joins
};

void print_warnings(const Layer& layer) {
  for (const std::string& w : layer.report.warnings) std::cerr << "devomap: warning: " << w << "\n";
}

// The spec's layers, styled by its style.
MapInput layers_input(const RenderJob& job, const StylePatch* view) {
  MapInput input;
  for (const SpecLayer& l : job.spec.layers) {
    io::LoadOptions load;
    load.layer_name = l.layer_name;
    load.display = output::display_crs_of(job.spec.crs);
    load.assume_epsg = l.assume_epsg;
    auto layer = std::make_shared<Layer>(io::load_layer(l.path, load));
    print_warnings(*layer);
    (l.role == SpecLayerRole::Data ? input.data : input.context).push_back(std::move(layer));
  }
  input.style = output::layer_style(job.spec.style, view);
  return input;
}

// The map the window opens with (strategic authorities by tier over the nations), from the
// data dir's catalogue; the style's field picks a measure (tier, powers, per_head, ...).
MapInput default_map_input(const RenderJob& job, const StylePatch* view) {
  const auto data_dir = io::resolve_data_dir(job.data_dir);
  std::string why;
  const auto sources = io::find_default_map_sources(data_dir, &why);
  if (!sources) throw UserError("no --layer given, and the default map cannot be drawn: " + why);
  io::LoadOptions load;
  load.display = output::display_crs_of(job.spec.crs);
  auto loaded = std::make_shared<io::DefaultMap>(
      io::load_default_map(*sources, load, job.spec.year.value_or("")));
  for (const std::string& n : loaded->map.notes) std::cerr << "devomap: note: " << n << "\n";

  StylePatch patch = job.spec.style;
  if (view) patch.merge(*view);
  if (patch.has(StyleMember::Field) && patch.values.field && !job.spec.table) {
    const std::string& field = *patch.values.field;
    if (!io::find_measure(loaded->map, field) && !loaded->map.areas->attributes.find(field)) {
      std::string keys;
      for (const auto& m : loaded->map.measures) keys += (keys.empty() ? "" : ", ") + m.key;
      throw UserError(job.field_option + " " + field +
                      " is not a measure of the default map; use one of: " + keys +
                      " (or join a table with --table and name one of its columns)");
    }
  }
  MapInput input;
  input.style = output::default_map_style(loaded->map, job.spec.style, view);
  input.data.push_back(loaded->map.areas);
  if (loaded->nations) input.context.push_back(loaded->nations);
  input.title = loaded->title;
  input.attribution = loaded->attribution;
  input.devolution = loaded;
  return input;
}

// Joins the spec's table onto the data layer, as `devomap join` would, and says on stderr how
// it went: a poor match must not pass silently into a map.
void join_table_onto(Layer& layer, const SpecTable& spec, const io::DefaultMap* devolution) {
  io::LoadedTable table = io::load_table(spec.path, output::table_load_options(spec));
  for (const std::string& note : table.info.notes) std::cerr << "devomap: note: " << note << "\n";
  JoinOptions join = output::spec_table_join_options(spec);
  const std::optional<CodeCrosswalk> crosswalk = shipped_crosswalk();
  if (crosswalk) join.crosswalk = &*crosswalk;
  // On the default map a table by district rolls up to the authorities.
  io::DevolutionJoin joined = io::join_onto_map(layer, table.source, join, devolution);
  layer.attributes = std::move(joined.attributes);
  const JoinReport& report = joined.report;
  for (const std::string& note : report.notes) std::cerr << "devomap: note: " << note << "\n";
  std::cerr << "devomap: joined " << table.source.origin << ": " << report.matched << " of "
            << report.layer_features << " areas matched by " << report.layer_key << " = "
            << report.table_key << "; " << report.unmatched_table.size()
            << " table rows matched no area\n";
  if (report.matched == 0)
    std::cerr << "devomap: warning: no area matched"
              << (report.suggested
                      ? "; --table-key " + report.suggested->table_column + " would match " +
                            std::to_string(report.suggested->would_match)
                      : std::string())
              << " (see `devomap join` for the full report)\n";
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// One map per distinct value of job.each, zoomed to its areas with the others dimmed.
void render_atlas(const RenderJob& job, const Scene& scene, std::size_t data_index,
                  const Layer& layer, const output::ExportRequest& base) {
  const std::string pattern = job.out.string();
  if (!has_atlas_placeholder(pattern))
    throw UserError("--out " + pattern + " names one file, but --each " + job.each +
                    " makes one map per value; put {value} or {name} in it, e.g. --out "
                    "'maps/{value}.png'");
  const AtlasGroups atlas = atlas_groups(layer, job.each);
  if (atlas.groups.empty())
    throw UserError("--each " + job.each + ": no area of " + layer.source_path +
                    " has a value in that field; pick a field with values");

  // Every file name first: two values that make one name, or files already there, stop the
  // atlas before any map is written.
  std::vector<fs::path> paths;
  std::map<fs::path, std::string> taken;
  std::size_t existing = 0;
  fs::path first_existing;
  for (const AtlasGroup& g : atlas.groups) {
    const fs::path p = fill_atlas_pattern(pattern, g.value, g.name);
    if (const auto it = taken.find(p); it != taken.end())
      throw UserError("--out " + pattern + ": the values '" + it->second + "' and '" + g.value +
                      "' both give the file name " + p.string() + "; use {value} in --out");
    taken.emplace(p, g.value);
    // The alt text goes beside each map (FILE.alt.txt) and must not replace a file either.
    const bool here =
        fs::exists(p) || (!base.alt_text.empty() && fs::exists(exports::alt_text_path(p)));
    if (here && !existing++) first_existing = p;
    paths.push_back(p);
  }
  if (existing && !job.force)
    throw UserError(std::to_string(existing) + " of the " + std::to_string(paths.size()) +
                    " atlas files exist already (" + first_existing.string() +
                    " is one); add --force to replace them, or choose another --out");
  // The atlas's folder is made for it ("maps/{value}.png" into a new maps/).
  for (const fs::path& p : paths)
    if (p.has_parent_path() && !fs::exists(p.parent_path())) {
      std::error_code ec;
      fs::create_directories(p.parent_path(), ec);
      if (ec)
        throw UserError("cannot create the folder " + p.parent_path().string() + " for " +
                        p.string() + ": " + ec.message());
    }

  const bool title_has = has_atlas_placeholder(base.layout.title);
  const bool subtitle_has = has_atlas_placeholder(base.layout.subtitle);
  // Small areas still show their surroundings: at least 4 % of the whole layer across.
  const double min_side = std::max(layer.bounds.width(), layer.bounds.height()) * 0.04;
  output::Exporter exporter;
  std::vector<std::string> notes_seen;
  for (std::size_t i = 0; i < atlas.groups.size(); ++i) {
    const AtlasGroup& g = atlas.groups[i];
    Scene page_scene = scene;
    std::vector<Rgba>& fills = page_scene.layers[data_index].fills;
    std::vector<bool> in_group(fills.size(), false);
    for (std::size_t a : g.areas) in_group[a] = true;
    for (std::size_t a = 0; a < fills.size(); ++a)
      if (!in_group[a]) fills[a] = dimmed_fill(fills[a]);

    output::ExportRequest request = base;
    request.out = paths[i];
    const auto fill = [&](const std::string& text) {
      return replace_all(replace_all(text, "{value}", g.value), "{name}", g.name);
    };
    request.layout.title = fill(base.layout.title);
    request.layout.subtitle = fill(base.layout.subtitle);
    if (!title_has && !subtitle_has) {
      // Each page says which place it is.
      if (request.layout.title.empty())
        request.layout.title = g.name;
      else
        request.layout.subtitle =
            g.name +
            (request.layout.subtitle.empty() ? "" : " \xE2\x80\x94 " + request.layout.subtitle);
    }
    const PageLayout page = exporter.export_map(page_scene, atlas_extent(g.bounds, 0.08, min_side),
                                                map_units_of(layer.display_crs), request, true);
    for (const std::string& note : page.notes)
      if (std::find(notes_seen.begin(), notes_seen.end(), note) == notes_seen.end()) {
        std::cerr << "devomap: note: " << note << "\n";
        notes_seen.push_back(note);
      }
    std::cout << "wrote " << paths[i].string() << ": " << g.name
              << (g.name != g.value ? " (" + g.value + ")" : std::string()) << ", "
              << g.areas.size() << (g.areas.size() == 1 ? " area" : " areas") << "\n";
  }
  std::cout << "atlas: " << atlas.groups.size() << " maps, one per " << job.each << " value ("
            << output::describe_page(base.page, page_size(base.page)) << ")";
  if (atlas.no_value)
    std::cout << "; " << atlas.no_value << (atlas.no_value == 1 ? " area has" : " areas have")
              << " no " << job.each << " and appear only as context";
  std::cout << "\n";
}

}  // namespace

void render_job(const RenderJob& job) {
  const StylePatch* view = nullptr;
  if (job.view) {
    const SpecView* v = job.spec.find_view(*job.view);
    if (!v) {
      std::string names;
      for (const SpecView& sv : job.spec.views) names += (names.empty() ? "" : ", ") + sv.name;
      throw UserError("--view " + *job.view + ": the spec has no such view" +
                      (names.empty() ? std::string("; it has no views") : "; it has " + names));
    }
    view = &v->style;
  }
  const SpecView* spec_view = job.view ? job.spec.find_view(*job.view) : nullptr;

  // Refuse early, before the slow work, when an output exists (the writers check again).
  if (job.each.empty()) {
    output::export_format(job.out);
    check_output_path(job.out, job.force);
    check_output_path(exports::alt_text_path(job.out), job.force);
  } else {
    output::export_format(fs::path(job.out.string()));
  }
  if (!job.save_spec.empty()) check_output_path(job.save_spec, job.force);
  page_size(job.spec.page);  // a bad DPI fails now, not after loading

  MapInput input = job.spec.default_map ? default_map_input(job, view) : layers_input(job, view);
  const std::shared_ptr<Layer>& layer = input.data.back();
  if (job.spec.table) join_table_onto(*layer, *job.spec.table, input.devolution.get());

  Scene scene;
  std::size_t data_index = 0;
  std::string drafted_alt;  // of the top data layer, as the page title will read
  const std::string alt_title = job.spec.default_title ? input.title : job.spec.layout.title;
  for (const auto& data : input.data) {
    LayerStyle styled = build_style(*data, input.style);
    data_index = scene.layers.size();
    std::vector<std::string> values = area_value_texts(*data, input.style, styled);
    drafted_alt = draft_alt_text(*data, input.style, styled, alt_title);
    scene.layers.push_back(data_scene_layer(data, std::move(styled.fills)));
    scene.layers.back().values = std::move(values);
    scene.layers.back().numbers = area_numbers(*data, input.style);
    if (styled.has_legend) scene.legend = std::move(styled.legend);
  }
  for (const auto& context_layer : input.context)
    scene.layers.push_back(context_scene_layer(context_layer));

  output::ExportRequest request;
  request.out = job.out;
  request.overwrite = job.force;
  request.page = job.spec.page;
  LayoutSpec& layout = request.layout;
  copy_spec_layout(layout, job.spec.layout);
  if (job.spec.default_title) layout.title = input.title;
  if (!input.attribution.empty()) {
    // The default map's own sources line already carries the licence text.
    layout.source += (layout.source.empty() ? "" : ". ") + input.attribution;
  } else if (const auto year = output::ons_boundary_year(*layer)) {
    layout.official_boundaries = true;
    layout.boundary_year = *year;
  }
  if (input.devolution) drafted_alt += " " + io::default_map_alt_note(input.devolution->map);
  request.alt_text = job.alt_text.empty() ? drafted_alt : job.alt_text;

  std::optional<Bounds> extent = job.spec.extent;
  if (spec_view && spec_view->extent) extent = spec_view->extent;
  if (job.each.empty())
    output::export_map(scene, extent ? *extent : layer->bounds, map_units_of(layer->display_crs),
                       request);
  else
    render_atlas(job, scene, data_index, *layer, request);

  if (!job.save_spec.empty()) {
    // What was drawn, with every style member spelled out, so the spec renders the same map
    // even if defaults change; the source line stays the user's (attribution is added anew).
    MapSpec saved = job.spec;
    saved.style = StylePatch::full(input.style);
    saved.default_title = false;
    saved.layout.title = layout.title;
    saved.extent = extent;
    if (input.devolution) saved.year = input.devolution->map.financial_year;
    output::write_map_spec(job.save_spec, saved, job.force);
    std::cout << "wrote " << job.save_spec.string() << " (map spec)\n";
  }
}

}  // namespace devomap::cli
