// The window's frame loop, in the order of the Dear ImGui GLFW + OpenGL3 example: wait for or
// poll events, take finished loads from the worker, new frame, map input, panels, draw the map
// with SceneRenderer, draw ImGui, swap. All state lives in App; the panels are thin views.
#include "ui/app.hpp"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <utility>

#include <unistd.h>

#include "core/error.hpp"
#include "core/map_spec.hpp"
#include "data/data_dir.hpp"
#include "render/offscreen.hpp"
#include "render/scene_renderer.hpp"
#include "session/autosave.hpp"
#include "session/default_map.hpp"
#include "session/map_session.hpp"
#include "session/map_spec_file.hpp"
#include "session/places.hpp"
#include "ui/app_args.hpp"
#include "ui/app_window.hpp"
#include "ui/compare_panel.hpp"
#include "ui/find_box.hpp"
#include "ui/format.hpp"
#include "ui/map_files.hpp"
#include "ui/map_view.hpp"
#include "ui/panels.hpp"
#include "ui/presentation.hpp"
#include "ui/screenshot.hpp"
#include "ui/session_names.hpp"

namespace devomap::ui {
namespace {

using Clock = std::chrono::steady_clock;

// After any event, draw this many frames before sleeping again: ImGui settles hover states,
// auto-sized windows and tooltips over a couple of frames.
constexpr int kFramesAfterEvent = 4;
constexpr double kIdleWaitSeconds = 0.5;
constexpr double kBusyWaitSeconds = 1.0 / 30.0;  // progress bar refresh while loading
constexpr double kScreenshotTimeoutSeconds = 180.0;

std::string file_name_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class App {
 public:
  explicit App(AppArgs args)
      : args_(std::move(args)),
        data_folder_(session::look_at_data_folder(args_.data_dir)),
        data_dir_(data_folder_.dir),
        window_("devomap", args_.window_size, args_.ui_scale),
        renderer_(std::make_unique<render::SceneRenderer>()),
        files_(window_.export_context()) {}

  int run();

 private:
  std::uint64_t start_default_map_early();
  void start_initial_load();
  void start(LoadJob job);
  bool take_results();  // true when a finished job arrived
  void show_error(const std::string& message);
  void apply(const UiActions& actions);
  MapInput read_map_input() const;
  void take_table();  // applies a join worked out off the UI thread
  void rekey(const Layer* replaced);
  void write_ready_file();
  void open_spec(const std::string& path);
  void apply_pending_spec();  // the spec's table keys, style and camera, once it has loaded
  void change_funding_year(const std::string& year);  // reloads the UK map for another year
  // One frame's viewport: right of the sidebar, or the whole screen below the title when
  // presenting.
  MapViewport frame_viewport(const PanelContext& ctx) const;
  void draw_panels(const PanelContext& ctx, const MapViewport& viewport, UiActions& actions);
  void read_keys(UiActions& actions);
  // Presentation mode (ui/presentation): F5 or --present; Esc or F5 leaves.
  void enter_presentation();
  void leave_presentation();
  void present_view(int view);  // -1: the whole map; else a view of the deck
  void present_frame(const PanelContext& ctx, const MapViewport& viewport, UiActions& actions);
  float title_band(const PanelContext& ctx, float screen_height) const;

  AppArgs args_;
  session::DataFolder data_folder_;  // as the window found it at start
  std::filesystem::path data_dir_;
  // Before the window: the UK map needs no window to load, so it loads while the window opens.
  LayerLoader loader_;
  std::uint64_t early_job_ = start_default_map_early();
  AppWindow window_;
  std::unique_ptr<render::SceneRenderer> renderer_;
  session::MapSession session_;  // the map: document, page, layout, views
  MapDocument& document_ = session_.document();
  MapView view_;
  OpenForm form_;
  std::string error_;
  FirstRunInfo first_run_;
  bool default_map_available_ = false;
  std::uint64_t current_job_ = 0;
  bool fit_pending_ = false;
  int frames_to_draw_ = kFramesAfterEvent;
  std::uint64_t frames_drawn_ = 0;
  // Map frames by what they took (render::MapFrame), for tests of what moving costs.
  std::uint64_t map_frames_[4] = {0, 0, 0, 0};
  // From the loop waking for an event to the swapped frame that showed a hover or selection
  // change, for benchmarks of what a pointer move costs (-1: none yet).
  Clock::time_point woke_{};
  double pick_response_ms_ = -1;
  int frames_since_load_ = -1;  // frames drawn since the current document arrived
  bool ready_written_ = false;
  std::string ready_text_;                    // what the ready file holds now
  std::optional<HistogramLayout> histogram_;  // where the sidebar drew it last frame
  DataForm data_form_;
  bool table_requested_ = false;
  // A table being read and joined (or joined again with other keys) off the UI thread.
  struct PreparedTable {
    MapDocument::PreparedJoin join;
    session::Messages messages;
  };
  std::future<PreparedTable> table_future_;
  MapFiles files_;                       // "Save map..." and "Export..."
  std::optional<MapSpec> pending_spec_;  // a spec opened, applied once its map loaded
  bool spec_map_loaded_ = false;         // ... which it has (not the map shown before it)
  std::optional<Bounds> spec_extent_;    // its camera, for the next fit
  // The extent a spec or view asked for, while the camera still shows it as fitted: saved and
  // exported as asked, so a spec opened and saved again is the same spec.
  std::optional<Bounds> asked_extent_;
  Camera asked_camera_;
  Bounds camera_extent() const;
  Rect selected_rect() const;                 // the selected area's box on screen (window units)
  std::vector<Rect> card_keep_clear() const;  // what the region card must not cover
  CardState card_;                            // where the region card stands
  Presentation presentation_;
  int present_frames_ = -1;  // frames since presentation began (the screen resizes meanwhile)
  bool presented_at_start_ = false;   // --present has been honoured
  std::string requested_table_path_;  // the table being read
  KeyPresses keys_;                   // this frame's key presses (none lost between slow frames)
  FindBox find_;
  ComparePanel compare_;                           // areas side by side (Ctrl+click)
  PlaceFinder places_;                             // built when the find box opens
  std::optional<std::size_t> select_after_glide_;  // a place found: selected once there
  void open_find();
  void go_to_place(const Place& place);
  // Never losing work (session/autosave.hpp): the map saved at each change; after a crash the
  // next window offers it back; a spec open in the window that changes on disk is offered for
  // reload.
  std::optional<session::Autosave> autosave_;
  std::optional<Bounds> autosave_extent_;
  std::optional<std::filesystem::path> restore_offer_;  // a crashed window's map
  std::optional<std::filesystem::path> restoring_;      // being restored: removed once applied
  struct WatchedSpec {
    std::filesystem::path path;
    std::filesystem::file_time_type written{};
    Clock::time_point checked{};
  };
  std::optional<WatchedSpec> watched_spec_;
  bool reload_offered_ = false;
  std::pair<float, float> offer_spot_{0, 0};  // the offer's first button, for the ready file
  void start_autosave();
  void autosave();
  void watch_spec(const std::filesystem::path& path);
  void check_spec_on_disk();
  void draw_offers(const PanelContext& ctx, const MapViewport& viewport);
  void draw_find(const PanelContext& ctx, const MapViewport& viewport);
};

Rect App::selected_rect() const {
  const MapLayer* data = document_.data_layer();
  const auto area = document_.selected();
  if (!data || !area || *area >= data->layer->shape_bounds.size()) return {};
  return view_.window_rect(data->layer->shape_bounds[*area]);
}

std::vector<Rect> App::card_keep_clear() const {
  // Laid out only when the card is about to be placed (a new area is selected).
  if (!document_.selected() || card_.area == document_.selected()) return {};
  const Rect legend = view_.legend_rect(document_.scene().legend);
  if (legend.w <= 0) return {};
  return {legend};
}

Bounds App::camera_extent() const {
  const Camera& now = view_.camera();
  const bool moved = now.centre.x != asked_camera_.centre.x ||
                     now.centre.y != asked_camera_.centre.y || now.scale != asked_camera_.scale;
  // What of the map is in view, not the sea beside it: an export fits it to its page.
  return asked_extent_ && !moved ? *asked_extent_ : shown_extent(now, document_.bounds());
}

void App::rekey(const Layer* replaced) {
  const MapLayer* data = document_.data_layer();
  if (replaced && data && replaced != data->layer.get()) {
    renderer_->rekey(replaced, data->layer.get());
    view_.invalidate();
  }
}

void App::take_table() {
  if (!table_future_.valid() ||
      table_future_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return;
  frames_to_draw_ = kFramesAfterEvent;
  try {
    PreparedTable prepared = table_future_.get();
    for (const session::Message& m : prepared.messages)
      std::printf("devomap: note: %s\n", m.text.c_str());
    const Layer* replaced = session_.apply_join(std::move(prepared.join), requested_table_path_);
    if (!replaced) {
      std::printf("devomap: the map changed while the table was joined; join it again\n");
      std::fflush(stdout);
      return;
    }
    rekey(replaced);
    if (!pending_spec_) session_.record("Join table");
    const JoinReport& r = document_.table_join()->report;
    std::printf("devomap: joined %s: %zu of %zu areas matched\n", r.origin.c_str(), r.matched,
                r.layer_features);
    std::fflush(stdout);
    ready_written_ = false;
  } catch (const std::exception& e) {
    show_error(window_message(e));
  }
}

void App::show_error(const std::string& message) {
  error_ = message;
  std::fprintf(stderr, "devomap: %s\n", message.c_str());
}

void App::start(LoadJob job) {
  current_job_ = loader_.start(std::move(job));
  frames_to_draw_ = kFramesAfterEvent;
}

// `devomap SPEC.json`: the spec's layers load as any map; its table joins through the --table
// path (with the spec's keys); its style and camera apply once both are in (apply_pending_spec).
void App::open_spec(const std::string& path) {
  try {
    MapSpec spec = read_map_spec(path);
    if (spec.crs != "bng")
      throw UserError("the map spec asks for the " + spec.crs +
                      " display CRS, but the window shows the British National Grid; render it "
                      "with `devomap render SPEC --out FILE`, or set \"crs\": \"bng\"");
    LoadJob job = session::MapSession::load_job(spec, data_dir_);
    if (spec.table) {
      args_.table = spec.table->path;
      args_.sheet = spec.table->sheet;
      data_form_.header_row = spec.table->header_row.value_or(0);
      data_form_.rows.clear();
      for (const auto& [column, values] : spec.table->filters)
        for (const std::string& v : values)
          data_form_.rows += (data_form_.rows.empty() ? "" : "; ") + column + "=" + v;
    } else if (!document_.empty()) {
      args_.table.reset();  // a map opened over another: no table unless its spec names one
    }
    pending_spec_ = std::move(spec);
    spec_map_loaded_ = false;
    table_requested_ = false;
    start(std::move(job));
    watch_spec(path);
  } catch (const UserError& e) {
    show_error(window_message(e));
  }
}

void App::apply_pending_spec() {
  MapSpec spec = std::move(*pending_spec_);
  pending_spec_.reset();
  try {
    session_.apply_style(spec);
  } catch (const UserError& e) {
    show_error(window_message(e));
  }
  session_.start_history();  // the spec as opened is the first step
  if (restoring_) {          // restored: this window's own save takes over from the crashed one's
    session::Autosave::forget(*restoring_);
    restoring_.reset();
  }
  spec_extent_ = spec.extent;
  fit_pending_ = true;
  ready_written_ = false;
  frames_to_draw_ = kFramesAfterEvent;
}

// The map is rebuilt for the year (off the UI thread) and reopened as a spec of what is shown
// now, so the measure, its style, a joined table and the camera stay.
void App::change_funding_year(const std::string& year) {
  try {
    std::optional<MapSpec> spec = session_.spec_for_year(year, camera_extent());
    if (!spec) return;
    LoadJob job = session::MapSession::load_job(*spec, data_dir_);
    pending_spec_ = std::move(spec);
    start(std::move(job));
  } catch (const UserError& e) {
    show_error(window_message(e));
  }
}

std::uint64_t App::start_default_map_early() {
  if (args_.path || !data_folder_.default_map) return 0;
  return loader_.start(*data_folder_.default_map);
}

void App::start_autosave() {
  // Screenshots (tests, the README's first look) neither save nor offer anything.
  const auto folder = data::state_dir();
  if (args_.screenshot_path || !folder) return;
  autosave_.emplace(*folder, static_cast<long>(::getpid()));
  // A plain start offers a crashed window's map; a start that names a map opens that map.
  if (!args_.path && !args_.table) restore_offer_ = autosave_->left_by_crash();
}

void App::autosave() {
  // While the camera moves only the camera changes: it is saved where it stops, so frames of a
  // drag or a glide build no spec.
  if (!autosave_ || document_.empty() || pending_spec_ || view_.moving() || view_.gliding()) return;
  // Exactly: reopened in a window of this size it is the same camera.
  autosave_extent_ = view_.camera().fit_extent();
  if (const auto problem = autosave_->save(session_.to_spec(autosave_extent_)))
    show_error(*problem);
}

void App::watch_spec(const std::filesystem::path& path) {
  std::error_code ec;
  const auto written = std::filesystem::last_write_time(path, ec);
  if (ec || restoring_) {
    watched_spec_.reset();
    return;
  }
  watched_spec_ = WatchedSpec{path, written, Clock::now()};
  reload_offered_ = false;
}

// Once a second: a spec open in the window that another program (or another window) changed
// is offered for reload, unless what is on disk is this map as Save map... wrote it.
void App::check_spec_on_disk() {
  if (!watched_spec_ || reload_offered_ ||
      Clock::now() - watched_spec_->checked < std::chrono::seconds(1))
    return;
  watched_spec_->checked = Clock::now();
  std::error_code ec;
  const auto written = std::filesystem::last_write_time(watched_spec_->path, ec);
  if (ec || written == watched_spec_->written) return;
  watched_spec_->written = written;
  std::ifstream in(watched_spec_->path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string ours =
      map_spec_json(session_.to_spec(camera_extent()), watched_spec_->path.parent_path());
  reload_offered_ = !document_.empty() && text != ours;
  if (reload_offered_) frames_to_draw_ = kFramesAfterEvent;
}

void App::draw_offers(const PanelContext& ctx, const MapViewport& viewport) {
  if (restore_offer_) {
    const int answer = draw_offer(
        ctx, viewport, "##restore",
        "devomap closed without finishing last time. Restore the map you were building (its "
        "layers, table, style, views and place)?",
        "Restore", "Start afresh", offer_spot_);
    if (answer > 0) {
      restoring_ = *restore_offer_;
      restore_offer_.reset();
      open_spec(restoring_->string());
    } else if (answer < 0) {
      session::Autosave::forget(*restore_offer_);
      restore_offer_.reset();
    }
  } else if (reload_offered_ && watched_spec_) {
    const int answer = draw_offer(
        ctx, viewport, "##reload",
        file_name_of(watched_spec_->path.string()) +
            " changed on disk. Reload it (the map here is replaced; undo does not bring it back)?",
        "Reload", "Keep this map", offer_spot_);
    if (answer > 0) open_spec(watched_spec_->path.string());
    if (answer != 0) reload_offered_ = false;
  }
}

void App::start_initial_load() {
  if (args_.preview) document_.set_color_vision(*args_.preview);
  start_autosave();
  if (args_.path && is_map_spec_file(*args_.path)) {
    open_spec(*args_.path);
  } else if (args_.path) {
    LoadRequest request;
    request.path = *args_.path;
    request.layer_name = args_.layer_name;
    request.label = args_.layer_name ? *args_.layer_name : file_name_of(*args_.path);
    form_.path = *args_.path;
    if (args_.layer_name) form_.layer_name = *args_.layer_name;
    start(LoadJob{request.label, {request}, std::nullopt, {}});
  }
  session::DataFolder& folder = data_folder_;
  if (!folder.problem.empty()) show_error(window_message(folder.problem, folder.problem_remedy));
  default_map_available_ = folder.default_map.has_value();
  first_run_.data_dir = data_dir_.string();
  first_run_.default_map_available = default_map_available_;
  first_run_.help = folder.first_run_help;
  if (!args_.path && folder.default_map) {
    if (early_job_) {
      current_job_ = early_job_;
      frames_to_draw_ = kFramesAfterEvent;
    } else {
      start(std::move(*folder.default_map));
    }
  }
}

bool App::take_results() {
  bool took = false;
  while (auto result = loader_.take_result()) {
    took = true;
    frames_to_draw_ = kFramesAfterEvent;
    if (result->job_id != current_job_) continue;  // superseded by a newer request
    if (result->cancelled) {
      std::printf("devomap: loading %s cancelled\n", result->title.c_str());
      std::fflush(stdout);
      continue;
    }
    if (result->error) {
      show_error(window_message(*result->error, result->error_remedy));
      continue;
    }
    try {
      for (const auto& old : document_.layers()) renderer_->forget(old.layer.get());
      for (const auto& loaded : result->layers) renderer_->upload(loaded.layer.get(), loaded.mesh);
      view_.invalidate();
      session_.open(*result, pending_spec_ ? &*pending_spec_ : nullptr);
      compare_.clear();  // its areas were the old map's
      spec_map_loaded_ = pending_spec_.has_value();
      if (!pending_spec_) session_.start_history();
    } catch (const std::exception& e) {
      show_error(window_message(e));
      continue;
    }
    std::size_t areas = 0;
    for (const auto& l : result->layers) areas += l.layer->size();
    std::printf("devomap: loaded %s (%zu areas) in %.2f s\n", result->title.c_str(), areas,
                result->seconds);
    std::fflush(stdout);
    error_.clear();
    fit_pending_ = true;
    frames_since_load_ = 0;
    ready_written_ = false;
  }
  return took;
}

MapInput App::read_map_input() const {
  const ImGuiIO& io = ImGui::GetIO();
  MapInput in;
  in.mouse_in_window = ImGui::IsMousePosValid();
  in.mouse_x = io.MousePos.x;
  in.mouse_y = io.MousePos.y;
  in.captured_by_ui = io.WantCaptureMouse;
  in.pressed = ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  in.released = ImGui::IsMouseReleased(ImGuiMouseButton_Left);
  in.down = ImGui::IsMouseDown(ImGuiMouseButton_Left);
  in.wheel = io.WantCaptureMouse ? 0.0f : io.MouseWheel;
  in.ctrl = io.KeyCtrl;
  // The map's keys work wherever the focus is but a text field, from GLFW's own presses (Dear
  // ImGui 1.86 can miss a quick tap between two slow frames).
  if (!io.WantTextInput) {
    in.fit_key = keys_.pressed_once(GLFW_KEY_F);
    in.zoom_in_key = keys_.has(GLFW_KEY_EQUAL) || keys_.has(GLFW_KEY_KP_ADD);
    in.zoom_out_key = keys_.has(GLFW_KEY_MINUS) || keys_.has(GLFW_KEY_KP_SUBTRACT);
  }
  return in;
}

void App::apply(const UiActions& actions) {
  if (actions.dismiss_error) error_.clear();
  if (actions.cancel_load) loader_.cancel();
  if (actions.open) start(LoadJob{actions.open->label, {*actions.open}, std::nullopt, {}});
  if (actions.open_default_map) {
    try {
      if (auto job = session::default_map_job(data_dir_)) start(std::move(*job));
    } catch (const UserError& e) {
      show_error(window_message(e));
    }
  }
  // Reading and joining a table run off the UI thread; the document changes when it is done.
  if (actions.add_table && !table_future_.valid()) {
    const TableRequest& added = *actions.add_table;
    // A spec's table joins by its own keys, mode and combine rules.
    session::TableRequest table;
    if (pending_spec_ && pending_spec_->table)
      table = *session::MapSession::table_request(*pending_spec_);
    table.path = added.path;
    if (!added.sheet.empty()) table.load.sheet = added.sheet;
    if (added.header_row > 0) table.load.header_row = added.header_row;
    if (!added.rows.empty()) {
      table.join.filters.clear();
      std::string_view rest = added.rows;
      while (!rest.empty()) {
        const auto semi = rest.find(';');
        const std::string_view piece = rest.substr(0, semi);
        if (const auto filter = parse_filter(piece))
          table.join.filters[filter->first].push_back(filter->second);
        else if (piece.find_first_not_of(" ") != std::string_view::npos)
          show_error("Rows: '" + std::string(piece) +
                     "' is not COLUMN=VALUE; write e.g. Indicator=Employment rate; Period=2023");
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      }
    }
    requested_table_path_ = added.path;
    table_future_ = std::async(std::launch::async, [table, base = document_.join_base(),
                                                    map = document_.shared_devolution()] {
      PreparedTable prepared;
      prepared.join = session::MapSession::read_and_join(table, base, map, &prepared.messages);
      return prepared;
    });
  }
  if (actions.rejoin && !table_future_.valid()) {
    const auto options = document_.rejoin_options(actions.rejoin->first, actions.rejoin->second);
    if (options && document_.table_join()) {
      requested_table_path_ = session_.table_path().value_or("");
      table_future_ = std::async(
          std::launch::async, [options = *options, join = *document_.table_join(),
                               base = document_.join_base(), map = document_.shared_devolution()] {
            PreparedTable prepared;
            prepared.join =
                MapDocument::prepare_join(base, map.get(), join.table, join.info, options);
            return prepared;
          });
    }
  }
  try {
    if (actions.remove_table) {
      rekey(session_.remove_table());
      session_.record("Remove table");
    }
    if (actions.table_source) {
      session_.table_source = *actions.table_source;
      session_.record("Table source");
    }
  } catch (const UserError& e) {
    show_error(window_message(e));
  }
  if (actions.restyle) {
    try {
      const MapLayer* data = document_.data_layer();
      const bool new_field = !data || data->spec.field != actions.restyle->field;
      document_.restyle(*actions.restyle);
      // A title typed for the old measure would mislabel the new one: the form follows the map.
      if (new_field) session_.title_follows_map = true;
      session_.record("Style");
    } catch (const UserError& e) {
      show_error(window_message(e));
    }
  }
  if (actions.labels) {
    session_.layout.labels = *actions.labels;
    session_.record(*actions.labels ? "Names on the map" : "No names on the map");
  }
  if (actions.history < 0) rekey(session_.undo());
  if (actions.history > 0) rekey(session_.redo());
  if (actions.funding_year) change_funding_year(*actions.funding_year);
  if (actions.layer_visibility)
    document_.set_visible(actions.layer_visibility->first, actions.layer_visibility->second);
  if (actions.clear_selection) document_.set_selected(std::nullopt);
  if (actions.ui_scale) {
    window_.set_ui_scale(*actions.ui_scale);
    frames_to_draw_ = kFramesAfterEvent;
  }
  if (actions.pan_map) {
    view_.pan_window(actions.pan_map->first, actions.pan_map->second);
    frames_to_draw_ = kFramesAfterEvent;
  }
  if (actions.color_vision) document_.set_color_vision(*actions.color_vision);
  if (actions.fit && !document_.empty()) view_.fit(document_.bounds(), document_.scene().legend);
}

// For GUI tests: where the map is and how the camera maps it, so a driver can point at a known
// place, and the style's classes and the histogram's break lines, so it can drag one. Written
// once a loaded map is drawn and again whenever that changes, atomically (temp file + rename).
namespace {

// The names drawn on the map: text, centre (window units), set beside its area or not.
std::string labels_json(const MapView& view) {
  nlohmann::json out = nlohmann::json::array();
  const MapViewport& vp = view.viewport();
  for (const MapLabel& l : view.shown_labels()) {
    std::string text;
    for (const LayoutText& line : l.lines) text += (text.empty() ? "" : " ") + line.text;
    out.push_back({{"text", text},
                   {"x", vp.x + (l.box.x + l.box.w / 2) / vp.fb_scale},
                   {"y", vp.y + (l.box.y + l.box.h / 2) / vp.fb_scale},
                   {"beside", l.plate.has_value()}});
  }
  return out.dump();
}

}  // namespace

void App::write_ready_file() {
  const MapViewport& vp = view_.viewport();
  const Camera& cam = view_.camera();
  char json[640];
  std::snprintf(json, sizeof json,
                "{\"map_x\": %.3f, \"map_y\": %.3f, \"map_width\": %.3f, \"map_height\": %.3f,\n"
                " \"fb_scale\": %.4f, \"pixel_ratio\": %.4f,\n"
                " \"centre_x\": %.6f, \"centre_y\": %.6f, \"scale\": %.9g,\n"
                " \"camera_width\": %.3f, \"camera_height\": %.3f, \"areas\": %zu",
                vp.x, vp.y, vp.width, vp.height, vp.fb_scale, vp.pixel_ratio, cam.centre.x,
                cam.centre.y, cam.scale, cam.width_px, cam.height_px,
                document_.data_layer() ? document_.data_layer()->layer->size() : 0);
  std::string join;
  if (const auto& j = document_.table_join())
    join = ", \"join_matched\": " + std::to_string(j->report.matched) + ", \"join_table_key\": \"" +
           j->report.table_key + "\"";
  if (const devolution::DefaultMap* map = document_.devolution())
    join += ", \"funding_year\": \"" + map->map.financial_year + "\", \"data_as_of\": \"" +
            map->map.data_as_of + "\"";
  // Frames drawn so far, and whether a table is being joined: tests check that frames keep
  // coming while work runs off the UI thread.
  char response[48];
  std::snprintf(response, sizeof response, ", \"pick_response_ms\": %.1f", pick_response_ms_);
  join += response;
  if (const MapLayer* data = document_.data_layer(); data && document_.selected())
    join += ", \"selected\": " + nlohmann::json(data->layer->name(*document_.selected())).dump();
  if (card_.area && document_.selected() == card_.area) {
    char card[128];
    std::snprintf(card, sizeof card, ", \"card\": [%.1f, %.1f, %.1f, %.1f]", card_.x, card_.y,
                  card_.w, card_.h);
    join += card;
  }
  join += std::string(", \"presenting\": ") + (presentation_.active() ? "true" : "false") +
          ", \"view\": " + std::to_string(presentation_.view()) +
          ", \"high_contrast\": " + (presentation_.high_contrast() ? "true" : "false");
  join += ", \"frames\": " + std::to_string(frames_drawn_) + ", \"map_frames\": {";
  for (int kind = 0; kind < 4; ++kind)
    join += std::string(kind ? ", \"" : "\"") +
            render::map_frame_name(static_cast<render::MapFrame>(kind)) +
            "\": " + std::to_string(map_frames_[kind]);
  join += std::string("}") + ", \"table_pending\": " + (table_future_.valid() ? "true" : "false") +
          ", \"undo\": \"" + session_.undo_label() + "\", \"redo\": \"" + session_.redo_label() +
          "\"";
  nlohmann::json views = nlohmann::json::array();
  for (const SpecView& v : session_.views) views.push_back(v.name);
  join += ", \"views\": " + views.dump();
  if (restore_offer_ || reload_offered_)
    join += std::string(restore_offer_ ? ", \"restore_offered\": true" : "") +
            (reload_offered_ ? ", \"reload_offered\": true" : "") +
            ", \"offer_button\": " + nlohmann::json({offer_spot_.first, offer_spot_.second}).dump();
  join += ", \"labels\": " + labels_json(view_) +
          ", \"labels_on\": " + (session_.layout.labels ? "true" : "false");
  const std::string text = json + style_state_json(document_, histogram_) + join +
                           (presentation_.active() ? std::string() : files_.ready_json()) +
                           find_.ready_json() + compare_.ready_json() + "}\n";
  if (ready_written_ && text == ready_text_) return;
  const std::filesystem::path path = *args_.ready_file;
  const std::filesystem::path tmp = path.string() + ".tmp";
  std::ofstream(tmp) << text;
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec)
    std::fprintf(stderr, "devomap: cannot write %s: %s\n", path.c_str(), ec.message().c_str());
  ready_text_ = text;
  ready_written_ = true;
}

MapViewport App::frame_viewport(const PanelContext& ctx) const {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  MapViewport viewport;
  viewport.fb_scale = window_.fb_scale();
  viewport.pixel_ratio = window_.pixel_ratio();
  if (presentation_.active()) {
    // The whole screen below the title; type and lines scaled to the screen (1.5x at 1080
    // lines), so the legend reads from the back of the room.
    viewport.y = title_band(ctx, display.y);
    viewport.width = std::max(1.0f, display.x);
    viewport.height = std::max(1.0f, display.y - viewport.y);
    const float screen_px = display.y * window_.fb_scale();
    viewport.pixel_ratio *= std::clamp(screen_px / 1080.0f * 1.5f, 1.25f, 4.0f);
    return viewport;
  }
  viewport.x = sidebar_width(ctx);
  viewport.width = std::max(1.0f, display.x - viewport.x);
  viewport.height = std::max(1.0f, display.y - status_bar_height(ctx));
  return viewport;
}

float App::title_band(const PanelContext& ctx, float screen_height) const {
  // Presentation::draw_title: 44 px type at 1080 lines, with 0.45 of it above and below.
  return 44.0f * std::max(0.6f, screen_height / 1080.0f) * ctx.scale * 1.9f + 8.0f;
}

void App::draw_panels(const PanelContext& ctx, const MapViewport& viewport, UiActions& actions) {
  const LoadProgress now = loader_.progress();
  data_form_.table_source = session_.table_source;
  draw_sidebar(ctx, document_, default_map_available_, now.busy, form_, table_future_.valid(),
               data_form_, session_.layout.labels, actions);
  draw_status_bar(ctx, document_, view_);
  if (document_.empty() && !now.busy)
    draw_first_run(ctx, first_run_, viewport, form_, now.busy, actions);
  if (const auto area = view_.take_ctrl_click()) compare_.toggle(*area, document_.selected());
  compare_.draw(ctx, document_, document_.map_revision(), viewport);
  if (document_.devolution())
    draw_region_card(ctx, document_, viewport, selected_rect(), card_keep_clear(), card_, actions);
  else
    draw_attribute_panel(ctx, document_, viewport, actions);
  draw_error_banner(ctx, error_, viewport, actions);
  if (error_.empty()) draw_offers(ctx, viewport);
  draw_progress(ctx, now, viewport, actions);
  files_.frame(ctx, session_, viewport, camera_extent());
  if (auto picked = files_.take_view_request()) {  // a view of the spec's deck
    try {
      document_.restyle(picked->style);
      session_.record("Go to view");
    } catch (const UserError& e) {
      show_error(window_message(e));
    }
    spec_extent_ = picked->extent;
    fit_pending_ = picked->extent.has_value();
  }
  if (!ImGui::GetIO().WantCaptureMouse && !view_.dragging()) draw_hover_tooltip(ctx, document_);
  histogram_ = actions.histogram;
  actions.history = files_.take_history_request();
  if (files_.take_find_request()) open_find();
}

void App::read_keys(UiActions& actions) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // text fields keep their own keys
  const bool escape = keys_.has(GLFW_KEY_ESCAPE);
  // Ctrl+F or / opens the find box, in the window and when presenting.
  if (keys_.has(GLFW_KEY_F, true) || keys_.has(GLFW_KEY_SLASH)) {
    open_find();
    return;
  }
  if (escape && find_.is_open() && !document_.selected()) {
    find_.close();
    return;
  }
  if (escape && compare_.open() && !document_.selected() && !presentation_.active()) {
    compare_.clear();
    return;
  }
  // Esc closes the topmost thing first, wherever the keyboard focus is (a card just opened
  // takes it): the card, then presentation mode.
  if (escape && document_.selected()) {
    actions.clear_selection = true;
  } else if (presentation_.active() && (escape || keys_.pressed_once(GLFW_KEY_F5))) {
    leave_presentation();
    return;
  } else if (!presentation_.active() && keys_.pressed_once(GLFW_KEY_F5)) {
    enter_presentation();
    return;
  }
  if (keys_.pressed_once(GLFW_KEY_L)) actions.labels = !session_.layout.labels;
  if (presentation_.active()) return;
  // Anywhere but a text field, Ctrl+Z undoes the last change to the map.
  for (const KeyPress& k : keys_.list) {
    if (!(k.mods & GLFW_MOD_CONTROL)) continue;
    if (k.key == GLFW_KEY_Z) actions.history = (k.mods & GLFW_MOD_SHIFT) ? 1 : -1;
    if (k.key == GLFW_KEY_Y) actions.history = 1;
  }
}

void App::open_find() {
  if (document_.empty()) return;
  places_ = session::places_of(document_);
  find_.open();
  frames_to_draw_ = kFramesAfterEvent;
}

void App::go_to_place(const Place& place) {
  // The place with a margin round it, fitted beside the legend.
  Bounds b = place.bounds;
  const double pad = std::max(b.width(), b.height()) * 0.15;
  b.expand(Vec2{b.min_x - pad, b.min_y - pad});
  b.expand(Vec2{b.max_x + pad, b.max_y + pad});
  document_.set_selected(std::nullopt);
  // Room on the right for the card that opens for it.
  const float card = place.area && document_.devolution()
                         ? 444.0f * window_.ui_scale() * (presentation_.active() ? 1.5f : 1.0f)
                         : 0.0f;
  view_.glide_to(view_.fitted(b, document_.scene().legend, card));
  // Selected once the camera is there, so its card is placed beside it where it ends up.
  select_after_glide_ = place.area;
  frames_to_draw_ = kFramesAfterEvent;
}

void App::draw_find(const PanelContext& ctx, const MapViewport& viewport) {
  if (select_after_glide_ && !view_.gliding()) {
    document_.set_selected(select_after_glide_);
    select_after_glide_.reset();
  }
  if (const auto picked = find_.draw(ctx, viewport, places_, keys_)) go_to_place(*picked);
}

void App::enter_presentation() {
  if (document_.empty()) return;
  const MapLayer* data = document_.data_layer();
  presentation_.start(data ? data->spec : StyleSpec{}, view_.camera());
  document_.set_selected(std::nullopt);
  card_ = CardState{};
  window_.set_fullscreen(true);
  present_frames_ = 0;  // the first view is shown once the screen has its new size
  frames_to_draw_ = kFramesAfterEvent;
}

void App::leave_presentation() {
  const Presentation::Restore restore = presentation_.stop();
  window_.set_fullscreen(false);
  document_.set_selected(std::nullopt);
  card_ = CardState{};
  try {
    if (document_.data_layer()) document_.restyle(restore.style);
  } catch (const UserError& e) {
    show_error(window_message(e));
  }
  view_.set_camera(restore.camera, false);
  view_.invalidate();
  present_frames_ = -1;
  frames_to_draw_ = kFramesAfterEvent;
}

void App::present_view(int view) {
  // The colours now, to fade from.
  std::vector<std::vector<Rgba>> from;
  for (const SceneLayer& l : document_.scene().layers) from.push_back(l.fills);
  std::optional<Bounds> extent;
  if (view >= 0 && view < static_cast<int>(session_.views.size())) {
    const SpecView& v = session_.views[static_cast<std::size_t>(view)];
    try {
      document_.restyle(session_.view_style(v));
    } catch (const UserError& e) {
      show_error(window_message(e));
    }
    extent = v.extent;
  }
  document_.set_selected(std::nullopt);
  // A view is an extent fitted to whatever screen shows it.
  const Camera target =
      view_.fitted(extent ? *extent : document_.bounds(), document_.scene().legend);
  view_.glide_to(target);
  presentation_.fade(std::move(from));
  presentation_.set_view(view);
  frames_to_draw_ = kFramesAfterEvent;
}

void App::present_frame(const PanelContext& ctx, const MapViewport& viewport, UiActions& actions) {
  if (present_frames_ >= 0 && ++present_frames_ == 3) present_view(session_.views.empty() ? -1 : 0);
  if (present_frames_ >= 3) {
    if (!ImGui::GetIO().WantTextInput) {
      const int views = static_cast<int>(session_.views.size());
      if (const auto to = presentation_.requested_view(views, keys_)) present_view(*to);
      if (keys_.pressed_once(GLFW_KEY_H)) presentation_.toggle_high_contrast();
    }
  }
  if (presentation_.animating() || present_frames_ < 3) frames_to_draw_ = kFramesAfterEvent;
  const int view = presentation_.view();
  const std::string title = view >= 0 && view < static_cast<int>(session_.views.size())
                                ? session_.views[static_cast<std::size_t>(view)].name
                                : session_.page_title();
  std::string hint;
  if (session_.views.empty())
    hint = "No saved views to step through: add them with Save map... | Esc leaves";
  else
    hint = std::to_string(view + 1) + " / " + std::to_string(session_.views.size()) +
           "   \xE2\x86\x90 \xE2\x86\x92 views | H contrast | Esc leaves";
  presentation_.draw_title(ctx, viewport, title.empty() ? "devomap" : title, hint);
  // A click opens the region card, large, and puts the area in the spotlight.
  if (document_.devolution()) {
    const PanelContext big{ctx.fonts, ctx.scale * 1.5f, 1.5f};
    draw_region_card(big, document_, viewport, selected_rect(), card_keep_clear(), card_, actions);
  }
}

int App::run() {
  start_initial_load();
  const bool screenshot_mode = args_.screenshot_path.has_value();
  const auto started = Clock::now();
  int settled_frames = 0;

  while (!window_.should_close()) {
    const LoadProgress progress = loader_.progress();
    const bool animate = frames_to_draw_ > 0 || view_.dragging() || screenshot_mode;
    // While work runs off the UI thread, frames come at the progress bar's pace (input still
    // wakes the loop at once), leaving the cores to the work.
    const bool working =
        progress.busy || files_.busy() || table_future_.valid() || view_.labels_pending();
    // A map moved with the camera is drawn at full quality once the camera has settled.
    const double settle = view_.seconds_until_settled();
    const double timeout = working      ? kBusyWaitSeconds
                           : settle > 0 ? std::min(kIdleWaitSeconds, settle)
                                        : kIdleWaitSeconds;
    if (window_.wait_events(animate && !working, timeout)) {
      frames_to_draw_ = kFramesAfterEvent;
      woke_ = Clock::now();
    }
    if (take_results()) settled_frames = 0;
    take_table();
    check_spec_on_disk();  // on every wake (at least twice a second), drawn or not
    // --table: joined once the first map is in.
    const bool map_in = !document_.empty() && (!pending_spec_ || spec_map_loaded_);
    if (args_.table && map_in && !table_future_.valid() && !table_requested_) {
      table_requested_ = true;
      data_form_.path = *args_.table;
      data_form_.sheet = args_.sheet.value_or("");
      UiActions add;
      add.add_table =
          TableRequest{data_form_.path, data_form_.sheet, data_form_.header_row, data_form_.rows};
      apply(add);
    }
    if (pending_spec_ && map_in && !table_future_.valid() && (!args_.table || table_requested_))
      apply_pending_spec();
    if (pending_spec_ && document_.empty() && !error_.empty() && !loader_.progress().busy)
      pending_spec_.reset();  // its map failed to load; the banner says why
    // --present: once the map (and its spec) is in, the window becomes the presentation.
    if (args_.present && !presented_at_start_ && !document_.empty() && !pending_spec_ &&
        frames_since_load_ >= 1) {
      presented_at_start_ = true;
      enter_presentation();
    }
    // Work off the UI thread keeps the frames coming: its progress shows, the map still moves.
    if (working) frames_to_draw_ = kFramesAfterEvent;
    if (view_.full_frame_due()) frames_to_draw_ = std::max(frames_to_draw_, 1);
    // Nothing happened and nothing is owed: draw nothing, so a still window uses no CPU.
    if (frames_to_draw_ == 0 && !animate && !working && !loader_.progress().busy) continue;
    if (window_.minimised() && !screenshot_mode) {
      frames_to_draw_ = 0;  // sleep until restored; loads still finish and are taken above
      continue;
    }

    window_.new_frame();
    keys_ = window_.take_key_presses();
    const PanelContext ctx{window_.fonts(), window_.ui_scale()};
    const MapViewport viewport = frame_viewport(ctx);
    view_.set_viewport(viewport);
    view_.show_labels(session_.layout.labels);
    if (fit_pending_ && !document_.empty()) {
      if (spec_extent_)
        view_.fit(*spec_extent_);  // the camera a map spec saved
      else
        view_.fit(document_.bounds(), document_.scene().legend);
      asked_extent_ = spec_extent_;
      asked_camera_ = view_.camera();
      fit_pending_ = false;
      spec_extent_.reset();
    }

    if (view_.step_glide()) frames_to_draw_ = kFramesAfterEvent;
    // Screenshots ignore the pointer (wherever X left it) so they are repeatable.
    const MapInput input = screenshot_mode ? MapInput{} : read_map_input();
    const auto picked_before = std::make_pair(document_.hovered(), document_.selected());
    if (view_.handle_input(input, document_)) frames_to_draw_ = kFramesAfterEvent;
    const bool pick_changed =
        picked_before != std::make_pair(document_.hovered(), document_.selected());

    UiActions actions;
    if (presentation_.active())
      present_frame(ctx, viewport, actions);
    else
      draw_panels(ctx, viewport, actions);
    draw_find(presentation_.active() ? PanelContext{ctx.fonts, ctx.scale * 1.5f, 1.5f} : ctx,
              viewport);
    read_keys(actions);
    apply(actions);
    autosave();

    const LoadProgress now = loader_.progress();
    if (presentation_.active()) {
      const Scene& shown =
          presentation_.scene(document_.scene(), document_.map_revision(), document_.selected());
      render::clear_window_surface(window_.framebuffer_width(), window_.framebuffer_height(),
                                   shown.background);
      ++map_frames_[static_cast<int>(view_.draw(*renderer_, shown, presentation_.map_revision(),
                                                presentation_.revision(),
                                                window_.framebuffer_height()))];
    } else {
      render::clear_window_surface(window_.framebuffer_width(), window_.framebuffer_height(),
                                   document_.scene().background);
      ++map_frames_[static_cast<int>(
          view_.draw(*renderer_, document_, window_.framebuffer_height()))];
    }
    window_.render_imgui();

    // The screenshot hook counts frames only once nothing is loading, so it shows the result.
    const bool table_pending = table_future_.valid() || pending_spec_.has_value() ||
                               (args_.table && !table_requested_ && !document_.empty());
    const bool settled =
        !now.busy && !loader_.progress().busy && !table_pending && !view_.labels_pending();
    settled_frames = settled ? settled_frames + 1 : 0;
    const bool timed_out =
        std::chrono::duration<double>(Clock::now() - started).count() > kScreenshotTimeoutSeconds;
    if (screenshot_mode && (settled_frames >= args_.screenshot_frames || timed_out)) {
      save_back_buffer_png(*args_.screenshot_path, window_.framebuffer_width(),
                           window_.framebuffer_height());
      std::printf("devomap: screenshot %s (%dx%d)\n", args_.screenshot_path->c_str(),
                  window_.framebuffer_width(), window_.framebuffer_height());
      if (timed_out) {
        std::fprintf(stderr, "devomap: screenshot taken after %.0f s while still loading\n",
                     kScreenshotTimeoutSeconds);
        return 1;
      }
      return 0;
    }
    window_.swap();
    if (pick_changed)
      pick_response_ms_ = std::chrono::duration<double, std::milli>(Clock::now() - woke_).count();
    ++frames_drawn_;

    if (frames_since_load_ >= 0) ++frames_since_load_;
    if (args_.ready_file && frames_since_load_ >= 2 && !document_.empty()) write_ready_file();
    if (frames_to_draw_ > 0) --frames_to_draw_;
  }
  if (autosave_) autosave_->close();  // closed normally: nothing to restore next time
  return 0;
}

}  // namespace

int run_app(int argc, char** argv) {
  AppArgs args;
  try {
    args = parse_app_args(argc, argv);
  } catch (const UserError& e) {
    std::fprintf(stderr, "devomap: %s\n", e.what());
    return 2;
  }
  try {
    App app(std::move(args));
    return app.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "devomap: %s\n", e.what());
    return 1;
  }
}

}  // namespace devomap::ui
