#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "core/classify.hpp"
#include "core/error.hpp"

using namespace devomap;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

ClassifyOptions opts(ClassMethod m, int classes = 5) {
  ClassifyOptions o;
  o.method = m;
  o.classes = classes;
  return o;
}

std::vector<double> range_values(int from, int to) {
  std::vector<double> v;
  for (int i = from; i <= to; ++i) v.push_back(i);
  return v;
}

std::size_t total(const Classification& c) {
  return std::accumulate(c.counts.begin(), c.counts.end(), std::size_t{0});
}

// Within-class sum of squared deviations, computed directly (two passes per class).
double within_ssd(const std::vector<double>& sorted, const std::vector<std::size_t>& cuts) {
  std::vector<std::size_t> bounds = {0};
  bounds.insert(bounds.end(), cuts.begin(), cuts.end());
  bounds.push_back(sorted.size());
  double ssd = 0;
  for (std::size_t c = 0; c + 1 < bounds.size(); ++c) {
    double mean = 0;
    for (std::size_t i = bounds[c]; i < bounds[c + 1]; ++i) mean += sorted[i];
    mean /= static_cast<double>(bounds[c + 1] - bounds[c]);
    for (std::size_t i = bounds[c]; i < bounds[c + 1]; ++i)
      ssd += (sorted[i] - mean) * (sorted[i] - mean);
  }
  return ssd;
}

// Brute-force exact optimum over every partition of sorted values into k contiguous, non-empty
// groups that never split ties: O(k n^2) dynamic programme with direct SSD.
double brute_force_best_ssd(const std::vector<double>& sorted, int k) {
  const std::size_t n = sorted.size();
  auto group_ssd = [&](std::size_t a, std::size_t b) {
    double mean = 0;
    for (std::size_t i = a; i < b; ++i) mean += sorted[i];
    mean /= static_cast<double>(b - a);
    double s = 0;
    for (std::size_t i = a; i < b; ++i) s += (sorted[i] - mean) * (sorted[i] - mean);
    return s;
  };
  auto can_cut = [&](std::size_t at) { return at > 0 && at < n && sorted[at - 1] != sorted[at]; };
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> best(static_cast<std::size_t>(k) + 1,
                                        std::vector<double>(n + 1, inf));
  best[0][0] = 0;
  for (int c = 1; c <= k; ++c)
    for (std::size_t j = 1; j <= n; ++j) {
      if (j < n && !can_cut(j)) continue;
      for (std::size_t i = 0; i < j; ++i) {
        if (i > 0 && !can_cut(i)) continue;
        const double prev = best[static_cast<std::size_t>(c - 1)][i];
        if (prev == inf) continue;
        best[static_cast<std::size_t>(c)][j] =
            std::min(best[static_cast<std::size_t>(c)][j], prev + group_ssd(i, j));
      }
    }
  return best[static_cast<std::size_t>(k)][n];
}

}  // namespace

TEST_CASE("method names parse and print", "[classify]") {
  for (const std::string& name : class_method_names()) {
    const auto m = parse_class_method(name);
    REQUIRE(m);
    CHECK(to_string(*m) == name);
  }
  CHECK(class_method_names().size() == 11);
  CHECK(parse_class_method("JENKS") == ClassMethod::Jenks);
  CHECK(parse_class_method("natural") == ClassMethod::Jenks);
  CHECK_FALSE(parse_class_method("kmeans"));
  CHECK(is_data_driven(ClassMethod::Quantile));
  CHECK_FALSE(is_data_driven(ClassMethod::Equal));
  CHECK(fixed_class_count(ClassMethod::Box) == 6);
  CHECK(classes_ignored(ClassMethod::HeadTail));
}

TEST_CASE("class counts outside 2..9 are refused with a message", "[classify]") {
  const auto v = range_values(1, 20);
  for (int bad : {0, 1, 10, 12}) {
    try {
      classify(v, opts(ClassMethod::Quantile, bad));
      FAIL("no error for " << bad << " classes");
    } catch (const UserError& e) {
      CHECK_THAT(e.what(), Catch::Contains("between 2 and 9") &&
                               Catch::Contains("got " + std::to_string(bad)));
    }
  }
  // Methods that fix their own count ignore it.
  CHECK_NOTHROW(classify(v, opts(ClassMethod::Box, 1)));
}

