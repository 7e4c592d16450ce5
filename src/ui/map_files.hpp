#pragma once
// "Save map..." and "Export..." over the map's top-left corner, and the deck of views: thin
// views of the map session (session/map_session.hpp), whose page, layout and views the forms
// edit in place. Saving writes the session's spec; exporting runs the session's export job on a
// worker thread (a PNG draws in the window's second GL context), with measured progress and a
// Cancel. An existing file is replaced only after the user confirms.
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/geometry.hpp"
#include "core/map_spec.hpp"
#include "session/export_map.hpp"
#include "session/map_session.hpp"
#include "ui/map_view.hpp"
#include "ui/panels.hpp"

namespace devomap::ui {

// What the two forms hold between frames besides what the session holds.
struct MapFilesForm {
  bool show_export = false;
  bool show_save = false;
  std::string export_path = "map.png";
  std::string spec_path = "map.json";
};

class MapFiles {
 public:
  // `make_context`: the GL context PNG exports draw in on their worker thread.
  explicit MapFiles(session::Exporter::MakeContext make_context)
      : make_context_(std::move(make_context)) {}
  ~MapFiles();  // cancels an export still running and waits for it

  // Draws the buttons and the open form, and starts what the user confirmed. `extent` is the
  // part of the map on screen (exports show what the user sees). Call between ImGui's new
  // frame and render.
  void frame(const PanelContext& ctx, session::MapSession& session, const MapViewport& viewport,
             const Bounds& extent);
  // True while an export runs (the window keeps drawing frames).
  bool busy() const { return running_.valid(); }
  // The share of the running export done, 0..1 (tests read it through the ready file).
  float export_fraction() const { return progress_ ? progress_->fraction() : 0.0f; }

  // A view the user picked from the deck: its camera and its style over the spec's.
  struct ViewRequest {
    std::optional<Bounds> extent;
    StyleSpec style;
  };
  // -1: the user asked to undo, +1: to redo, 0: neither (the App applies it: the renderer
  // re-keys a replaced layer).
  int take_history_request() {
    const int r = history_request_;
    history_request_ = 0;
    return r;
  }
  // The user asked for the find box (its button).
  bool take_find_request() { return std::exchange(find_request_, false); }
  std::optional<ViewRequest> take_view_request() {
    auto r = std::move(view_request_);
    view_request_.reset();
    return r;
  }

  // For the --ready-file test hook: where the buttons and the export path field were drawn
  // (window units, centres), as JSON members preceded by a comma; "" before any was drawn.
  std::string ready_json() const;

 private:
  void draw_export(const PanelContext& ctx, session::MapSession& session);
  void draw_save(const PanelContext& ctx, session::MapSession& session, const Bounds& extent);
  void draw_view_picker(const PanelContext& ctx, const session::MapSession& session);
  void draw_deck(session::MapSession& session, const Bounds& extent, float scale);
  void draw_progress(const PanelContext& ctx);
  void draw_history_buttons(const session::MapSession& session);
  void page_fields(const PanelContext& ctx, session::MapSession& session);
  bool spotted_combo(const char* id, const char* name, const std::vector<std::string>& items,
                     int& index);
  void start_export(const session::MapSession& session, const Bounds& extent, bool overwrite);
  void poll();
  void report(const std::string& message, bool error);

  session::Exporter::MakeContext make_context_;
  MapFilesForm form_;
  std::string view_name_;
  std::vector<std::string> renames_;  // the deck's names as being edited
  int current_view_ = -1;
  std::optional<ViewRequest> view_request_;
  int history_request_ = 0;
  bool find_request_ = false;
  std::optional<std::string> confirm_export_;  // a path that exists, awaiting "Replace"
  std::optional<std::string> confirm_save_;
  std::string message_;
  bool message_error_ = false;
  // The export running on its worker, and how far it has got.
  std::shared_ptr<session::ExportProgress> progress_;
  std::future<std::string> running_;  // the message to show when the file is written
  std::string running_path_;
  std::chrono::steady_clock::time_point started_;
  // Centres of the controls last drawn, for ready_json (0,0: not drawn this frame).
  struct Spot {
    float x = 0, y = 0;
  };
  Spot save_button_, export_button_, export_path_, export_go_, save_go_, spec_path_, cancel_export_,
      undo_button_;
  std::vector<std::pair<std::string, Spot>> named_spots_;  // combos, their items, checkboxes
};

}  // namespace devomap::ui
