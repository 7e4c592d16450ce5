#include "core/classify.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>

#include "core/error.hpp"
#include "core/legend_builder.hpp"

namespace devomap {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct MethodName {
  ClassMethod method;
  const char* name;
  const char* display;
};

constexpr std::array<MethodName, 11> kMethods = {{
    {ClassMethod::Equal, "equal", "Equal interval"},
    {ClassMethod::Quantile, "quantile", "Quantile"},
    {ClassMethod::Jenks, "jenks", "Natural breaks (Jenks)"},
    {ClassMethod::StdDev, "stddev", "Standard deviation"},
    {ClassMethod::Pretty, "pretty", "Pretty breaks"},
    {ClassMethod::Percentile, "percentile", "Percentile"},
    {ClassMethod::Box, "box", "Box map"},
    {ClassMethod::HeadTail, "headtail", "Head/tail breaks"},
    {ClassMethod::Log, "log", "Logarithmic"},
    {ClassMethod::Manual, "manual", "Manual breaks"},
    {ClassMethod::Categorical, "categorical", "Categories"},
}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string num_text(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

// Drops binary noise such as 0.30000000000000004 from computed round numbers.
double clean(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return std::strtod(buf, nullptr);
}

// The finite values, sorted; counts the rest as no data.
std::vector<double> sorted_finite(std::span<const double> values, std::size_t& no_data) {
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v))
      out.push_back(v);
    else
      ++no_data;
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Counts per class on sorted values, following class_of (values beyond the ends clamp).
std::vector<std::size_t> count_sorted(std::span<const double> sorted,
                                      const std::vector<double>& edges) {
  const std::size_t n_classes = edges.size() - 1;
  std::vector<std::size_t> counts(n_classes, 0);
  std::size_t start = 0;
  for (std::size_t i = 0; i + 1 < n_classes; ++i) {
    const auto end = static_cast<std::size_t>(
        std::upper_bound(sorted.begin() + static_cast<std::ptrdiff_t>(start), sorted.end(),
                         edges[i + 1]) -
        sorted.begin());
    counts[i] = end - start;
    start = end;
  }
  counts[n_classes - 1] = sorted.size() - start;
  return counts;
}

// Type-7 (linear interpolation) quantile of sorted values.
double quantile_sorted(std::span<const double> sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = h - static_cast<double>(lo);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

// The largest sorted value <= t, or nullopt when every value is above t.
std::optional<double> largest_at_most(std::span<const double> sorted, double t) {
  const auto it = std::upper_bound(sorted.begin(), sorted.end(), t);
  if (it == sorted.begin()) return std::nullopt;
  return *(it - 1);
}

void check_class_count(int classes, ClassMethod m) {
  if (classes < kMinClasses || classes > kMaxClasses)
    throw UserError(display_name(m) + " classification needs between " +
                    std::to_string(kMinClasses) + " and " + std::to_string(kMaxClasses) +
                    " classes (got " + std::to_string(classes) + "); choose a count in that range");
}

std::string fewer_note(int requested, int got, const std::string& why) {
  return std::to_string(requested) + " classes requested; " + why + ", so " + std::to_string(got) +
         (got == 1 ? " class" : " classes");
}

// --- methods: each fills edges (and names) from the sorted finite values -------------------

void equal_interval(std::span<const double> x, int k, Classification& c) {
  const double lo = x.front(), hi = x.back();
  if (lo == hi) {
    c.edges = {lo, hi};
    c.note = fewer_note(k, 1, "every value is the same");
    return;
  }
  // Near the double limits the range itself overflows: divide before subtracting there.
  double step = (hi - lo) / k;
  if (!std::isfinite(step)) step = hi / k - lo / k;
  c.edges.resize(static_cast<std::size_t>(k) + 1);
  c.edges[0] = lo;
  for (int i = 1; i < k; ++i) c.edges[static_cast<std::size_t>(i)] = lo + step * i;
  c.edges[static_cast<std::size_t>(k)] = hi;
}

void quantile(std::span<const double> x, int k, Classification& c) {
  // Greedy equal counts: each class takes its share of what is left, then swallows ties of its
  // largest value, so ties never straddle a break and later classes re-balance.
  const std::size_t n = x.size();
  c.edges = {x.front()};
  std::size_t pos = 0;
  for (int i = 1; i < k && pos < n; ++i) {
    const std::size_t remaining_classes = static_cast<std::size_t>(k - i + 1);
    const std::size_t take =
        std::max<std::size_t>(1, (n - pos + remaining_classes / 2) / remaining_classes);
    const double edge = x[std::min(pos + take, n) - 1];
    pos = static_cast<std::size_t>(std::upper_bound(x.begin(), x.end(), edge) - x.begin());
    if (pos >= n) break;
    c.edges.push_back(edge);
  }
  c.edges.push_back(x.back());
  const int got = static_cast<int>(c.edges.size()) - 1;
  if (got < k)
    c.note = fewer_note(k, got,
                        n < static_cast<std::size_t>(k)
                            ? "there are only " + std::to_string(n) + " values"
                            : "tied values cannot be split");
}

// Weighted exact 1-D k-means (Fisher 1958) on distinct sorted values: the within-class sum of
// squared deviations is minimised by dynamic programming; the optimal split point is monotone in
// the class end (the cost obeys the quadrangle inequality), so each layer is filled by divide and
// conquer in O(m log m), and the last layer needs only its final entry. Sums are taken about
// the weighted mean so that the prefix sums of squares keep their precision.
class FisherJenks {
 public:
  FisherJenks(std::span<const double> unique, std::span<const double> weights) {
    const std::size_t m = unique.size();
    long double total_w = 0, total = 0;
    for (std::size_t i = 0; i < m; ++i) {
      total_w += weights[i];
      total += static_cast<long double>(weights[i]) * unique[i];
    }
    const long double mean = total / total_w;
    w_.assign(m + 1, 0);
    s1_.assign(m + 1, 0);
    s2_.assign(m + 1, 0);
    long double w = 0, s1 = 0, s2 = 0;  // accumulate wide, store as double for speed
    for (std::size_t i = 0; i < m; ++i) {
      const long double d = static_cast<long double>(unique[i]) - mean;
      w += weights[i];
      s1 += weights[i] * d;
      s2 += weights[i] * d * d;
      w_[i + 1] = static_cast<double>(w);
      s1_[i + 1] = static_cast<double>(s1);
      s2_[i + 1] = static_cast<double>(s2);
    }
  }

  // Sum of squared deviations of distinct values [a, b) about their mean.
  double cost(std::size_t a, std::size_t b) const {
    const double s = s1_[b] - s1_[a];
    const double ssd = (s2_[b] - s2_[a]) - s * s / (w_[b] - w_[a]);
    return ssd > 0 ? ssd : 0;
  }

  // Start index (into the distinct values) of classes 2..k.
  std::vector<std::size_t> solve(int k) {
    const std::size_t m = w_.size() - 1;
    const auto classes = static_cast<std::size_t>(k);
    std::vector<double> prev(m + 1), cur(m + 1);
    for (std::size_t j = 1; j <= m; ++j) prev[j] = cost(0, j);
    // split[c][j]: where the last class starts in the best (c+1)-class partition of [0, j).
    std::vector<std::vector<std::uint32_t>> split(classes);
    for (std::size_t c = 1; c + 1 < classes; ++c) {
      split[c].assign(m + 1, 0);
      fill(c + 1, m, c, m - 1, prev, cur, split[c]);
      std::swap(prev, cur);
    }
    // The last class ends at m: one scan finds where it starts.
    const std::size_t last = classes - 1;
    split[last].assign(m + 1, 0);
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = last; i < m; ++i) {
      const double v = prev[i] + cost(i, m);
      if (v < best) {
        best = v;
        split[last][m] = static_cast<std::uint32_t>(i);
      }
    }
    std::vector<std::size_t> cuts(classes - 1);
    std::size_t end = m;
    for (std::size_t c = last; c >= 1; --c) {
      cuts[c - 1] = split[c][end];
      end = cuts[c - 1];
    }
    return cuts;
  }

 private:
  // cur[j] for j in [lo, hi], knowing the best split lies in [opt_lo, opt_hi].
  void fill(std::size_t lo, std::size_t hi, std::size_t opt_lo, std::size_t opt_hi,
            const std::vector<double>& prev, std::vector<double>& cur,
            std::vector<std::uint32_t>& split) const {
    while (lo <= hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      double best = std::numeric_limits<double>::infinity();
      std::size_t best_i = opt_lo;
      const std::size_t last = std::min(opt_hi, mid - 1);
      for (std::size_t i = opt_lo; i <= last; ++i) {
        const double v = prev[i] + cost(i, mid);
        if (v < best) {
          best = v;
          best_i = i;
        }
      }
      cur[mid] = best;
      split[mid] = static_cast<std::uint32_t>(best_i);
      // Recurse on the left half and loop on the right: the depth stays logarithmic.
      if (mid > lo) fill(lo, mid - 1, opt_lo, best_i, prev, cur, split);
      lo = mid + 1;
      opt_lo = best_i;
    }
  }

  std::vector<double> w_, s1_, s2_;
};

struct Distinct {
  std::vector<double> values;
  std::vector<double> weights;
};

Distinct distinct_of(std::span<const double> sorted) {
  Distinct d;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    d.values.push_back(sorted[i]);
    d.weights.push_back(static_cast<double>(j - i));
    i = j;
  }
  return d;
}

void jenks(std::span<const double> x, int k, Classification& c) {
  const Distinct d = distinct_of(x);
  const int m = static_cast<int>(std::min<std::size_t>(d.values.size(), kMaxClasses + 1));
  const int classes = std::min(k, m);
  c.edges = {x.front()};
  if (classes > 1) {
    FisherJenks solver(d.values, d.weights);
    for (std::size_t cut : solver.solve(classes)) c.edges.push_back(d.values[cut - 1]);
  }
  c.edges.push_back(x.back());
  if (classes < k)
    c.note = fewer_note(k, classes,
                        "the data has only " + std::to_string(d.values.size()) +
                            (d.values.size() == 1 ? " distinct value" : " distinct values"));
}

std::string sd_text(double multiple) {
  if (multiple == 0) return "0";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", std::fabs(multiple));
  return std::string(multiple < 0 ? "\xE2\x88\x92" : "+") + buf;  // U+2212 minus
}

void stddev(std::span<const double> x, const ClassifyOptions& o, Classification& c) {
  const int k = o.classes;
  if (!(o.stddev_step > 0) || !std::isfinite(o.stddev_step))
    throw UserError("standard deviation classes need a positive step in SDs (got " +
                    num_text(o.stddev_step) + ")");
  long double sum = 0;
  for (double v : x) sum += v;
  const double mean = static_cast<double>(sum / x.size());
  long double ss = 0;
  for (double v : x) ss += (static_cast<long double>(v) - mean) * (v - mean);
  const double sd = static_cast<double>(std::sqrt(ss / x.size()));  // population SD
  double centre = mean;
  if (o.centre == StdDevCentre::Median) centre = quantile_sorted(x, 0.5);
  if (o.centre == StdDevCentre::Value) {
    if (!std::isfinite(o.centre_value))
      throw UserError("standard deviation classes need a finite centre (got " +
                      num_text(o.centre_value) + ")");
    centre = o.centre_value;
  }
  c.centre = centre;
  c.stddev = sd;
  if (sd == 0) {
    c.edges = {x.front(), x.back()};
    c.note = fewer_note(k, 1, "every value is the same (standard deviation 0)");
    return;
  }
  // Even counts put a break on the centre; odd counts give the centre its own class.
  std::vector<double> multiples;
  for (int i = 1; i < k; ++i) {
    const double offset = (k % 2 == 0) ? i - k / 2 : i - k / 2 - 0.5;
    multiples.push_back(offset * o.stddev_step);
  }
  c.edges.push_back(std::min(x.front(), centre + multiples.front() * sd));
  for (double mult : multiples) c.edges.push_back(centre + mult * sd);
  c.edges.push_back(std::max(x.back(), centre + multiples.back() * sd));
  const std::string unit = " SD";
  c.class_names.push_back("\xE2\x89\xA4 " + sd_text(multiples.front()) + unit);  // ≤
  for (std::size_t i = 1; i < multiples.size(); ++i)
    c.class_names.push_back(sd_text(multiples[i - 1]) + " to " + sd_text(multiples[i]) + unit);
  c.class_names.push_back("> " + sd_text(multiples.back()) + unit);
}

void pretty(std::span<const double> x, int k, Classification& c) {
  const double lo = x.front(), hi = x.back();
  if (lo == hi) {
    c.edges = {lo, hi};
    c.note = fewer_note(k, 1, "every value is the same");
    return;
  }
  const double raw = hi / k - lo / k;
  const double decade = std::pow(10.0, std::floor(std::log10(raw)));
  double best_step = 0;
  long long best_first = 0, best_count = 0;
  int best_score = std::numeric_limits<int>::max();
  for (double scale : {0.1, 1.0, 10.0}) {
    for (double mult : {1.0, 2.0, 2.5, 5.0}) {
      const double step = mult * decade * scale;
      if (!std::isfinite(step) || step <= 0) continue;
      const double first = std::floor(lo / step), last = std::ceil(hi / step);
      if (!std::isfinite(first) || !std::isfinite(last)) continue;
      if (!(last - first <= 50)) continue;  // also keeps the casts below in range
      const long long count = std::max(1LL, static_cast<long long>(last - first));
      // Closest to the request, within 2..9; 2.5 steps count slightly worse than 1, 2 and 5.
      int score = static_cast<int>(std::llabs(count - k)) * 4 + (mult == 2.5 ? 1 : 0);
      if (count < kMinClasses || count > kMaxClasses) score += 1000;
      if (score < best_score) {
        best_score = score;
        best_step = step;
        best_first = static_cast<long long>(first);
        best_count = count;
      }
    }
  }
  for (long long i = 0; i <= best_count; ++i)
    c.edges.push_back(clean(static_cast<double>(best_first + i) * best_step));
  // Rounding may not pass the data's ends; make sure they stay inside.
  c.edges.front() = std::min(c.edges.front(), lo);
  c.edges.back() = std::max(c.edges.back(), hi);
  // Near the limits of double precision round steps cannot be told apart: fall back to equal
  // intervals rather than give duplicate breaks.
  if (best_step == 0 || std::adjacent_find(c.edges.begin(), c.edges.end(),
                                           std::greater_equal<double>()) != c.edges.end()) {
    c.edges.clear();
    equal_interval(x, k, c);
    c.note = std::to_string(k) +
             " classes requested; the range is too narrow for round-number "
             "breaks, so these are equal intervals";
    return;
  }
  if (best_count != k)
    c.note = std::to_string(k) + " classes requested; round-number breaks give " +
             std::to_string(best_count);
}

void percentile(std::span<const double> x, Classification& c) {
  constexpr std::array<double, 5> kCuts = {0.01, 0.10, 0.50, 0.90, 0.99};
  c.edges = {x.front()};
  for (double p : kCuts) c.edges.push_back(*largest_at_most(x, quantile_sorted(x, p)));
  c.edges.push_back(x.back());
  c.class_names = {"< 1%",
                   "1% \xE2\x80\x93 10%",
                   "10% \xE2\x80\x93 50%",
                   "50% \xE2\x80\x93 90%",
                   "90% \xE2\x80\x93 99%",
                   "> 99%"};
}

void box(std::span<const double> x, const ClassifyOptions& o, Classification& c) {
  if (!(o.box_hinge > 0) || !std::isfinite(o.box_hinge))
    throw UserError("box map needs a positive hinge (got " + num_text(o.box_hinge) + ")");
  const double q1 = quantile_sorted(x, 0.25), q2 = quantile_sorted(x, 0.5),
               q3 = quantile_sorted(x, 0.75);
  const double iqr = q3 - q1;
  const std::array<double, 5> thresholds = {q1 - o.box_hinge * iqr, q1, q2, q3,
                                            q3 + o.box_hinge * iqr};
  const auto lower_fence = largest_at_most(x, thresholds[0]);
  // No lower outliers: the empty first class sits at the fence, below the minimum.
  c.edges = {lower_fence ? x.front() : thresholds[0]};
  for (double t : thresholds) c.edges.push_back(largest_at_most(x, t).value_or(thresholds[0]));
  c.edges.push_back(x.back());
  c.class_names = {"Lower outlier",        "< 25%", "25% \xE2\x80\x93 50%",
                   "50% \xE2\x80\x93 75%", "> 75%", "Upper outlier"};
}

void head_tail(std::span<const double> x, const ClassifyOptions& o, Classification& c) {
  if (!(o.headtail_limit > 0 && o.headtail_limit < 1))
    throw UserError("head/tail breaks need a head share between 0 and 1 (got " +
                    num_text(o.headtail_limit) + ")");
  c.edges = {x.front()};
  std::span<const double> part = x;
  // Split at the mean; keep splitting the head while it is a minority (the heavy tail).
  while (static_cast<int>(c.edges.size()) < kMaxClasses) {
    long double sum = 0;
    for (double v : part) sum += v;
    const double mean = static_cast<double>(sum / part.size());
    const auto head_start =
        static_cast<std::size_t>(std::upper_bound(part.begin(), part.end(), mean) - part.begin());
    if (head_start == 0 || head_start == part.size()) break;  // nothing to split
    c.edges.push_back(part[head_start - 1]);
    const double head_share =
        static_cast<double>(part.size() - head_start) / static_cast<double>(part.size());
    part = part.subspan(head_start);
    if (head_share > o.headtail_limit) break;
  }
  c.edges.push_back(x.back());
  if (static_cast<int>(c.edges.size()) - 1 == kMaxClasses)
    c.note = "head/tail breaks stopped at " + std::to_string(kMaxClasses) + " classes";
}

// Rounds to a few significant figures when that keeps the order strict.
double round_sig(double v, int digits) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return std::strtod(buf, nullptr);
}

