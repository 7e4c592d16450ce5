#include "core/layout.hpp"

#include <algorithm>
#include <cmath>

namespace devomap {

namespace {

// Logical sizes (multiplied by the scale). Chosen to read well at 96 dpi next to ImGui's
// 13 px default font.
constexpr double kMargin = 12;   // viewport edge to panel
constexpr double kPadding = 10;  // panel border to content
constexpr double kPanelBorder = 1;
constexpr double kTitleSize = 13;
constexpr double kSubtitleSize = 11;
constexpr double kLabelSize = 12;
constexpr double kCountSize = 11;
constexpr double kRuleSize = 10;
constexpr double kSwatchW = 24;
constexpr double kSwatchH = 14;
constexpr double kSwatchBorder = 1;
constexpr double kSwatchToLabel = 8;
constexpr double kLabelToCount = 14;
constexpr double kRowPitch = 20;
constexpr double kHeaderGap = 6;  // below the title/subtitle
constexpr double kFooterGap = 6;  // above the boundary rule

constexpr Rgba kPanelFill{255, 255, 255, 255};
constexpr Rgba kPanelBorderColor{176, 176, 176, 255};
constexpr Rgba kSwatchBorderColor{128, 128, 128, 255};
constexpr Rgba kTextColor{34, 34, 34, 255};
constexpr Rgba kSecondaryText{96, 96, 96, 255};

struct Line {
  double ascent, descent;
  double height() const { return ascent + descent; }
};

Line line_metrics(const Font& font, double size) {
  return {font.ascent(static_cast<float>(size)), font.descent(static_cast<float>(size))};
}

double width_of(const Font& font, const std::string& text, double size) {
  return font.text_width(text, static_cast<float>(size));
}

// Rounds a rectangle's edges (not its size) to whole pixels so fills stay crisp.
LayoutRect snapped(double x, double y, double w, double h) {
  const double x0 = std::round(x), y0 = std::round(y);
  return {x0, y0, std::round(x + w) - x0, std::round(y + h) - y0};
}

struct Measured {
  double width = 0, height = 0;  // of the panel, at the scale it was measured with
};

class Builder {
 public:
  Builder(const Legend& legend, double scale, const FontSet& fonts)
      : legend_(legend), s_(scale), fonts_(fonts) {}

  Measured measure() const {
    Measured m;
    double content_w = body_width(), content_h = 0;
    if (has_title()) content_h += line_metrics(fonts_.get(true), kTitleSize * s_).height();
    if (has_subtitle()) content_h += line_metrics(fonts_.get(false), kSubtitleSize * s_).height();
    if ((has_title() || has_subtitle()) && !legend_.entries.empty()) content_h += kHeaderGap * s_;
    content_h += legend_.entries.size() * kRowPitch * s_;
    if (has_rule()) {
      if (content_h > 0) content_h += kFooterGap * s_;
      // The rule sentence wraps to the width of what is above it so it never makes the panel
      // wide enough to cover the map.
      const auto lines = rule_lines();
      for (const std::string& l : lines)
        content_w = std::max(content_w, width_of(fonts_.get(false), l, kRuleSize * s_));
      content_h += lines.size() * line_metrics(fonts_.get(false), kRuleSize * s_).height();
    }
    m.width = content_w + 2 * (kPadding + kPanelBorder) * s_;
    m.height = content_h + 2 * (kPadding + kPanelBorder) * s_;
    return m;
  }

  LegendLayout build(double viewport_h) const {
    LegendLayout out;
    out.scale = s_;
    const Measured m = measure();
    const double left = kMargin * s_;
    const double top = viewport_h - kMargin * s_ - m.height;
    out.panel = snapped(left, top, m.width, m.height);
    out.boxes.push_back({out.panel, kPanelBorderColor});
    const double border = kPanelBorder * s_;
    out.boxes.push_back(
        {snapped(left + border, top + border, m.width - 2 * border, m.height - 2 * border),
         kPanelFill});

    const double x = left + (kPanelBorder + kPadding) * s_;
    double y = top + (kPanelBorder + kPadding) * s_;  // top of the next line
    if (has_title()) y = add_line(out, legend_.title, x, y, kTitleSize, true, kTextColor);
    if (has_subtitle())
      y = add_line(out, legend_.subtitle, x, y, kSubtitleSize, false, kSecondaryText);
    if ((has_title() || has_subtitle()) && !legend_.entries.empty()) y += kHeaderGap * s_;

    const double label_x = x + (kSwatchW + kSwatchToLabel) * s_;
    const double count_right = x + rows_width();
    const Line label_line = line_metrics(fonts_.get(false), kLabelSize * s_);
    const Line count_line = line_metrics(fonts_.get(false), kCountSize * s_);
    for (std::size_t i = 0; i < legend_.entries.size(); ++i) {
      const LegendEntry& entry = legend_.entries[i];
      const double centre = y + kRowPitch * s_ / 2;
      add_swatch(out, entry, i, x, centre - kSwatchH * s_ / 2);
      // Centre the text's ascent+descent box on the row so digits and letters sit mid-swatch.
      add_text(out, entry.label, label_x, centre + (label_line.ascent - label_line.descent) / 2,
               kLabelSize, false, kTextColor);
      if (show_counts()) {
        const std::string count = std::to_string(entry.count);
        const double w = width_of(fonts_.get(false), count, kCountSize * s_);
        add_text(out, count, count_right - w, centre + (count_line.ascent - count_line.descent) / 2,
                 kCountSize, false, kSecondaryText);
      }
      y += kRowPitch * s_;
    }
    if (has_rule()) {
      if (y > top + (kPanelBorder + kPadding) * s_) y += kFooterGap * s_;
      for (const std::string& l : rule_lines())
        y = add_line(out, l, x, y, kRuleSize, false, kSecondaryText);
    }
    return out;
  }

