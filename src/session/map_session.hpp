#pragma once
// One map as both front ends hold it: the document (layers, joined table, style, scene), the
// page and its layout, the deck of named views, and the steps that open a map spec and export a
// page. `devomap render` runs the steps one after another (open_spec_now); the window runs the
// slow ones (loading, reading and joining a table, drawing a PNG) on worker threads and applies
// their results between frames. Either way a spec means the same, and one map gives one file.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/map_spec.hpp"
#include "data/table_source.hpp"
#include "session/export_map.hpp"
#include "session/layer_loader.hpp"
#include "session/map_document.hpp"

namespace devomap::session {

// A table to read and join onto the data layer: a spec's, or one the user added.
struct TableRequest {
  std::string path;
  data::TableLoadOptions load;
  JoinOptions join;  // its crosswalk is set by read_and_join
};

// What a step found that the user should see (a repaired polygon, rows with no code, ...).
struct Message {
  enum class Level { Note, Warning } level = Level::Note;
  std::string text;
};
using Messages = std::vector<Message>;

class MapSession {
 public:
  MapDocument& document() { return document_; }
  const MapDocument& document() const { return document_; }

  // Opening a map spec, step 1: the job that loads its layers (LayerLoader runs it on a worker,
  // LayerLoader::run_now on the caller's thread). Throws UserError when the spec draws the
  // default map and the data folder has no boundaries.
  static LoadJob load_job(const MapSpec& spec, const std::filesystem::path& data_dir);
  // Step 2: the loaded map becomes the document, and the spec's page, layout, views, display
  // CRS and camera the session's. A map opened without a spec (null) keeps the page and layout
  // and starts with no views.
  void open(const LoadResult& loaded, const MapSpec* spec);
  // Step 3: the spec's table, read and joined on any thread, then applied. apply_join returns
  // the data layer it replaced (the renderer re-keys its meshes), or null (nothing changes)
  // when another map was opened meanwhile.
  static std::optional<TableRequest> table_request(const MapSpec& spec);
  static MapDocument::PreparedJoin read_and_join(const TableRequest& request,
                                                 std::shared_ptr<const Layer> base,
                                                 std::shared_ptr<const devolution::DefaultMap> map,
                                                 Messages* messages = nullptr);
  const Layer* apply_join(MapDocument::PreparedJoin prepared, const std::string& table_path);
  const Layer* remove_table();  // the layer replaced, or null when no table was joined
  // Step 4: the spec's style (on the default map over its measure's style), with a view's over
  // it. Throws UserError (the style stays) for a field the map does not have.
  void apply_style(const MapSpec& spec, const SpecView* view = nullptr);

  // The spec that shows this map with the default map's funding counted in another year (the
  // measure, its style, a joined table, the page and `extent` kept): reopening it is how the
  // year changes. nullopt when the map is not the default map or the year is the same.
  std::optional<MapSpec> spec_for_year(const std::string& year,
                                       const std::optional<Bounds>& extent) const;

  // The style one of the deck's views gives, over the spec's own style.
  StyleSpec view_style(const SpecView& view) const;
  // Adds (or replaces, by name) a view of the deck: this extent with the style shown now.
  void put_view(const std::string& name, const std::optional<Bounds>& extent);
  // The deck's other edits. rename_view refuses (false) an empty name or one another view has;
  // move_view moves a view `delta` places, within the deck; an index out of range does nothing.
  bool rename_view(std::size_t index, const std::string& name);
  void move_view(std::size_t index, int delta);
  void remove_view(std::size_t index);

  // The page and what it shows besides the map. The title follows the map (the default map's
  // own title) until it is set.
  PageSpec page;
  LayoutSpec layout;
  bool title_follows_map = true;
  // Paper turns to suit the view (landscape when it is wider than tall) until the user or a
  // spec chooses; the front end sets page.landscape from it, so a saved spec says which.
  bool orientation_follows_view = true;
  std::vector<SpecView> views;
  StylePatch base_style;              // the style the views apply over
  std::optional<Bounds> spec_extent;  // the camera the spec saved
  std::string display_crs = "bng";
  // The layout with its title worked out, as a page shows it.
  LayoutSpec page_layout() const;
  std::string page_title() const;

  // The map as a spec: its layers (or the default map and its year), the table with its keys,
  // the whole style, the page, the deck and the camera `extent`.
  MapSpec to_spec(const std::optional<Bounds>& extent) const;
  const std::optional<std::string>& table_path() const { return table_path_; }
  // Who published the joined table, as the user wrote it (the spec's table.source); "" none.
  std::string table_source;
  // "Table: homes.xlsx (DLUHC Live table 1008)" for the page's source line; "" with no table.
  std::string table_credit() const;

  // Undo and redo. The front end records a step after each change it applies (a style, a
  // table joined or removed, the page, the layout, the deck of views); a record that changes
  // nothing is ignored, and edits of the page and layout in a row (typing a title) make one
  // step. Opening a map starts a new history. undo/redo return the data layer they replaced
  // (the renderer re-keys its meshes), or null.
  void record(const std::string& what);
  void start_history();  // the map as it is now is the first step
  bool can_undo() const { return at_ > 0; }
  bool can_redo() const { return at_ + 1 < history_.size(); }
  std::string undo_label() const;  // "Undo Style"; "" when there is nothing to undo
  std::string redo_label() const;
  const Layer* undo();
  const Layer* redo();

  // The extent a page shows when no camera says otherwise: the spec's, else the data layer's.
  Bounds default_extent() const;
  // An export of what the session shows, within `extent`; `alt_text` "" drafts one from the map.
  // Throws UserError for a file name with no known format or a bad page size.
  ExportJob export_job(const std::filesystem::path& out, bool overwrite, const Bounds& extent,
                       const std::string& alt_text = "") const;

 private:
  // One step of the history: what undo brings back (the camera is not part of it).
  struct Step {
    std::string what;
    std::string fingerprint;  // the map as a spec: steps that change nothing are not kept
    MapDocument::JoinState join;
    StyleSpec style;
    std::optional<std::string> table_path;
    std::string table_source;
    PageSpec page;
    LayoutSpec layout;
    bool title_follows_map = true;
    std::vector<SpecView> views;
    StylePatch base_style;
    std::chrono::steady_clock::time_point when;
  };
  Step current_step(const std::string& what) const;
  const Layer* go_to(std::size_t step);

  MapDocument document_;
  std::optional<std::string> table_path_;
  std::vector<Step> history_;
  std::size_t at_ = 0;  // the step shown now
};

// A spec for a boundary layer whose field names an ONS outcome indicator rather than a field of
// `layer` ("Gross median weekly pay"): the same spec joining the data folder's outcome table,
// its rows for that indicator (a long-table filter, so the spec says what it maps), with the
// indicator's label and units on the legend. nullopt when the spec has a table, is the default
// map, the layer has the field, or no outcome table in the data folder has the indicator.
std::optional<MapSpec> spec_with_outcome(const MapSpec& spec, const Layer& layer,
                                         const std::filesystem::path& data_dir);

// The whole of opening a spec on the calling thread, as `devomap render` does: load, join the
// table, style (with `view` over the spec's style). What the steps found goes to `messages`.
// Throws UserError.
MapSession open_spec_now(const MapSpec& spec, const std::filesystem::path& data_dir,
                         const SpecView* view, Messages& messages);

}  // namespace devomap::session
