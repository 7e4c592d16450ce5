#pragma once
// The histogram drawn under the legend: a field's values in equal-width bins, each bar split by
// class so it can be coloured like the map, on a linear or log axis. Also the axis mapping the
// window uses to place break lines and to turn a dragged line back into a break value.
#include <cstddef>
#include <span>
#include <vector>

#include "core/classify.hpp"

namespace devomap {

struct Histogram {
  // The axis range in data units: the finite values' range, widened to the outer class edges.
  double min = 0.0, max = 0.0;
  bool log_axis = false;  // positions are log10 of the value
  // counts[bin][class]: values of that class in the bin. Bins are equal in axis units.
  std::vector<std::vector<std::size_t>> counts;
  std::size_t largest_bin = 0;  // the tallest bar's total, for scaling
  std::size_t left_out = 0;     // no data, and values <= 0 on a log axis

  bool empty() const { return counts.empty(); }
  // 0..1 along the axis for a value (clamped), and back.
  double position(double value) const;
  double value_at(double position) const;
};

// Bins the values (NaN/infinite are left out) and splits each bar by the classification's
// classes (class_of). The axis is logarithmic when the method is log, or when every value is
// positive and the largest is at least 1000 times the smallest (areas, populations), so skewed
// data do not crowd into one bar. No finite values, or no classes: an empty histogram.
Histogram build_histogram(std::span<const double> values, const Classification& c, int bins);

// A dragged break rounded to a step that the pointer can resolve: the power of ten at or below
// `resolution` (the value change per pixel), so breaks read 1,250 rather than 1,249.7134.
double round_break(double value, double resolution);

// Moves break `index` of a manual classification's inner breaks to `value`, keeping them
// strictly increasing. Returns false, leaving the breaks as they were, when the value is not
// strictly between its neighbours (or not finite, or the index is out of range).
bool move_break(std::vector<double>& breaks, std::size_t index, double value);

}  // namespace devomap
