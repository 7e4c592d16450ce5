#include "core/labels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <string>

namespace devomap {

namespace {

constexpr double kSqrt2 = 1.4142135623730951;
// Cells the pole search may examine per polygon: enough for 1/1000 of a county's width,
// and a bound on the time a pathological ring can take.
constexpr int kPoleCellBudget = 20000;

double segment_distance_sq(Vec2 p, Vec2 a, Vec2 b) {
  double dx = b.x - a.x, dy = b.y - a.y;
  double x = a.x, y = a.y;
  if (dx != 0 || dy != 0) {
    const double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = b.x, y = b.y;
    } else if (t > 0) {
      x += dx * t, y += dy * t;
    }
  }
  dx = p.x - x, dy = p.y - y;
  return dx * dx + dy * dy;
}

// Distance from p to the polygon's nearest edge: positive inside, negative outside.
double signed_distance(const Polygon& polygon, Vec2 p) {
  bool inside = false;
  double best = std::numeric_limits<double>::infinity();
  const auto ring = [&](const Ring& r) {
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
      const Vec2 a = r[i], b = r[j];
      if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
        inside = !inside;
      best = std::min(best, segment_distance_sq(p, a, b));
    }
  };
  ring(polygon.outer);
  for (const Ring& hole : polygon.holes)
    if (hole.size() >= 3) ring(hole);
  return (inside ? 1 : -1) * std::sqrt(best);
}

Vec2 ring_centroid(const Ring& r) {
  double a = 0, cx = 0, cy = 0;
  for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    const double f = r[j].x * r[i].y - r[i].x * r[j].y;
    cx += (r[j].x + r[i].x) * f;
    cy += (r[j].y + r[i].y) * f;
    a += f * 3;
  }
  if (a == 0) return r.front();
  return {cx / a, cy / a};
}

struct Cell {
  Vec2 centre;
  double half = 0;  // half the cell's side
  double distance = 0;
  double best_possible = 0;  // no point in the cell can be farther from an edge than this
};

bool overlaps(const LayoutRect& a, const LayoutRect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

LayoutRect grown(const LayoutRect& r, double by) {
  return {r.x - by, r.y - by, r.w + 2 * by, r.h + 2 * by};
}

bool inside(const LayoutRect& inner, const LayoutRect& outer) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
         inner.y + inner.h <= outer.y + outer.h;
}

// Readable text on a fill: white on dark colours, near-black on light ones and on no fill.
Rgba label_color(Rgba fill) {
  const double luma = (0.2126 * fill.r + 0.7152 * fill.g + 0.0722 * fill.b) / 255.0;
  if (fill.a > 0 && luma < 0.5) return {255, 255, 255, 255};
  return {34, 34, 34, 255};
}

// The name as it may be set: one line, or two broken at the space nearest the middle.
std::vector<std::vector<std::string>> text_variants(const std::string& name) {
  std::vector<std::vector<std::string>> variants{{name}};
  std::size_t best = std::string::npos;
  for (std::size_t i = name.find(' '); i != std::string::npos; i = name.find(' ', i + 1)) {
    const auto off = [&](std::size_t k) {
      return std::abs(static_cast<double>(k) - name.size() / 2.0);
    };
    if (best == std::string::npos || off(i) < off(best)) best = i;
  }
  if (best != std::string::npos && best > 0 && best + 1 < name.size())
    variants.push_back({name.substr(0, best), name.substr(best + 1)});
  return variants;
}

}  // namespace

InteriorPoint pole_of_inaccessibility(const Polygon& polygon, double precision) {
  const Ring& outer = polygon.outer;
  if (outer.empty()) return {};
  Bounds b;
  for (const Vec2& v : outer) b.expand(v);
  const double side = std::min(b.width(), b.height());
  if (outer.size() < 3 || !(side > 0)) return {b.centre(), 0};
  precision = std::max(precision, side * 1e-6);

  const auto make = [&](Vec2 c, double half) {
    const double d = signed_distance(polygon, c);
    return Cell{c, half, d, d + half * kSqrt2};
  };
  const auto lower = [](const Cell& a, const Cell& c) { return a.best_possible < c.best_possible; };
  std::priority_queue<Cell, std::vector<Cell>, decltype(lower)> queue(lower);
  const double half = side / 2;
  for (double x = b.min_x; x < b.max_x; x += side)
    for (double y = b.min_y; y < b.max_y; y += side) queue.push(make({x + half, y + half}, half));

  // Start from the centroid or the box's centre, whichever is deeper inside.
  Cell best = make(ring_centroid(outer), 0);
  const Cell centre = make(b.centre(), 0);
  if (centre.distance > best.distance) best = centre;

  for (int budget = kPoleCellBudget; !queue.empty() && budget > 0; --budget) {
    const Cell cell = queue.top();
    queue.pop();
    if (cell.distance > best.distance) best = cell;
    if (cell.best_possible - best.distance <= precision) continue;
    const double h = cell.half / 2;
    queue.push(make({cell.centre.x - h, cell.centre.y - h}, h));
    queue.push(make({cell.centre.x + h, cell.centre.y - h}, h));
    queue.push(make({cell.centre.x - h, cell.centre.y + h}, h));
    queue.push(make({cell.centre.x + h, cell.centre.y + h}, h));
  }
  return {best.centre, std::max(0.0, best.distance)};
}