 private:
  bool has_title() const { return !legend_.title.empty(); }
  bool has_subtitle() const { return !legend_.subtitle.empty(); }
  bool has_rule() const { return !legend_.boundary_rule.empty() || !legend_.note.empty(); }
  // Widest of the title, subtitle and entry rows: everything but the boundary rule.
  double body_width() const {
    double w = 0;
    if (has_title()) w = std::max(w, width_of(fonts_.get(true), legend_.title, kTitleSize * s_));
    if (has_subtitle())
      w = std::max(w, width_of(fonts_.get(false), legend_.subtitle, kSubtitleSize * s_));
    if (!legend_.entries.empty()) w = std::max(w, rows_width());
    return w;
  }
  std::vector<std::string> rule_lines() const {
    constexpr double kMinRuleWidth = 190;  // logical px: keeps the sentence to a few lines
    std::vector<std::string> lines;
    for (const std::string* text : {&legend_.boundary_rule, &legend_.note}) {
      if (text->empty()) continue;
      const auto wrapped = wrap_words(fonts_.get(false), *text, kRuleSize * s_,
                                      std::max(body_width(), kMinRuleWidth * s_));
      lines.insert(lines.end(), wrapped.begin(), wrapped.end());
    }
    return lines;
  }
  bool show_counts() const {
    return std::any_of(legend_.entries.begin(), legend_.entries.end(),
                       [](const LegendEntry& e) { return e.count > 0; });
  }

  double rows_width() const {
    const bool counts = show_counts();
    double label_w = 0, count_w = 0;
    for (const LegendEntry& e : legend_.entries) {
      label_w = std::max(label_w, width_of(fonts_.get(false), e.label, kLabelSize * s_));
      if (counts)
        count_w = std::max(count_w,
                           width_of(fonts_.get(false), std::to_string(e.count), kCountSize * s_));
    }
    double w = (kSwatchW + kSwatchToLabel) * s_ + label_w;
    if (counts) w += kLabelToCount * s_ + count_w;
    return w;
  }

  // Adds a text line whose top is at `top`; returns the top of the line below.
  double add_line(LegendLayout& out, const std::string& text, double x, double top,
                  double logical_size, bool bold, Rgba color) const {
    const Line line = line_metrics(fonts_.get(bold), logical_size * s_);
    add_text(out, text, x, top + line.ascent, logical_size, bold, color);
    return top + line.height();
  }

  void add_text(LegendLayout& out, const std::string& text, double x, double baseline,
                double logical_size, bool bold, Rgba color) const {
    const double size = logical_size * s_;
    out.texts.push_back({text, std::round(x), std::round(baseline), size, bold, color,
                         width_of(fonts_.get(bold), text, size)});
  }

  void add_swatch(LegendLayout& out, const LegendEntry& entry, std::size_t index, double x,
                  double y) const {
    const LayoutRect outer = snapped(x, y, kSwatchW * s_, kSwatchH * s_);
    const double b = std::max(1.0, std::round(kSwatchBorder * s_));
    const LayoutRect inner{outer.x + b, outer.y + b, outer.w - 2 * b, outer.h - 2 * b};
    const Rgba border = entry.no_data ? no_data_hatch_color(entry.color) : kSwatchBorderColor;
    out.boxes.push_back({outer, border});
    out.boxes.push_back({inner, entry.color});
    out.swatches.push_back({inner, index, entry.no_data});
    if (entry.no_data) add_hatching(out, inner, entry.color);
  }

  // "/" strokes at 45 degrees, clipped so that even their thick ends stay inside `rect`.
  void add_hatching(LegendLayout& out, const LayoutRect& rect, Rgba fill) const {
    const double width = kNoDataHatchWidth * s_;
    const double inset = width / 2;
    const double x0 = rect.x + inset, x1 = rect.x + rect.w - inset;
    const double y0 = rect.y + inset, y1 = rect.y + rect.h - inset;
    if (x1 <= x0 || y1 <= y0) return;
    // Lines x + y = c (y down); perpendicular spacing d means a step of d * sqrt(2) in c.
    const double step = kNoDataHatchSpacing * s_ * std::sqrt(2.0);
    const Rgba color = no_data_hatch_color(fill);
    for (double c = x0 + y0 + step / 2; c < x1 + y1; c += step) {
      const double lo = std::max(x0, c - y1), hi = std::min(x1, c - y0);
      if (hi - lo <= 0) continue;
      out.hatching.push_back({{lo, c - lo}, {hi, c - hi}, width, color});
    }
  }

  const Legend& legend_;
  double s_;
  const FontSet& fonts_;
};

}  // namespace

Rgba no_data_hatch_color(Rgba fill) {
  const auto darker = [](std::uint8_t c) { return static_cast<std::uint8_t>(c * 55 / 100); };
  return {darker(fill.r), darker(fill.g), darker(fill.b), 255};
}

LegendLayout layout_legend(const Legend& legend, double viewport_w, double viewport_h, double scale,
                           const FontSet& fonts) {
  if (legend.title.empty() && legend.subtitle.empty() && legend.entries.empty() &&
      legend.boundary_rule.empty() && legend.note.empty())
    return {};
  if (!(scale > 0) || !(viewport_w > 0) || !(viewport_h > 0)) return {};
  // Every size is proportional to the scale, so one measurement gives the exact shrink factor.
  const Measured natural = Builder(legend, scale, fonts).measure();
  const double need_w = natural.width + 2 * kMargin * scale;
  const double need_h = natural.height + 2 * kMargin * scale;
  const double fit = std::min({1.0, viewport_w / need_w, viewport_h / need_h});
  return Builder(legend, scale * fit, fonts).build(viewport_h);
}

}  // namespace devomap