void logarithmic(std::span<const double> x, int k, Classification& c) {
  const double lo = x.front(), hi = x.back();
  if (lo == hi) {
    c.edges = {lo, hi};
    c.note = fewer_note(k, 1, "every positive value is the same");
    return;
  }
  const double llo = std::log10(lo), lhi = std::log10(hi);
  c.edges = {lo};
  for (int i = 1; i < k; ++i) c.edges.push_back(std::pow(10.0, llo + (lhi - llo) * i / k));
  c.edges.push_back(hi);
  // Two or three significant figures read better, where they keep every class distinct.
  for (std::size_t i = 1; i + 1 < c.edges.size(); ++i) {
    for (int digits : {2, 3}) {
      const double r = round_sig(c.edges[i], digits);
      if (r > c.edges[i - 1] && r < c.edges[i + 1]) {
        c.edges[i] = r;
        break;
      }
    }
  }
}

void manual(std::span<const double> x, const std::vector<double>& breaks, Classification& c) {
  if (breaks.empty() || static_cast<int>(breaks.size()) > kMaxClasses - 1)
    throw UserError("manual classification needs 1 to " + std::to_string(kMaxClasses - 1) +
                    " breaks (got " + std::to_string(breaks.size()) + ")");
  for (std::size_t i = 0; i < breaks.size(); ++i) {
    if (!std::isfinite(breaks[i]))
      throw UserError("manual break " + std::to_string(i + 1) + " is not a finite number (" +
                      num_text(breaks[i]) + ")");
    if (i > 0 && !(breaks[i] > breaks[i - 1]))
      throw UserError("manual breaks must increase strictly: " + num_text(breaks[i - 1]) +
                      " is followed by " + num_text(breaks[i]));
  }
  c.edges.push_back(x.empty() ? breaks.front() : std::min(x.front(), breaks.front()));
  c.edges.insert(c.edges.end(), breaks.begin(), breaks.end());
  c.edges.push_back(x.empty() ? breaks.back() : std::max(x.back(), breaks.back()));
}

