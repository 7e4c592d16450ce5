#pragma once
// Vector exports of a map page: SVG from our own writer and PDF through Cairo. Both draw the
// same PageLayout (core/page_layout.hpp) as the PNG export, with the scene's exact colours, so
// the three formats look the same. Files appear atomically (export/atomic_file.hpp).
#include <filesystem>
#include <string>

#include "core/font.hpp"
#include "core/page_layout.hpp"
#include "core/scene.hpp"

namespace devomap::exports {

struct ExportOptions {
  bool overwrite = false;  // replace an existing file (the CLI's --force)
  std::string title;       // document title (SVG <title>, PDF metadata); may be empty
};

// The SVG document: one <path> per area (data-code, data-name, a <title>), layers as <g>,
// fills equal to the scene's colours, even-odd holes, coordinates rounded to 0.01 px, text as
// <text> in DejaVu Sans. Areas wholly outside the map frame are left out.
std::string svg_document(const Scene& scene, const PageLayout& page, const FontSet& fonts,
                         const std::string& title = {});

// Writes svg_document() to `path`. Throws UserError naming the file (exists without
// overwrite, folder missing or not writable, disk full); never leaves a partial file.
void write_svg(const std::filesystem::path& path, const Scene& scene, const PageLayout& page,
               const FontSet& fonts, const ExportOptions& options);

// Writes the page as a one-page PDF at its physical size (pixels / DPI), text as text with the
// DejaVu Sans subsets embedded. Same errors as write_svg.
void write_pdf(const std::filesystem::path& path, const Scene& scene, const PageLayout& page,
               const FontSet& fonts, const ExportOptions& options);

}  // namespace devomap::exports
