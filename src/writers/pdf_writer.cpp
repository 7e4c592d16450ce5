// PDF export through Cairo: vector paths, text as text in the same DejaVu Sans files the core
// measures with (loaded through FreeType, so Cairo embeds subsets of exactly those fonts), and
// glyphs placed where core/font.hpp's shaping put them, so the layout matches the PNG.
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <cerrno>
#include <cmath>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "writers/page_export.hpp"
#include "writers/page_geometry.hpp"

namespace devomap::writers {

namespace {

// One FreeType library for the process: Cairo caches font faces beyond one export.
FT_Library freetype() {
  static std::once_flag once;
  static FT_Library library = nullptr;
  static FT_Error error = 0;
  std::call_once(once, [] { error = FT_Init_FreeType(&library); });
  if (error)
    throw UserError("the FreeType library could not start (error " + std::to_string(error) +
                    "); reinstall libfreetype6");
  return library;
}

const cairo_user_data_key_t kFaceKey{};

// A Cairo font face for `font`'s file; the FT_Face is freed when Cairo drops the face.
cairo_font_face_t* cairo_face(const Font& font) {
  FT_Face face = nullptr;
  if (FT_New_Face(freetype(), font.path().c_str(), 0, &face) != 0)
    throw UserError("cannot read the font file '" + font.path().string() +
                    "' for the PDF; reinstall fonts-dejavu-core or set DEVOMAP_FONT_DIR");
  cairo_font_face_t* cf = cairo_ft_font_face_create_for_ft_face(face, 0);
  if (cairo_font_face_set_user_data(cf, &kFaceKey, face, [](void* f) {
        FT_Done_Face(static_cast<FT_Face>(f));
      }) != CAIRO_STATUS_SUCCESS) {
    cairo_font_face_destroy(cf);
    FT_Done_Face(face);
    throw UserError("cannot use the font file '" + font.path().string() + "' for the PDF");
  }
  return cf;
}

struct Faces {
  cairo_font_face_t* regular = nullptr;
  cairo_font_face_t* bold = nullptr;
  Faces(const FontSet& fonts) {
    regular = cairo_face(*fonts.regular);
    bold = cairo_face(*fonts.bold);
  }
  ~Faces() {
    cairo_font_face_destroy(regular);
    cairo_font_face_destroy(bold);
  }
  Faces(const Faces&) = delete;
  Faces& operator=(const Faces&) = delete;
};

void set_color(cairo_t* cr, Rgba c) {
  cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

void fill_rect(cairo_t* cr, const LayoutRect& r, Rgba c) {
  cairo_rectangle(cr, r.x, r.y, r.w, r.h);
  set_color(cr, c);
  cairo_fill(cr);
}

void stroke_line(cairo_t* cr, const LayoutLine& l) {
  cairo_move_to(cr, l.a.x, l.a.y);
  cairo_line_to(cr, l.b.x, l.b.y);
  cairo_set_line_width(cr, l.width);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  set_color(cr, l.color);
  cairo_stroke(cr);
}

void area_path(cairo_t* cr, const MultiPolygon& shape, const MapView& view) {
  const auto ring = [&](const Ring& r) {
    if (r.size() < 3) return;
    const Vec2 p0 = view.to_page(r[0]);
    cairo_move_to(cr, p0.x, p0.y);
    for (std::size_t i = 1; i < r.size(); ++i) {
      const Vec2 p = view.to_page(r[i]);
      cairo_line_to(cr, p.x, p.y);
    }
    cairo_close_path(cr);
  };
  for (const Polygon& polygon : shape) {
    ring(polygon.outer);
    for (const Ring& hole : polygon.holes) ring(hole);
  }
}

// "/" strokes over the current clip, spaced and coloured as the PNG's no-data hatching.
void hatch(cairo_t* cr, const Bounds& box, Rgba fill, double scale) {
  const double step = kNoDataHatchSpacing * std::sqrt(2.0) * scale;  // along x
  set_color(cr, no_data_hatch_color(fill));
  cairo_set_line_width(cr, kNoDataHatchWidth * scale);
  // Lines x + y = c, c on the page-wide grid of multiples of `step`.
  const double c0 = std::floor((box.min_x + box.min_y) / step) * step;
  for (double c = c0; c <= box.max_x + box.max_y + step; c += step) {
    cairo_move_to(cr, c - box.max_y - step, box.max_y + step);
    cairo_line_to(cr, c - box.min_y + step, box.min_y - step);
  }
  cairo_stroke(cr);
}

void show_text(cairo_t* cr, const Faces& faces, const FontSet& fonts, const LayoutText& t) {
  const Font& font = fonts.get(t.bold);
  std::vector<cairo_glyph_t> glyphs;
  for (const PlacedGlyph& g : font.shape(t.text, static_cast<float>(t.size)))
    glyphs.push_back({static_cast<unsigned long>(g.glyph_index), t.x + g.pen_x, t.baseline});
  if (glyphs.empty()) return;
  cairo_set_font_face(cr, t.bold ? faces.bold : faces.regular);
  cairo_set_font_size(cr, t.size);
  set_color(cr, t.color);
  // One cluster maps the whole string to its glyphs, so PDF readers can copy and search it.
  cairo_text_cluster_t cluster{static_cast<int>(t.text.size()), static_cast<int>(glyphs.size())};
  cairo_show_text_glyphs(cr, t.text.data(), static_cast<int>(t.text.size()), glyphs.data(),
                         static_cast<int>(glyphs.size()), &cluster, 1,
                         static_cast<cairo_text_cluster_flags_t>(0));
}

struct Sink {
  std::FILE* file;
  int error = 0;  // errno of the first failed write
};

cairo_status_t write_to_file(void* closure, const unsigned char* data, unsigned int length) {
  auto* sink = static_cast<Sink*>(closure);
  if (sink->error) return CAIRO_STATUS_WRITE_ERROR;
  if (std::fwrite(data, 1, length, sink->file) == length) return CAIRO_STATUS_SUCCESS;
  sink->error = errno ? errno : EIO;
  return CAIRO_STATUS_WRITE_ERROR;
}

// One view of the map (the main frame or the inset), clipped to its frame.
void draw_map(cairo_t* cr, const Scene& scene, const MapView& view, double s) {
  cairo_save(cr);
  cairo_rectangle(cr, view.frame.x, view.frame.y, view.frame.w, view.frame.h);
  cairo_clip(cr);
  fill_rect(cr, view.frame, scene.background);
  const std::optional<Rgba> no_data = no_data_color(scene);
  const Bounds visible = view.camera.visible_bounds();
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (const SceneLayer& sl : scene.layers) {
    if (!sl.layer) continue;
    const Layer& layer = *sl.layer;
    for (std::size_t i = 0; i < layer.size(); ++i) {
      if (!area_visible(layer, i, visible) || i >= sl.fills.size() || sl.fills[i].a == 0) continue;
      area_path(cr, layer.shapes[i], view);
      set_color(cr, sl.fills[i]);
      if (no_data && sl.fills[i] == *no_data) {
        cairo_fill_preserve(cr);
        cairo_save(cr);
        cairo_clip(cr);
        const Bounds b = layer.shape_bounds[i];
        Bounds px;
        px.expand(view.to_page({b.min_x, b.min_y}));
        px.expand(view.to_page({b.max_x, b.max_y}));
        hatch(cr, px, sl.fills[i], s);
        cairo_restore(cr);
      } else {
        cairo_fill(cr);
      }
    }
    // Outlines over the layer's fills, centred on the boundaries, as the GL renderer draws.
    const Rgba outline = drawn_outline(sl, view.camera.scale / s);
    if (sl.outline_px > 0 && outline.a > 0) {
      for (std::size_t i = 0; i < layer.size(); ++i)
        if (area_visible(layer, i, visible)) area_path(cr, layer.shapes[i], view);
      set_color(cr, outline);
      cairo_set_line_width(cr, sl.outline_px * s);
      cairo_stroke(cr);
    }
  }
  cairo_restore(cr);
}

void draw(cairo_t* cr, const Scene& scene, const PageLayout& page, const FontSet& fonts) {
  const double s = page.page.scale;
  // Page pixels are the drawing units: 1 px = 72 / dpi pt.
  cairo_scale(cr, 72.0 / page.page.dpi, 72.0 / page.page.dpi);
  fill_rect(cr, {0, 0, double(page.page.width_px), double(page.page.height_px)}, page.background);

  // The main map, then the London inset, each clipped to its frame.
  for (const MapView& view : map_views(page)) draw_map(cr, scene, view, s);

  if (page.frame_border) {
    const LayoutRect& r = *page.frame_border;
    const double b = page.frame_border_width;
    cairo_rectangle(cr, r.x + b / 2, r.y + b / 2, r.w - b, r.h - b);
    cairo_set_line_width(cr, b);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    set_color(cr, page.frame_border_color);
    cairo_stroke(cr);
  }

  const Faces faces(fonts);
  for (const LayoutBox& b : page.legend.boxes) fill_rect(cr, b.rect, b.fill);
  for (const LayoutLine& l : page.legend.hatching) stroke_line(cr, l);
  for (const LayoutBox& b : page.boxes) fill_rect(cr, b.rect, b.fill);
  for (const LayoutLine& l : page.lines) stroke_line(cr, l);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  for (const LayoutPolygon& p : page.polygons) {
    if (p.points.size() < 3) continue;
    cairo_move_to(cr, p.points[0].x, p.points[0].y);
    for (std::size_t i = 1; i < p.points.size(); ++i)
      cairo_line_to(cr, p.points[i].x, p.points[i].y);
    cairo_close_path(cr);
    set_color(cr, p.fill);
    cairo_fill(cr);
  }
  for (const LayoutText& t : page.legend.texts) show_text(cr, faces, fonts, t);
  for (const LayoutText& t : page.texts) show_text(cr, faces, fonts, t);
  for (const MapLabel& label : page.labels) {
    if (label.leader) stroke_line(cr, *label.leader);
    if (label.plate) fill_rect(cr, label.plate->rect, label.plate->fill);
    for (const LayoutText& t : label.lines) show_text(cr, faces, fonts, t);
  }
}

}  // namespace

void write_pdf(const std::filesystem::path& path, const Scene& scene, const PageLayout& page,
               const FontSet& fonts, const ExportOptions& options) {
  write_pdf_pages(path, {PdfPage{&scene, &page}}, fonts, options);
}

void write_pdf_pages(const std::filesystem::path& path, const std::vector<PdfPage>& pages,
                     const FontSet& fonts, const ExportOptions& options) {
  if (pages.empty()) throw UserError("no pages to write into '" + path.string() + "'");
  AtomicFile file(path, options.overwrite);
  Sink sink{file.stream()};
  const PageLayout& first = *pages.front().page;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
      write_to_file, &sink, first.page.width_pt(), first.page.height_pt());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "devomap");
  if (!options.title.empty())
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, options.title.c_str());
  if (!options.alt_text.empty())
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, options.alt_text.c_str());
  cairo_t* cr = cairo_create(surface);
  try {
    for (const PdfPage& p : pages) {
      cairo_pdf_surface_set_size(surface, p.page->page.width_pt(), p.page->page.height_pt());
      cairo_save(cr);
      draw(cr, *p.scene, *p.page, fonts);
      cairo_restore(cr);
      cairo_show_page(cr);
    }
  } catch (...) {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    throw;
  }
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);  // writes the file's tail and the embedded fonts
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status == CAIRO_STATUS_WRITE_ERROR || sink.error) {
    const int e = sink.error ? sink.error : EIO;
    throw UserError("cannot write '" + path.string() + "': " + std::strerror(e) +
                    (e == ENOSPC ? "; free some disk space or choose another folder" : ""));
  }
  if (status != CAIRO_STATUS_SUCCESS)
    throw UserError("cannot make the PDF '" + path.string() +
                    "': Cairo failed: " + cairo_status_to_string(status));
  file.commit();
}

}  // namespace devomap::writers