void check_categories(std::size_t distinct) {
  if (distinct > static_cast<std::size_t>(kMaxCategories))
    throw UserError("categorical maps take up to " + std::to_string(kMaxCategories) +
                    " distinct values, but there are " + std::to_string(distinct) +
                    "; use a numeric method such as quantile or jenks");
}

void finish_categories(Classification& c) {
  for (const Category& cat : c.categories) {
    c.counts.push_back(cat.count);
    c.class_names.push_back(cat.label);
  }
  c.gvf = kNaN;
}

bool all_whole(std::span<const double> sorted) {
  return std::all_of(sorted.begin(), sorted.end(),
                     [](double v) { return std::fabs(v) < 9.0e15 && v == std::floor(v); });
}

bool takes_whole_classes(ClassMethod m) {
  return m != ClassMethod::StdDev && m != ClassMethod::Percentile && m != ClassMethod::Box &&
         m != ClassMethod::Categorical;
}

bool wants_whole_classes(std::span<const double> sorted, const ClassifyOptions& o) {
  if (o.whole_numbers == false || !takes_whole_classes(o.method) || !all_whole(sorted))
    return false;
  return o.whole_numbers == true || distinct_of(sorted).values.size() <= kFewWholeValues;
}

// Thresholds rounded down to whole numbers hold the same whole numbers (v <= 2.5 is v <= 2);
// a class left with none (2.2 .. 2.8) is dropped, and the note says so.
void make_whole(Classification& c) {
  std::vector<double> edges{std::floor(c.edges.front())};
  for (std::size_t i = 1; i < c.edges.size(); ++i) {
    const double e = i + 1 == c.edges.size() ? std::ceil(c.edges[i]) : std::floor(c.edges[i]);
    // The first class may be the one number e0; later classes need a number above the last.
    if (i == 1 ? e >= edges.back() : e > edges.back())
      edges.push_back(e);
    else if (i + 1 == c.edges.size())
      edges.back() = std::max(edges.back(), e);
  }
  if (edges.size() < 2) edges.push_back(edges.front());
  const int before = static_cast<int>(c.edges.size()) - 1;
  const int after = static_cast<int>(edges.size()) - 1;
  if (after < before && c.note.empty())
    c.note = fewer_note(before, after,
                        "the values are whole numbers with fewer ranges between "
                        "the breaks");
  c.edges = std::move(edges);
  c.whole_numbers = true;
}

}  // namespace

