// The histogram under the legend: bins split by class, the axis, and dragging breaks.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <vector>

#include "core/histogram.hpp"

using namespace devomap;

namespace {
Classification classes_of(const std::vector<double>& v, ClassMethod m, int k) {
  ClassifyOptions o;
  o.method = m;
  o.classes = k;
  return classify(v, o);
}
std::size_t total(const Histogram& h) {
  std::size_t n = 0;
  for (const auto& bin : h.counts) n = std::accumulate(bin.begin(), bin.end(), n);
  return n;
}
}  // namespace

TEST_CASE("bars split by class, on a linear axis for even data", "[histogram]") {
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i) v.push_back(i);
  v.push_back(std::nan(""));
  const Classification c = classes_of(v, ClassMethod::Equal, 4);
  const Histogram h = build_histogram(v, c, 10);
  REQUIRE(h.counts.size() == 10);
  CHECK_FALSE(h.log_axis);
  CHECK(h.min == 1);
  CHECK(h.max == 100);
  CHECK(h.left_out == 1);
  CHECK(total(h) == 100);
  CHECK(h.largest_bin == 10);
  // The first bin holds 1..10, all in class 1; the last 91..100, all in class 4.
  CHECK(h.counts[0] == std::vector<std::size_t>{10, 0, 0, 0});
  CHECK(h.counts[9] == std::vector<std::size_t>{0, 0, 0, 10});
  // A bin across a break is split between the two classes (the break at 25.75).
  CHECK(h.counts[2][0] > 0);
  CHECK(h.counts[2][1] > 0);
  CHECK(h.position(1) == 0);
  CHECK(h.position(100) == 1);
  CHECK(h.position(50.5) == Approx(0.5));
  CHECK(h.value_at(0.5) == Approx(50.5));
  CHECK(h.position(1000) == 1);  // clamped
}

TEST_CASE("skewed positive data and log classes use a log axis", "[histogram]") {
  const std::vector<double> v = {2.5, 10, 40, 300, 2000, 26000};
  const Histogram h = build_histogram(v, classes_of(v, ClassMethod::Quantile, 3), 8);
  CHECK(h.log_axis);
  CHECK(h.position(std::sqrt(2.5 * 26000.0)) == Approx(0.5));
  CHECK(h.value_at(h.position(300)) == Approx(300));

  const std::vector<double> with_zero = {0, 10, 100, 1000};
  const Classification logc = classes_of(with_zero, ClassMethod::Log, 3);
  const Histogram hl = build_histogram(with_zero, logc, 6);
  CHECK(hl.log_axis);
  CHECK(hl.left_out == 1);  // 0 is not on a log scale, as on the map
  CHECK(hl.min > 0);

  const std::vector<double> mixed = {-5, 10, 100, 100000};
  CHECK_FALSE(build_histogram(mixed, classes_of(mixed, ClassMethod::Quantile, 2), 6).log_axis);
}

TEST_CASE("manual breaks beyond the data widen the axis", "[histogram]") {
  const std::vector<double> v = {10, 20, 30};
  ClassifyOptions o;
  o.method = ClassMethod::Manual;
  o.manual_breaks = {15, 50};
  const Histogram h = build_histogram(v, classify(v, o), 5);
  CHECK(h.max == 50);
  CHECK(h.position(50) == 1);
}

TEST_CASE("nothing to draw: no values, categories", "[histogram]") {
  const std::vector<double> none = {std::nan("")};
  CHECK(build_histogram(none, classes_of(none, ClassMethod::Quantile, 3), 10).empty());
  const std::vector<double> v = {1, 2, 2, 3};
  CHECK(build_histogram(v, classes_of(v, ClassMethod::Categorical, 0), 10).empty());
}

TEST_CASE("dragged breaks round to what a pixel resolves and stay in order", "[histogram]") {
  CHECK(round_break(1249.7134, 3.2) == 1250);
  CHECK(round_break(1249.7134, 0.5) == Approx(1249.7));
  CHECK(round_break(0.30000001, 0.01) == 0.3);
  CHECK(round_break(7.0, 0) == 7.0);

  std::vector<double> breaks = {10, 20, 30};
  CHECK(move_break(breaks, 1, 25));
  CHECK(breaks == std::vector<double>{10, 25, 30});
  CHECK_FALSE(move_break(breaks, 1, 30));  // onto its neighbour
  CHECK_FALSE(move_break(breaks, 0, 5e9));
  CHECK_FALSE(move_break(breaks, 3, 1));
  CHECK_FALSE(move_break(breaks, 2, std::nan("")));
  CHECK(move_break(breaks, 0, -100));  // the ends may move past the data
  CHECK(breaks == std::vector<double>{-100, 25, 30});
}