InteriorPoint label_anchor(const MultiPolygon& shape, double precision) {
  const Polygon* largest = nullptr;
  double largest_area = -1;
  for (const Polygon& p : shape) {
    const double a = area(p);
    if (a > largest_area) largest = &p, largest_area = a;
  }
  if (!largest) return {};
  return pole_of_inaccessibility(*largest, precision);
}

std::vector<MapLabel> place_labels(const Scene& scene, const LayoutRect& frame,
                                   const Camera& camera, const std::vector<LayoutRect>& keep_clear,
                                   const FontSet& fonts, double scale,
                                   const std::function<bool(std::size_t)>& eligible) {
  std::vector<MapLabel> placed;
  int top = -1;
  for (std::size_t i = 0; i < scene.layers.size(); ++i)
    if (scene.layers[i].layer && scene.layers[i].interactive) top = static_cast<int>(i);
  if (top < 0 || !(camera.scale > 0)) return placed;
  const SceneLayer& sl = scene.layers[static_cast<std::size_t>(top)];
  const Layer& layer = *sl.layer;

  const Font& font = fonts.get(false);
  const double size = kLabelSize * scale;
  const double ascent = font.ascent(static_cast<float>(size));
  const double line_h = ascent + font.descent(static_cast<float>(size));
  const double gap = 2 * scale;  // between a label and anything else
  const LayoutRect usable = grown(frame, -gap);
  const Bounds visible = camera.visible_bounds();

  // Largest areas first: they have room, and readers look for them.
  struct Candidate {
    std::size_t area;
    double size;
  };
  const auto label_column = layer.attributes.find(kMapLabelField);
  const auto text_of = [&](std::size_t i) {
    if (label_column && !layer.attributes.columns[*label_column].is_number() &&
        !layer.attributes.columns[*label_column].text[i].empty())
      return layer.attributes.columns[*label_column].text[i];
    return layer.name(i);
  };
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    const Bounds& b = layer.shape_bounds[i];
    if (b.empty() || b.max_x < visible.min_x || b.min_x > visible.max_x ||
        b.max_y < visible.min_y || b.min_y > visible.max_y)
      continue;
    // An area less than a line of text high or wide cannot hold its name.
    if (b.width() * camera.scale < line_h || b.height() * camera.scale < line_h) continue;
    if (text_of(i).empty() || (eligible && !eligible(i))) continue;
    candidates.push_back({i, area(layer.shapes[i])});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.size > b.size; });

  const auto fill_label_color = [&](std::size_t i) {
    return label_color(i < sl.fills.size() ? sl.fills[i] : Rgba{0, 0, 0, 0});
  };
  const auto to_map = [&](double px, double py) {
    return camera.screen_to_map({px - frame.x, py - frame.y});
  };
  for (const Candidate& c : candidates) {
    const MultiPolygon& shape = layer.shapes[c.area];
    const InteriorPoint anchor = label_anchor(shape, 0.5 / camera.scale);
    // Too thin at its widest for a line of text.
    if (anchor.distance * camera.scale < 0.4 * line_h) continue;
    const Vec2 s = camera.map_to_screen(anchor.point);
    const double ax = s.x + frame.x, ay = s.y + frame.y;
    for (const std::vector<std::string>& lines : text_variants(text_of(c.area))) {
      std::vector<double> widths;
      double w = 0;
      for (const std::string& line : lines) {
        widths.push_back(font.text_width(line, static_cast<float>(size)));
        w = std::max(w, widths.back());
      }
      const double h = line_h * static_cast<double>(lines.size());
      const LayoutRect box{ax - w / 2, ay - h / 2, w, h};
      if (!inside(box, usable)) continue;
      const LayoutRect padded = grown(box, gap);
      const auto hits = [&](const LayoutRect& r) { return r.w > 0 && overlaps(padded, r); };
      if (std::any_of(keep_clear.begin(), keep_clear.end(), hits)) continue;
      if (std::any_of(placed.begin(), placed.end(),
                      [&](const MapLabel& l) { return overlaps(padded, l.box); }))
        continue;
      // Sample the box on a grid: most of it must lie on its own area.
      const int cols = std::clamp(static_cast<int>(w / (line_h / 2)), 3, 16);
      const int rows = 3 * static_cast<int>(lines.size());
      const Rgba color = fill_label_color(c.area);
      int in = 0;
      bool readable = true;
      for (int r = 0; r < rows && readable; ++r)
        for (int k = 0; k < cols && readable; ++k) {
          const Vec2 m = to_map(box.x + w * (k + 0.5) / cols, box.y + h * (r + 0.5) / rows);
          if (contains(shape, m)) {
            ++in;
          } else {
            const auto other = layer.hit_test(m);
            readable = other && fill_label_color(*other) == color;
          }
        }
      if (!readable || in < kLabelMinInside * rows * cols) continue;

      MapLabel label;
      label.layer = static_cast<std::size_t>(top);
      label.area = c.area;
      label.box = box;
      for (std::size_t k = 0; k < lines.size(); ++k)
        label.lines.push_back({lines[k], std::round(ax - widths[k] / 2),
                               std::round(box.y + ascent + line_h * static_cast<double>(k)), size,
                               false, color, widths[k]});
      placed.push_back(std::move(label));
      break;
    }
  }
  return placed;
}

}  // namespace devomap