TEST_CASE("equal interval edges and counts", "[classify]") {
  const auto c = classify(range_values(0, 10), opts(ClassMethod::Equal, 5));
  CHECK(c.edges == std::vector<double>{0, 2, 4, 6, 8, 10});
  CHECK(c.counts == std::vector<std::size_t>{3, 2, 2, 2, 2});
  CHECK(c.no_data == 0);
}

TEST_CASE("class_of puts a value on a break in the lower class", "[classify]") {
  const auto c = classify(range_values(0, 10), opts(ClassMethod::Equal, 5));
  CHECK(c.class_of(0) == 0);  // the first class includes its minimum
  CHECK(c.class_of(2) == 0);
  CHECK(c.class_of(std::nextafter(2.0, 3.0)) == 1);
  CHECK(c.class_of(4) == 1);
  CHECK(c.class_of(8) == 3);
  CHECK(c.class_of(std::nextafter(8.0, 9.0)) == 4);
  CHECK(c.class_of(10) == 4);
  CHECK(c.class_of(-5) == 0);  // beyond the ends: the end classes (locked breaks)
  CHECK(c.class_of(50) == 4);
  CHECK(c.class_of(kNaN) == -1);
  CHECK(c.class_of(kInf) == -1);
  // Every value lands where the counts say.
  std::vector<std::size_t> seen(5, 0);
  for (double v : range_values(0, 10)) ++seen[static_cast<std::size_t>(c.class_of(v))];
  CHECK(seen == c.counts);
}

TEST_CASE("quantile: equal counts, ties kept together", "[classify]") {
  const auto c = classify(range_values(1, 10), opts(ClassMethod::Quantile, 5));
  CHECK(c.edges == std::vector<double>{1, 2, 4, 6, 8, 10});
  CHECK(c.counts == std::vector<std::size_t>{2, 2, 2, 2, 2});
  CHECK(is_data_driven(c.method));

  const std::vector<double> tied = {1, 1, 1, 1, 2, 3, 4, 5, 6, 7};
  const auto t = classify(tied, opts(ClassMethod::Quantile, 5));
  CHECK(t.class_count() == 5);
  CHECK(t.edges == std::vector<double>{1, 1, 3, 4, 6, 7});
  CHECK(t.counts == std::vector<std::size_t>{4, 2, 1, 2, 1});
  // Data-driven edges are the largest value of each class.
  for (int i = 0; i < t.class_count(); ++i) {
    double largest = -kInf;
    for (double v : tied)
      if (t.class_of(v) == i) largest = std::max(largest, v);
    CHECK(largest == t.edges[static_cast<std::size_t>(i) + 1]);
  }
}

TEST_CASE("constant data and fewer values than classes give fewer classes", "[classify]") {
  const std::vector<double> constant(7, 3.5);
  for (auto m : {ClassMethod::Equal, ClassMethod::Quantile, ClassMethod::Jenks, ClassMethod::StdDev,
                 ClassMethod::Pretty, ClassMethod::HeadTail, ClassMethod::Log}) {
    INFO(to_string(m));
    const auto c = classify(constant, opts(m, 5));
    CHECK(c.class_count() == 1);
    CHECK(c.counts == std::vector<std::size_t>{7});
    CHECK(c.gvf == 1.0);
    CHECK(c.class_of(3.5) == 0);
  }
  CHECK_THAT(classify(constant, opts(ClassMethod::Jenks, 5)).note,
             Catch::Contains("only 1 distinct value"));

  const std::vector<double> three = {5, 1, 3};
  const auto q = classify(three, opts(ClassMethod::Quantile, 5));
  CHECK(q.class_count() == 3);
  CHECK_THAT(q.note, Catch::Contains("only 3 values"));
  const auto j = classify(three, opts(ClassMethod::Jenks, 5));
  CHECK(j.edges == std::vector<double>{1, 1, 3, 5});
  CHECK(j.counts == std::vector<std::size_t>{1, 1, 1});
  CHECK(j.gvf == Approx(1.0));
}

