#include "core/page_layout.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <tuple>

#include "core/coverage.hpp"
#include "core/error.hpp"

namespace devomap {

namespace {

// Logical sizes (multiplied by dpi / 96). Title and body sizes follow the legend's (layout.cpp)
// so the page reads as one design.
constexpr double kTitleSize = 20;
constexpr double kSubtitleSize = 13;
constexpr double kSourceSize = 9;
constexpr double kHeaderGap = 12;     // header to map, map to source line
constexpr double kTitleGap = 3;       // title to subtitle
constexpr double kPanelGap = 14;      // map frame to a legend or furniture outside it
constexpr double kInset = 10;         // frame edge to a part placed inside it
constexpr double kScaleBarMax = 120;  // longest scale bar
constexpr double kScaleBarH = 6;
constexpr double kScaleLabelSize = 10;
constexpr double kScaleLabelGap = 6;
constexpr double kArrowW = 12;
constexpr double kArrowH = 22;
constexpr double kArrowLabelSize = 11;
constexpr double kFurnitureGap = 14;  // scale bar to north arrow
constexpr double kMinFrame = 40;      // smallest map frame worth drawing
constexpr double kFitMargin = 0.02;   // of the frame's smaller side, around the map

constexpr Rgba kTextColor{34, 34, 34, 255};
constexpr Rgba kSecondaryText{96, 96, 96, 255};
constexpr Rgba kDark{51, 51, 51, 255};
constexpr Rgba kLight{255, 255, 255, 255};
constexpr Rgba kArrowShade{150, 150, 150, 255};

constexpr double kEarthRadius = 6378137.0;  // WGS 84 / Web Mercator sphere
constexpr double kPi = 3.14159265358979323846;

double right(const LayoutRect& r) {
  return r.x + r.w;
}
double bottom(const LayoutRect& r) {
  return r.y + r.h;
}

bool overlaps(const LayoutRect& a, const LayoutRect& b) {
  return a.x < right(b) && b.x < right(a) && a.y < bottom(b) && b.y < bottom(a);
}

struct Metrics {
  double ascent, descent;
};
Metrics metrics(const Font& font, double size) {
  return {font.ascent(static_cast<float>(size)), font.descent(static_cast<float>(size))};
}

LayoutText make_text(const FontSet& fonts, const std::string& text, double x, double baseline,
                     double size, bool bold, Rgba color) {
  return {text,
          std::round(x),
          std::round(baseline),
          size,
          bold,
          color,
          fonts.get(bold).text_width(text, static_cast<float>(size))};
}

// The scale bar and north arrow side by side, bottoms aligned; drawn at (x, y) top-left.
struct Furniture {
  double width = 0, height = 0;
  // Scale bar
  bool bar = false;
  double bar_px = 0, km = 0;
  std::string label;
  double label_w = 0;
  // North arrow
  bool arrow = false;
  double arrow_w = 0, arrow_h = 0, n_w = 0;
  bool empty() const { return !bar && !arrow; }
};

std::string scale_label(double km) {
  char buf[32];
  if (km >= 1)
    std::snprintf(buf, sizeof buf, "%g km", km);
  else
    std::snprintf(buf, sizeof buf, "%g m", km * 1000);
  return buf;
}

// Metres on the ground per frame pixel at the frame's centre, or nullopt when unknown.
std::optional<double> metres_per_pixel(const Camera& camera, MapUnits units) {
  if (!(camera.scale > 0)) return std::nullopt;
  switch (units) {
    case MapUnits::Metres:
      return 1.0 / camera.scale;
    case MapUnits::WebMercator: {
      // Mercator stretches by 1 / cos(latitude): true length at the centre's latitude.
      const double lat = std::atan(std::sinh(camera.centre.y / kEarthRadius));
      return std::cos(lat) / camera.scale;
    }
    case MapUnits::Unknown:
      break;
  }
  return std::nullopt;
}

double mercator_latitude_deg(const Camera& camera) {
  return std::atan(std::sinh(camera.centre.y / kEarthRadius)) * 180 / kPi;
}

Furniture measure_furniture(const Camera& camera, MapUnits units, const LayoutSpec& spec, double s,
                            const FontSet& fonts) {
  Furniture f;
  if (spec.scale_bar) {
    if (const auto mpp = metres_per_pixel(camera, units)) {
      const double km = round_scale_length_km(kScaleBarMax * s * *mpp / 1000);
      if (km > 0) {
        f.bar = true;
        f.km = km;
        f.bar_px = km * 1000 / *mpp;
        f.label = scale_label(km);
        if (units == MapUnits::WebMercator) {
          char buf[48];
          std::snprintf(buf, sizeof buf, " at %.0f\xC2\xB0%s",
                        std::abs(mercator_latitude_deg(camera)),
                        mercator_latitude_deg(camera) >= 0 ? "N" : "S");
          f.label += buf;
        }
        f.label_w = fonts.get(false).text_width(f.label, static_cast<float>(kScaleLabelSize * s));
      }
    }
  }
  if (spec.north_arrow) {
    f.arrow = true;
    f.n_w = fonts.get(true).text_width("N", static_cast<float>(kArrowLabelSize * s));
    const Metrics m = metrics(fonts.get(true), kArrowLabelSize * s);
    f.arrow_w = std::max(kArrowW * s, f.n_w);
    f.arrow_h = m.ascent + m.descent + 2 * s + kArrowH * s;
  }
  const Metrics lm = metrics(fonts.get(false), kScaleLabelSize * s);
  const double bar_w = f.bar ? f.bar_px + kScaleLabelGap * s + f.label_w : 0;
  const double bar_h = f.bar ? std::max(kScaleBarH * s, lm.ascent + lm.descent) : 0;
  f.width = bar_w + (f.bar && f.arrow ? kFurnitureGap * s : 0) + (f.arrow ? f.arrow_w : 0);
  f.height = std::max(bar_h, f.arrow ? f.arrow_h : 0.0);
  return f;
}

LayoutRect snapped(double x, double y, double w, double h) {
  const double x0 = std::round(x), y0 = std::round(y);
  return {x0, y0, std::round(x + w) - x0, std::round(y + h) - y0};
}

void draw_furniture(PageLayout& out, const Furniture& f, double x, double y, double s,
                    const FontSet& fonts) {
  const double base = y + f.height;  // common bottom
  double cx = x;
  if (f.bar) {
    const Metrics lm = metrics(fonts.get(false), kScaleLabelSize * s);
    const double bar_h = std::round(kScaleBarH * s);
    const double row_h = std::max(bar_h, lm.ascent + lm.descent);
    const double mid = base - row_h / 2;
    const LayoutRect outer = snapped(cx, mid - bar_h / 2, f.bar_px, bar_h);
    const double b = std::max(1.0, std::round(s));
    out.boxes.push_back({outer, kDark});
    out.boxes.push_back({{outer.x + b, outer.y + b, outer.w - 2 * b, outer.h - 2 * b}, kLight});
    // Left half dark, right half light: the classic two-segment bar.
    const double half = std::round(outer.w / 2);
    out.boxes.push_back({{outer.x, outer.y, half, outer.h}, kDark});
    out.texts.push_back(make_text(fonts, f.label, right(outer) + kScaleLabelGap * s,
                                  mid + (lm.ascent - lm.descent) / 2, kScaleLabelSize * s, false,
                                  kTextColor));
    out.scale_bar_box = {cx, mid - row_h / 2, f.bar_px + kScaleLabelGap * s + f.label_w, row_h};
    out.scale_bar_km = f.km;
    out.scale_bar_label = f.label;
    cx += f.bar_px + kScaleLabelGap * s + f.label_w + kFurnitureGap * s;
  }
  if (f.arrow) {
    const Metrics nm = metrics(fonts.get(true), kArrowLabelSize * s);
    const double top = base - f.arrow_h;
    const double centre = cx + f.arrow_w / 2;
    out.texts.push_back(make_text(fonts, "N", centre - f.n_w / 2, top + nm.ascent,
                                  kArrowLabelSize * s, true, kTextColor));
    const double tip_y = top + nm.ascent + nm.descent + 2 * s;
    const double half_w = kArrowW * s / 2;
    const Vec2 tip{centre, tip_y}, notch{centre, base - kArrowH * s * 0.28};
    const Vec2 left{centre - half_w, base}, right_pt{centre + half_w, base};
    out.polygons.push_back({{tip, notch, left}, kArrowShade});
    out.polygons.push_back({{tip, right_pt, notch}, kDark});
    out.north_arrow_box = {cx, top, f.arrow_w, f.arrow_h};
  }
}

void translate(LegendLayout& legend, double dx, double dy) {
  const auto move = [&](LayoutRect& r) {
    r.x += dx;
    r.y += dy;
  };
  move(legend.panel);
  for (LayoutBox& b : legend.boxes) move(b.rect);
  for (LayoutSwatch& sw : legend.swatches) move(sw.rect);
  for (LayoutLine& l : legend.hatching) {
    l.a.x += dx, l.a.y += dy;
    l.b.x += dx, l.b.y += dy;
  }
  for (LayoutText& t : legend.texts) t.x += dx, t.baseline += dy;
}

enum class Place { BottomLeft, TopLeft, TopRight, BottomRight, Right, Below, Footer, None };

bool is_corner(Place p) {
  return static_cast<int>(p) <= static_cast<int>(Place::BottomRight);
}

LayoutRect corner_rect(const LayoutRect& frame, Place corner, double w, double h, double inset) {
  const bool left = corner == Place::BottomLeft || corner == Place::TopLeft;
  const bool top = corner == Place::TopLeft || corner == Place::TopRight;
  return {std::round(left ? frame.x + inset : right(frame) - inset - w),
          std::round(top ? frame.y + inset : bottom(frame) - inset - h), w, h};
}

struct Candidate {
  Place legend = Place::None, furniture = Place::None;
  LayoutRect frame;
  Camera camera;
  Furniture furn;
  LayoutRect legend_rect, furniture_rect;
  bool clear = false;  // nothing inside the frame covers an area
};

// The London inset, then labels clear of every part of the page (core/inset, core/labels).
void add_inset_and_labels(PageLayout& out, const Scene& scene, const Bounds& map_bounds,
                          const LayoutSpec& spec, const FontSet& fonts) {
  const double s = out.page.scale;
  std::vector<LayoutRect> parts{out.legend_box, out.scale_bar_box, out.north_arrow_box};
  if (spec.london_inset && wants_london_inset(scene, map_bounds)) {
    std::string why;
    out.inset = place_london_inset(scene, out.frame, out.camera, parts, fonts, s, &why);
    if (out.inset) {
      out.boxes.insert(out.boxes.end(), out.inset->boxes.begin(), out.inset->boxes.end());
      out.texts.insert(out.texts.end(), out.inset->texts.begin(), out.inset->texts.end());
    } else {
      out.notes.push_back("London inset omitted: " + why);
    }
  }
  if (!spec.labels) return;
  std::vector<LayoutRect> main_clear = parts;
  if (out.inset) {
    main_clear.push_back(out.inset->frame);
    main_clear.push_back(out.inset->locator);
  }
  out.labels = place_labels(scene, out.frame, out.camera, main_clear, fonts, s);
  if (out.inset) {
    // Inside the inset, only its caption is in the way.
    const std::vector<LayoutRect> inset_clear{out.inset->boxes.front().rect};
    const Layer* labelled = nullptr;
    for (const SceneLayer& sl : scene.layers)
      if (sl.layer && sl.interactive) labelled = sl.layer.get();
    // Only London is named there: its neighbours are cut off at the inset's edge.
    const auto in_london = [&](std::size_t i) {
      return labelled && is_london_code(labelled->code(i));
    };
    std::vector<MapLabel> more =
        place_labels(scene, out.inset->frame, out.inset->camera, inset_clear, fonts, s, in_london);
    out.labels.insert(out.labels.end(), more.begin(), more.end());
  }
}

}  // namespace

std::optional<Paper> parse_paper(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "a4") return Paper::A4;
  if (lower == "a3") return Paper::A3;
  if (lower == "slide") return Paper::Slide;
  return std::nullopt;
}