// --- names -----------------------------------------------------------------------------------

std::optional<ClassMethod> parse_class_method(std::string_view name) {
  const std::string n = lower(name);
  for (const auto& m : kMethods)
    if (n == m.name) return m.method;
  if (n == "natural" || n == "natural-breaks" || n == "natural_breaks" || n == "fisher")
    return ClassMethod::Jenks;
  if (n == "equal-interval" || n == "equal_interval") return ClassMethod::Equal;
  if (n == "sd" || n == "std") return ClassMethod::StdDev;
  if (n == "head-tail" || n == "head_tail") return ClassMethod::HeadTail;
  if (n == "logarithmic") return ClassMethod::Log;
  if (n == "unique" || n == "categories") return ClassMethod::Categorical;
  return std::nullopt;
}

std::string to_string(ClassMethod m) {
  for (const auto& e : kMethods)
    if (e.method == m) return e.name;
  return "unknown";
}

std::string display_name(ClassMethod m) {
  for (const auto& e : kMethods)
    if (e.method == m) return e.display;
  return "Unknown";
}

std::vector<std::string> class_method_names() {
  std::vector<std::string> out;
  for (const auto& e : kMethods) out.emplace_back(e.name);
  return out;
}

bool is_data_driven(ClassMethod m) {
  return m == ClassMethod::Quantile || m == ClassMethod::Jenks || m == ClassMethod::HeadTail ||
         m == ClassMethod::Percentile || m == ClassMethod::Box;
}

