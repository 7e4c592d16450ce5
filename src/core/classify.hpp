#pragma once
// Classification of numeric values into classes. One module used by the window, the CLI and
// every export, so a map means the same everywhere.
//
// Boundary rule (shared by every method and the legend): class i (1-based) holds the values v
// with e(i-1) < v <= e(i); the first class also includes e0 itself. "Upper bound included."
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace devomap {

enum class ClassMethod { Equal, Quantile };

std::optional<ClassMethod> parse_class_method(std::string_view name);  // "quantile", "equal"
std::string to_string(ClassMethod m);

struct ClassifyOptions {
  ClassMethod method = ClassMethod::Quantile;
  int classes = 5;
};

struct Classification {
  ClassMethod method = ClassMethod::Quantile;
  std::vector<double> edges;        // N+1 edges for N classes (e0 = min for data-driven methods)
  std::vector<std::size_t> counts;  // N counts
  std::size_t no_data = 0;          // NaN values
  double gvf = 0.0;                 // goodness of variance fit, 0..1

  int class_count() const { return static_cast<int>(counts.size()); }
  // Class index 0..N-1 for a value, or -1 for no data (NaN).
  int class_of(double v) const;
};

// NaN values are no data. Throws UserError for classes outside 2..9. Constant or too-few values
// give fewer classes rather than empty duplicates.
Classification classify(std::span<const double> values, const ClassifyOptions& options);

}  // namespace devomap
