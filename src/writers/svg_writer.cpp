// SVG export: the page layout written as SVG 1.1 text by hand (no library), small and exact.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "writers/page_export.hpp"
#include "writers/page_geometry.hpp"

namespace devomap::writers {

namespace {

// Coordinates are written in hundredths of a pixel: finer than any printer dot at 600 dpi.
constexpr double kPrecision = 100;

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        // XML 1.0 forbids most control characters; drop them rather than write a bad file.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') break;
        out += c;
    }
  }
  return out;
}

// A fixed-point number of hundredths as the shortest decimal: 12340 -> "123.4".
void append_fixed(std::string& out, long long hundredths) {
  if (hundredths < 0) {
    out += '-';
    hundredths = -hundredths;
  }
  out += std::to_string(hundredths / 100);
  const int frac = static_cast<int>(hundredths % 100);
  if (frac == 0) return;
  out += '.';
  out += static_cast<char>('0' + frac / 10);
  if (frac % 10) out += static_cast<char>('0' + frac % 10);
}

// v in whole hundredths, safe whatever v is: a NaN or infinity reads 0 and a number too large
// for any page is clamped, so no rounding overflows (the loader never lets one through; a writer
// must not crash if one comes).
long long hundredths_of(double v) {
  constexpr double kLimit = 1e15;
  const double scaled = v * kPrecision;
  if (!std::isfinite(scaled)) return 0;
  return std::llround(std::clamp(scaled, -kLimit, kLimit));
}

std::string num(double v) {
  std::string s;
  append_fixed(s, hundredths_of(v));
  return s;
}

// Appends a number to path data, with a space only where the grammar needs one.
void append_coord(std::string& out, long long hundredths) {
  if (hundredths >= 0 && !out.empty() && out.back() != 'M' && out.back() != 'l') out += ' ';
  append_fixed(out, hundredths);
}

