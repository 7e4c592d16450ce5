#include "session/map_document.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "devolution/devolution_map.hpp"

namespace devomap::session {
namespace {

constexpr const char* kDefaultField = "area_km2";

StyleSpec default_spec(const Layer& layer) {
  StyleSpec spec;
  const auto fields = numeric_fields(layer);
  if (std::find(fields.begin(), fields.end(), kDefaultField) != fields.end())
    spec.field = kDefaultField;
  else if (!fields.empty())
    spec.field = fields.front();
  return spec;
}

void style_layer(MapLayer& layer, const StyleSpec& spec) {
  layer.style = build_style(*layer.layer, spec);  // throws before anything changes
  layer.spec = spec;
}

}  // namespace

void MapDocument::assign(std::string title, const std::vector<LoadedLayer>& loaded) {
  std::vector<MapLayer> layers;
  for (const auto& item : loaded) {
    MapLayer layer;
    layer.layer = item.layer;
    layer.role = item.request.role;
    layer.label = item.request.label;
    layer.assume_epsg = item.request.assume_epsg;
    if (layer.role == LayerRole::Data) {
      style_layer(layer, item.style ? *item.style : default_spec(*layer.layer));
    } else {
      layer.spec.field.reset();
      layer.style.fills.assign(layer.layer->size(), kContextFill);
    }
    layers.push_back(std::move(layer));
  }
  // Context layers go above the data layers: they are outlines only.
  std::stable_partition(layers.begin(), layers.end(),
                        [](const MapLayer& l) { return l.role == LayerRole::Data; });
  title_ = std::move(title);
  layers_ = std::move(layers);
  table_join_.reset();
  unjoined_.reset();
  scene_.hovered.reset();
  scene_.selected.reset();
  rebuild_scene();
}

void MapDocument::clear() {
  title_.clear();
  devolution_.reset();
  table_join_.reset();
  unjoined_.reset();
  layers_.clear();
  scene_ = Scene{};
  ++revision_;
  ++map_revision_;
}

void MapDocument::set_hovered(std::optional<std::size_t> area) {
  if (area == scene_.hovered) return;
  scene_.hovered = area;
  ++revision_;
}

void MapDocument::set_selected(std::optional<std::size_t> area) {
  if (area == scene_.selected) return;
  scene_.selected = area;
  ++revision_;
}

MapLayer* MapDocument::data_layer() {
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it)
    if (it->role == LayerRole::Data) return &*it;
  return nullptr;
}

const MapLayer* MapDocument::data_layer() const {
  return const_cast<MapDocument*>(this)->data_layer();
}

Bounds MapDocument::bounds() const {
  Bounds b;
  for (const auto& l : layers_) b.expand(l.layer->bounds);
  return b;
}

StyleSpec MapDocument::style_for_field(const std::optional<std::string>& field) const {
  const MapLayer* data = data_layer();
  if (devolution_ && field)
    for (const devolution::Measure& m : devolution_->map.measures)
      if (m.field == *field) return devolution::style_for_measure(devolution_->map, *field);
  return restyle_for_field(data ? data->spec : StyleSpec{}, field);
}

void MapDocument::restyle(const StyleSpec& spec) {
  std::vector<StyleSpec> specs;    // as the numbers were written (percent cells read as %)
  std::vector<LayerStyle> styles;  // built first: a UserError changes nothing
  for (const MapLayer& l : layers_)
    if (l.role == LayerRole::Data) {
      specs.push_back(with_written_units(*l.layer, spec));
      styles.push_back(build_style(*l.layer, specs.back()));
    }
  auto next = styles.begin();
  auto next_spec = specs.begin();
  for (MapLayer& l : layers_)
    if (l.role == LayerRole::Data) {
      l.spec = std::move(*next_spec++);
      l.style = std::move(*next++);
    }
  rebuild_scene();
}

void MapDocument::set_visible(std::size_t layer_index, bool visible) {
  if (layer_index >= layers_.size()) return;
  layers_[layer_index].visible = visible;
  rebuild_scene();
}

void MapDocument::rebuild_scene() {
  const auto hovered = scene_.hovered;
  const auto selected = scene_.selected;
  scene_ = Scene{};
  scene_.hovered = hovered;
  scene_.selected = selected;
  for (const auto& l : layers_) {
    if (!l.visible) continue;
    if (l.role == LayerRole::Data) {
      scene_.layers.push_back(data_scene_layer(l.layer, l.style.fills));
    } else {
      scene_.layers.push_back(context_scene_layer(l.layer));
    }
  }
  if (const MapLayer* data = data_layer(); data && data->style.has_legend)
    scene_.legend = data->style.legend;
  apply_color_vision();
  ++revision_;
  ++map_revision_;
}

void MapDocument::set_color_vision(ColorVision vision) {
  if (vision == color_vision_) return;
  color_vision_ = vision;
  rebuild_scene();
}

