#pragma once
// The ImGui views of the window. Each one reads the model (MapDocument, loader progress, the map
// view) and records what the user asked for in UiActions; none owns data or touches GL. app.cpp
// applies the actions after the frame's UI is built.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/style.hpp"
#include "ui/app_window.hpp"
#include "ui/card_placement.hpp"
#include "ui/map_view.hpp"
#include "ui/session_names.hpp"

namespace devomap::ui {

// What the "Open layer" form holds between frames.
struct OpenForm {
  std::string path;
  std::string layer_name;
};

struct HistogramLayout {
  float x = 0, y = 0, width = 0, height = 0;
  std::vector<float> break_x;  // one per inner break, left to right
};

// What the DATA section's form holds between frames: the table to add and the keys to try.
struct DataForm {
  std::string path;
  std::string sheet;
  std::string sheets_of;            // the path `sheets` were read from
  std::vector<std::string> sheets;  // its workbook's sheets (empty: not a workbook)
  int header_row = 0;               // 0: found automatically
  std::string rows;  // rows of a long table: "Indicator=Employment rate; Period=2023"
  std::string layer_key;
  std::string table_key;
  // Who published the joined table, for the page's source line (the session's table_source,
  // copied in before each frame).
  std::string table_source;
};

struct TableRequest {
  std::string path;
  std::string sheet;   // "" = the only sheet with a table
  int header_row = 0;  // 0 = detected
  std::string rows;    // "COLUMN=VALUE; COLUMN=VALUE": the rows of a long table to map
};

struct UiActions {
  std::optional<TableRequest> add_table;                      // load and join a table
  std::optional<std::pair<std::string, std::string>> rejoin;  // layer key, table key
  bool remove_table = false;
  std::optional<std::string> table_source;  // the user edited who published the table
  std::optional<LoadRequest> open;          // open a layer from the form
  bool open_default_map = false;            // reload the UK map from the data dir
  bool cancel_load = false;
  std::optional<StyleSpec> restyle;
  std::optional<std::string> funding_year;  // count the UK map's funding in this year
  bool fit = false;
  std::optional<std::pair<std::size_t, bool>> layer_visibility;  // layer index, visible
  bool clear_selection = false;
  std::optional<std::pair<float, float>> pan_map;  // move the map by (dx, dy) window units
  bool dismiss_error = false;
  std::optional<ColorVision> color_vision;  // the "preview as seen with" view setting
  std::optional<float> ui_scale;            // type size: panels and type this much larger
  int history = 0;                          // -1: undo the last change, +1: redo it
  std::optional<bool> labels;               // names on the map (the map's own setting)
  // Not an action: where the histogram and its break lines were drawn this frame (window
  // units), reported so the --ready-file test hook can point at a break.
  std::optional<HistogramLayout> histogram;
};

// What the window shows while no map is open: how to get the official boundaries when the data
// dir has none (first run), else a way back to the UK map.
struct FirstRunInfo {
  std::string data_dir;
  std::string help;  // the catalogue's first-run explanation; empty when boundaries exist
  bool default_map_available = false;
};

struct PanelContext {
  const UiFonts& fonts;
  float scale = 1.0f;       // ImGui size multiplier (AppWindow::ui_scale)
  float font_scale = 1.0f;  // type larger than the fonts' own size (presentation mode's card)
};

// A question over the top of the map with two answers ("Restore" / "Start afresh"): returns
// +1 for the first, -1 for the second, 0 while unanswered; `first_spot` gets the first
// button's centre (window units) for the ready file.
int draw_offer(const PanelContext& ctx, const MapViewport& map, const char* id,
               const std::string& text, const char* yes, const char* no,
               std::pair<float, float>& first_spot);

// Layout in window units: the sidebar on the left, a status bar under the map.
float sidebar_width(const PanelContext& ctx);
float status_bar_height(const PanelContext& ctx);

// `labels_on`: the map names its areas (LayoutSpec::labels).
void draw_sidebar(const PanelContext& ctx, const MapDocument& document, bool default_map_available,
                  bool busy, OpenForm& form, bool table_loading, DataForm& data_form,
                  bool labels_on, UiActions& actions);
// The sidebar's STYLE and LEGEND sections for the data layer (ui/style_panel.cpp): field,
// method, classes, palette with its suitability, breaks, the histogram, legend text and numbers,
// and the colour-vision preview.
void draw_style_panel(const PanelContext& ctx, const MapDocument& document, UiActions& actions);
// The histogram of the current field with its break lines (ui/histogram.cpp); dragging a line
// edits the breaks (switching to manual). Reports where it drew in actions.histogram.
void draw_histogram(const PanelContext& ctx, const MapDocument& document, UiActions& actions);

// For the --ready-file test hook: the data layer's field, method, classes and breaks, the legend
// subtitle, the colour-vision preview and where the histogram's break lines are, as JSON
// members ("\"field\": ..., ...") preceded by a comma, to follow the file's other members.
std::string style_state_json(const MapDocument& document,
                             const std::optional<HistogramLayout>& histogram);

// Pieces the sidebar's sections share: a section heading, a label with the next widget filling
// the rest of the row, and an indent to the widgets' column for a row without a label.
void section_title(const PanelContext& ctx, const char* title);
void row_label(const PanelContext& ctx, const char* label);
void row_indent(const PanelContext& ctx);
void draw_status_bar(const PanelContext& ctx, const MapDocument& document, const MapView& view);

// The UK devolution map's views (ui/devolution_panels.cpp), shown only when the document holds
// it: the measure picker (tier, powers, funding per head, ...), the tooltip's tier and mayor
// lines, and the region card (powers by domain, budgets, population, sources) for a click.
void draw_measure_picker(const PanelContext& ctx, const MapDocument& document, UiActions& actions);
void draw_devolution_tooltip_lines(const MapDocument& document, std::size_t area);
// Where the region card stands between frames: placed beside the clicked area, never over it
// (ui/card_placement), or where the user dragged it, snapped to an edge dropped near one.
struct CardState {
  std::optional<std::size_t> area;  // the area it was placed for; a new one places it again
  float x = 0, y = 0;               // where it was put (window units)
  float w = 0, h = 0;               // its size last frame
  float max_h = 0;                  // how tall it may grow where it stands
  bool user_placed = false;         // dragged by the user: it stays unless it covers the area
  bool place_next = false;          // move it to (x, y) in the next frame (a snap)
};
// `area_rect`: the selected area's bounding box on screen, `keep_clear` what the card must not
// cover besides (the legend), in window units.
void draw_region_card(const PanelContext& ctx, const MapDocument& document,
                      const MapViewport& viewport, const Rect& area_rect,
                      const std::vector<Rect>& keep_clear, CardState& card, UiActions& actions);

// The DATA section (ui/data_panel.cpp): add a table (CSV, XLSX, ODS) to the data layer, see
// the join report (matched, unmatched on each side, duplicates, translated codes, unreadable
// cells), and pick other key fields when the match is poor.
void draw_data_panel(const PanelContext& ctx, const MapDocument& document, bool table_loading,
                     DataForm& form, UiActions& actions);

// Overlays on the map rectangle.
void draw_hover_tooltip(const PanelContext& ctx, const MapDocument& document);
void draw_attribute_panel(const PanelContext& ctx, const MapDocument& document,
                          const MapViewport& map, UiActions& actions);
void draw_error_banner(const PanelContext& ctx, const std::string& message, const MapViewport& map,
                       UiActions& actions);
void draw_progress(const PanelContext& ctx, const LoadProgress& progress, const MapViewport& map,
                   UiActions& actions);
// The welcome screen, shown while no map is open and nothing is loading.
void draw_first_run(const PanelContext& ctx, const FirstRunInfo& info, const MapViewport& map,
                    OpenForm& form, bool busy, UiActions& actions);

// The accent look for the one button that matters in a group.
void push_primary_button();
void pop_primary_button();

// Builds the open request from the form, or nullopt when the path is empty.
std::optional<LoadRequest> request_from_form(const OpenForm& form);

}  // namespace devomap::ui