std::string hex(Rgba c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

// fill="#rrggbb" plus fill-opacity when not opaque (attr is "fill" or "stroke").
std::string paint(const char* attr, Rgba c) {
  std::string s = std::string(attr) + "=\"" + hex(c) + "\"";
  if (c.a != 255) s += " " + std::string(attr) + "-opacity=\"" + num(c.a / 255.0) + "\"";
  return s;
}

// Path data of one area: every ring as "M x y l dx dy ... z" in whole hundredths, so relative
// steps add up exactly; steps that round to nothing are dropped.
void area_path(std::string& d, const MultiPolygon& shape, const MapView& view) {
  const auto ring_path = [&](const Ring& ring) {
    if (ring.size() < 3) return;
    long long px = 0, py = 0;
    bool first = true;
    for (const Vec2& v : ring) {
      const Vec2 p = view.to_page(v);
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;  // never drawn, never a crash
      const long long x = hundredths_of(p.x), y = hundredths_of(p.y);
      if (first) {
        d += 'M';
        append_coord(d, x);
        append_coord(d, y);
        d += 'l';
        first = false;
      } else {
        if (x == px && y == py) continue;
        append_coord(d, x - px);
        append_coord(d, y - py);
      }
      px = x;
      py = y;
    }
    if (first) return;                  // no drawable point at all
    if (d.back() == 'l') d.pop_back();  // a ring that rounded to one point
    d += 'z';
  };
  for (const Polygon& polygon : shape) {
    ring_path(polygon.outer);
    for (const Ring& hole : polygon.holes) ring_path(hole);
  }
}

void rect(std::string& out, const LayoutRect& r, Rgba fill) {
  out += "<rect x=\"" + num(r.x) + "\" y=\"" + num(r.y) + "\" width=\"" + num(r.w) +
         "\" height=\"" + num(r.h) + "\" " + paint("fill", fill) + "/>\n";
}

void line(std::string& out, const LayoutLine& l) {
  out += "<line x1=\"" + num(l.a.x) + "\" y1=\"" + num(l.a.y) + "\" x2=\"" + num(l.b.x) +
         "\" y2=\"" + num(l.b.y) + "\" " + paint("stroke", l.color) + " stroke-width=\"" +
         num(l.width) + "\"/>\n";
}

void text(std::string& out, const LayoutText& t) {
  out += "<text x=\"" + num(t.x) + "\" y=\"" + num(t.baseline) + "\" font-size=\"" + num(t.size) +
         "\"";
  if (t.bold) out += " font-weight=\"bold\"";
  out += " " + paint("fill", t.color) + ">" + escape(t.text) + "</text>\n";
}

// One view of the map (the main frame or the inset) as a clipped group of layer groups.
void map_group(std::string& out, const Scene& scene, const MapView& view, double s) {
  const std::optional<Rgba> no_data = no_data_color(scene);
  const std::string prefix = view.inset ? "inset-" : "";
  out += "<g id=\"" + prefix + "map\" clip-path=\"url(#" + (view.inset ? "inset" : "map") +
         "-frame)\">\n";
  rect(out, view.frame, scene.background);
  const Bounds visible = view.camera.visible_bounds();
  std::string d;
  for (std::size_t li = 0; li < scene.layers.size(); ++li) {
    const SceneLayer& sl = scene.layers[li];
    if (!sl.layer) continue;
    const Layer& layer = *sl.layer;
    out += "<g id=\"" + prefix + "layer-" + std::to_string(li + 1) + "\" class=\"" + prefix +
           "layer\" data-layer=\"" + escape(layer.layer_name) + "\" fill-rule=\"evenodd\"";
    const Rgba outline = drawn_outline(sl, view.camera.scale / s);
    if (sl.outline_px > 0 && outline.a > 0)
      out += " " + paint("stroke", outline) + " stroke-width=\"" + num(sl.outline_px * s) +
             "\" stroke-linejoin=\"round\"";
    out += ">\n";
    std::string hatched;  // path data of every no-data area, hatched over their fills
    for (std::size_t i = 0; i < layer.size(); ++i) {
      if (!area_visible(layer, i, visible)) continue;
      d.clear();
      area_path(d, layer.shapes[i], view);
      if (d.empty()) continue;
      const Rgba fill = i < sl.fills.size() ? sl.fills[i] : Rgba{0, 0, 0, 0};
      const std::string code = layer.code(i), name = layer.name(i);
      const std::string value = i < sl.values.size() ? sl.values[i] : std::string();
      out += "<path";
      if (!code.empty()) out += " data-code=\"" + escape(code) + "\"";
      if (!name.empty()) out += " data-name=\"" + escape(name) + "\"";
      if (!value.empty()) out += " data-value=\"" + escape(value) + "\"";
      if (i < sl.numbers.size()) out += " data-number=\"" + escape(sl.numbers[i]) + "\"";
      out += " " + paint("fill", fill) + " d=\"" + d + "\">";
      std::string tip = name.empty() ? code : code.empty() ? name : name + " (" + code + ")";
      if (tip.empty()) tip = "area " + std::to_string(i + 1);
      if (!value.empty()) tip += ": " + value;
      out += "<title>" + escape(tip) + "</title></path>\n";
      if (no_data && fill == *no_data) hatched += d;
    }
    if (!hatched.empty())
      out += "<path class=\"no-data-hatching\" fill=\"url(#no-data-hatch)\" stroke=\"none\" d=\"" +
             hatched + "\"/>\n";
    out += "</g>\n";
  }
  out += "</g>\n";
}

}  // namespace

std::string xml_escape(const std::string& text) {
  return escape(text);
}

std::string svg_document(const Scene& scene, const PageLayout& page, const FontSet& fonts,
                         const std::string& title) {
  ExportOptions options;
  options.title = title;
  return svg_document(scene, page, fonts, options);
}

