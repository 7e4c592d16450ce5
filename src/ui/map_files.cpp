#include "ui/map_files.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/alt_text.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "export/page_export.hpp"
#include "io/devolution_map.hpp"
#include "output/map_spec_file.hpp"
#include "render/scene_renderer.hpp"
#include "ui/document_spec.hpp"

namespace devomap::ui {
namespace {

// The alt text goes beside every export, as `devomap render` writes it.
void write_alt_text_beside(const output::ExportRequest& request) {
  if (!request.alt_text.empty())
    exports::write_alt_text(exports::alt_text_path(request.out), request.alt_text,
                            request.overwrite);
}

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

}  // namespace

MapFiles::~MapFiles() {
  if (writing_.valid()) writing_.wait();
}

PageSpec MapFiles::page() const {
  PageSpec page;
  if (form_.paper == 1) page.paper = Paper::A4;
  if (form_.paper == 2) page.paper = Paper::A3;
  if (form_.paper == 3) page.paper = Paper::Slide;
  page.width_px = form_.width;
  page.height_px = form_.height;
  page.dpi = form_.dpi;
  page.landscape = form_.landscape;
  return page;
}

LayoutSpec MapFiles::layout(const MapDocument& document) const {
  LayoutSpec layout;
  layout.title = form_.title_edited ? form_.title : default_page_title(document);
  layout.subtitle = form_.subtitle;
  layout.source = form_.source;
  layout.legend = form_.legend;
  layout.scale_bar = form_.scale_bar;
  layout.north_arrow = form_.north_arrow;
  layout.labels = form_.labels;
  layout.london_inset = form_.london_inset;
  return layout;
}

void MapFiles::set_from_spec(const MapSpec& spec) {
  const PageSpec& p = spec.page;
  form_.paper = !p.paper ? 0 : *p.paper == Paper::A4 ? 1 : *p.paper == Paper::A3 ? 2 : 3;
  form_.width = p.width_px;
  form_.height = p.height_px;
  form_.dpi = p.dpi;
  form_.landscape = p.landscape;
  form_.title_edited = !spec.default_title;
  if (!spec.default_title) form_.title = spec.layout.title;
  form_.subtitle = spec.layout.subtitle;
  form_.source = spec.layout.source;
  form_.legend = spec.layout.legend;
  form_.scale_bar = spec.layout.scale_bar;
  form_.north_arrow = spec.layout.north_arrow;
  form_.labels = spec.layout.labels;
  form_.london_inset = spec.layout.london_inset;
  views_ = spec.views;
  base_style_ = spec.style;
  current_view_ = -1;
}

void MapFiles::draw_view_picker(const PanelContext& ctx, const MapDocument& document) {
  if (views_.empty()) return;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(150.0f * ctx.scale);
  const char* shown = current_view_ >= 0 && current_view_ < static_cast<int>(views_.size())
                          ? views_[current_view_].name.c_str()
                          : "Go to view";
  if (!ImGui::BeginCombo("##views", shown)) return;
  for (int i = 0; i < static_cast<int>(views_.size()); ++i) {
    if (!ImGui::Selectable(views_[i].name.c_str(), i == current_view_)) continue;
    current_view_ = i;
    const SpecView& v = views_[i];
    ViewRequest request;
    request.extent = v.extent;
    request.style = document.devolution() ? output::default_map_style(document.devolution()->map,
                                                                      base_style_, &v.style)
                                          : output::layer_style(base_style_, &v.style);
    view_request_ = std::move(request);
  }
  ImGui::EndCombo();
}

void MapFiles::report(const std::string& message, bool error) {
  message_ = message;
  message_error_ = error;
  std::fprintf(error ? stderr : stdout, "devomap: %s\n", message.c_str());
  std::fflush(error ? stderr : stdout);
}

void MapFiles::page_fields(const PanelContext& ctx) {
  static const char* const kPapers[] = {"Exact size in pixels", "A4", "A3", "Slide (16:9)"};
  field_label(ctx, "Page");
  const int before = form_.paper;
  if (ImGui::Combo("##export-paper", &form_.paper, kPapers, IM_ARRAYSIZE(kPapers))) {
    // Print resolution on paper, screen pixels otherwise, as on the command line.
    if (before == 0 && form_.paper != 0 && form_.dpi == 96) form_.dpi = 300;
    if (before != 0 && form_.paper == 0 && form_.dpi == 300) form_.dpi = 96;
  }
  if (form_.paper == 0) {
    field_label(ctx, "Width px");
    ImGui::InputInt("##export-width", &form_.width, 100);
    field_label(ctx, "Height px");
    ImGui::InputInt("##export-height", &form_.height, 100);
    form_.width = std::clamp(form_.width, 1, 32768);
    form_.height = std::clamp(form_.height, 1, 32768);
  } else if (form_.paper != 3) {
    ImGui::Dummy(ImVec2(0, 0));
    ImGui::SameLine(90.0f * ctx.scale);
    ImGui::Checkbox("Landscape", &form_.landscape);
  }
  field_label(ctx, "DPI");
  ImGui::InputInt("##export-dpi", &form_.dpi, 24);
  form_.dpi = std::clamp(form_.dpi, kMinDpi, kMaxDpi);
}

void MapFiles::start_export(const MapDocument& document, const Bounds& extent, bool overwrite) {
  const MapLayer* data = document.data_layer();
  if (!data) return;
  try {
    const std::filesystem::path out = form_.export_path;
    const output::ExportFormat format = output::export_format(out);
    if (!overwrite && std::filesystem::exists(out)) {
      confirm_export_ = form_.export_path;
      message_.clear();
      return;
    }
    output::ExportRequest request =
        export_request_for(document, out, page(), layout(document), overwrite);
    page_size(request.page);  // a bad size fails now
    check_output_path(exports::alt_text_path(out), overwrite);
    Scene scene = document.export_scene();  // true colours, whatever the preview shows
    scene.hovered.reset();
    scene.selected.reset();
    // As `devomap render` does: each area's value for SVG/HTML, and the drafted alt text.
    for (SceneLayer& layer : scene.layers)
      if (layer.layer == data->layer) {
        layer.values = area_value_texts(*data->layer, data->spec, data->style);
        layer.numbers = area_numbers(*data->layer, data->spec);
      }
    request.alt_text =
        draft_alt_text(*data->layer, data->spec, data->style,
                       request.layout.title.empty() ? document.title() : request.layout.title);
    if (const io::DefaultMap* map = document.devolution())
      request.alt_text += " " + io::default_map_alt_note(map->map);
    const MapUnits units = map_units_of(data->layer->display_crs);
    started_ = std::chrono::steady_clock::now();
    message_.clear();
    if (format == output::ExportFormat::Png) {
      png_pending_ = true;
      png_request_ = std::move(request);
      png_scene_ = std::move(scene);
      png_extent_ = extent;
      png_units_ = units;
      return;
    }
    // Vector pages need no GL: laid out and written off the UI thread. The scene's layers are
    // shared and never changed, so the copy stays valid whatever the user does meanwhile.
    writing_ = std::async(std::launch::async, [scene = std::move(scene), extent, units, request] {
      const PageLayout page = output::layout_export(scene, extent, units, request);
      output::write_vector_page(scene, page, request);
      write_alt_text_beside(request);
      return "exported " + request.out.string() + " (" +
             output::describe_page(request.page, page.page) + ")";
    });
  } catch (const std::exception& e) {
    report(e.what(), true);
  }
}

void MapFiles::poll() {
  if (!writing_.valid() || writing_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return;
  try {
    report(writing_.get(), false);
  } catch (const std::exception& e) {
    report(e.what(), true);
  }
}

void MapFiles::draw_export(const PanelContext& ctx, const MapDocument& document) {
  ImGui::Separator();
  ImGui::TextUnformatted("Export the map as you see it");
  field_label(ctx, "File");
  ImGui::InputTextWithHint("##export-path", ".png, .svg or .pdf", &form_.export_path);
  export_path_ = item_centre<Spot>();
  page_fields(ctx);
  if (!form_.title_edited) form_.title = default_page_title(document);
  field_label(ctx, "Title");
  if (ImGui::InputText("##export-title", &form_.title)) form_.title_edited = true;
  field_label(ctx, "Subtitle");
  ImGui::InputText("##export-subtitle", &form_.subtitle);
  field_label(ctx, "Source");
  ImGui::InputTextWithHint("##export-source", "(the licence line is added)", &form_.source);
  ImGui::Checkbox("Legend", &form_.legend);
  ImGui::SameLine();
  ImGui::Checkbox("Scale bar", &form_.scale_bar);
  ImGui::SameLine();
  ImGui::Checkbox("North arrow", &form_.north_arrow);
  ImGui::Checkbox("Area names", &form_.labels);
  ImGui::SameLine();
  ImGui::Checkbox("London inset", &form_.london_inset);
}

void MapFiles::draw_save(const PanelContext& ctx, const MapDocument& document, const Bounds& extent,
                         const std::optional<std::string>& table_path) {
  ImGui::Separator();
  ImGui::TextUnformatted("Save the map as a spec (layers, table, style, view)");
  field_label(ctx, "File");
  ImGui::InputTextWithHint("##spec-path", "map.json", &form_.spec_path);
  spec_path_ = item_centre<Spot>();
  ImGui::TextColored(kMuted,
                     "Open it again with devomap FILE.json, or render it with\n"
                     "devomap render FILE.json --out map.png");
  const auto save = [&](bool overwrite) {
    try {
      const std::filesystem::path path = form_.spec_path;
      if (!overwrite && std::filesystem::exists(path)) {
        confirm_save_ = form_.spec_path;
        message_.clear();
        return;
      }
      MapSpec spec = spec_from_document(document, table_path, extent, page(), layout(document));
      spec.views = views_;
      output::write_map_spec(path, spec, overwrite);
      report("saved the map spec " + path.string(), false);
    } catch (const std::exception& e) {
      report(e.what(), true);
    }
  };
  // The deck: the view on screen now, with its style, added under a name.
  field_label(ctx, "View name");
  ImGui::InputTextWithHint("##view-name", "e.g. North West", &view_name_);
  const bool taken = std::any_of(views_.begin(), views_.end(),
                                 [&](const SpecView& v) { return v.name == view_name_; });
  ImGui::BeginDisabled(view_name_.empty() || !document.data_layer());
  if (ImGui::Button(taken ? "Replace this view" : "Add this view")) {
    if (base_style_.empty()) base_style_ = StylePatch::full(document.data_layer()->spec);
    SpecView view{view_name_, extent, StylePatch::full(document.data_layer()->spec)};
    auto it = std::find_if(views_.begin(), views_.end(),
                           [&](const SpecView& v) { return v.name == view_name_; });
    if (it != views_.end())
      *it = std::move(view);
    else
      views_.push_back(std::move(view));
    view_name_.clear();
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextColored(kMuted, "%zu view%s in the spec", views_.size(),
                     views_.size() == 1 ? "" : "s");
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

void MapFiles::frame(const PanelContext& ctx, const MapDocument& document,
                     const MapViewport& viewport, const Bounds& extent,
                     const std::optional<std::string>& table_path,
                     render::SceneRenderer& renderer) {
  poll();
  save_button_ = export_button_ = export_path_ = export_go_ = save_go_ = spec_path_ = Spot{};
  if (document.empty()) return;
  const float margin = 10.0f * ctx.scale;
  ImGui::SetNextWindowPos(ImVec2(viewport.x + margin, viewport.y + margin), ImGuiCond_Always);
  if (form_.show_export || form_.show_save)
    ImGui::SetNextWindowSize(ImVec2(360.0f * ctx.scale, 0), ImGuiCond_Always);
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
  draw_view_picker(ctx, document);
  if (form_.show_save) draw_save(ctx, document, extent, table_path);
  if (form_.show_export) {
    draw_export(ctx, document);
    if (busy()) {
      ImGui::Text("Exporting %s ... %.1f s", form_.export_path.c_str(), seconds_since(started_));
      ImGui::ProgressBar(static_cast<float>(std::fmod(seconds_since(started_), 1.0)), ImVec2(-1, 0),
                         "");
    } else if (confirm_export_ && *confirm_export_ == form_.export_path) {
      ImGui::TextWrapped("%s exists. Replace it?", confirm_export_->c_str());
      push_primary_button();
      const bool replace = ImGui::Button("Replace##export");
      export_go_ = item_centre<Spot>();
      pop_primary_button();
      if (replace) {
        confirm_export_.reset();
        start_export(document, extent, true);
      }
      ImGui::SameLine();
      if (ImGui::Button("Cancel##export")) confirm_export_.reset();
    } else {
      confirm_export_.reset();
      push_primary_button();
      const bool go = ImGui::Button("Export");
      export_go_ = item_centre<Spot>();
      pop_primary_button();
      if (go) start_export(document, extent, false);
    }
  }
  if ((form_.show_export || form_.show_save) && !message_.empty() && !busy()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 340.0f * ctx.scale);
    ImGui::TextColored(message_error_ ? kError : kMuted, "%s", message_.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();

  // The PNG renders a frame after it was asked for, so the progress shows first.
  if (png_pending_ && seconds_since(started_) > 0.05) {
    png_pending_ = false;
    try {
      const PageLayout page =
          output::layout_export(png_scene_, png_extent_, png_units_, png_request_);
      auto image = std::make_shared<render::Image>(
          output::render_png_page(renderer, png_scene_, page, png_request_));
      writing_ = std::async(std::launch::async, [image, page, request = png_request_] {
        output::write_png_page(*image, page, request);
        write_alt_text_beside(request);
        return "exported " + request.out.string() + " (" +
               output::describe_page(request.page, page.page) + ")";
      });
    } catch (const std::exception& e) {
      report(e.what(), true);
    }
    png_scene_ = Scene{};
  }
}

}  // namespace devomap::ui

namespace devomap::ui {

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
  if (confirm_export_ || confirm_save_) out += ", \"confirm_replace\": true";
  return out;
}

}  // namespace devomap::ui
