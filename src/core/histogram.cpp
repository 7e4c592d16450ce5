#include "core/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace devomap {
namespace {

// Wider ranges than this read better on a log axis: a linear one puts nearly every area in
// the first bar.
constexpr double kLogAxisRatio = 1000.0;

}  // namespace

double Histogram::position(double value) const {
  double lo = min, hi = max, v = value;
  if (log_axis) {
    lo = std::log10(min);
    hi = std::log10(max);
    v = value > 0 ? std::log10(value) : lo;
  }
  if (!(hi > lo)) return 0.5;
  return std::clamp((v - lo) / (hi - lo), 0.0, 1.0);
}

double Histogram::value_at(double position) const {
  const double p = std::clamp(position, 0.0, 1.0);
  if (log_axis) return std::pow(10.0, std::log10(min) + p * (std::log10(max) - std::log10(min)));
  return min + p * (max - min);
}

Histogram build_histogram(std::span<const double> values, const Classification& c, int bins) {
  Histogram h;
  const std::size_t classes = c.counts.size();
  bool any = false, all_positive = true;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    if (!any) h.min = h.max = v;
    h.min = std::min(h.min, v);
    h.max = std::max(h.max, v);
    all_positive = all_positive && v > 0;
    any = true;
  }
  if (!any || classes == 0 || bins < 1 || c.is_categorical()) return h;
  // Outer edges that reach past the data (pretty, manual breaks beyond it) widen the axis, so
  // every break has a place on it and the axis spans what the legend says.
  if (!c.edges.empty() && std::isfinite(c.edges.front()) && std::isfinite(c.edges.back())) {
    h.min = std::min(h.min, c.edges.front());
    h.max = std::max(h.max, c.edges.back());
    all_positive = all_positive && h.min > 0;
  }
  if (c.method == ClassMethod::Log) {
    // Only positive values are on the scale; the others are no data on the map too.
    double lo = 0;
    for (double v : values)
      if (std::isfinite(v) && v > 0) lo = lo > 0 ? std::min(lo, v) : v;
    if (lo <= 0) return h;
    if (!c.edges.empty() && c.edges.front() > 0) lo = std::min(lo, c.edges.front());
    h.min = lo;
    h.log_axis = true;
  } else {
    h.log_axis = all_positive && h.max >= h.min * kLogAxisRatio;
  }

  h.counts.assign(static_cast<std::size_t>(bins), std::vector<std::size_t>(classes, 0));
  for (double v : values) {
    const int cls = c.class_of(v);
    if (!std::isfinite(v) || cls < 0 || (h.log_axis && v <= 0)) {
      ++h.left_out;
      continue;
    }
    const auto bin = std::min(static_cast<std::size_t>(h.position(v) * bins),
                              static_cast<std::size_t>(bins - 1));
    ++h.counts[bin][static_cast<std::size_t>(cls)];
  }
  for (const auto& bin : h.counts) {
    std::size_t total = 0;
    for (std::size_t n : bin) total += n;
    h.largest_bin = std::max(h.largest_bin, total);
  }
  return h;
}

double round_break(double value, double resolution) {
  if (!std::isfinite(value) || !(resolution > 0) || !std::isfinite(resolution)) return value;
  const double step = std::pow(10.0, std::floor(std::log10(resolution)));
  const double rounded = std::round(value / step) * step;
  // Whole steps of a power of ten below 1 pick up binary noise (0.30000000000000004); printing
  // to 12 significant figures and reading back removes it.
  char text[32];
  std::snprintf(text, sizeof text, "%.12g", rounded);
  return std::strtod(text, nullptr);
}

bool move_break(std::vector<double>& breaks, std::size_t index, double value) {
  if (index >= breaks.size() || !std::isfinite(value)) return false;
  if (index > 0 && !(value > breaks[index - 1])) return false;
  if (index + 1 < breaks.size() && !(value < breaks[index + 1])) return false;
  breaks[index] = value;
  return true;
}

}  // namespace devomap
