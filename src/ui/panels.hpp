#pragma once
// The ImGui views of the window. Each one reads the model (MapDocument, loader progress, the map
// view) and records what the user asked for in UiActions; none owns data or touches GL. app.cpp
// applies the actions after the frame's UI is built.
#include <optional>
#include <string>
#include <utility>

#include "core/style.hpp"
#include "ui/app_window.hpp"
#include "ui/layer_loader.hpp"
#include "ui/map_document.hpp"
#include "ui/map_view.hpp"

namespace devomap::ui {

// What the "Open layer" form holds between frames.
struct OpenForm {
  std::string path;
  std::string layer_name;
};

struct UiActions {
  std::optional<LoadRequest> open;  // open a layer from the form
  bool open_default_map = false;    // reload the UK map from the data dir
  bool cancel_load = false;
  std::optional<StyleSpec> restyle;
  bool fit = false;
  std::optional<std::pair<std::size_t, bool>> layer_visibility;  // layer index, visible
  bool clear_selection = false;
  bool dismiss_error = false;
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
  float scale = 1.0f;  // ImGui size multiplier (AppWindow::ui_scale)
};

// Layout in window units: the sidebar on the left, a status bar under the map.
float sidebar_width(const PanelContext& ctx);
float status_bar_height(const PanelContext& ctx);

void draw_sidebar(const PanelContext& ctx, const MapDocument& document, bool default_map_available,
                  bool busy, OpenForm& form, UiActions& actions);
void draw_status_bar(const PanelContext& ctx, const MapDocument& document, const MapView& view);

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