std::optional<int> fixed_class_count(ClassMethod m) {
  if (m == ClassMethod::Percentile || m == ClassMethod::Box) return 6;
  return std::nullopt;
}

bool classes_ignored(ClassMethod m) {
  return m == ClassMethod::Percentile || m == ClassMethod::Box || m == ClassMethod::HeadTail ||
         m == ClassMethod::Manual || m == ClassMethod::Categorical;
}

// --- class_of --------------------------------------------------------------------------------

int Classification::class_of(double v) const {
  if (!std::isfinite(v) || counts.empty()) return -1;
  if (is_categorical()) {
    for (std::size_t i = 0; i < categories.size(); ++i)
      if (categories[i].value == v) return static_cast<int>(i);
    return -1;
  }
  if (method == ClassMethod::Log && v <= 0) return -1;
  // The first inner edge >= v closes v's class; a value on a break goes to the lower class.
  const auto inner_begin = edges.begin() + 1, inner_end = edges.end() - 1;
  return static_cast<int>(std::lower_bound(inner_begin, inner_end, v) - inner_begin);
}

int Classification::class_of(std::string_view text) const {
  if (text.empty()) return -1;
  for (std::size_t i = 0; i < categories.size(); ++i)
    if (categories[i].label == text) return static_cast<int>(i);
  return -1;
}