TEST_CASE("NaN and infinities are no data, never zero", "[classify]") {
  const std::vector<double> v = {1, kNaN, 2, 3, kInf, 4, -kInf, 5, kNaN};
  for (auto m : {ClassMethod::Equal, ClassMethod::Quantile, ClassMethod::Jenks, ClassMethod::Box,
                 ClassMethod::Percentile}) {
    INFO(to_string(m));
    const auto c = classify(v, opts(m, 2));
    CHECK(c.no_data == 4);
    CHECK(total(c) == 5);
    CHECK(c.edges.front() <= 1);
    CHECK(c.edges.back() == 5);
  }
  const std::vector<double> none = {kNaN, kNaN};
  const auto empty = classify(none, opts(ClassMethod::Quantile, 5));
  CHECK(empty.class_count() == 0);
  CHECK(empty.no_data == 2);
  CHECK(empty.class_of(1.0) == -1);
  CHECK_THAT(empty.note, Catch::Contains("no values"));
}

TEST_CASE("natural breaks: a hand-checked example", "[classify][jenks]") {
  const std::vector<double> v = {22, 1, 2, 3, 10, 11, 12, 20, 21};
  const auto c = classify(v, opts(ClassMethod::Jenks, 3));
  CHECK(c.edges == std::vector<double>{1, 3, 12, 22});
  CHECK(c.counts == std::vector<std::size_t>{3, 3, 3});
  // GVF: each class has SSD 2; the total SSD about the mean 102/9 is computed directly.
  double sdam = 0;
  for (double x : v) sdam += (x - 102.0 / 9) * (x - 102.0 / 9);
  CHECK(c.gvf == Approx(1.0 - 6.0 / sdam));
  // Jenks' classic two-group split of {4, 5, 9, 10}.
  const auto two = classify(std::vector<double>{4, 5, 9, 10}, opts(ClassMethod::Jenks, 2));
  CHECK(two.edges == std::vector<double>{4, 5, 10});
}

TEST_CASE("natural breaks match a brute-force optimum on random data", "[classify][jenks]") {
  std::mt19937 rng(20240611);
  std::lognormal_distribution<double> skewed(0.0, 1.0);
  std::uniform_int_distribution<int> small_ints(0, 15);
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 8 + static_cast<std::size_t>(trial % 40);
    std::vector<double> v(n);
    for (auto& x : v) x = trial % 3 == 0 ? small_ints(rng) : skewed(rng) * 100;
    std::sort(v.begin(), v.end());
    std::size_t distinct = 1;
    for (std::size_t i = 1; i < n; ++i) distinct += v[i] != v[i - 1];
    for (int k = 2; k <= std::min<int>(9, static_cast<int>(distinct)); ++k) {
      INFO("trial " << trial << " n " << n << " k " << k);
      const auto cuts = jenks_cuts(v, k);
      REQUIRE(cuts.size() == static_cast<std::size_t>(k - 1));
      for (std::size_t cut : cuts) CHECK(v[cut - 1] != v[cut]);  // ties never split
      CHECK(within_ssd(v, cuts) == Approx(brute_force_best_ssd(v, k)).epsilon(1e-9).margin(1e-9));
    }
  }
}

TEST_CASE("natural breaks cope with huge ranges and negative values", "[classify][jenks]") {
  const std::vector<double> v = {-1e12, -1e12 + 1, -5, -4, 0, 1, 2, 1e9, 1e9 + 2, 1e15};
  const auto c = classify(v, opts(ClassMethod::Jenks, 4));
  // The extremes stand alone; the small values and the pair near 1e9 form their own classes.
  CHECK(c.edges == std::vector<double>{-1e12, -1e12 + 1, 2, 1e9 + 2, 1e15});
  CHECK(c.counts == std::vector<std::size_t>{2, 5, 2, 1});
  CHECK(c.gvf > 0.99);
}