PageSize page_size(const PageSpec& spec) {
  if (spec.dpi < kMinDpi || spec.dpi > kMaxDpi)
    throw UserError("DPI " + std::to_string(spec.dpi) + " is outside " + std::to_string(kMinDpi) +
                    ".." + std::to_string(kMaxDpi) +
                    "; choose a DPI in that range (300 for print)");
  PageSize size;
  size.dpi = spec.dpi;
  size.scale = spec.dpi / 96.0;
  if (!spec.paper) {
    if (spec.width_px < 1 || spec.height_px < 1)
      throw UserError("the image size must be at least 1 x 1 pixels");
    size.width_px = spec.width_px;
    size.height_px = spec.height_px;
    return size;
  }
  double w_in = 0, h_in = 0;
  bool landscape = spec.landscape;
  switch (*spec.paper) {
    case Paper::A4:
      w_in = 210 / 25.4, h_in = 297 / 25.4;
      break;
    case Paper::A3:
      w_in = 297 / 25.4, h_in = 420 / 25.4;
      break;
    case Paper::Slide:
      w_in = 7.5, h_in = 13.333;  // 16:9 widescreen, shown landscape
      landscape = true;
      break;
  }
  if (landscape) std::swap(w_in, h_in);
  size.width_px = static_cast<int>(std::lround(w_in * spec.dpi));
  size.height_px = static_cast<int>(std::lround(h_in * spec.dpi));
  return size;
}

