#pragma once
// Classification of numeric values into classes. One module used by the window, the CLI and
// every export, so a map means the same everywhere.
//
// Boundary rule (shared by every method and the legend): class i (1-based) holds the values v
// with e(i-1) < v <= e(i); the first class also includes e0 itself. "Upper bound included."
//
// Edges mean one of two things, by method:
//  - methods that find groups in the data (quantile, jenks, headtail, percentile, box): e0 is
//    the minimum and e(i) is the largest value in class i. An empty class (possible only for
//    percentile and box, whose classes have fixed meanings) repeats the edge before it; an empty
//    lower-outlier class has e0 = e1 = the lower fence, which then lies below the minimum.
//  - threshold methods (equal, pretty, stddev, log, manual): inner edges are thresholds, e0 and
//    eN reach at least to the data's minimum and maximum; any class may be empty.
// Categorical classifications have no edges: one class per distinct value.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/table.hpp"

namespace devomap {

enum class ClassMethod {
  Equal,        // equal interval
  Quantile,     // equal counts
  Jenks,        // exact natural breaks (Fisher's optimal partition)
  StdDev,       // standard deviations about a centre (diverging)
  Pretty,       // round-number thresholds
  Percentile,   // GeoDa percentile map: <1%, 1-10, 10-50, 50-90, 90-99, >99%
  Box,          // GeoDa box map: outliers beyond the hinge, then the quartiles
  HeadTail,     // Jiang's head/tail breaks, class count from the data
  Log,          // geometric thresholds, positive values only
  Manual,       // the user's thresholds
  Categorical,  // one class per distinct value (up to 12)
};

// Method names as the CLI and map specs spell them: equal, quantile, jenks, stddev, pretty,
// percentile, box, headtail, log, manual, categorical (any case; "natural" also means jenks).
std::optional<ClassMethod> parse_class_method(std::string_view name);
std::string to_string(ClassMethod m);           // the CLI name, e.g. "jenks"
std::string display_name(ClassMethod m);        // e.g. "Natural breaks (Jenks)"
std::vector<std::string> class_method_names();  // all CLI names, in enum order
// True when the method finds groups in the data (edges are data values, see above).
bool is_data_driven(ClassMethod m);
// The class count the method itself fixes, or nullopt when the caller chooses it. Head/tail is
// data-driven and also returns nullopt here; see classes_ignored().
std::optional<int> fixed_class_count(ClassMethod m);
// True when ClassifyOptions::classes has no effect (percentile, box, headtail, manual,
// categorical).
bool classes_ignored(ClassMethod m);

inline constexpr int kMinClasses = 2;
inline constexpr int kMaxClasses = 9;
inline constexpr int kMaxCategories = 12;

enum class StdDevCentre { Mean, Median, Value };

struct ClassifyOptions {
  ClassMethod method = ClassMethod::Quantile;
  int classes = 5;  // 2..9 where the method takes a count
  // Manual: the inner thresholds, strictly increasing; classes = breaks + 1 (1..8 breaks).
  std::vector<double> manual_breaks;
  // StdDev: the centre (mean, median or centre_value, e.g. 0) and the class width in SDs.
  StdDevCentre centre = StdDevCentre::Mean;
  double centre_value = 0.0;
  double stddev_step = 1.0;
  // Box: fences at Q1 - hinge*IQR and Q3 + hinge*IQR.
  double box_hinge = 1.5;
  // HeadTail: keep splitting while the head holds at most this share of its part.
  double headtail_limit = 0.4;
  // Counts: classes of whole numbers ("0", "1 – 2", "3 – 4": no shared bounds, no fractions).
  // nullopt: when every value is a whole number and there are at most kFewWholeValues distinct
  // values; true: whenever every value is a whole number; false: never. Methods with classes of
  // fixed meaning (stddev, percentile, box) and categorical never take them.
  std::optional<bool> whole_numbers;
};

inline constexpr std::size_t kFewWholeValues = 24;

struct Category {
  std::string label;  // the value as text (numbers printed with %.15g)
  double value;       // numeric categories: the value; text categories: NaN
  std::size_t count = 0;
};

struct Classification {
  ClassMethod method = ClassMethod::Quantile;
  std::vector<double> edges;        // N+1 edges for N classes (see the header comment)
  std::vector<std::size_t> counts;  // N counts
  std::size_t no_data = 0;          // NaN/infinite values (and, for log, values <= 0)
  std::size_t non_positive = 0;     // log only: how many of no_data were finite values <= 0
  double gvf = 0.0;  // goodness of variance fit, 0..1 (1 for constant data); NaN: categorical
  std::vector<std::string> class_names;  // names for fixed-meaning classes (percentile, box,
                                         // stddev, categorical); empty otherwise
  std::vector<Category> categories;      // categorical only, in class order
  int classes_requested = 0;             // what the options asked for
  // Classes of whole numbers: every edge is a whole number, and class i holds the numbers
  // e(i-1)+1 .. e(i) (the first e0 .. e1), so its label names both ends ("3 – 4").
  bool whole_numbers = false;
  std::string note;  // why the result differs from the request (fewer classes, ignored count,
                     // values left out), empty when it does not
  // StdDev only: the centre and the standard deviation used.
  double centre = 0.0;
  double stddev = 0.0;