TEST_CASE("standard deviation classes about the mean, median or a value", "[classify]") {
  const std::vector<double> v = {-3, -2, -1, 0, 0, 1, 2, 3};  // mean 0, population SD 1.8708
  const double sd = std::sqrt(28.0 / 8.0);
  const auto six = classify(v, opts(ClassMethod::StdDev, 6));
  REQUIRE(six.class_count() == 6);
  CHECK(six.centre == 0);
  CHECK(six.stddev == Approx(sd));
  CHECK(six.edges[1] == Approx(-2 * sd));
  CHECK(six.edges[3] == Approx(0).margin(1e-12));
  CHECK(six.edges[5] == Approx(2 * sd));
  CHECK(six.edges.front() == Approx(-2 * sd));  // no data beyond 2 SD: an empty end class
  CHECK(six.counts.front() == 0);
  CHECK(six.class_names.front() ==
        "\xE2\x89\xA4 \xE2\x88\x92"
        "2 SD");
  CHECK(six.class_names[3] == "0 to +1 SD");
  CHECK(six.class_names.back() == "> +2 SD");

  const auto five = classify(v, opts(ClassMethod::StdDev, 5));
  CHECK(five.edges[2] == Approx(-0.5 * sd));
  CHECK(five.edges[3] == Approx(0.5 * sd));
  CHECK(five.counts[2] == 2);  // |x| <= 0.5 SD = 0.935: the two zeros
  CHECK(five.class_names[2] ==
        "\xE2\x88\x92"
        "0.5 to +0.5 SD");

  auto centred = opts(ClassMethod::StdDev, 4);
  centred.centre = StdDevCentre::Value;
  centred.centre_value = 10;
  const auto c10 = classify(v, centred);
  CHECK(c10.centre == 10);
  CHECK(c10.edges[2] == 10);
  CHECK(c10.counts.back() == 0);

  auto median = opts(ClassMethod::StdDev, 2);
  median.centre = StdDevCentre::Median;
  const std::vector<double> skew = {1, 2, 3, 4, 100};
  CHECK(classify(skew, median).edges[1] == 3);

  auto bad = opts(ClassMethod::StdDev, 4);
  bad.stddev_step = 0;
  CHECK_THROWS_WITH(classify(v, bad), Catch::Contains("positive step"));
}

TEST_CASE("pretty breaks are round numbers covering the data", "[classify]") {
  const auto c = classify(std::vector<double>{3, 17, 45, 97}, opts(ClassMethod::Pretty, 5));
  CHECK(c.edges == std::vector<double>{0, 20, 40, 60, 80, 100});
  const auto d = classify(std::vector<double>{0.012, 0.4, 0.93}, opts(ClassMethod::Pretty, 4));
  CHECK(d.edges == std::vector<double>{0, 0.25, 0.5, 0.75, 1});
  const auto neg = classify(std::vector<double>{-42, 5, 61}, opts(ClassMethod::Pretty, 5));
  CHECK(neg.edges.front() <= -42);
  CHECK(neg.edges.back() >= 61);
  CHECK(neg.class_count() == 5);
  for (double e : neg.edges) CHECK(std::fmod(e, 25.0) == 0);
}

TEST_CASE("percentile map: GeoDa's six classes", "[classify]") {
  const auto c = classify(range_values(1, 1000), opts(ClassMethod::Percentile));
  CHECK(c.edges == std::vector<double>{1, 10, 100, 500, 900, 990, 1000});
  CHECK(c.counts == std::vector<std::size_t>{10, 90, 400, 400, 90, 10});
  CHECK(c.class_names.front() == "< 1%");
  CHECK(c.class_names.back() == "> 99%");
  CHECK_THAT(c.note, Catch::Contains("always has 6 classes"));
}

