#include "cli/render_spec.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <memory>
#include <vector>

#include "core/atlas.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/page_layout.hpp"
#include "core/scene.hpp"
#include "data/data_dir.hpp"
#include "session/map_session.hpp"
#include "session/map_spec_file.hpp"
#include "writers/page_export.hpp"

namespace devomap::cli {
namespace {

namespace fs = std::filesystem;

// What opening the map found (repaired polygons, notes of the table), and how the table
// joined: a poor match must not pass silently into a map.
void report(const session::Messages& messages, const session::MapDocument& document) {
  for (const session::Message& m : messages)
    std::cerr << "devomap: "
              << (m.level == session::Message::Level::Warning ? "warning: " : "note: ") << m.text
              << "\n";
  const auto& join = document.table_join();
  if (!join) return;
  const JoinReport& report = join->report;
  for (const std::string& note : report.notes) std::cerr << "devomap: note: " << note << "\n";
  // As `devomap join` reports them: rows merged on one area and how each column combined.
  if (!report.merged.empty()) {
    std::cerr << "devomap: note: " << report.merged.size()
              << (report.merged.size() == 1 ? " area takes" : " areas take")
              << " several rows (merged districts); columns combined:";
    for (std::size_t i = 0; i < report.combine_rules.size(); ++i) {
      const ColumnCombine& c = report.combine_rules[i];
      std::cerr << (i ? "; " : " ") << c.column << " = " << to_string(c.rule) << " (" << c.why
                << ")";
    }
    std::cerr << "\n";
  }
  if (!report.duplicate_keys.empty())
    std::cerr << "devomap: warning: " << report.duplicate_keys.size()
              << " keys appear in more than one row of " << report.origin
              << "; the first row of each is used (see `devomap join` for the list)\n";
  std::cerr << "devomap: joined " << report.origin << ": " << report.matched << " of "
            << report.layer_features << " areas matched by " << report.layer_key << " = "
            << report.table_key << "; " << report.unmatched_table.size()
            << " table rows matched no area\n";
  // A map of nothing but "no data" is not what was asked for: exit 1.
  if (report.matched == 0)
    throw UserError(no_match_hint(report),
                    report.suggested ? Remedy::ChooseTableKey : Remedy::None);
  if (poor_match(report))
    std::cerr << "devomap: warning: only " << report.matched << " of " << report.layer_features
              << " areas matched " << report.origin
              << "; the others show no data (see `devomap join` for the full report)\n";
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// One map per distinct value of job.each, zoomed to its areas with the others dimmed.
void render_atlas(const RenderJob& job, const session::ExportJob& whole, const Layer& layer) {
  const Scene& scene = whole.scene;
  const session::ExportRequest& base = whole.request;
  std::size_t data_index = 0;
  for (std::size_t i = 0; i < scene.layers.size(); ++i)
    if (scene.layers[i].layer.get() == &layer) data_index = i;
  const std::string pattern = job.out.string();
  if (!has_atlas_placeholder(pattern))
    throw UserError("--out " + pattern + " names one file, but --each " + job.each +
                    " makes one map per value; put {value} or {name} in it, e.g. --out "
                    "'maps/{value}.png'");
  AtlasGroups atlas;
  try {
    atlas = atlas_groups(layer, job.each);
  } catch (const UserError& e) {
    throw UserError("--each: " + std::string(e.what()));  // the option that asked for it
  }
  if (atlas.groups.empty())
    throw UserError("--each " + job.each + ": no area of " + layer.source_path +
                    " has a value in that field; pick a field with values");

  // Every file name first: two values that make one name, or files already there, stop the
  // atlas before any map is written.
  std::vector<fs::path> paths;
  std::map<fs::path, std::string> taken;
  std::size_t existing = 0;
  fs::path first_existing;
  for (const AtlasGroup& g : atlas.groups) {
    const fs::path p = fill_atlas_pattern(pattern, g.value, g.name);
    if (const auto it = taken.find(p); it != taken.end())
      throw UserError("--out " + pattern + ": the values '" + it->second + "' and '" + g.value +
                      "' both give the file name " + p.string() + "; use {value} in --out");
    taken.emplace(p, g.value);
    // The alt text goes beside each map (FILE.alt.txt) and must not replace a file either.
    const bool here =
        fs::exists(p) || (!base.alt_text.empty() && fs::exists(writers::alt_text_path(p)));
    if (here && !existing++) first_existing = p;
    paths.push_back(p);
  }
  if (existing && !job.force)
    throw UserError(std::to_string(existing) + " of the " + std::to_string(paths.size()) +
                    " atlas files exist already (" + first_existing.string() +
                    " is one); add --force to replace them, or choose another --out");
  // The atlas's folder is made for it ("maps/{value}.png" into a new maps/).
  for (const fs::path& p : paths)
    if (p.has_parent_path() && !fs::exists(p.parent_path())) {
      std::error_code ec;
      fs::create_directories(p.parent_path(), ec);
      if (ec)
        throw UserError("cannot create the folder " + p.parent_path().string() + " for " +
                        p.string() + ": " + ec.message());
    }

  const bool title_has = has_atlas_placeholder(base.layout.title);
  const bool subtitle_has = has_atlas_placeholder(base.layout.subtitle);
  // Small areas still show their surroundings: at least 4 % of the whole layer across.
  const double min_side = std::max(layer.bounds.width(), layer.bounds.height()) * 0.04;
  session::Exporter exporter;
  std::vector<std::string> notes_seen;
  for (std::size_t i = 0; i < atlas.groups.size(); ++i) {
    const AtlasGroup& g = atlas.groups[i];
    Scene page_scene = scene;
    std::vector<Rgba>& fills = page_scene.layers[data_index].fills;
    std::vector<bool> in_group(fills.size(), false);
    for (std::size_t a : g.areas) in_group[a] = true;
    for (std::size_t a = 0; a < fills.size(); ++a)
      if (!in_group[a]) fills[a] = dimmed_fill(fills[a]);

    session::ExportRequest request = base;
    request.out = paths[i];
    const auto fill = [&](const std::string& text) {
      return replace_all(replace_all(text, "{value}", g.value), "{name}", g.name);
    };
    request.layout.title = fill(base.layout.title);
    request.layout.subtitle = fill(base.layout.subtitle);
    if (!title_has && !subtitle_has) {
      // Each page says which place it is.
      if (request.layout.title.empty())
        request.layout.title = g.name;
      else
        request.layout.subtitle =
            g.name +
            (request.layout.subtitle.empty() ? "" : " \xE2\x80\x94 " + request.layout.subtitle);
    }
    const PageLayout page = exporter.export_map(page_scene, atlas_extent(g.bounds, 0.08, min_side),
                                                map_units_of(layer.display_crs), request, true);
    for (const std::string& note : page.notes)
      if (std::find(notes_seen.begin(), notes_seen.end(), note) == notes_seen.end()) {
        std::cerr << "devomap: note: " << note << "\n";
        notes_seen.push_back(note);
      }
    std::cout << "wrote " << paths[i].string() << ": " << g.name
              << (g.name != g.value ? " (" + g.value + ")" : std::string()) << ", "
              << g.areas.size() << (g.areas.size() == 1 ? " area" : " areas") << "\n";
  }
  std::cout << "atlas: " << atlas.groups.size() << " maps, one per " << job.each << " value ("
            << session::describe_page(base.page, page_size(base.page)) << ")";
  if (atlas.no_value)
    std::cout << "; " << atlas.no_value << (atlas.no_value == 1 ? " area has" : " areas have")
              << " no " << job.each << " and appear only as context";
  std::cout << "\n";
}

// Every view of the spec's deck, in order: one PDF of a page per view, or a file per view.
void render_deck(const RenderJob& job, session::MapSession& map) {
  const std::vector<SpecView>& views = job.spec.views;
  if (views.empty())
    throw UserError(
        "--deck: the spec has no views; add them with Save map... > Add this view in "
        "the window, or as \"views\" in the spec");
  const std::string pattern = job.out.string();
  const bool one_pdf = pattern.find("{view}") == std::string::npos;
  if (one_pdf && session::export_format(job.out) != session::ExportFormat::Pdf)
    throw UserError("--deck --out " + pattern +
                    ": one file holds a deck only as a PDF; use "
                    "--out deck.pdf, or put {view} in --out for a file per view, e.g. "
                    "'slides/{view}.png'");
  std::vector<session::ExportJob> pages;
  std::vector<fs::path> paths;
  for (const SpecView& view : views) {
    map.apply_style(job.spec, &view);
    const Bounds extent = view.extent ? *view.extent : map.default_extent();
    const fs::path out =
        one_pdf ? job.out : fs::path(replace_all(pattern, "{view}", file_name_safe(view.name)));
    session::ExportJob page = map.export_job(out, job.force, extent, job.alt_text);
    // Each page says which view it is: its title, or under the spec's own title.
    auto& layout = page.request.layout;
    if (layout.title.empty())
      layout.title = view.name;
    else
      layout.subtitle =
          view.name + (layout.subtitle.empty() ? "" : " \xE2\x80\x94 " + layout.subtitle);
    if (std::find(paths.begin(), paths.end(), out) != paths.end() && !one_pdf)
      throw UserError("--out " + pattern + ": two views give the file name " + out.string() +
                      "; give the views different names");
    paths.push_back(out);
    // Every file is checked before any is written (its folder is made below).
    if (!one_pdf && !job.force && (fs::exists(out) || fs::exists(writers::alt_text_path(out))))
      throw UserError(out.string() +
                      " exists already; add --force to replace the deck's "
                      "files, or choose another --out");
    pages.push_back(std::move(page));
  }
  if (one_pdf) {
    session::export_pdf_deck(pages, job.out, job.force);
    return;
  }
  session::Exporter exporter;
  for (const session::ExportJob& page : pages) {
    const fs::path& out = page.request.out;
    if (out.has_parent_path() && !fs::exists(out.parent_path())) {
      std::error_code ec;
      fs::create_directories(out.parent_path(), ec);
      if (ec)
        throw UserError("cannot create the folder " + out.parent_path().string() + ": " +
                        ec.message());
    }
    exporter.run(page, false);
  }
}

}  // namespace

void render_job(const RenderJob& job) {
  const SpecView* view = nullptr;
  if (job.view) {
    view = job.spec.find_view(*job.view);
    if (!view) {
      std::string names;
      for (const SpecView& sv : job.spec.views) names += (names.empty() ? "" : ", ") + sv.name;
      throw UserError("--view " + *job.view + ": the spec has no such view" +
                      (names.empty() ? std::string("; it has no views") : "; it has " + names));
    }
  }

  if (job.deck && (job.view || !job.each.empty()))
    throw UserError("--deck draws every view of the spec; leave out --view and --each");
  // Refuse early, before the slow work, when an output exists (the writers check again).
  session::export_format(job.out);
  if (job.each.empty() && !job.deck) {
    check_output_path(job.out, job.force);
    check_output_path(writers::alt_text_path(job.out), job.force);
  }
  if (!job.save_spec.empty()) check_output_path(job.save_spec, job.force);
  page_size(job.spec.page);  // a bad DPI fails now, not after loading

  session::Messages messages;
  session::MapSession map =
      session::open_spec_now(job.spec, data::resolve_data_dir(job.data_dir), view, messages);
  report(messages, map.document());
  if (job.deck) {
    render_deck(job, map);
    return;
  }
  const Bounds extent = map.default_extent();
  const session::ExportJob page = map.export_job(job.out, job.force, extent, job.alt_text);
  if (job.each.empty())
    session::Exporter().run(page, false);
  else
    render_atlas(job, page, *map.document().data_layer()->layer);

  if (!job.save_spec.empty()) {
    // What was drawn, with every style member spelled out, so the spec renders the same map
    // even if defaults change; the source line stays the user's (attribution is added anew).
    session::write_map_spec(job.save_spec, map.to_spec(extent), job.force);
    std::cout << "wrote " << job.save_spec.string() << " (map spec)\n";
  }
}

}  // namespace devomap::cli