  int class_count() const { return static_cast<int>(counts.size()); }
  bool is_categorical() const { return method == ClassMethod::Categorical; }
  // Class index 0..N-1 for a value, or -1 for no data (NaN, infinite, or <= 0 for log).
  // Values below e0 fall in the first class and above eN in the last, so locked breaks can be
  // applied to other data (see recount). Categorical: the matching category or -1.
  int class_of(double v) const;
  // Categorical classifications of a text field: the matching category or -1 ("" is no data).
  int class_of(std::string_view text) const;
};

// NaN and infinite values are no data. Throws UserError for classes outside 2..9 (where the
// method takes a count), bad manual breaks, a non-positive stddev step or box hinge, and more
// than 12 distinct values for categorical. Constant or too-few values give fewer classes rather
// than empty duplicates (note says so).
Classification classify(std::span<const double> values, const ClassifyOptions& options);

// Categorical classification of text values ("" is no data); categories sorted by text.
Classification classify_categorical(std::span<const std::string> values);

// Locked breaks: the same classes (edges or categories) applied to other values, with fresh
// counts, no-data count and GVF. The outer edges widen to the new values' range when needed;
// inner edges never move, so side-by-side maps compare.
Classification recount(const Classification& locked, std::span<const double> values);

// Goodness of variance fit of an assignment: 1 - (sum of squared deviations from class means) /
// (sum of squared deviations from the overall mean). Values with class -1 are ignored.
double goodness_of_variance_fit(std::span<const double> values, const Classification& c);

// --- front-end helpers (CLI, map specs) ---

// "10,20.5,-3" -> {10, 20.5, -3}. Throws UserError naming the bad item.
std::vector<double> parse_breaks(std::string_view text);

// What a front end was given, as text: method name, class count (nullopt: not given), manual
// breaks "10,20,30" ("" when none), stddev centre "mean", "median" or a number, box hinge.
struct ClassifyRequest {
  std::string method;
  std::optional<int> classes;
  std::string breaks;
  std::string centre = "mean";
  double hinge = 1.5;
};
// Checks the request and turns it into options. Throws UserError for an unknown method (listing
// them), breaks with a method other than manual, manual without breaks, bad breaks, a bad centre.
// A count the method ignores becomes 0 unless given, so notes only mention counts users gave.
ClassifyOptions parse_classify_request(const ClassifyRequest& request);

// Classifies one field of a table (a layer's attributes or a user's table). `source` names the
// file in messages. Throws UserError naming the field and the source when the field is missing
// or, for a numeric method, not numeric (both list the numeric fields); errors from classify()
// are prefixed with the field.
Classification classify_field(const Table& table, std::string_view field,
                              const ClassifyOptions& options, const std::string& source);
std::vector<std::string> numeric_field_names(const Table& table);

// The classification as JSON: {"method", "classes", "edges", "counts", "no_data", "gvf", ...};
// categorical: {"method", "categories": [{"value", "count"}], "no_data"}. When the caller gave a
// class count (classes_requested) that the method ignores or could not meet, "classes_requested"
// and "classes_note" say so.
std::string classification_json(const Classification& c, std::optional<int> classes_requested);

// Exact natural breaks on sorted values (ascending, finite): the optimal k-class partition that
// minimises the within-class sum of squared deviations. Returns the k-1 cut positions (index
// of the first value of classes 2..k) in an array of size k-1. Exposed for tests and benchmarks.
std::vector<std::size_t> jenks_cuts(std::span<const double> sorted, int k);

}  // namespace devomap