TEST_CASE("box map flags outliers beyond 1.5 IQR", "[classify]") {
  auto v = range_values(1, 20);
  v.push_back(100);  // Q1 6, median 11, Q3 16, IQR 10: fences -9 and 31
  const auto c = classify(v, opts(ClassMethod::Box));
  CHECK(c.edges == std::vector<double>{-9, -9, 6, 11, 16, 20, 100});
  CHECK(c.counts == std::vector<std::size_t>{0, 6, 5, 5, 4, 1});
  CHECK(c.class_names.front() == "Lower outlier");
  CHECK(c.class_of(1) == 1);    // the minimum is not an outlier
  CHECK(c.class_of(-50) == 0);  // locked onto other data, a low value is
  CHECK(c.class_of(20) == 4);   // edges are data values: 20 is the largest non-outlier
  CHECK(c.class_of(20.5) == 5);

  auto wide = opts(ClassMethod::Box);
  wide.box_hinge = 3.0;
  CHECK(classify(v, wide).counts.back() == 1);
  wide.box_hinge = -1;
  CHECK_THROWS_WITH(classify(v, wide), Catch::Contains("positive hinge"));
}

TEST_CASE("head/tail breaks follow the heavy tail", "[classify]") {
  // Jiang (2013): 1, 1/2, ..., 1/10 splits at the mean 0.293 and again at 0.611.
  std::vector<double> v;
  for (int i = 1; i <= 10; ++i) v.push_back(1.0 / i);
  const auto c = classify(v, opts(ClassMethod::HeadTail));
  CHECK(c.class_count() == 3);
  CHECK(c.edges == std::vector<double>{0.1, 0.25, 0.5, 1});
  CHECK(c.counts == std::vector<std::size_t>{7, 2, 1});
  CHECK_THAT(c.note, Catch::Contains("ignored"));
}

TEST_CASE("log classes: geometric thresholds, values <= 0 left out", "[classify]") {
  const std::vector<double> v = {-3, 0, 1, 5, 10, 50, 100, 500, 1000};
  const auto c = classify(v, opts(ClassMethod::Log, 3));
  CHECK(c.edges == std::vector<double>{1, 10, 100, 1000});
  CHECK(c.counts == std::vector<std::size_t>{3, 2, 2});
  CHECK(c.non_positive == 2);
  CHECK(c.no_data == 2);
  CHECK(c.class_of(0) == -1);
  CHECK(c.class_of(-3) == -1);
  CHECK_THAT(c.note, Catch::Contains("2 values <= 0 are left out"));
  const auto none = classify(std::vector<double>{-1, 0}, opts(ClassMethod::Log, 3));
  CHECK(none.class_count() == 0);
  CHECK_THAT(none.note, Catch::Contains("no positive values"));
}

TEST_CASE("manual breaks and their errors", "[classify]") {
  auto o = opts(ClassMethod::Manual);
  o.manual_breaks = {10, 20};
  const auto c = classify(range_values(0, 30), o);
  CHECK(c.edges == std::vector<double>{0, 10, 20, 30});
  CHECK(c.counts == std::vector<std::size_t>{11, 10, 10});
  o.manual_breaks = {-100, 100};
  const auto wide = classify(range_values(0, 30), o);
  CHECK(wide.edges == std::vector<double>{-100, -100, 100, 100});
  CHECK(wide.counts == std::vector<std::size_t>{0, 31, 0});

  o.manual_breaks = {20, 10};
  CHECK_THROWS_WITH(classify(range_values(0, 30), o),
                    Catch::Contains("increase strictly") && Catch::Contains("20"));
  o.manual_breaks = {};
  CHECK_THROWS_WITH(classify(range_values(0, 30), o), Catch::Contains("1 to 8 breaks"));
  o.manual_breaks = {1, kNaN};
  CHECK_THROWS_WITH(classify(range_values(0, 30), o), Catch::Contains("not a finite number"));
  o.manual_breaks = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  CHECK_THROWS_WITH(classify(range_values(0, 30), o), Catch::Contains("got 9"));
}

