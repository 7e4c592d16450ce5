#pragma once
// The body of `devomap render`: a map spec (read from a file, or built from the options, which
// override a file's values) is loaded, joined, styled and written as one page, or as an atlas
// of pages (--each FIELD), and optionally saved as a spec again (--save-spec).
#include <filesystem>
#include <optional>
#include <string>

#include "core/map_spec.hpp"

namespace devomap::cli {

struct RenderJob {
  MapSpec spec;
  std::optional<std::string> view;  // a view of the spec to draw (its camera and style)
  std::filesystem::path out;        // with --each: a pattern holding {value} and/or {name}
  bool force = false;
  std::string each;  // atlas field; "" for one map
  // Every view of the spec: one multi-page PDF, or a file per view ({view} in out).
  bool deck = false;
  std::filesystem::path save_spec;  // "" for none
  std::string data_dir;             // --data-dir, for the default map
  // The map's alt text (--alt-text); empty: drafted from the map (core/alt_text.hpp).
  std::string alt_text;
};

// Throws UserError (a missing view, file, field, an output that exists without --force, ...).
void render_job(const RenderJob& job);

}  // namespace devomap::cli