// Recolours what the reader sees (fills, outlines, legend swatches) in place; the true colours
// stay in the layers' styles and in true_scene_.
void MapDocument::apply_color_vision() {
  if (color_vision_ == ColorVision::Normal) {
    true_scene_ = Scene{};
    return;
  }
  true_scene_ = scene_;
  scene_.background = simulate_color_vision(scene_.background, color_vision_);
  for (SceneLayer& l : scene_.layers) {
    l.fills = simulate_color_vision(l.fills, color_vision_);
    l.outline = simulate_color_vision(l.outline, color_vision_);
  }
  if (scene_.legend)
    for (LegendEntry& e : scene_.legend->entries)
      e.color = simulate_color_vision(e.color, color_vision_);
}

const Layer* MapDocument::replace_data_layer(std::shared_ptr<const Layer> layer) {
  MapLayer* data = data_layer();
  const Layer* old = data->layer.get();
  StyleSpec spec = data->spec;
  data->layer = std::move(layer);
  // Keep the style when its field survived (a field of the layer, or of the same table).
  if (spec.field && !data->layer->attributes.find(*spec.field)) spec = StyleSpec{};
  try {
    style_layer(*data, spec);
  } catch (const UserError&) {
    style_layer(*data, StyleSpec{});
  }
  scene_.hovered.reset();
  rebuild_scene();
  return old;
}

std::shared_ptr<const Layer> MapDocument::join_base() const {
  const MapLayer* data = data_layer();
  if (!data) return nullptr;
  return unjoined_ ? unjoined_ : data->layer;
}

MapDocument::PreparedJoin MapDocument::prepare_join(std::shared_ptr<const Layer> base,
                                                    const devolution::DefaultMap* devolution,
                                                    std::shared_ptr<const SourceTable> table,
                                                    data::TableLoadInfo info, JoinOptions options) {
  if (!base) throw UserError("there is no map to join " + table->origin + " to; open a map first");
  // On the devolution map a table by district rolls up to the authorities.
  devolution::DevolutionJoin result = devolution::join_onto_map(*base, *table, options, devolution);
  PreparedJoin prepared;
  prepared.joined = std::make_shared<Layer>(*base);
  prepared.joined->attributes = std::move(result.attributes);
  prepared.base = std::move(base);
  prepared.join = TableJoin{std::move(table), std::move(info), options, std::move(result.report)};
  return prepared;
}

const Layer* MapDocument::apply_join(PreparedJoin prepared) {
  if (!prepared.base || prepared.base != join_base()) return nullptr;
  unjoined_ = std::move(prepared.base);
  table_join_ = std::move(prepared.join);
  return replace_data_layer(std::move(prepared.joined));
}

const Layer* MapDocument::join_table(std::shared_ptr<const SourceTable> table,
                                     data::TableLoadInfo info, JoinOptions options) {
  if (!data_layer()) return nullptr;
  // Throws before anything changes.
  return apply_join(
      prepare_join(join_base(), devolution_.get(), std::move(table), std::move(info), options));
}

MapDocument::JoinState MapDocument::join_state() const {
  const MapLayer* data = data_layer();
  return JoinState{data ? data->layer : nullptr, unjoined_, table_join_};
}

const Layer* MapDocument::restore(JoinState state, const StyleSpec& style) {
  MapLayer* data = data_layer();
  if (!data || !state.data) return nullptr;
  const Layer* old = data->layer.get();
  unjoined_ = std::move(state.unjoined);
  table_join_ = std::move(state.join);
  data->layer = std::move(state.data);
  try {
    restyle(style);
  } catch (const UserError&) {
    style_layer(*data, StyleSpec{});
    rebuild_scene();
  }
  return old == data->layer.get() ? nullptr : old;
}

std::optional<JoinOptions> MapDocument::rejoin_options(const std::string& layer_key,
                                                       const std::string& table_key) const {
  if (!table_join_) return std::nullopt;
  JoinOptions options = table_join_->options;
  options.layer_key = layer_key.empty() ? std::nullopt : std::optional<std::string>(layer_key);
  options.table_key = table_key.empty() ? std::nullopt : std::optional<std::string>(table_key);
  // A key picked by hand decides the mode: codes when it holds codes, else names (the join
  // works that out under Auto).
  options.mode = JoinMode::Auto;
  return options;
}

const Layer* MapDocument::rejoin(const std::string& layer_key, const std::string& table_key) {
  const auto options = rejoin_options(layer_key, table_key);
  if (!options) return nullptr;
  return join_table(table_join_->table, table_join_->info, *options);
}

const Layer* MapDocument::remove_table() {
  if (!table_join_ || !unjoined_ || !data_layer()) return nullptr;
  table_join_.reset();
  auto base = std::move(unjoined_);
  unjoined_.reset();
  return replace_data_layer(std::move(base));
}

std::optional<double> current_field_value(const MapLayer& layer, std::size_t area) {
  if (!layer.spec.field) return std::nullopt;
  const auto column = layer.layer->attributes.find(*layer.spec.field);
  if (!column) return std::nullopt;
  const Column& c = layer.layer->attributes.at(*column);
  if (!c.is_number() || area >= c.values.size()) return std::nullopt;
  return c.values[area];
}

}  // namespace devomap::session
