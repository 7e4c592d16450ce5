#pragma once
// "Save map..." and "Export..." over the map's top-left corner: the map spec of the document
// (ui/document_spec.hpp), and PNG/SVG/PDF pages through the same export code as `devomap
// render` (output/export_map.hpp). An existing file is replaced only after the user confirms.
// SVG and PDF are written on a worker thread; PNG pages render offscreen on the GL thread (the
// window's renderer already holds the meshes) and are written on a worker thread.
#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "core/map_spec.hpp"
#include "core/page_layout.hpp"
#include "output/export_map.hpp"
#include "ui/map_document.hpp"
#include "ui/map_view.hpp"
#include "ui/panels.hpp"

namespace devomap::render {
class SceneRenderer;
}

namespace devomap::ui {

// What the two forms hold between frames.
struct MapFilesForm {
  bool show_export = false;
  bool show_save = false;
  std::string export_path = "map.png";
  std::string spec_path = "map.json";
  int paper = 0;  // 0: exact pixels, 1: A4, 2: A3, 3: 16:9 slide
  int width = 1600, height = 1200;
  int dpi = 96;
  bool landscape = false;
  std::string title, subtitle, source;
  bool title_edited = false;  // else the title follows the map (the default map's own title)
  bool legend = true, scale_bar = true, north_arrow = true;
  // As the command line: area labels off, the London inset on (where London is drawn as
  // boroughs); a spec's choice is kept.
  bool labels = false, london_inset = true;
};

class MapFiles {
 public:
  ~MapFiles();  // waits for a file still being written

  // Draws the buttons and the open form, and starts what the user confirmed. `extent` is the
  // part of the map on screen (exports show what the user sees); `table_path` the file of the
  // joined table. Call between ImGui's new frame and render, with the GL context current.
  void frame(const PanelContext& ctx, const MapDocument& document, const MapViewport& viewport,
             const Bounds& extent, const std::optional<std::string>& table_path,
             render::SceneRenderer& renderer);
  // True while an export is pending or being written (the window keeps drawing frames).
  bool busy() const { return png_pending_ || writing_.valid(); }
  // Sets the page and title fields, and the deck of views, from a spec the window opened.
  void set_from_spec(const MapSpec& spec);

  // A view the user picked from the deck: its camera and its style over the spec's.
  struct ViewRequest {
    std::optional<Bounds> extent;
    StyleSpec style;
  };
  std::optional<ViewRequest> take_view_request() {
    auto r = std::move(view_request_);
    view_request_.reset();
    return r;
  }

  // For the --ready-file test hook: where the buttons and the export path field were drawn
  // (window units, centres), as JSON members preceded by a comma; "" before any was drawn.
  std::string ready_json() const;

  PageSpec page() const;
  LayoutSpec layout(const MapDocument& document) const;

 private:
  void draw_export(const PanelContext& ctx, const MapDocument& document);
  void draw_save(const PanelContext& ctx, const MapDocument& document, const Bounds& extent,
                 const std::optional<std::string>& table_path);
  void draw_view_picker(const PanelContext& ctx, const MapDocument& document);
  void page_fields(const PanelContext& ctx);
  void start_export(const MapDocument& document, const Bounds& extent, bool overwrite);
  void poll();
  void report(const std::string& message, bool error);

  MapFilesForm form_;
  // The deck of named views saved with the map: those of an opened spec, plus views added here
  // (each with the whole style then on the map). `base_style_` is what views' styles apply over.
  std::vector<SpecView> views_;
  StylePatch base_style_;
  std::string view_name_;
  int current_view_ = -1;
  std::optional<ViewRequest> view_request_;
  std::optional<std::string> confirm_export_;  // a path that exists, awaiting "Replace"
  std::optional<std::string> confirm_save_;
  std::string message_;
  bool message_error_ = false;
  // A PNG waits one frame so "Exporting..." shows before the frame the render blocks.
  bool png_pending_ = false;
  output::ExportRequest png_request_;
  Scene png_scene_;
  Bounds png_extent_;
  MapUnits png_units_ = MapUnits::Metres;
  std::future<std::string> writing_;  // the message to show when the file is written
  std::chrono::steady_clock::time_point started_;
  // Centres of the controls last drawn, for ready_json (0,0: not drawn this frame).
  struct Spot {
    float x = 0, y = 0;
  };
  Spot save_button_, export_button_, export_path_, export_go_, save_go_, spec_path_;
};

}  // namespace devomap::ui