TEST_CASE("categorical: one class per distinct value, up to 12", "[classify]") {
  const std::vector<double> v = {3, 1, 2, 2, kNaN, 3, 3};
  const auto c = classify(v, opts(ClassMethod::Categorical));
  REQUIRE(c.categories.size() == 3);
  CHECK(c.categories[0].label == "1");
  CHECK(c.counts == std::vector<std::size_t>{1, 2, 3});
  CHECK(c.no_data == 1);
  CHECK(c.class_of(2) == 1);
  CHECK(c.class_of(4) == -1);
  CHECK(std::isnan(c.gvf));

  const auto many = range_values(1, 13);
  CHECK_THROWS_WITH(classify(many, opts(ClassMethod::Categorical)),
                    Catch::Contains("up to 12") && Catch::Contains("there are 13"));

  const std::vector<std::string> text = {"Mayoral", "", "Non-mayoral", "Mayoral"};
  const auto t = classify_categorical(text);
  CHECK(t.class_names == std::vector<std::string>{"Mayoral", "Non-mayoral"});
  CHECK(t.counts == std::vector<std::size_t>{2, 1});
  CHECK(t.no_data == 1);
  CHECK(t.class_of(std::string_view("Non-mayoral")) == 1);
  CHECK(t.class_of(std::string_view("")) == -1);
}

TEST_CASE("negative values and huge ranges", "[classify]") {
  const std::vector<double> v = {-1e308, -5, 0, 7, 1e308};
  const auto e = classify(v, opts(ClassMethod::Equal, 4));
  REQUIRE(e.class_count() == 4);
  for (double x : e.edges) CHECK(std::isfinite(x));
  CHECK(std::is_sorted(e.edges.begin(), e.edges.end()));
  CHECK(e.edges[2] == Approx(0).margin(1e292));
  CHECK(total(e) == 5);
  for (auto m : {ClassMethod::Quantile, ClassMethod::Jenks, ClassMethod::Pretty,
                 ClassMethod::StdDev, ClassMethod::Box, ClassMethod::HeadTail}) {
    INFO(to_string(m));
    const auto c = classify(v, opts(m, 3));
    CHECK(total(c) == 5);
    CHECK(std::is_sorted(c.edges.begin(), c.edges.end()));
    CHECK(c.gvf >= 0);
    CHECK(c.gvf <= 1);
  }
  const auto neg =
      classify(std::vector<double>{-50, -40, -30, -20, -10}, opts(ClassMethod::Equal, 2));
  CHECK(neg.edges == std::vector<double>{-50, -30, -10});
}

TEST_CASE("locked breaks re-applied to other values", "[classify]") {
  const auto a = classify(range_values(1, 100), opts(ClassMethod::Quantile, 4));
  const auto b = recount(a, range_values(50, 150));
  CHECK(std::equal(a.edges.begin() + 1, a.edges.end() - 1, b.edges.begin() + 1));
  CHECK(b.edges.front() == 1);   // the lower end already covers the new data
  CHECK(b.edges.back() == 150);  // the upper end widens to the new maximum
  CHECK(b.counts == std::vector<std::size_t>{0, 1, 25, 75});
  CHECK(b.no_data == 0);
  CHECK(b.gvf > 0);
  CHECK_THAT(b.note, Catch::Contains("locked"));

  const auto cat = classify(std::vector<double>{1, 2, 2}, opts(ClassMethod::Categorical));
  const auto cat2 = recount(cat, std::vector<double>{2, 2, 5, kNaN});
  CHECK(cat2.counts == std::vector<std::size_t>{0, 2});
  CHECK(cat2.categories[1].count == 2);
  CHECK(cat2.no_data == 2);  // 5 is not a category, NaN is no data
}

TEST_CASE("goodness of variance fit ranks methods sensibly", "[classify]") {
  std::mt19937 rng(7);
  std::normal_distribution<double> a(10, 1), b(50, 2), c(100, 1);
  std::vector<double> v;
  for (int i = 0; i < 200; ++i) v.push_back(a(rng));
  for (int i = 0; i < 50; ++i) v.push_back(b(rng));
  for (int i = 0; i < 20; ++i) v.push_back(c(rng));
  for (int k = 2; k <= 9; ++k) {
    const double jenks = classify(v, opts(ClassMethod::Jenks, k)).gvf;
    CHECK(jenks >= classify(v, opts(ClassMethod::Quantile, k)).gvf);
    CHECK(jenks >= classify(v, opts(ClassMethod::Equal, k)).gvf);
    CHECK(jenks >= classify(v, opts(ClassMethod::StdDev, k)).gvf);
    CHECK(jenks >= classify(v, opts(ClassMethod::Log, k)).gvf);
  }
  CHECK(classify(v, opts(ClassMethod::Jenks, 3)).gvf > 0.99);
  for (auto m :
       {ClassMethod::Pretty, ClassMethod::Box, ClassMethod::Percentile, ClassMethod::HeadTail}) {
    const double g = classify(v, opts(m, 5)).gvf;
    CHECK(g >= 0);
    CHECK(g <= 1);
  }
}

