#include "session/map_session.hpp"

#include <algorithm>

#include "core/alt_text.hpp"
#include "core/error.hpp"
#include "data/catalog.hpp"
#include "devolution/devolution_dataset.hpp"
#include "devolution/devolution_map.hpp"
#include "session/default_map.hpp"
#include "session/map_spec_file.hpp"

namespace devomap::session {
namespace {

namespace fs = std::filesystem;

std::string file_name_of(const std::string& path) {
  return fs::path(path).filename().string();
}

// The shipped code crosswalk (old <-> new district codes), read once per process; an unreadable
// dataset costs the translation of old codes (a note), not the join.
const CodeCrosswalk& crosswalk(std::string* note) {
  static std::string why;
  static const CodeCrosswalk shipped =
      devolution::shipped_crosswalk(&why).value_or(CodeCrosswalk());
  if (note) *note = why;
  return shipped;
}

}  // namespace

LoadJob MapSession::load_job(const MapSpec& spec, const fs::path& data_dir) {
  LoadJob job;
  if (spec.default_map) {
    auto found = default_map_job(data_dir);
    if (!found) {
      std::string why;
      devolution::find_default_map_sources(data_dir, &why);
      throw UserError("the UK devolution map cannot be drawn: " + why, Remedy::ChooseDataDir);
    }
    job = std::move(*found);
    job.financial_year = spec.year.value_or("");
  } else {
    for (const SpecLayer& l : spec.layers) {
      LoadRequest request;
      request.path = l.path;
      request.layer_name = l.layer_name;
      request.role = l.role == SpecLayerRole::Data ? LayerRole::Data : LayerRole::Context;
      request.label = l.label.empty() ? file_name_of(l.path) : l.label;
      request.assume_epsg = l.assume_epsg;
      job.layers.push_back(std::move(request));
    }
    job.title = job.layers.size() == 1 ? job.layers.front().label : "Map spec";
  }
  job.display = display_crs_of(spec.crs);
  return job;
}

void MapSession::open(const LoadResult& loaded, const MapSpec* spec) {
  document_.clear();
  document_.assign(loaded.title, loaded.layers);
  document_.set_devolution(loaded.devolution);
  table_path_.reset();
  table_source = spec && spec->table ? spec->table->source : std::string();
  history_.clear();
  at_ = 0;
  if (!spec) {
    views.clear();
    base_style = StylePatch{};
    spec_extent.reset();
    display_crs = "bng";
    return;
  }
  page = spec->page;
  orientation_follows_view = false;  // the spec says which way the paper turns
  copy_spec_layout(layout, spec->layout);
  title_follows_map = spec->default_title;
  views = spec->views;
  base_style = spec->style;
  spec_extent = spec->extent;
  display_crs = spec->crs;
}

std::optional<TableRequest> MapSession::table_request(const MapSpec& spec) {
  if (!spec.table) return std::nullopt;
  TableRequest request;
  request.path = spec.table->path;
  request.load = table_load_options(*spec.table);
  request.join = spec_table_join_options(*spec.table);
  return request;
}

MapDocument::PreparedJoin MapSession::read_and_join(
    const TableRequest& request, std::shared_ptr<const Layer> base,
    std::shared_ptr<const devolution::DefaultMap> map, Messages* messages) {
  std::string note;
  JoinOptions options = request.join;
  options.crosswalk = &crosswalk(&note);
  if (messages && !note.empty()) messages->push_back({Message::Level::Note, note});
  data::LoadedTable table = data::load_table(request.path, request.load);
  if (messages)
    for (const std::string& n : table.info.notes) messages->push_back({Message::Level::Note, n});
  return MapDocument::prepare_join(std::move(base), map.get(),
                                   std::make_shared<const SourceTable>(std::move(table.source)),
                                   std::move(table.info), options);
}

const Layer* MapSession::apply_join(MapDocument::PreparedJoin prepared,
                                    const std::string& table_path) {
  const Layer* replaced = document_.apply_join(std::move(prepared));
  if (!replaced) return replaced;
  const std::string path = fs::absolute(table_path).lexically_normal().string();
  if (table_path_ && *table_path_ != path) table_source.clear();  // it named the other table
  table_path_ = path;
  return replaced;
}

const Layer* MapSession::remove_table() {
  table_path_.reset();
  table_source.clear();
  return document_.remove_table();
}

void MapSession::apply_style(const MapSpec& spec, const SpecView* view) {
  const StylePatch* view_patch = view ? &view->style : nullptr;
  if (const devolution::DefaultMap* map = document_.devolution()) {
    StylePatch patch = spec.style;
    if (view_patch) patch.merge(*view_patch);
    // On the default map a field names a measure (or a joined table's column).
    if (patch.has(StyleMember::Field) && patch.values.field) {
      const std::string& field = *patch.values.field;
      const MapLayer* data = document_.data_layer();
      if (!devolution::find_measure(map->map, field) &&
          !(data && data->layer->attributes.find(field))) {
        std::string keys;
        for (const auto& m : map->map.measures) keys += (keys.empty() ? "" : ", ") + m.key;
        throw UserError("the field " + field +
                            " is not a measure of the default map; use one of: " + keys +
                            " (or join a table and name one of its columns)",
                        Remedy::ChooseField);
      }
    }
    document_.restyle(default_map_style(map->map, spec.style, view_patch));
  } else {
    document_.restyle(layer_style(spec.style, view_patch));
  }
}

std::optional<MapSpec> MapSession::spec_for_year(const std::string& year,
                                                 const std::optional<Bounds>& extent) const {
  const devolution::DefaultMap* map = document_.devolution();
  const MapLayer* data = document_.data_layer();
  if (!map || !data || year == map->map.financial_year) return std::nullopt;
  MapSpec spec = to_spec(extent);
  spec.year = year;
  spec.default_title = title_follows_map;
  spec.style =
      StylePatch::full(devolution::style_for_year(data->spec, map->map.financial_year, year));
  return spec;
}

StyleSpec MapSession::view_style(const SpecView& view) const {
  if (const devolution::DefaultMap* map = document_.devolution())
    return default_map_style(map->map, base_style, &view.style);
  return layer_style(base_style, &view.style);
}

void MapSession::put_view(const std::string& name, const std::optional<Bounds>& extent) {
  const MapLayer* data = document_.data_layer();
  if (!data) return;
  if (base_style.empty()) base_style = StylePatch::full(data->spec);
  SpecView view{name, extent, StylePatch::full(data->spec)};
  auto it =
      std::find_if(views.begin(), views.end(), [&](const SpecView& v) { return v.name == name; });
  if (it != views.end())
    *it = std::move(view);
  else
    views.push_back(std::move(view));
}

bool MapSession::rename_view(std::size_t index, const std::string& name) {
  if (index >= views.size() || name.empty()) return false;
  for (std::size_t i = 0; i < views.size(); ++i)
    if (i != index && views[i].name == name) return false;
  views[index].name = name;
  return true;
}

void MapSession::move_view(std::size_t index, int delta) {
  if (index >= views.size()) return;
  const long to =
      std::clamp<long>(static_cast<long>(index) + delta, 0, static_cast<long>(views.size()) - 1);
  if (to == static_cast<long>(index)) return;
  SpecView moved = std::move(views[index]);
  views.erase(views.begin() + static_cast<std::ptrdiff_t>(index));
  views.insert(views.begin() + to, std::move(moved));
}

void MapSession::remove_view(std::size_t index) {
  if (index < views.size()) views.erase(views.begin() + static_cast<std::ptrdiff_t>(index));
}

std::string MapSession::table_credit() const {
  if (!table_path_ || !document_.table_join()) return {};
  const std::string file = fs::path(*table_path_).filename().string();
  return "Table: " + file + (table_source.empty() ? "" : " (" + table_source + ")");
}

std::string MapSession::page_title() const {
  if (!title_follows_map) return layout.title;
  // The default map's title names what it shows; a user's own layer has no default title.
  const devolution::DefaultMap* map = document_.devolution();
  if (!map) return {};
  const MapLayer* data = document_.data_layer();
  if (!data || !data->spec.field || *data->spec.field == devolution::devolution_field::kTier)
    return map->title;
  return data->spec.legend_title.empty() ? *data->spec.field : data->spec.legend_title;
}

LayoutSpec MapSession::page_layout() const {
  LayoutSpec resolved;
  copy_spec_layout(resolved, layout);
  resolved.title = page_title();
  return resolved;
}

MapSpec MapSession::to_spec(const std::optional<Bounds>& extent) const {
  MapSpec spec;
  spec.default_map = document_.devolution() != nullptr;
  if (spec.default_map) spec.year = document_.devolution()->map.financial_year;
  if (!spec.default_map) {
    for (const MapLayer& l : document_.layers()) {
      SpecLayer layer;
      // A joined data layer is a copy with the table's columns; its source is the same file.
      layer.path = l.layer->source_path;
      if (!l.layer->layer_name.empty()) layer.layer_name = l.layer->layer_name;
      layer.role = l.role == LayerRole::Data ? SpecLayerRole::Data : SpecLayerRole::Context;
      if (l.label != file_name_of(layer.path)) layer.label = l.label;
      layer.assume_epsg = l.assume_epsg;
      spec.layers.push_back(std::move(layer));
    }
  }
  if (const auto& join = document_.table_join(); join && table_path_) {
    SpecTable table;
    table.path = *table_path_;
    if (!join->info.sheet.empty()) table.sheet = join->info.sheet;
    if (!join->info.header_detected && join->info.header_row > 0)
      table.header_row = static_cast<int>(join->info.header_row);
    table.layer_key = join->options.layer_key;
    table.table_key = join->options.table_key;
    table.by = join->options.mode;
    table.combine = join->options.combine;
    table.filters = join->options.filters;
    table.source = table_source;
    spec.table = std::move(table);
  }
  if (const MapLayer* data = document_.data_layer()) spec.style = StylePatch::full(data->spec);
  spec.page = page;
  // What was drawn, spelled out, so the spec draws the same map even if defaults change.
  spec.layout = page_layout();
  spec.default_title = false;
  spec.views = views;
  spec.extent = extent;
  spec.crs = display_crs;
  return spec;
}

MapSession::Step MapSession::current_step(const std::string& what) const {
  Step step;
  step.what = what;
  step.fingerprint = map_spec_json(to_spec(std::nullopt), "/");
  step.join = document_.join_state();
  if (const MapLayer* data = document_.data_layer()) step.style = data->spec;
  step.table_path = table_path_;
  step.table_source = table_source;
  step.page = page;
  copy_spec_layout(step.layout, layout);
  step.title_follows_map = title_follows_map;
  step.views = views;
  step.base_style = base_style;
  step.when = std::chrono::steady_clock::now();
  return step;
}

void MapSession::record(const std::string& what) {
  if (document_.empty()) return;
  Step step = current_step(what);
  if (!history_.empty() && history_[at_].fingerprint == step.fingerprint) return;
  if (!history_.empty()) history_.resize(at_ + 1);  // a new step drops the steps undone
  // Edits of one kind in a row (each key typed into a title) make one step.
  constexpr auto kMergeWithin = std::chrono::seconds(2);
  if (history_.size() > 1 && history_.back().what == what &&
      step.when - history_.back().when < kMergeWithin) {
    history_.back() = std::move(step);
  } else {
    history_.push_back(std::move(step));
  }
  at_ = history_.size() - 1;
}

void MapSession::start_history() {
  history_.clear();
  at_ = 0;
  record("Open");
}

std::string MapSession::undo_label() const {
  return can_undo() ? "Undo " + history_[at_].what : std::string();
}

std::string MapSession::redo_label() const {
  return can_redo() ? "Redo " + history_[at_ + 1].what : std::string();
}

const Layer* MapSession::go_to(std::size_t index) {
  at_ = index;
  const Step& step = history_[index];
  table_path_ = step.table_path;
  table_source = step.table_source;
  page = step.page;
  copy_spec_layout(layout, step.layout);
  title_follows_map = step.title_follows_map;
  views = step.views;
  base_style = step.base_style;
  return document_.restore(step.join, step.style);
}

const Layer* MapSession::undo() {
  return can_undo() ? go_to(at_ - 1) : nullptr;
}
const Layer* MapSession::redo() {
  return can_redo() ? go_to(at_ + 1) : nullptr;
}

Bounds MapSession::default_extent() const {
  if (spec_extent) return *spec_extent;
  const MapLayer* data = document_.data_layer();
  return data ? data->layer->bounds : document_.bounds();
}

ExportJob MapSession::export_job(const fs::path& out, bool overwrite, const Bounds& extent,
                                 const std::string& alt_text) const {
  const MapLayer* data = document_.data_layer();
  if (!data) throw UserError("there is no map to export; open a map first");
  export_format(out);  // a name with no known format fails now
  ExportJob job;
  job.extent = extent;
  job.units = map_units_of(data->layer->display_crs);
  job.scene = document_.export_scene();  // true colours, whatever the preview shows
  job.scene.hovered.reset();
  job.scene.selected.reset();
  // Each area's value as the legend writes it, and its plain number, for the SVG/HTML data
  // attributes: worked out for an export only, not on every restyle.
  for (SceneLayer& sl : job.scene.layers)
    for (const MapLayer& l : document_.layers())
      if (l.role == LayerRole::Data && l.layer == sl.layer) {
        sl.values = area_value_texts(*l.layer, l.spec, l.style);
        sl.numbers = area_numbers(*l.layer, l.spec);
      }
  ExportRequest& request = job.request;
  request.out = out;
  request.overwrite = overwrite;
  request.page = page;
  page_size(request.page);  // a bad size fails now
  request.layout = page_layout();
  const auto add_source = [&request](const std::string& text) {
    std::string& line = request.layout.source;
    if (text.empty()) return;
    if (!line.empty()) line += line.back() == '.' ? " " : ". ";
    line += text;
  };
  add_source(table_credit());
  const devolution::DefaultMap* map = document_.devolution();
  if (map && !map->attribution.empty()) {
    // The default map's own sources line already carries the licence text.
    add_source(map->attribution);
  } else if (const auto year = ons_boundary_year(*data->layer)) {
    request.layout.official_boundaries = true;
    request.layout.boundary_year = *year;
  }
  if (!alt_text.empty()) {
    request.alt_text = alt_text;
  } else {
    request.alt_text = draft_alt_text(*data->layer, data->spec, data->style, page_title());
    if (map) request.alt_text += " " + devolution::default_map_alt_note(map->map);
  }
  return job;
}

MapSession open_spec_now(const MapSpec& spec, const fs::path& data_dir, const SpecView* view,
                         Messages& messages) {
  LoadJob job = MapSession::load_job(spec, data_dir);
  job.build_meshes = false;  // an export triangulates what it draws, and only for a PNG
  if (spec.default_map && !job.devolution)
    throw UserError(
        "the default map cannot be drawn: the devolution dataset was not found "
        "beside the program (geodata/devolution)");
  LoadResult loaded = LayerLoader::run_now(job);
  for (const LoadedLayer& l : loaded.layers) {
    const LoadReport& report = l.layer->report;
    for (const std::string& w : report.warnings) messages.push_back({Message::Level::Warning, w});
    // What loading had to change is never silent: repaired shapes, features left out.
    if (report.repaired > 0)
      messages.push_back({Message::Level::Note, repaired_summary(report, l.request.label)});
    if (!report.skipped.empty())
      messages.push_back({Message::Level::Warning, skipped_summary(report, l.request.label)});
  }
  if (loaded.devolution)
    for (const std::string& n : loaded.devolution->map.notes) {
      // The map's notes are also its layer's warnings: each is said once.
      const bool said = std::any_of(messages.begin(), messages.end(),
                                    [&](const Message& m) { return m.text == n; });
      if (!said) messages.push_back({Message::Level::Note, n});
    }
  MapSession session;
  session.open(loaded, &spec);
  std::optional<MapSpec> with_outcome;
  if (const MapLayer* data = session.document().data_layer())
    with_outcome = spec_with_outcome(spec, *data->layer, data_dir);
  if (with_outcome)
    messages.push_back({Message::Level::Note, "'" + spec.style.values.field.value_or("") +
                                                  "' is an ONS outcome indicator: joined from " +
                                                  with_outcome->table->path + " (" +
                                                  describe_filters(with_outcome->table->filters) +
                                                  ")"});
  const MapSpec& opened = with_outcome ? *with_outcome : spec;
  if (const auto table = MapSession::table_request(opened)) {
    const MapDocument& document = session.document();
    session.apply_join(MapSession::read_and_join(*table, document.join_base(),
                                                 document.shared_devolution(), &messages),
                       table->path);
  }
  session.apply_style(opened, view);
  if (with_outcome) session.layout.source = with_outcome->layout.source;
  if (view && view->extent) session.spec_extent = view->extent;
  return session;
}

std::optional<MapSpec> spec_with_outcome(const MapSpec& spec, const Layer& layer,
                                         const fs::path& data_dir) {
  const auto& field = spec.style.values.field;
  if (spec.default_map || spec.table || !spec.style.has(StyleMember::Field) || !field ||
      layer.attributes.find(*field))
    return std::nullopt;
  const auto entry = data::find_dataset(data::load_catalog(data_dir), data::LayerKind::Outcomes);
  if (!entry) return std::nullopt;
  const devolution::Outcomes outcomes =
      devolution::load_outcomes(entry->gdal_path(), devolution::outcome_source_text(*entry));
  const devolution::OutcomeIndicator* indicator = devolution::find_indicator(outcomes, *field);
  if (!indicator) return std::nullopt;
  MapSpec out = spec;
  SpecTable table;
  table.path = entry->gdal_path();
  table.table_key = "unique";
  table.filters["Indicator"] = {indicator->name};
  table.filters["Period"] = {indicator->period};
  out.table = table;
  if (out.layout.source.empty()) out.layout.source = outcomes.source;
  out.style.values.field = "real";
  auto set = [&](StyleMember member) { out.style.keys.insert(member); };
  if (!spec.style.has(StyleMember::LegendTitle)) {
    out.style.values.legend_title = devolution::outcome_label(*indicator);
    set(StyleMember::LegendTitle);
  }
  if (!spec.style.has(StyleMember::Units)) {
    out.style.values.units = devolution::outcome_units(*indicator);
    set(StyleMember::Units);
  }
  return out;
}

}  // namespace devomap::session