std::string attribution_text(const LayoutSpec& spec) {
  std::string text = spec.source;
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  if (!spec.official_boundaries) return text;
  if (!text.empty()) text += text.back() == '.' ? " " : ". ";
  text += "Contains OS data \xC2\xA9 Crown copyright and database right";
  if (spec.boundary_year) text += " " + std::to_string(*spec.boundary_year);
  text +=
      ". Source: Office for National Statistics licensed under the Open Government Licence "
      "v.3.0.";
  return text;
}

MapUnits map_units_of(const CrsInfo& crs) {
  if (!crs.epsg) return MapUnits::Unknown;
  const int e = *crs.epsg;
  if (e == 3857 || e == 900913) return MapUnits::WebMercator;
  // British and Irish grids, ITM, UTM (WGS 84 and ETRS89): all in metres.
  if (e == 27700 || e == 29902 || e == 29903 || e == 2157 || (e >= 32601 && e <= 32660) ||
      (e >= 32701 && e <= 32760) || (e >= 25828 && e <= 25838))
    return MapUnits::Metres;
  return MapUnits::Unknown;
}

double round_scale_length_km(double max_km) {
  if (!(max_km > 0) || !std::isfinite(max_km)) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(max_km)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * p <= max_km * (1 + 1e-12)) return m * p;
  return p;
}