TEST_CASE("fast natural breaks on 35,000 values stay exact", "[classify][jenks]") {
  std::mt19937 rng(3);
  std::lognormal_distribution<double> d(3, 1);
  std::vector<double> v(35000);
  for (auto& x : v) x = d(rng);
  const auto c = classify(v, opts(ClassMethod::Jenks, 5));
  REQUIRE(c.class_count() == 5);
  // No single break can move one value either way and lower the within-class SSD.
  std::sort(v.begin(), v.end());
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i + 1 < c.edges.size(); ++i)
    cuts.push_back(
        static_cast<std::size_t>(std::upper_bound(v.begin(), v.end(), c.edges[i]) - v.begin()));
  const double best = within_ssd(v, cuts);
  for (std::size_t i = 0; i < cuts.size(); ++i)
    for (int delta : {-1, 1}) {
      auto moved = cuts;
      moved[i] = static_cast<std::size_t>(static_cast<long>(moved[i]) + delta);
      CHECK(within_ssd(v, moved) >= best * (1 - 1e-12));
    }
}

TEST_CASE("parse_breaks reads comma-separated numbers and names a bad item", "[classify]") {
  CHECK(parse_breaks("10,20.5, -3") == std::vector<double>{10, 20.5, -3});
  CHECK(parse_breaks("1e3") == std::vector<double>{1000});
  CHECK_THROWS_WITH(parse_breaks("10,abc,30"),
                    Catch::Contains("'abc'") && Catch::Contains("not a number"));
  CHECK_THROWS_WITH(parse_breaks("10,,30"), Catch::Contains("'' in '10,,30'"));
  CHECK_THROWS_WITH(parse_breaks("10,20x"), Catch::Contains("'20x'"));
  CHECK_THROWS_WITH(parse_breaks(""), Catch::Contains("not a number"));
}

namespace {
Table sample_table() {
  Table t;
  t.row_count = 4;
  Column name;
  name.name = "LAD24NM";
  name.kind = ColumnKind::Text;
  name.source_type = "String";
  name.text = {"Adur", "Arun", "", "Bath"};
  t.columns.push_back(name);
  t.add_number_column("population", {100, 200, kNaN, 400}, false);
  t.add_number_column("area_km2", {1, 2, 3, 4}, true);
  return t;
}
}  // namespace

TEST_CASE("classify_field finds the field and explains what is wrong", "[classify]") {
  const Table t = sample_table();
  const auto c = classify_field(t, "Population", opts(ClassMethod::Quantile, 3), "lad.shp");
  CHECK(c.class_count() == 3);
  CHECK(c.no_data == 1);
  CHECK(numeric_field_names(t) == std::vector<std::string>{"population", "area_km2"});

  CHECK_THROWS_WITH(classify_field(t, "income", opts(ClassMethod::Quantile), "lad.shp"),
                    Catch::Contains("no field 'income' in lad.shp") &&
                        Catch::Contains("numeric fields: population, area_km2"));
  CHECK_THROWS_WITH(classify_field(t, "LAD24NM", opts(ClassMethod::Jenks), "lad.shp"),
                    Catch::Contains("field 'LAD24NM' in lad.shp: is text (String)") &&
                        Catch::Contains("numeric fields: population, area_km2"));
  CHECK_THROWS_WITH(
      classify_field(t, "population", opts(ClassMethod::Quantile, 12), "lad.shp"),
      Catch::Contains("field 'population' in lad.shp: ") && Catch::Contains("between 2 and 9"));
  const auto names = classify_field(t, "LAD24NM", opts(ClassMethod::Categorical), "lad.shp");
  CHECK(names.categories.size() == 3);
  CHECK(names.no_data == 1);
}