std::string svg_document(const Scene& scene, const PageLayout& page, const FontSet& fonts,
                         const ExportOptions& options) {
  const std::string& title = options.title;
  const double W = page.page.width_px, H = page.page.height_px;
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  // Physical size from the DPI, so the page prints at its paper size.
  const std::string w_mm = num(W / page.page.dpi * 25.4), h_mm = num(H / page.page.dpi * 25.4);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + w_mm +
         "mm\" height=\"" + h_mm + "mm\" viewBox=\"0 0 " + num(W) + " " + num(H) + "\">\n";
  // Title and description first, where screen readers look for them.
  if (!title.empty()) out += "<title id=\"map-title\">" + escape(title) + "</title>\n";
  if (!options.alt_text.empty())
    out += "<desc id=\"map-desc\">" + escape(options.alt_text) + "</desc>\n";

  const std::optional<Rgba> no_data = no_data_color(scene);
  const double s = page.page.scale;
  out += "<defs>\n<clipPath id=\"map-frame\"><rect x=\"" + num(page.frame.x) + "\" y=\"" +
         num(page.frame.y) + "\" width=\"" + num(page.frame.w) + "\" height=\"" +
         num(page.frame.h) + "\"/></clipPath>\n";
  if (page.inset) {
    const LayoutRect& r = page.inset->frame;
    out += "<clipPath id=\"inset-frame\"><rect x=\"" + num(r.x) + "\" y=\"" + num(r.y) +
           "\" width=\"" + num(r.w) + "\" height=\"" + num(r.h) + "\"/></clipPath>\n";
  }
  if (no_data) {
    // "/" strokes as the PNG draws them: kNoDataHatchSpacing apart, 0.55 x the fill colour.
    const double p = kNoDataHatchSpacing * std::sqrt(2.0) * s;
    const std::string ps = num(p);
    out += "<pattern id=\"no-data-hatch\" patternUnits=\"userSpaceOnUse\" width=\"" + ps +
           "\" height=\"" + ps + "\"><path d=\"M" + num(-p / 2) + " " + num(p / 2) + "l" + ps +
           " -" + ps + "M0 " + ps + "l" + ps + " -" + ps + "M" + num(p / 2) + " " + num(1.5 * p) +
           "l" + ps + " -" + ps + "\" fill=\"none\" " +
           paint("stroke", no_data_hatch_color(*no_data)) + " stroke-width=\"" +
           num(kNoDataHatchWidth * s) + "\"/></pattern>\n";
  }
  out += "</defs>\n";
  out += "<rect id=\"page\" width=\"" + num(W) + "\" height=\"" + num(H) + "\" " +
         paint("fill", page.background) + "/>\n";

  // The map, then the London inset: each layer a group; each area one path carrying its code,
  // name and value.
  for (const MapView& view : map_views(page)) map_group(out, scene, view, s);

  if (page.frame_border) {
    const LayoutRect& r = *page.frame_border;
    const double b = page.frame_border_width;
    out += "<rect id=\"frame\" x=\"" + num(r.x + b / 2) + "\" y=\"" + num(r.y + b / 2) +
           "\" width=\"" + num(r.w - b) + "\" height=\"" + num(r.h - b) + "\" fill=\"none\" " +
           paint("stroke", page.frame_border_color) + " stroke-width=\"" + num(b) + "\"/>\n";
  }

  const std::string family = fonts.regular ? fonts.regular->family() : "DejaVu Sans";
  const std::string text_attrs = " font-family=\"" + escape(family) + ", sans-serif\"";
  if (!page.legend.empty()) {
    out += "<g id=\"legend\"" + text_attrs + ">\n";
    for (const LayoutBox& b : page.legend.boxes) rect(out, b.rect, b.fill);
    for (const LayoutLine& l : page.legend.hatching) line(out, l);
    for (const LayoutText& t : page.legend.texts) text(out, t);
    out += "</g>\n";
  }
  out += "<g id=\"furniture\"" + text_attrs + ">\n";
  for (const LayoutBox& b : page.boxes) rect(out, b.rect, b.fill);
  for (const LayoutLine& l : page.lines) line(out, l);
  for (const LayoutPolygon& p : page.polygons) {
    if (p.points.size() < 3) continue;
    out += "<path d=\"M";
    for (std::size_t i = 0; i < p.points.size(); ++i)
      out += (i ? " " : "") + num(p.points[i].x) + " " + num(p.points[i].y);
    out += "z\" " + paint("fill", p.fill) + "/>\n";
  }
  for (const LayoutText& t : page.texts) text(out, t);
  out += "</g>\n";
  if (!page.labels.empty()) {
    out += "<g id=\"labels\"" + text_attrs + ">\n";
    for (const MapLabel& label : page.labels) {
      if (label.leader) line(out, *label.leader);
      if (label.plate) rect(out, label.plate->rect, label.plate->fill);
      for (const LayoutText& t : label.lines) text(out, t);
    }
    out += "</g>\n";
  }
  out += "</svg>\n";
  return out;
}

void write_svg(const std::filesystem::path& path, const Scene& scene, const PageLayout& page,
               const FontSet& fonts, const ExportOptions& options) {
  write_file_atomically(path, svg_document(scene, page, fonts, options), options.overwrite);
}

}  // namespace devomap::writers
