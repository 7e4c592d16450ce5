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

namespace {

// Callouts: the plate's padding around the text, how far from the area a plate may stand, and
// the share of a plate that may cover other key areas (more would hide them).
constexpr double kPlatePadX = 3, kPlatePadY = 1;  // logical px
constexpr int kCalloutSteps = 6;                  // distances tried, each 3/4 of a line apart
constexpr double kCalloutMaxOnOthers = 0.15;
constexpr Rgba kPlateFill{255, 255, 255, 235};
constexpr Rgba kLeaderColor{68, 68, 68, 255};
constexpr Rgba kPlateText{34, 34, 34, 255};

// Places the labels of one layer's areas, one at a time, against everything placed before.
class LabelPlacer {
 public:
  LabelPlacer(const Scene& scene, std::size_t top, const LayoutRect& frame, const Camera& camera,
              const std::vector<LayoutRect>& keep_clear, const FontSet& fonts, double scale)
      : sl_(scene.layers[top]),
        layer_(*sl_.layer),
        top_(top),
        frame_(frame),
        camera_(camera),
        keep_clear_(keep_clear),
        font_(fonts.get(false)),
        scale_(scale),
        size_(kLabelSize * scale),
        ascent_(font_.ascent(static_cast<float>(size_))),
        line_h_(ascent_ + font_.descent(static_cast<float>(size_))),
        gap_(2 * scale),
        usable_(grown(frame, -gap_)) {
    label_column_ = layer_.attributes.find(kMapLabelField);
  }

  std::string text_of(std::size_t i) const {
    if (label_column_ && !layer_.attributes.columns[*label_column_].is_number() &&
        !layer_.attributes.columns[*label_column_].text[i].empty())
      return layer_.attributes.columns[*label_column_].text[i];
    return layer_.name(i);
  }
  double line_height() const { return line_h_; }

  // The label inside its own area, or false when no way of setting it fits.
  bool inside_area(std::size_t area, const InteriorPoint& anchor);
  // The label of a key area on a plate beside it, or false.
  bool beside_area(std::size_t area, const InteriorPoint& anchor);
  std::vector<MapLabel> take() { return std::move(placed_); }

 private:
  struct Lines {
    std::vector<std::string> text;
    std::vector<double> widths;
    double w = 0, h = 0;
  };
  Lines measure(const std::vector<std::string>& text) const {
    Lines l{text, {}, 0, line_h_ * static_cast<double>(text.size())};
    for (const std::string& line : text) {
      l.widths.push_back(font_.text_width(line, static_cast<float>(size_)));
      l.w = std::max(l.w, l.widths.back());
    }
    return l;
  }
  Vec2 to_map(double px, double py) const {
    return camera_.screen_to_map({px - frame_.x, py - frame_.y});
  }
  Rgba fill_label_color(std::size_t i) const {
    return label_color(i < sl_.fills.size() ? sl_.fills[i] : Rgba{0, 0, 0, 0});
  }
  // Free of the page's parts, the labels placed and their leaders.
  bool clear(const LayoutRect& box) const;
  // A leader from a to b crosses no label placed.
  bool leader_clear(Vec2 a, Vec2 b) const;
  // The share of a rectangle that lies on key areas.
  double key_share(const LayoutRect& r) const;
  void add(std::size_t area, Vec2 anchor, const LayoutRect& box, const Lines& lines, double top_y,
           Rgba color, std::optional<LayoutBox> plate, std::optional<LayoutLine> leader);