TEST_CASE("classification JSON", "[classify]") {
  const auto q = classify(range_values(1, 10), opts(ClassMethod::Quantile, 5));
  const std::string json = classification_json(q, std::nullopt);
  CHECK_THAT(json, Catch::Contains("\"method\":\"quantile\"") && Catch::Contains("\"classes\":5") &&
                       Catch::Contains("\"edges\":[1.0,2.0,4.0,6.0,8.0,10.0]") &&
                       Catch::Contains("\"counts\":[2,2,2,2,2]") &&
                       Catch::Contains("\"no_data\":0") && Catch::Contains("\"gvf\":0.96"));
  CHECK_THAT(json, !Catch::Contains("classes_requested"));

  auto box_options = opts(ClassMethod::Box, 4);
  const auto box = classify(range_values(1, 10), box_options);
  const std::string box_json = classification_json(box, 4);
  CHECK_THAT(box_json, Catch::Contains("\"classes\":6") &&
                           Catch::Contains("\"classes_requested\":4") &&
                           Catch::Contains("\"classes_note\":\"Box map always has 6 classes") &&
                           Catch::Contains("\"class_names\":[\"Lower outlier\""));

  const auto cat = classify_categorical(std::vector<std::string>{"b", "a", "b", ""});
  CHECK(classification_json(cat, std::nullopt) ==
        "{\"categories\":[{\"count\":1,\"value\":\"a\"},{\"count\":2,\"value\":\"b\"}],"
        "\"method\":\"categorical\",\"no_data\":1}");
  const auto num = classify(std::vector<double>{2, 1, 2}, opts(ClassMethod::Categorical));
  CHECK_THAT(classification_json(num, std::nullopt),
             Catch::Contains("{\"count\":1,\"value\":1.0}"));
}

TEST_CASE("front-end requests are checked and explained", "[classify]") {
  ClassifyRequest r;
  r.method = "Jenks";
  r.classes = 7;
  auto o = parse_classify_request(r);
  CHECK(o.method == ClassMethod::Jenks);
  CHECK(o.classes == 7);

  r = {};
  r.method = "quantile";
  CHECK(parse_classify_request(r).classes == 5);  // the default count
  r.method = "box";
  CHECK(parse_classify_request(r).classes == 0);  // ignored and not given: no note
  CHECK(classify(range_values(1, 10), parse_classify_request(r)).note.empty());
  r.classes = 4;
  CHECK_THAT(classify(range_values(1, 10), parse_classify_request(r)).note,
             Catch::Contains("ignored"));

  r = {};
  r.method = "kmeans";
  CHECK_THROWS_WITH(parse_classify_request(r),
                    Catch::Contains("unknown classification method 'kmeans'") &&
                        Catch::Contains("equal, quantile, jenks"));
  r.method = "quantile";
  r.breaks = "10,20";
  CHECK_THROWS_WITH(parse_classify_request(r),
                    Catch::Contains("manual method only (not quantile)"));
  r.method = "manual";
  r.breaks = "";
  CHECK_THROWS_WITH(parse_classify_request(r), Catch::Contains("needs breaks"));
  r.breaks = "10,x";
  CHECK_THROWS_WITH(parse_classify_request(r),
                    Catch::StartsWith("manual breaks: ") && Catch::Contains("'x'"));
  r.breaks = "10,20";
  CHECK(parse_classify_request(r).manual_breaks == std::vector<double>{10, 20});

  r = {};
  r.method = "stddev";
  r.centre = "Median";
  CHECK(parse_classify_request(r).centre == StdDevCentre::Median);
  r.centre = "-2.5";
  o = parse_classify_request(r);
  CHECK(o.centre == StdDevCentre::Value);
  CHECK(o.centre_value == -2.5);
  r.centre = "middle";
  CHECK_THROWS_WITH(parse_classify_request(r),
                    Catch::Contains("mean, median or a number (got 'middle')"));
  r.centre = "mean";
  r.hinge = 3;
  CHECK(parse_classify_request(r).box_hinge == 3);
}
