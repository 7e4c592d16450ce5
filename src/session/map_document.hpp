#pragma once
// What the window shows, without any GL or ImGui: the loaded layers (bottom to top), the style
// the user picked for the data layer, and the resulting Scene that SceneRenderer draws. The
// panels edit the StyleSpec and call restyle(); the map view sets hovered/selected.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/join.hpp"
#include "core/scene.hpp"
#include "core/style.hpp"
#include "data/table_source.hpp"
#include "session/layer_loader.hpp"

namespace devomap::session {

struct MapLayer {
  std::shared_ptr<const Layer> layer;
  LayerRole role = LayerRole::Data;
  std::string label;
  std::optional<int> assume_epsg;  // the CRS assumed for a source without one
  StyleSpec spec;
  LayerStyle style;
  bool visible = true;
};

class MapDocument {
 public:
  // Replaces the map with freshly loaded layers (kept in load order, bottom to top) and styles
  // them: data layers coloured by area_km2, context layers as outlines. Throws UserError if the
  // default style cannot be built.
  void assign(std::string title, const std::vector<LoadedLayer>& loaded);
  void clear();
  // The devolution map's dataset and measures, when the document shows it (region card, measure
  // picker); null for a user's own layer.
  void set_devolution(std::shared_ptr<const devolution::DefaultMap> devolution) {
    devolution_ = std::move(devolution);
  }
  const devolution::DefaultMap* devolution() const { return devolution_.get(); }

  // A user's table joined onto the data layer: its columns become fields (to colour, hover and
  // inspect). A second join replaces the first; the layer's own fields never change. Returns
  // the Layer object replaced (same geometry: the renderer re-keys its buffers), or null when
  // there is no data layer. Throws UserError (nothing changes) for a key field that is missing.
  const Layer* join_table(std::shared_ptr<const SourceTable> table, data::TableLoadInfo info,
                          JoinOptions options);
  // Joins the same table again with other keys ("" = detected).
  const Layer* rejoin(const std::string& layer_key, const std::string& table_key);
  // Drops the joined columns. Returns the Layer replaced, or null when nothing was joined.
  const Layer* remove_table();
  struct TableJoin {
    std::shared_ptr<const SourceTable> table;
    data::TableLoadInfo info;
    JoinOptions options;
    JoinReport report;
  };
  const std::optional<TableJoin>& table_join() const { return table_join_; }

  // A join worked out apart from the document, so it can run off the UI thread: what it read
  // (the unjoined data layer and the devolution map, captured on the UI thread), then the
  // joined layer, applied on the UI thread.
  struct PreparedJoin {
    std::shared_ptr<const Layer> base;
    std::shared_ptr<Layer> joined;
    TableJoin join;
  };
  std::shared_ptr<const Layer> join_base() const;  // null when there is no data layer
  std::shared_ptr<const devolution::DefaultMap> shared_devolution() const { return devolution_; }
  // Reads only its arguments. Throws UserError for no data layer or a key that is missing.
  static PreparedJoin prepare_join(std::shared_ptr<const Layer> base,
                                   const devolution::DefaultMap* devolution,
                                   std::shared_ptr<const SourceTable> table,
                                   data::TableLoadInfo info, JoinOptions options);
  // Applies a prepared join, as join_table does; null (nothing changes) when the document no
  // longer shows the layer it read (another map opened meanwhile).
  const Layer* apply_join(PreparedJoin prepared);
  // The data layer with its joined table, as undo keeps it: restoring it puts that layer and
  // table back (and its style). Returns the layer replaced (the renderer re-keys its meshes),
  // or null when nothing changed.
  struct JoinState {
    std::shared_ptr<const Layer> data;
    std::shared_ptr<const Layer> unjoined;
    std::optional<TableJoin> join;
  };
  JoinState join_state() const;
  const Layer* restore(JoinState state, const StyleSpec& style);

  // The options of the table joined now with other keys ("" = detected), for a rejoin.
  std::optional<JoinOptions> rejoin_options(const std::string& layer_key,
                                            const std::string& table_key) const;

  bool empty() const { return layers_.empty(); }
  const std::string& title() const { return title_; }
  const std::vector<MapLayer>& layers() const { return layers_; }
  MapLayer* data_layer();  // the top data layer (hover, selection, style and legend apply to it)
  const MapLayer* data_layer() const;
  Bounds bounds() const;

  // Applies a new style to the data layers (a map has one style; the top data layer's legend is
  // the map's); on UserError the previous style stays and the error propagates.
  void restyle(const StyleSpec& spec);
  // The style for colouring the data layer by another field: on the default map a measure's
  // own style (its title, units and classes), otherwise core's restyle_for_field of the style
  // shown now.
  StyleSpec style_for_field(const std::optional<std::string>& field) const;
  void set_visible(std::size_t layer_index, bool visible);

  // "Preview as seen with": a view setting, never part of the StyleSpec. The scene's fills and
  // legend swatches are recoloured with core's colour-vision simulation.
  void set_color_vision(ColorVision vision);
  ColorVision color_vision() const { return color_vision_; }
  // The scene in true colours whatever the preview shows: what exports and saved maps use.
  const Scene& export_scene() const {
    return color_vision_ == ColorVision::Normal ? scene_ : true_scene_;
  }

  void set_hovered(std::optional<std::size_t> area);
  void set_selected(std::optional<std::size_t> area);
  std::optional<std::size_t> hovered() const { return scene_.hovered; }
  std::optional<std::size_t> selected() const { return scene_.selected; }

  const Scene& scene() const { return scene_; }
  // Bumped whenever scene() changes, so the map view redraws only when it must.
  std::uint64_t revision() const { return revision_; }
  // Bumped when anything but hover and selection changes: the map the window keeps as a
  // picture (render::MapPicture) is drawn again only then.
  std::uint64_t map_revision() const { return map_revision_; }

 private:
  void rebuild_scene();
  void apply_color_vision();

  std::string title_;
  std::shared_ptr<const devolution::DefaultMap> devolution_;
  std::optional<TableJoin> table_join_;
  std::shared_ptr<const Layer> unjoined_;  // the data layer as loaded, before any table
  const Layer* replace_data_layer(std::shared_ptr<const Layer> layer);
  std::vector<MapLayer> layers_;
  Scene scene_;
  Scene true_scene_;  // scene_ before the preview recolouring, kept only while one is on
  ColorVision color_vision_ = ColorVision::Normal;
  std::uint64_t revision_ = 0;
  std::uint64_t map_revision_ = 0;
};

// The value of the data layer's current field for one area, or nullopt when no field is
// coloured. NaN means no data.
std::optional<double> current_field_value(const MapLayer& layer, std::size_t area);

}  // namespace devomap::session