namespace {

// The title and subtitle at the top of the content, wrapped to its width; returns where the
// map area may start.
double add_header(PageLayout& out, const LayoutSpec& spec, const FontSet& fonts,
                  const LayoutRect& content, double s) {
  double y = content.y;
  const auto add_lines = [&](const std::string& text, double size, bool bold, Rgba color) {
    const Font& font = fonts.get(bold);
    const Metrics m = metrics(font, size);
    for (const std::string& line : wrap_words(font, text, size, content.w)) {
      out.texts.push_back(make_text(fonts, line, content.x, y + m.ascent, size, bold, color));
      y += m.ascent + m.descent;
    }
  };
  if (!spec.title.empty()) add_lines(spec.title, kTitleSize * s, true, kTextColor);
  if (!spec.title.empty() && !spec.subtitle.empty()) y += kTitleGap * s;
  if (!spec.subtitle.empty()) add_lines(spec.subtitle, kSubtitleSize * s, false, kSecondaryText);
  if (y > content.y) {
    out.title_box = {content.x, content.y, content.w, y - content.y};
    y += kHeaderGap * s;
  }
  return y;
}

// The source line(s) at the bottom of the content; returns where the map area must end.
double add_footer(PageLayout& out, const LayoutSpec& spec, const FontSet& fonts,
                  const LayoutRect& content, double s) {
  double footer_top = bottom(content);
  const std::string source = attribution_text(spec);
  if (source.empty()) return footer_top;
  const Font& font = fonts.get(false);
  const double size = kSourceSize * s;
  const Metrics m = metrics(font, size);
  const auto lines = wrap_words(font, source, size, content.w);
  footer_top = bottom(content) - lines.size() * (m.ascent + m.descent);
  double line_top = footer_top;
  for (const std::string& line : lines) {
    out.texts.push_back(
        make_text(fonts, line, content.x, line_top + m.ascent, size, false, kSecondaryText));
    line_top += m.ascent + m.descent;
  }
  out.source_box = {content.x, footer_top, content.w, bottom(content) - footer_top};
  return footer_top - kHeaderGap * s;
}

}  // namespace