// --- classify --------------------------------------------------------------------------------

Classification classify(std::span<const double> values, const ClassifyOptions& options) {
  Classification c;
  c.method = options.method;
  c.classes_requested = options.classes;
  const ClassMethod m = options.method;
  if (!classes_ignored(m)) check_class_count(options.classes, m);

  std::size_t no_data = 0;
  std::vector<double> x = sorted_finite(values, no_data);
  c.no_data = no_data;

  if (m == ClassMethod::Categorical) {
    const Distinct d = distinct_of(x);
    check_categories(d.values.size());
    for (std::size_t i = 0; i < d.values.size(); ++i)
      c.categories.push_back(
          {num_text(d.values[i]), d.values[i], static_cast<std::size_t>(d.weights[i])});
    finish_categories(c);
    return c;
  }
  if (m == ClassMethod::Log) {
    const auto first_positive = std::upper_bound(x.begin(), x.end(), 0.0);
    c.non_positive = static_cast<std::size_t>(first_positive - x.begin());
    c.no_data += c.non_positive;
    x.erase(x.begin(), first_positive);
  }
  if (x.empty()) {
    if (m == ClassMethod::Manual) manual(x, options.manual_breaks, c);  // still validates
    c.edges.clear();
    c.note = m == ClassMethod::Log && c.non_positive > 0
                 ? "no positive values to classify on a log scale"
                 : "no values to classify";
    return c;
  }

  const int k = options.classes;
  switch (m) {
    case ClassMethod::Equal:
      equal_interval(x, k, c);
      break;
    case ClassMethod::Quantile:
      quantile(x, k, c);
      break;
    case ClassMethod::Jenks:
      jenks(x, k, c);
      break;
    case ClassMethod::StdDev:
      stddev(x, options, c);
      break;
    case ClassMethod::Pretty:
      pretty(x, k, c);
      break;
    case ClassMethod::Percentile:
      percentile(x, c);
      break;
    case ClassMethod::Box:
      box(x, options, c);
      break;
    case ClassMethod::HeadTail:
      head_tail(x, options, c);
      break;
    case ClassMethod::Log:
      logarithmic(x, k, c);
      break;
    case ClassMethod::Manual:
      manual(x, options.manual_breaks, c);
      break;
    case ClassMethod::Categorical:
      break;  // handled above
  }
  if (m == ClassMethod::Log && c.non_positive > 0) {
    const std::string left_out = std::to_string(c.non_positive) +
                                 (c.non_positive == 1 ? " value <= 0 is" : " values <= 0 are") +
                                 " left out of the log scale and shown as no data";
    c.note = c.note.empty() ? left_out : c.note + "; " + left_out;
  }
  if (classes_ignored(m) && m != ClassMethod::Manual && c.classes_requested != 0) {
    const std::string ignored =
        m == ClassMethod::HeadTail
            ? "head/tail breaks find the class count in the data; the requested count is ignored"
            : display_name(m) + " always has 6 classes; the requested count is ignored";
    c.note = c.note.empty() ? ignored : c.note + "; " + ignored;
  }
  if (wants_whole_classes(x, options)) make_whole(c);
  c.counts = count_sorted(x, c.edges);
  c.gvf = goodness_of_variance_fit(x, c);
  return c;
}

