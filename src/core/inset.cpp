#include "core/inset.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/coverage.hpp"

namespace devomap {

namespace {

// Logical sizes (multiplied by dpi / 96), in step with the page layout's.
constexpr double kFrameInset = 10;       // frame edge to the inset, as for the legend
constexpr double kClearance = 8;         // inset to the legend, scale bar or London itself
constexpr double kMinInsetWidth = 120;   // smaller would hardly enlarge London
constexpr double kMaxFrameShare = 0.34;  // of the frame's width and height
constexpr double kCaptionSize = 11;
constexpr double kCaptionPad = 4;
constexpr double kInsetFitMargin = 0.04;

constexpr Rgba kInsetBorder{96, 96, 96, 255};
constexpr Rgba kLocatorColor{51, 51, 51, 255};
constexpr Rgba kCaptionBack{255, 255, 255, 230};
constexpr Rgba kCaptionText{34, 34, 34, 255};

bool overlaps(const LayoutRect& a, const LayoutRect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

LayoutRect grown(const LayoutRect& r, double by) {
  return {r.x - by, r.y - by, r.w + 2 * by, r.h + 2 * by};
}

// Four strips of width `b` inside the edge of `r`: an outline every renderer draws alike.
void outline(std::vector<LayoutBox>& boxes, const LayoutRect& r, double b, Rgba c) {
  boxes.push_back({{r.x, r.y, r.w, b}, c});
  boxes.push_back({{r.x, r.y + r.h - b, r.w, b}, c});
  boxes.push_back({{r.x, r.y + b, b, r.h - 2 * b}, c});
  boxes.push_back({{r.x + r.w - b, r.y + b, b, r.h - 2 * b}, c});
}

LayoutRect page_rect(const Bounds& b, const Camera& camera, const LayoutRect& frame) {
  const Vec2 tl = camera.map_to_screen({b.min_x, b.max_y});
  const Vec2 br = camera.map_to_screen({b.max_x, b.min_y});
  return {tl.x + frame.x, tl.y + frame.y, br.x - tl.x, br.y - tl.y};
}

}  // namespace

bool is_london_code(const std::string& code) {
  if (code.size() != 9) return false;
  return code.compare(0, 3, "E09") == 0 || code == "E61000001" || code == "E12000007";
}

std::optional<Bounds> london_bounds(const Scene& scene) {
  Bounds b;
  for (const SceneLayer& sl : scene.layers) {
    if (!sl.layer || !sl.layer->code_column) continue;
    const Layer& layer = *sl.layer;
    for (std::size_t i = 0; i < layer.size(); ++i)
      if (is_london_code(layer.code(i))) b.expand(layer.shape_bounds[i]);
  }
  if (b.empty() || !(b.width() > 0) || !(b.height() > 0)) return std::nullopt;
  return b;
}

bool wants_london_inset(const Scene& scene, const Bounds& map_bounds) {
  bool any = false;
  for (const SceneLayer& sl : scene.layers) {
    if (!sl.layer) continue;
    if (sl.layer->display_crs.epsg != 27700) return false;
    any = true;
  }
  if (!any || map_bounds.width() < 400e3 || map_bounds.height() < 550e3) return false;
  // London drawn as one area (the GLA on the devolution map, the London region) reads fine at
  // national scale; the inset is for its 33 boroughs.
  std::size_t london_areas = 0;
  for (const SceneLayer& sl : scene.layers)
    if (sl.layer && sl.interactive && sl.layer->code_column)
      for (std::size_t i = 0; i < sl.layer->size(); ++i)
        london_areas += is_london_code(sl.layer->code(i));
  if (london_areas < 2) return false;
  const auto london = london_bounds(scene);
  return london && map_bounds.contains(london->centre());
}

std::optional<MapInset> place_london_inset(const Scene& scene, const LayoutRect& frame,
                                           const Camera& camera,
                                           const std::vector<LayoutRect>& keep_clear,
                                           const FontSet& fonts, double scale, std::string* why) {
  const auto fail = [&](const std::string& reason) -> std::optional<MapInset> {
    if (why) *why = reason;
    return std::nullopt;
  };
  const auto london = london_bounds(scene);
  if (!london) return fail("the map has no London areas");
  const double aspect = std::clamp(london->width() / london->height(), 0.5, 2.0);
  const double margin = kFrameInset * scale, clearance = kClearance * scale;

  const LayoutRect london_px = page_rect(*london, camera, frame);
  std::vector<LayoutRect> obstacles;
  for (const LayoutRect& r : keep_clear)
    if (r.w > 0 && r.h > 0) obstacles.push_back(grown(r, clearance));
  obstacles.push_back(grown(london_px, clearance));

  const double w_max = std::min(frame.w, frame.h * aspect) * kMaxFrameShare;
  const double w_min = kMinInsetWidth * scale;
  if (w_max < w_min) return fail("the map frame is too small for it");

  const Coverage coverage(scene, camera, frame);
  const double step = std::max(2.0, std::min(frame.w, frame.h) / 200);
  const Vec2 target{london_px.x + london_px.w / 2, london_px.y + london_px.h / 2};
  std::optional<LayoutRect> chosen;
  for (double w = w_max; w >= w_min && !chosen; w *= 0.92) {
    const double iw = std::round(w), ih = std::round(w / aspect);
    double best = std::numeric_limits<double>::infinity();
    for (double y = frame.y + margin; y + ih <= frame.y + frame.h - margin; y += step) {
      for (double x = frame.x + margin; x + iw <= frame.x + frame.w - margin; x += step) {
        const LayoutRect r{std::round(x), std::round(y), iw, ih};
        const double d = std::hypot(r.x + iw / 2 - target.x, r.y + ih / 2 - target.y);
        if (d >= best || coverage.any_in(r)) continue;
        if (std::any_of(obstacles.begin(), obstacles.end(),
                        [&](const LayoutRect& o) { return overlaps(r, o); }))
          continue;
        best = d;
        chosen = r;
      }
    }
  }
  if (!chosen) return fail("no empty part of the map frame is large enough for it");

  MapInset inset;
  inset.frame = *chosen;
  inset.camera.width_px = chosen->w;
  inset.camera.height_px = chosen->h;
  inset.camera.fit(*london, kInsetFitMargin);
  inset.locator = page_rect(inset.camera.visible_bounds(), camera, frame);

  const double line = std::max(1.0, std::round(scale));
  // The caption sits on a light patch in the inset's top-left corner.
  const Font& bold = fonts.get(true);
  const double size = kCaptionSize * scale, pad = kCaptionPad * scale;
  const double ascent = bold.ascent(static_cast<float>(size));
  const double text_h = ascent + bold.descent(static_cast<float>(size));
  const double text_w = bold.text_width(inset.caption, static_cast<float>(size));
  inset.boxes.push_back({{chosen->x, chosen->y, std::round(text_w + 2 * pad + line),
                          std::round(text_h + 2 * pad + line)},
                         kCaptionBack});
  outline(inset.boxes, inset.frame, line, kInsetBorder);
  outline(inset.boxes, grown(inset.locator, line), std::max(1.0, std::round(1.5 * scale)),
          kLocatorColor);
  inset.texts.push_back({inset.caption, std::round(chosen->x + line + pad),
                         std::round(chosen->y + line + pad + ascent), size, true, kCaptionText,
                         text_w});
  return inset;
}

}  // namespace devomap