PageLayout layout_page(const Scene& scene, const Bounds& map_bounds, MapUnits units,
                       const PageSpec& page_spec, const LayoutSpec& spec, const FontSet& fonts) {
  PageLayout out;
  out.page = page_size(page_spec);
  out.background = spec.background;
  const double s = out.page.scale;
  const double W = out.page.width_px, H = out.page.height_px;
  const double margin = std::round(spec.margin * s);
  const LayoutRect content{margin, margin, W - 2 * margin, H - 2 * margin};
  const auto too_small = [&] {
    return UserError("the page (" + std::to_string(out.page.width_px) + " x " +
                     std::to_string(out.page.height_px) +
                     " px) is too small for the map and its title, legend and source line; "
                     "choose a larger size or a lower DPI");
  };
  if (content.w < kMinFrame * s || content.h < kMinFrame * s) throw too_small();

  const double y = add_header(out, spec, fonts, content, s);
  const double footer_top = add_footer(out, spec, fonts, content, s);
  const LayoutRect area{content.x, y, content.w, footer_top - y};
  if (area.w < kMinFrame * s || area.h < kMinFrame * s) throw too_small();

  // The legend at its natural size (shrunk only if it cannot fit the map area at all).
  LegendLayout legend;
  if (spec.legend && scene.legend) legend = layout_legend(*scene.legend, area.w, area.h, s, fonts);
  const bool has_legend = !legend.empty();
  const double lw = legend.panel.w, lh = legend.panel.h;

  if (spec.scale_bar && units == MapUnits::Unknown)
    out.notes.push_back(
        "scale bar omitted: the display CRS is not in metres (show the map in British National "
        "Grid for a scale bar)");
  if (spec.scale_bar && units == MapUnits::WebMercator)
    out.notes.push_back(
        "the scale bar is true at the map centre's latitude only (Web Mercator stretches "
        "northwards); show the map in British National Grid for a scale bar true across it");

  const double gap = kPanelGap * s, inset = kInset * s;
  const std::array<Place, 4> corners{Place::BottomLeft, Place::TopLeft, Place::TopRight,
                                     Place::BottomRight};
  std::vector<Place> legend_places;
  if (has_legend) {
    legend_places.assign(corners.begin(), corners.end());
    legend_places.push_back(Place::Right);
    legend_places.push_back(Place::Below);
  } else {
    legend_places.push_back(Place::None);
  }
  const bool want_furniture = spec.north_arrow || (spec.scale_bar && units != MapUnits::Unknown);
  std::vector<Place> furniture_places;
  if (want_furniture) {
    // Bottom-right first: where readers look for a scale bar.
    furniture_places = {Place::BottomRight, Place::BottomLeft, Place::TopRight, Place::TopLeft,
                        Place::Footer};
  } else {
    furniture_places.push_back(Place::None);
  }

  // Coverage grids depend only on the frame; a handful of distinct frames occur.
  std::map<std::tuple<double, double, double, double>, Coverage> coverage_cache;
  const auto coverage = [&](const Candidate& c) -> const Coverage& {
    const auto key = std::make_tuple(c.frame.x, c.frame.y, c.frame.w, c.frame.h);
    auto it = coverage_cache.find(key);
    if (it == coverage_cache.end())
      it = coverage_cache.emplace(key, Coverage(scene, c.camera, c.frame)).first;
    return it->second;
  };
  const auto fit_camera = [&](Candidate& c) {
    c.camera.width_px = c.frame.w;
    c.camera.height_px = c.frame.h;
    c.camera.fit(map_bounds, kFitMargin);
  };

  std::optional<Candidate> best, fallback;
  for (Place lp : legend_places) {
    for (Place fp : furniture_places) {
      if (lp == fp && is_corner(lp)) continue;
      Candidate c;
      c.legend = lp;
      c.furniture = fp;
      c.frame = area;
      if (lp == Place::Right) c.frame.w -= lw + gap;
      // Furniture below the frame shares the row with a legend below it when both fit.
      Furniture furn0;
      double row_h = 0;
      if (lp == Place::Below) row_h = lh;
      if (fp == Place::Footer) {
        // The furniture's height does not depend on the camera; its width does, a little.
        Candidate probe = c;
        fit_camera(probe);
        furn0 = measure_furniture(probe.camera, units, spec, s, fonts);
        row_h = std::max(row_h, furn0.height);
      }
      if (row_h > 0) c.frame.h -= row_h + gap;
      c.frame = snapped(c.frame.x, c.frame.y, c.frame.w, c.frame.h);
      if (c.frame.w < kMinFrame * s || c.frame.h < kMinFrame * s) continue;
      fit_camera(c);
      if (want_furniture) c.furn = measure_furniture(c.camera, units, spec, s, fonts);
      const double fw = c.furn.width, fh = c.furn.height;

      if (is_corner(lp)) c.legend_rect = corner_rect(c.frame, lp, lw, lh, inset);
      if (lp == Place::Right) c.legend_rect = {right(c.frame) + gap, c.frame.y, lw, lh};
      if (lp == Place::Below) c.legend_rect = {c.frame.x, bottom(c.frame) + gap, lw, lh};
      if (is_corner(fp)) c.furniture_rect = corner_rect(c.frame, fp, fw, fh, inset);
      if (fp == Place::Footer)
        c.furniture_rect = {std::round(right(c.frame) - fw), bottom(c.frame) + gap, fw, fh};

      // Parts inside the frame must fit it and each other.
      bool fits = true;
      if (is_corner(lp) && (lw + 2 * inset > c.frame.w || lh + 2 * inset > c.frame.h)) fits = false;
      if (is_corner(fp) && (fw + 2 * inset > c.frame.w || fh + 2 * inset > c.frame.h)) fits = false;
      if (lp != Place::None && fp != Place::None && overlaps(c.legend_rect, c.furniture_rect))
        fits = false;
      if (fp == Place::Footer && fw > c.frame.w) fits = false;
      if (lp == Place::Right && lh > area.h) fits = false;
      if (!fits) continue;

      bool clear = true;
      if (is_corner(lp) && coverage(c).any_in(c.legend_rect)) clear = false;
      if (clear && is_corner(fp) && coverage(c).any_in(c.furniture_rect)) clear = false;
      c.clear = clear;
      if (!fallback) fallback = c;
      if (!clear) continue;
      // The largest map wins; a tie (within 0.5 %) keeps the earlier, preferred placement.
      if (!best || c.camera.scale > best->camera.scale * 1.005) best = c;
    }
  }
  if (!best && !fallback) throw too_small();
  const Candidate chosen = best ? *best : *fallback;
  if (!best)
    out.notes.push_back(
        "the legend or scale bar covers part of the map: the page is too small to keep them clear");

  out.frame = chosen.frame;
  out.camera = chosen.camera;
  if (spec.frame_border) {
    out.frame_border = chosen.frame;
    out.frame_border_width = std::max(1.0, std::round(s));
  }
  if (has_legend) {
    translate(legend, chosen.legend_rect.x - legend.panel.x, chosen.legend_rect.y - legend.panel.y);
    out.legend = std::move(legend);
    out.legend_box = out.legend.panel;
  }
  if (!chosen.furn.empty())
    draw_furniture(out, chosen.furn, chosen.furniture_rect.x, chosen.furniture_rect.y, s, fonts);
  add_inset_and_labels(out, scene, map_bounds, spec, fonts);
  return out;
}

}  // namespace devomap