Classification classify_categorical(std::span<const std::string> values) {
  Classification c;
  c.method = ClassMethod::Categorical;
  std::map<std::string, std::size_t> counts;
  for (const auto& v : values) {
    if (v.empty())
      ++c.no_data;
    else
      ++counts[v];
  }
  check_categories(counts.size());
  for (const auto& [label, count] : counts) c.categories.push_back({label, kNaN, count});
  finish_categories(c);
  return c;
}

Classification recount(const Classification& locked, std::span<const double> values) {
  Classification c = locked;
  std::fill(c.counts.begin(), c.counts.end(), 0);
  for (auto& cat : c.categories) cat.count = 0;
  c.no_data = 0;
  c.non_positive = 0;
  for (double v : values) {
    const int cls = c.class_of(v);
    if (cls < 0) {
      ++c.no_data;
      if (std::isfinite(v) && c.method == ClassMethod::Log && v <= 0) ++c.non_positive;
      continue;
    }
    ++c.counts[static_cast<std::size_t>(cls)];
    if (c.is_categorical()) ++c.categories[static_cast<std::size_t>(cls)].count;
    if (!c.edges.empty()) {
      c.edges.front() = std::min(c.edges.front(), v);
      c.edges.back() = std::max(c.edges.back(), v);
    }
  }
  c.note = "breaks locked from an earlier classification";
  if (!c.is_categorical()) c.gvf = goodness_of_variance_fit(values, c);
  return c;
}

double goodness_of_variance_fit(std::span<const double> values, const Classification& c) {
  const std::size_t k = c.counts.size();
  if (k == 0) return 0.0;
  std::vector<long double> sum(k, 0), count(k, 0);
  long double total = 0, n = 0;
  for (double v : values) {
    const int cls = c.class_of(v);
    if (cls < 0) continue;
    sum[static_cast<std::size_t>(cls)] += v;
    count[static_cast<std::size_t>(cls)] += 1;
    total += v;
    n += 1;
  }
  if (n == 0) return 0.0;
  const long double mean = total / n;
  long double sdam = 0, sdcm = 0;
  for (double v : values) {
    const int cls = c.class_of(v);
    if (cls < 0) continue;
    const auto i = static_cast<std::size_t>(cls);
    const long double class_mean = sum[i] / count[i];
    sdam += (v - mean) * (v - mean);
    sdcm += (v - class_mean) * (v - class_mean);
  }
  if (sdam <= 0) return 1.0;
  return static_cast<double>(std::clamp(1.0L - sdcm / sdam, 0.0L, 1.0L));
}

// --- front-end helpers -------------------------------------------------------------------

std::vector<double> parse_breaks(std::string_view text) {
  std::vector<double> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || !std::isfinite(v))
      throw UserError("breaks must be numbers separated by commas, e.g. 10,20,30: '" +
                      std::string(item) + "' in '" + std::string(text) + "' is not a number");
    out.push_back(v);
    start = comma + 1;
  }
  return out;
}

ClassifyOptions parse_classify_request(const ClassifyRequest& request) {
  const auto method = parse_class_method(request.method);
  if (!method) {
    std::string names;
    for (const std::string& n : class_method_names()) names += (names.empty() ? "" : ", ") + n;
    throw UserError("unknown classification method '" + request.method + "'; use one of: " + names);
  }
  ClassifyOptions o;
  o.method = *method;
  o.classes = request.classes.value_or(classes_ignored(*method) ? 0 : o.classes);
  if (!request.breaks.empty()) {
    if (*method != ClassMethod::Manual)
      throw UserError("breaks apply to the manual method only (not " + to_string(*method) +
                      "); drop them or use manual");
    try {
      o.manual_breaks = parse_breaks(request.breaks);
    } catch (const UserError& e) {
      throw UserError(std::string("manual breaks: ") + e.what());
    }
  } else if (*method == ClassMethod::Manual) {
    throw UserError("the manual method needs breaks between classes, e.g. 10,20,30");
  }
  const std::string centre = lower(request.centre);
  if (centre == "mean" || centre.empty()) {
    o.centre = StdDevCentre::Mean;
  } else if (centre == "median") {
    o.centre = StdDevCentre::Median;
  } else {
    double value = 0;
    const auto [end, ec] = std::from_chars(centre.data(), centre.data() + centre.size(), value);
    if (ec != std::errc() || end != centre.data() + centre.size() || !std::isfinite(value))
      throw UserError("the standard deviation centre must be mean, median or a number (got '" +
                      request.centre + "')");
    o.centre = StdDevCentre::Value;
    o.centre_value = value;
  }
  o.box_hinge = request.hinge;
  return o;
}

