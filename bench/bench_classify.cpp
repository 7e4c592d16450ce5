// Classification speed and memory: every method on 35,000 values (the LSOA count, re-classed
// while a slider moves) and 1,000,000 values, beside a plain std::sort of the same values (the
// floor: every data-driven method sorts once). Prints a Markdown table.
//
// Usage: bench_classify [runs_small] [runs_large]   (medians of that many runs; default 15, 5)
#include <malloc.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "core/classify.hpp"

// Heap accounting: the peak bytes live during one call, above what was live when it started.
namespace {
std::atomic<long long> g_live{0};
std::atomic<long long> g_peak{0};

void note_alloc(void* p) {
  if (!p) return;
  const long long now = g_live += static_cast<long long>(malloc_usable_size(p));
  long long peak = g_peak.load();
  while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
  }
}
}  // namespace

void* operator new(std::size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  note_alloc(p);
  return p;
}
void* operator new[](std::size_t n) {
  return operator new(n);
}
void operator delete(void* p) noexcept {
  if (!p) return;
  g_live -= static_cast<long long>(malloc_usable_size(p));
  std::free(p);
}
void operator delete[](void* p) noexcept {
  operator delete(p);
}
void operator delete(void* p, std::size_t) noexcept {
  operator delete(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  operator delete(p);
}

namespace {

using Clock = std::chrono::steady_clock;

// CPU time of this thread: steadier than wall time on a machine other builds share.
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Measure {
  double median_ms = 0;  // thread CPU time
  double min_ms = 0;
  double wall_ms = 0;  // median wall time
  double peak_mb = 0;  // extra heap at the peak of one call
};

template <typename F>
Measure measure(int runs, F&& call) {
  std::vector<double> cpu, wall;
  long long peak = 0;
  for (int r = 0; r < runs; ++r) {
    const long long base = g_live.load();
    g_peak = base;
    const double c0 = thread_cpu_ms();
    const auto t0 = Clock::now();
    call();
    const auto t1 = Clock::now();
    cpu.push_back(thread_cpu_ms() - c0);
    peak = std::max(peak, g_peak.load() - base);
    wall.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(cpu.begin(), cpu.end());
  std::sort(wall.begin(), wall.end());
  return {cpu[cpu.size() / 2], cpu.front(), wall[wall.size() / 2],
          static_cast<double>(peak) / (1024.0 * 1024.0)};
}

// Skewed like most area statistics (populations, spending), with a few no-data gaps.
std::vector<double> make_values(std::size_t n) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> skewed(10.0, 1.2);
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = i % 997 == 0 ? std::nan("") : skewed(rng);
  return v;
}

void row(std::size_t n, const std::string& what, const Measure& m, double floor_ms) {
  std::printf("| %zu | %s | %.2f | %.2f | %.2f | %.1f | %.2f |\n", n, what.c_str(), m.median_ms,
              m.min_ms, m.wall_ms, m.peak_mb, m.median_ms / floor_ms);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const int runs_small = argc > 1 ? std::atoi(argv[1]) : 15;
  const int runs_large = argc > 2 ? std::atoi(argv[2]) : 5;
  std::printf(
      "| values | method | CPU ms (median) | CPU ms (min) | wall ms (median) | peak extra heap MB "
      "| x sort |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (std::size_t n : {std::size_t{35000}, std::size_t{1000000}}) {
    const int runs = n <= 35000 ? runs_small : runs_large;
    const std::vector<double> values = make_values(n);
    const Measure floor = measure(runs, [&] {
      std::vector<double> copy = values;
      std::sort(copy.begin(), copy.end(), [](double a, double b) { return a < b; });
      volatile double sink = copy[n / 2];
      (void)sink;
    });
    row(n, "std::sort (copy + sort, the floor)", floor, floor.median_ms);

    struct Case {
      std::string label;
      devomap::ClassifyOptions options;
    };
    std::vector<Case> cases;
    for (const std::string& name : devomap::class_method_names()) {
      devomap::ClassifyOptions o;
      o.method = *devomap::parse_class_method(name);
      o.classes = 5;
      if (o.method == devomap::ClassMethod::Manual) o.manual_breaks = {1e4, 2e4, 5e4, 1e5};
      if (o.method == devomap::ClassMethod::Categorical) continue;  // needs <= 12 values
      cases.push_back({name + " (5)", o});
      if (o.method == devomap::ClassMethod::Jenks) {
        o.classes = 9;
        cases.push_back({"jenks (9)", o});
      }
    }
    for (const Case& c : cases) {
      int classes = 0;
      const Measure m =
          measure(runs, [&] { classes = devomap::classify(values, c.options).class_count(); });
      row(n,
          c.label + (classes != c.options.classes && c.options.classes == 5
                         ? " -> " + std::to_string(classes)
                         : ""),
          m, floor.median_ms);
    }
    // Categorical on 12 distinct codes.
    std::vector<double> codes(n);
    for (std::size_t i = 0; i < n; ++i) codes[i] = static_cast<double>(i % 12);
    devomap::ClassifyOptions cat;
    cat.method = devomap::ClassMethod::Categorical;
    row(n, "categorical (12 codes)", measure(runs, [&] { devomap::classify(codes, cat); }),
        floor.median_ms);
    // Locked breaks re-applied (class_of + recount) to the same values.
    devomap::ClassifyOptions q;
    q.method = devomap::ClassMethod::Quantile;
    const devomap::Classification locked = devomap::classify(values, q);
    row(n, "recount with locked breaks", measure(runs, [&] { devomap::recount(locked, values); }),
        floor.median_ms);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("\nPeak RSS of the whole run: %.1f MB\n", usage.ru_maxrss / 1024.0);
  return 0;
}
