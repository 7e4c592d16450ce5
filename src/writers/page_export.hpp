#pragma once
// Vector exports of a map page: SVG from our own writer (also inside an interactive HTML page)
// and PDF through Cairo. Both draw the same PageLayout (core/page_layout.hpp) as the PNG export,
// with the scene's exact colours, so the formats look the same. Files appear atomically
// (core/atomic_file.hpp).
#include <filesystem>
#include <string>
#include <vector>

#include "core/font.hpp"
#include "core/page_layout.hpp"
#include "core/scene.hpp"

namespace devomap::writers {

struct ExportOptions {
  bool overwrite = false;  // replace an existing file (the CLI's --force)
  std::string title;       // document title (SVG <title>, PDF metadata); may be empty
  // A description of the map for readers who cannot see it (SVG <desc>, PDF subject, the HTML
  // page's aria-label); may be empty.
  std::string alt_text;
};

// The SVG document: one <path> per area (data-code, data-name, a <title>), layers as <g>,
// fills equal to the scene's colours, even-odd holes, coordinates rounded to 0.01 px, text as
// <text> in DejaVu Sans. Areas wholly outside the map frame are left out.
std::string svg_document(const Scene& scene, const PageLayout& page, const FontSet& fonts,
                         const std::string& title = {});
// The same with a <desc> of options.alt_text after the <title>.
std::string svg_document(const Scene& scene, const PageLayout& page, const FontSet& fonts,
                         const ExportOptions& options);

// Writes svg_document() to `path`. Throws UserError naming the file (exists without
// overwrite, folder missing or not writable, disk full); never leaves a partial file.
void write_svg(const std::filesystem::path& path, const Scene& scene, const PageLayout& page,
               const FontSet& fonts, const ExportOptions& options);

// One self-contained HTML page that opens offline (no external URL): the SVG document inline,
// with a tooltip that names the area under the pointer with its code and value (data-value,
// from SceneLayer::values), and the alt text as the map's aria-label and a description below.
// Small inline CSS and script only.
std::string html_document(const Scene& scene, const PageLayout& page, const FontSet& fonts,
                          const ExportOptions& options);

// Writes html_document() to `path`. Same errors as write_svg.
void write_html(const std::filesystem::path& path, const Scene& scene, const PageLayout& page,
                const FontSet& fonts, const ExportOptions& options);

// Where a map's alt text goes: beside it, as FILE.alt.txt ("map.png" -> "map.png.alt.txt").
std::filesystem::path alt_text_path(const std::filesystem::path& map_file);
// Writes the alt text (one paragraph and a newline), atomically. Same errors as write_svg.
void write_alt_text(const std::filesystem::path& path, const std::string& text, bool overwrite);

// Writes the page as a one-page PDF at its physical size (pixels / DPI), text as text with the
// DejaVu Sans subsets embedded. Same errors as write_svg.
void write_pdf(const std::filesystem::path& path, const Scene& scene, const PageLayout& page,
               const FontSet& fonts, const ExportOptions& options);
// Several pages in one PDF (a deck of views), each at its own size.
struct PdfPage {
  const Scene* scene = nullptr;
  const PageLayout* page = nullptr;
};
void write_pdf_pages(const std::filesystem::path& path, const std::vector<PdfPage>& pages,
                     const FontSet& fonts, const ExportOptions& options);

}  // namespace devomap::writers