  const SceneLayer& sl_;
  const Layer& layer_;
  std::size_t top_;
  LayoutRect frame_;
  const Camera& camera_;
  const std::vector<LayoutRect>& keep_clear_;
  const Font& font_;
  double scale_, size_, ascent_, line_h_, gap_;
  LayoutRect usable_;
  std::optional<std::size_t> label_column_;
  std::vector<MapLabel> placed_;
};

bool LabelPlacer::clear(const LayoutRect& box) const {
  const LayoutRect padded = grown(box, gap_);
  const auto hits = [&](const LayoutRect& r) { return r.w > 0 && overlaps(padded, r); };
  if (std::any_of(keep_clear_.begin(), keep_clear_.end(), hits)) return false;
  for (const MapLabel& l : placed_) {
    if (overlaps(padded, l.box)) return false;
    if (!l.leader) continue;
    for (int k = 0; k <= 8; ++k) {  // the leader's points, a ninth of it apart
      const double t = k / 8.0;
      const Vec2 p{l.leader->a.x + (l.leader->b.x - l.leader->a.x) * t,
                   l.leader->a.y + (l.leader->b.y - l.leader->a.y) * t};
      if (padded.contains(p)) return false;
    }
  }
  return true;
}

bool LabelPlacer::leader_clear(Vec2 a, Vec2 b) const {
  const int steps = std::max(2, static_cast<int>(std::hypot(b.x - a.x, b.y - a.y) / gap_));
  for (int k = 0; k <= steps; ++k) {
    const double t = static_cast<double>(k) / steps;
    const Vec2 p{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
    for (const MapLabel& l : placed_)
      if (l.box.contains(p)) return false;
  }
  return true;
}

double LabelPlacer::key_share(const LayoutRect& r) const {
  const int cols = std::clamp(static_cast<int>(r.w / (line_h_ / 2)), 3, 16), rows = 4;
  int on_keys = 0;
  for (int i = 0; i < rows; ++i)
    for (int k = 0; k < cols; ++k) {
      const auto hit =
          layer_.hit_test(to_map(r.x + r.w * (k + 0.5) / cols, r.y + r.h * (i + 0.5) / rows));
      if (hit && layer_.is_key_area(*hit)) ++on_keys;
    }
  return static_cast<double>(on_keys) / (rows * cols);
}

void LabelPlacer::add(std::size_t area, Vec2 anchor, const LayoutRect& box, const Lines& lines,
                      double top_y, Rgba color, std::optional<LayoutBox> plate,
                      std::optional<LayoutLine> leader) {
  MapLabel label;
  label.layer = top_;
  label.area = area;
  label.anchor = anchor;
  label.box = box;
  const double cx = box.x + box.w / 2;
  for (std::size_t k = 0; k < lines.text.size(); ++k)
    label.lines.push_back({lines.text[k], std::round(cx - lines.widths[k] / 2),
                           std::round(top_y + ascent_ + line_h_ * static_cast<double>(k)), size_,
                           false, color, lines.widths[k]});
  label.plate = plate;
  label.leader = leader;
  placed_.push_back(std::move(label));
}

bool LabelPlacer::inside_area(std::size_t area, const InteriorPoint& anchor) {
  // Too thin at its widest for a line of text.
  if (anchor.distance * camera_.scale < 0.4 * line_h_) return false;
  const MultiPolygon& shape = layer_.shapes[area];
  const Vec2 s = camera_.map_to_screen(anchor.point);
  const double ax = s.x + frame_.x, ay = s.y + frame_.y;
  for (const std::vector<std::string>& text : text_variants(text_of(area))) {
    const Lines lines = measure(text);
    const double w = lines.w, h = lines.h;
    const LayoutRect box{ax - w / 2, ay - h / 2, w, h};
    if (!inside(box, usable_) || !clear(box)) continue;
    // Sample the box on a grid: most of it must lie on its own area.
    const int cols = std::clamp(static_cast<int>(w / (line_h_ / 2)), 3, 16);
    const int rows = 3 * static_cast<int>(text.size());
    const Rgba color = fill_label_color(area);
    int in = 0;
    bool readable = true;
    for (int r = 0; r < rows && readable; ++r)
      for (int k = 0; k < cols && readable; ++k) {
        const Vec2 m = to_map(box.x + w * (k + 0.5) / cols, box.y + h * (r + 0.5) / rows);
        if (contains(shape, m)) {
          ++in;
        } else {
          const auto other = layer_.hit_test(m);
          readable = other && fill_label_color(*other) == color;
        }
      }
    if (!readable || in < kLabelMinInside * rows * cols) continue;
    add(area, anchor.point, box, lines, box.y, color, std::nullopt, std::nullopt);
    return true;
  }
  return false;
}

bool LabelPlacer::beside_area(std::size_t area, const InteriorPoint& anchor) {
  const Vec2 s = camera_.map_to_screen(anchor.point);
  const Vec2 a{s.x + frame_.x, s.y + frame_.y};
  if (!usable_.contains(a)) return false;  // a leader to somewhere off the map points nowhere
  const double reach = anchor.distance * camera_.scale + 2 * gap_;
  const double pad_x = kPlatePadX * scale_, pad_y = kPlatePadY * scale_;
  // East and west first (a name reads along the line), then the diagonals, then north, south.
  static constexpr double d = 0.7071067811865476;
  static constexpr Vec2 kDirections[] = {{1, 0}, {-1, 0}, {d, -d}, {-d, -d},
                                         {d, d}, {-d, d}, {0, -1}, {0, 1}};
  for (const std::vector<std::string>& text : text_variants(text_of(area))) {
    const Lines lines = measure(text);
    const double pw = lines.w + 2 * pad_x, ph = lines.h + 2 * pad_y;
    for (int step = 0; step < kCalloutSteps; ++step)
      for (const Vec2& dir : kDirections) {
        const double far = reach + step * 0.75 * line_h_;
        const Vec2 q{a.x + dir.x * far, a.y + dir.y * far};  // the plate's nearest point
        const LayoutRect plate{dir.x > 0.1    ? q.x
                               : dir.x < -0.1 ? q.x - pw
                                              : q.x - pw / 2,
                               dir.y > 0.1    ? q.y
                               : dir.y < -0.1 ? q.y - ph
                                              : q.y - ph / 2,
                               pw, ph};
        if (!inside(plate, usable_) || grown(plate, gap_).contains(a) || !clear(plate)) continue;
        // The plate may cover a little of the key areas (its own too), never hide them.
        if (key_share(plate) > kCalloutMaxOnOthers) continue;
        const Vec2 b{std::clamp(a.x, plate.x, plate.x + pw),
                     std::clamp(a.y, plate.y, plate.y + ph)};
        if (!leader_clear(a, b)) continue;
        add(area, anchor.point, plate, lines, plate.y + pad_y, kPlateText,
            LayoutBox{plate, kPlateFill}, LayoutLine{a, b, scale_, kLeaderColor});
        return true;
      }
  }
  return false;
}

}  // namespace

void move_labels(std::vector<MapLabel>& labels, const Camera& from, const Camera& to) {
  for (MapLabel& label : labels) {
    const Vec2 was = from.map_to_screen(label.anchor), now = to.map_to_screen(label.anchor);
    const double dx = now.x - was.x, dy = now.y - was.y;
    label.box.x += dx;
    label.box.y += dy;
    for (LayoutText& line : label.lines) line.x += dx, line.baseline += dy;
    if (label.plate) label.plate->rect.x += dx, label.plate->rect.y += dy;
    if (label.leader) {
      label.leader->a = {label.leader->a.x + dx, label.leader->a.y + dy};
      label.leader->b = {label.leader->b.x + dx, label.leader->b.y + dy};
    }
  }
}

std::vector<MapLabel> place_labels(const Scene& scene, const LayoutRect& frame,
                                   const Camera& camera, const std::vector<LayoutRect>& keep_clear,
                                   const FontSet& fonts, double scale,
                                   const std::function<bool(std::size_t)>& eligible) {
  int top = -1;
  for (std::size_t i = 0; i < scene.layers.size(); ++i)
    if (scene.layers[i].layer && scene.layers[i].interactive) top = static_cast<int>(i);
  if (top < 0 || !(camera.scale > 0)) return {};
  const Layer& layer = *scene.layers[static_cast<std::size_t>(top)].layer;
  LabelPlacer placer(scene, static_cast<std::size_t>(top), frame, camera, keep_clear, fonts, scale);
  const double line_h = placer.line_height();
  const Bounds visible = camera.visible_bounds();

  // Key areas first, heaviest first; then the largest: they have room, and readers look for them.
  struct Candidate {
    std::size_t area;
    double size;
    double weight;  // more than 0: a key area
  };
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    const Bounds& b = layer.shape_bounds[i];
    if (b.empty() || b.max_x < visible.min_x || b.min_x > visible.max_x ||
        b.max_y < visible.min_y || b.min_y > visible.max_y)
      continue;
    const double weight = layer.is_key_area(i) ? layer.label_weights[i] : 0;
    const bool key = weight > 0;
    // An area less than a line of text high or wide cannot hold its name (a key area can be
    // named beside itself, if it shows at all).
    const double least = key ? 1.0 : line_h;
    if (b.width() * camera.scale < least || b.height() * camera.scale < least) continue;
    if (placer.text_of(i).empty() || (eligible && !eligible(i))) continue;
    candidates.push_back({i, area(layer.shapes[i]), weight});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     return a.weight != b.weight ? a.weight > b.weight : a.size > b.size;
                   });

  const auto anchor_of = [&](std::size_t i) {
    return label_anchor(layer.shapes[i], 0.5 / camera.scale);
  };
  // Key areas inside themselves, then those too small for that beside themselves, then the
  // others inside themselves.
  std::vector<std::pair<std::size_t, InteriorPoint>> too_small;
  for (const Candidate& c : candidates) {
    if (!(c.weight > 0)) continue;
    const InteriorPoint anchor = anchor_of(c.area);
    if (!placer.inside_area(c.area, anchor)) too_small.emplace_back(c.area, anchor);
  }
  for (const auto& [area, anchor] : too_small) placer.beside_area(area, anchor);
  for (const Candidate& c : candidates)
    if (!(c.weight > 0)) placer.inside_area(c.area, anchor_of(c.area));
  return placer.take();
}

}  // namespace devomap