std::vector<std::string> numeric_field_names(const Table& table) {
  std::vector<std::string> out;
  for (const Column& c : table.columns)
    if (c.is_number()) out.push_back(c.name);
  return out;
}

Classification classify_field(const Table& table, std::string_view field,
                              const ClassifyOptions& options, const std::string& source) {
  std::string numeric;
  for (const std::string& name : numeric_field_names(table))
    numeric += (numeric.empty() ? "" : ", ") + name;
  if (numeric.empty()) numeric = "(none)";
  const auto index = table.find(field);
  if (!index)
    throw UserError("no field '" + std::string(field) + "' in " + source +
                    "; numeric fields: " + numeric);
  const Column& column = table.at(*index);
  try {
    if (!column.is_number()) {
      if (options.method == ClassMethod::Categorical) return classify_categorical(column.text);
      throw UserError(
          "is text" + (column.source_type.empty() ? "" : " (" + column.source_type + ")") +
          ", not numbers; numeric fields: " + numeric + " (or use the categorical method)");
    }
    return classify(column.values, options);
  } catch (const UserError& e) {
    throw UserError("field '" + column.name + "' in " + source + ": " + e.what());
  }
}

std::string classification_json(const Classification& c, std::optional<int> classes_requested) {
  using nlohmann::json;
  json out;
  out["method"] = to_string(c.method);
  if (c.is_categorical()) {
    json categories = json::array();
    for (const Category& cat : c.categories) {
      json entry;
      if (std::isnan(cat.value))
        entry["value"] = cat.label;
      else
        entry["value"] = cat.value;
      entry["count"] = cat.count;
      categories.push_back(entry);
    }
    out["categories"] = categories;
    out["no_data"] = c.no_data;
    if (classes_requested) {
      out["classes_requested"] = *classes_requested;
      out["classes_note"] =
          "categorical maps have one class per distinct value; the requested "
          "count is ignored";
    }
    return out.dump();
  }
  out["classes"] = c.class_count();
  out["edges"] = c.edges;
  out["counts"] = c.counts;
  out["no_data"] = c.no_data;
  out["gvf"] = c.gvf;
  out["labels"] = class_labels(c, NumberFormat{});
  if (c.whole_numbers) out["whole_numbers"] = true;
  if (!c.class_names.empty()) out["class_names"] = c.class_names;
  if (c.method == ClassMethod::Log) out["non_positive"] = c.non_positive;
  if (c.method == ClassMethod::StdDev) {
    out["centre"] = c.centre;
    out["stddev"] = c.stddev;
  }
  const bool ignored = classes_ignored(c.method);
  if (classes_requested && (ignored || *classes_requested != c.class_count())) {
    out["classes_requested"] = *classes_requested;
    out["classes_note"] =
        c.method == ClassMethod::Manual
            ? "manual classes follow the breaks given; the requested count is ignored"
            : c.note;
  } else if (!c.note.empty()) {
    out["note"] = c.note;
  }
  return out.dump();
}

std::vector<std::size_t> jenks_cuts(std::span<const double> sorted, int k) {
  if (k < 2) return {};
  const Distinct d = distinct_of(sorted);
  if (static_cast<std::size_t>(k) > d.values.size())
    throw UserError("natural breaks into " + std::to_string(k) + " classes needs at least " +
                    std::to_string(k) + " distinct values (got " + std::to_string(d.values.size()) +
                    ")");
  FisherJenks solver(d.values, d.weights);
  // Convert cuts in distinct values to positions in the sorted input.
  std::vector<std::size_t> starts(d.values.size() + 1, 0);
  for (std::size_t i = 0; i < d.values.size(); ++i)
    starts[i + 1] = starts[i] + static_cast<std::size_t>(d.weights[i]);
  std::vector<std::size_t> cuts;
  for (std::size_t cut : solver.solve(k)) cuts.push_back(starts[cut]);
  return cuts;
}

}  // namespace devomap
