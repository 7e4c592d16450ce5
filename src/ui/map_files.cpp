#include "ui/map_files.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/error.hpp"
#include "session/map_spec_file.hpp"
#include "ui/format.hpp"
#include "writers/page_export.hpp"

namespace devomap::ui {
namespace {

const ImVec4 kError(0.78f, 0.16f, 0.12f, 1.0f);
const ImVec4 kMuted(0.45f, 0.47f, 0.52f, 1.0f);

template <typename SpotT>
SpotT item_centre() {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  return SpotT{(a.x + b.x) / 2, (a.y + b.y) / 2};
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// A label column and a field filling the rest of a fixed-width form.
void field_label(const PanelContext& ctx, const char* label) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine(90.0f * ctx.scale);
  ImGui::SetNextItemWidth(-1);
}

int paper_index(const PageSpec& page) {
  if (!page.paper) return 0;
  return *page.paper == Paper::A4 ? 1 : *page.paper == Paper::A3 ? 2 : 3;
}

}  // namespace

MapFiles::~MapFiles() {
  if (progress_) progress_->cancel = true;
  if (running_.valid()) running_.wait();
}

void MapFiles::draw_view_picker(const PanelContext& ctx, const session::MapSession& session) {
  const std::vector<SpecView>& views = session.views;
  if (views.empty()) return;
  // Beside the buttons, or under them when an open form fixes the width.
  if (!form_.show_export && !form_.show_save) ImGui::SameLine();
  ImGui::SetNextItemWidth(150.0f * ctx.scale);
  const char* shown = current_view_ >= 0 && current_view_ < static_cast<int>(views.size())
                          ? views[current_view_].name.c_str()
                          : "Go to view";
  if (!ImGui::BeginCombo("##views", shown)) return;
  for (int i = 0; i < static_cast<int>(views.size()); ++i) {
    if (!ImGui::Selectable(views[i].name.c_str(), i == current_view_)) continue;
    current_view_ = i;
    view_request_ = ViewRequest{views[i].extent, session.view_style(views[i])};
  }
  ImGui::EndCombo();
}

void MapFiles::report(const std::string& message, bool error) {
  message_ = message;
  message_error_ = error;
  std::fprintf(error ? stderr : stdout, "devomap: %s\n", message.c_str());
  std::fflush(error ? stderr : stdout);
}

// A combo whose control and open items are recorded for the ready file ("paper", "paper:A4").
bool MapFiles::spotted_combo(const char* id, const char* name,
                             const std::vector<std::string>& items, int& index) {
  bool changed = false;
  const std::string preview = items[static_cast<std::size_t>(index)];
  const bool open = ImGui::BeginCombo(id, preview.c_str());
  named_spots_.emplace_back(name, item_centre<Spot>());
  if (!open) return false;
  for (int i = 0; i < static_cast<int>(items.size()); ++i) {
    const std::string& item = items[static_cast<std::size_t>(i)];
    if (ImGui::Selectable(item.c_str(), i == index) && i != index) {
      index = i;
      changed = true;
    }
    named_spots_.emplace_back(std::string(name) + ":" + item, item_centre<Spot>());
  }
  ImGui::EndCombo();
  return changed;
}

void MapFiles::page_fields(const PanelContext& ctx, session::MapSession& session) {
  PageSpec& page = session.page;
  static const std::vector<std::string> kPapers = {"Exact size in pixels", "A4", "A3",
                                                   "Slide (16:9)"};
  field_label(ctx, "Page");
  const int before = paper_index(page);
  int paper = before;
  if (spotted_combo("##export-paper", "paper", kPapers, paper)) {
    page.paper.reset();
    if (paper == 1) page.paper = Paper::A4;
    if (paper == 2) page.paper = Paper::A3;
    if (paper == 3) page.paper = Paper::Slide;
    // Print resolution on paper, screen pixels otherwise, as on the command line.
    if (before == 0 && paper != 0 && page.dpi == 96) page.dpi = 300;
    if (before != 0 && paper == 0 && page.dpi == 300) page.dpi = 96;
  }
  if (paper == 0) {
    field_label(ctx, "Width px");
    ImGui::InputInt("##export-width", &page.width_px, 100);
    field_label(ctx, "Height px");
    ImGui::InputInt("##export-height", &page.height_px, 100);
    page.width_px = std::clamp(page.width_px, 1, 32768);
    page.height_px = std::clamp(page.height_px, 1, 32768);
  } else if (paper != 3) {
    // The paper turns to the view's shape until the user says which way.
    field_label(ctx, "Turn");
    const std::vector<std::string> turns = {
        std::string("As the view (") + (page.landscape ? "landscape)" : "portrait)"), "Portrait",
        "Landscape"};
    int turn = session.orientation_follows_view ? 0 : page.landscape ? 2 : 1;
    if (spotted_combo("##export-orientation", "orientation", turns, turn)) {
      session.orientation_follows_view = turn == 0;
      if (turn != 0) page.landscape = turn == 2;
    }
  }
  field_label(ctx, "DPI");
  ImGui::InputInt("##export-dpi", &page.dpi, 24);
  page.dpi = std::clamp(page.dpi, kMinDpi, kMaxDpi);
}

// The session's export job runs on a worker: a vector page needs no GL, a PNG draws in the
// window's second context. The job shares only layers, which never change once loaded, so the
// user may go on changing the map meanwhile.
void MapFiles::start_export(const session::MapSession& session, const Bounds& extent,
                            bool overwrite) {
  try {
    const std::filesystem::path out = form_.export_path;
    session::export_format(out);
    // The alt text written beside the map would be replaced too.
    if (!overwrite &&
        (std::filesystem::exists(out) || std::filesystem::exists(writers::alt_text_path(out)))) {
      confirm_export_ = form_.export_path;
      message_.clear();
      return;
    }
    session::ExportJob job = session.export_job(out, overwrite, extent);
    progress_ = std::make_shared<session::ExportProgress>();
    started_ = std::chrono::steady_clock::now();
    running_path_ = form_.export_path;
    message_.clear();
    running_ = std::async(std::launch::async, [job = std::move(job), progress = progress_,
                                               make_context = make_context_] {
      session::Exporter exporter(make_context);
      const PageLayout page = exporter.run(job, true, progress.get());
      return "exported " + job.request.out.string() + " (" +
             session::describe_page(job.request.page, page.page) + ")";
    });
  } catch (const std::exception& e) {
    report(window_message(e), true);
  }
}

void MapFiles::poll() {
  if (!running_.valid() || running_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return;
  try {
    report(running_.get(), false);
  } catch (const Cancelled& e) {
    report(std::string(e.what()) + "; nothing was written", false);
  } catch (const std::exception& e) {
    report(window_message(e), true);
  }
  progress_.reset();
}

void MapFiles::draw_progress(const PanelContext& ctx) {
  const int step = progress_->step.load();
  ImGui::Text("Exporting %s ... %.1f s", running_path_.c_str(), seconds_since(started_));
  ImGui::TextColored(kMuted, "%s%s", session::describe(static_cast<session::ExportStep>(step)),
                     progress_->cancel ? " (cancelling)" : "");
  char label[16];
  std::snprintf(label, sizeof label, "%.0f %%", 100.0f * progress_->fraction());
  ImGui::ProgressBar(progress_->fraction(), ImVec2(-80.0f * ctx.scale, 0), label);
  ImGui::SameLine();
  if (ImGui::Button("Cancel##export-run")) progress_->cancel = true;
  cancel_export_ = item_centre<Spot>();
}

void MapFiles::draw_export(const PanelContext& ctx, session::MapSession& session) {
  ImGui::Separator();
  ImGui::TextUnformatted("Export the map as you see it");
  field_label(ctx, "File");
  ImGui::InputTextWithHint("##export-path", ".png, .svg, .pdf or .html", &form_.export_path);
  export_path_ = item_centre<Spot>();
  page_fields(ctx, session);
  LayoutSpec& layout = session.layout;
  field_label(ctx, "Title");
  if (ImGui::InputText("##export-title", &layout.title)) session.title_follows_map = false;
  field_label(ctx, "Subtitle");
  ImGui::InputText("##export-subtitle", &layout.subtitle);
  field_label(ctx, "Source");
  ImGui::InputTextWithHint("##export-source", "(the licence line is added)", &layout.source);
  ImGui::Checkbox("Legend", &layout.legend);
  named_spots_.emplace_back("legend_checkbox", item_centre<Spot>());
  ImGui::SameLine();
  ImGui::Checkbox("Scale bar", &layout.scale_bar);
  ImGui::SameLine();
  ImGui::Checkbox("North arrow", &layout.north_arrow);
  ImGui::Checkbox("Area names", &layout.labels);
  ImGui::SameLine();
  ImGui::Checkbox("London inset", &layout.london_inset);
}

// The deck's views, in presenting order: rename in place, move up or down, update to what is on
// screen now, delete. Each edit is a step of the history.
void MapFiles::draw_deck(session::MapSession& session, const Bounds& extent, float scale) {
  if (session.views.empty()) return;
  if (renames_.size() != session.views.size()) renames_.assign(session.views.size(), {});
  for (std::size_t i = 0; i < session.views.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    std::string& name = renames_[i];
    ImGui::SetNextItemWidth(150.0f * scale);
    ImGui::InputText("##view", &name);
    const std::string spot = "view:" + std::to_string(i) + ":";
    named_spots_.emplace_back(spot + "name", item_centre<Spot>());
    if (ImGui::IsItemDeactivatedAfterEdit() && name != session.views[i].name) {
      if (session.rename_view(i, name))
        session.record("Rename view");
      else
        report("a view needs a name no other view has", true);
    }
    // Not being typed in: it shows the view's name (after an undo, a refusal, a move).
    if (!ImGui::IsItemActive()) name = session.views[i].name;
    const std::string view_name = session.views[i].name;
    ImGui::SameLine();
    const bool go_up = ImGui::SmallButton("Up");
    named_spots_.emplace_back(spot + "up", item_centre<Spot>());
    if (go_up) {
      session.move_view(i, -1);
      session.record("Move view");
      renames_.clear();
    }
    ImGui::SameLine();
    const bool go_down = ImGui::SmallButton("Down");
    named_spots_.emplace_back(spot + "down", item_centre<Spot>());
    if (go_down) {
      session.move_view(i, +1);
      session.record("Move view");
      renames_.clear();
    }
    ImGui::SameLine();
    const bool go_update = ImGui::SmallButton("Update");
    named_spots_.emplace_back(spot + "update", item_centre<Spot>());
    if (go_update) {
      session.put_view(view_name, extent);  // this view becomes what is on screen
      session.record("Update view");
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Make this view what the map shows now");
    ImGui::SameLine();
    const bool go_delete = ImGui::SmallButton("Delete");
    named_spots_.emplace_back(spot + "delete", item_centre<Spot>());
    if (go_delete) {
      session.remove_view(i);
      session.record("Delete view");
      renames_.clear();
      ImGui::PopID();
      break;
    }
    ImGui::PopID();
  }
}

void MapFiles::draw_save(const PanelContext& ctx, session::MapSession& session,
                         const Bounds& extent) {
  ImGui::Separator();
  ImGui::TextUnformatted("Save the map as a spec (layers, table, style, view)");
  field_label(ctx, "File");
  ImGui::InputTextWithHint("##spec-path", "map.json", &form_.spec_path);
  spec_path_ = item_centre<Spot>();
  ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
  ImGui::TextWrapped(
      "Open it again with devomap FILE.json, or draw it without the window: devomap render "
      "FILE.json --out map.png");
  ImGui::PopStyleColor();
  const auto save = [&](bool overwrite) {
    try {
      const std::filesystem::path path = form_.spec_path;
      if (!overwrite && std::filesystem::exists(path)) {
        confirm_save_ = form_.spec_path;
        message_.clear();
        return;
      }
      session::write_map_spec(path, session.to_spec(extent), overwrite);
      report("saved the map spec " + path.string(), false);
    } catch (const std::exception& e) {
      report(window_message(e), true);
    }
  };
  // The deck: the view on screen now, with its style, added under a name.
  field_label(ctx, "View name");
  ImGui::InputTextWithHint("##view-name", "e.g. North West", &view_name_);
  named_spots_.emplace_back("view_name_field", item_centre<Spot>());
  const bool taken = std::any_of(session.views.begin(), session.views.end(),
                                 [&](const SpecView& v) { return v.name == view_name_; });
  ImGui::BeginDisabled(view_name_.empty() || !session.document().data_layer());
  const bool add = ImGui::Button(taken ? "Replace this view" : "Add this view");
  named_spots_.emplace_back("add_view_button", item_centre<Spot>());
  if (add) {
    session.put_view(view_name_, extent);
    session.record("Add view");
    view_name_.clear();
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextColored(kMuted, "%zu view%s in the spec", session.views.size(),
                     session.views.size() == 1 ? "" : "s");
  draw_deck(session, extent, ctx.scale);
  if (confirm_save_ && *confirm_save_ == form_.spec_path) {
    ImGui::TextWrapped("%s exists. Replace it?", confirm_save_->c_str());
    push_primary_button();
    const bool replace = ImGui::Button("Replace##spec");
    save_go_ = item_centre<Spot>();
    pop_primary_button();
    if (replace) {
      confirm_save_.reset();
      save(true);
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel##spec")) confirm_save_.reset();
  } else {
    confirm_save_.reset();
    push_primary_button();
    const bool go = ImGui::Button("Save");
    save_go_ = item_centre<Spot>();
    pop_primary_button();
    if (go) save(false);
  }
}

void MapFiles::frame(const PanelContext& ctx, session::MapSession& session,
                     const MapViewport& viewport, const Bounds& extent) {
  poll();
  save_button_ = export_button_ = export_path_ = export_go_ = save_go_ = spec_path_ =
      cancel_export_ = undo_button_ = Spot{};
  named_spots_.clear();
  if (session.document().empty()) return;
  // What the forms edit in place, to tell afterwards whether the user changed it this frame
  // (a title that follows the map is not the user's edit).
  if (session.title_follows_map) session.layout.title = session.page_title();
  if (session.orientation_follows_view && session.page.paper && *session.page.paper != Paper::Slide)
    session.page.landscape = suits_landscape(extent);
  const PageSpec page_before = session.page;
  const LayoutSpec layout_before = session.layout;
  const bool follows_before = session.title_follows_map;
  const bool turns_before = session.orientation_follows_view;
  const float margin = 10.0f * ctx.scale;
  ImGui::SetNextWindowPos(ImVec2(viewport.x + margin, viewport.y + margin), ImGuiCond_Always);
  if (form_.show_export || form_.show_save)
    ImGui::SetNextWindowSize(ImVec2(430.0f * ctx.scale, 0), ImGuiCond_Always);
  ImGui::Begin("##mapfiles", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoScrollbar);
  if (ImGui::Button("Save map...")) {
    form_.show_save = !form_.show_save;
    form_.show_export = false;
  }
  save_button_ = item_centre<Spot>();
  ImGui::SameLine();
  if (ImGui::Button("Export...")) {
    form_.show_export = !form_.show_export;
    form_.show_save = false;
  }
  export_button_ = item_centre<Spot>();
  ImGui::SameLine();
  if (ImGui::Button("Find...")) find_request_ = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Find a place by name (Ctrl+F or /)");
  named_spots_.emplace_back("find_button", item_centre<Spot>());
  draw_history_buttons(session);
  draw_view_picker(ctx, session);
  if (form_.show_save) draw_save(ctx, session, extent);
  if (form_.show_export) {
    draw_export(ctx, session);
    if (busy()) {
      draw_progress(ctx);
    } else if (confirm_export_ && *confirm_export_ == form_.export_path) {
      ImGui::TextWrapped("%s exists. Replace it?", confirm_export_->c_str());
      push_primary_button();
      const bool replace = ImGui::Button("Replace##export");
      export_go_ = item_centre<Spot>();
      pop_primary_button();
      if (replace) {
        confirm_export_.reset();
        start_export(session, extent, true);
      }
      ImGui::SameLine();
      if (ImGui::Button("Cancel##export")) confirm_export_.reset();
    } else {
      confirm_export_.reset();
      push_primary_button();
      const bool go = ImGui::Button("Export");
      export_go_ = item_centre<Spot>();
      pop_primary_button();
      if (go) start_export(session, extent, false);
    }
  }
  if ((form_.show_export || form_.show_save) && !message_.empty() && !busy()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 410.0f * ctx.scale);
    ImGui::TextColored(message_error_ ? kError : kMuted, "%s", message_.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
  // An edit of the page or the layout made this frame becomes a step of the history.
  if (!(session.page == page_before) || !(session.layout == layout_before) ||
      session.title_follows_map != follows_before ||
      session.orientation_follows_view != turns_before)
    session.record("Page and layout");
}

void MapFiles::draw_history_buttons(const session::MapSession& session) {
  ImGui::SameLine();
  ImGui::BeginDisabled(!session.can_undo());
  if (ImGui::Button("Undo")) history_request_ = -1;
  undo_button_ = item_centre<Spot>();
  if (session.can_undo() && ImGui::IsItemHovered())
    ImGui::SetTooltip("%s (Ctrl+Z)", session.undo_label().c_str());
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!session.can_redo());
  if (ImGui::Button("Redo")) history_request_ = +1;
  if (session.can_redo() && ImGui::IsItemHovered())
    ImGui::SetTooltip("%s (Ctrl+Shift+Z)", session.redo_label().c_str());
  ImGui::EndDisabled();
}

std::string MapFiles::ready_json() const {
  std::string out;
  const auto add = [&](const char* name, const Spot& s) {
    if (s.x == 0 && s.y == 0) return;
    char buf[96];
    std::snprintf(buf, sizeof buf, ", \"%s\": [%.1f, %.1f]", name, s.x, s.y);
    out += buf;
  };
  add("save_map_button", save_button_);
  add("export_button", export_button_);
  add("export_path_field", export_path_);
  add("export_go_button", export_go_);
  add("spec_path_field", spec_path_);
  add("save_go_button", save_go_);
  add("cancel_export_button", cancel_export_);
  add("undo_button", undo_button_);
  for (const auto& [name, spot] : named_spots_) add(name.c_str(), spot);
  if (confirm_export_ || confirm_save_) out += ", \"confirm_replace\": true";
  if (busy()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, ", \"export_fraction\": %.3f", export_fraction());
    out += buf;
  }
  return out;
}

}  // namespace devomap::ui
