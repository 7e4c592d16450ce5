#pragma once
// How numbers read in legends, tooltips and exports: thousands separators, £ with k/m/bn,
// percentages, "per head", decimals. The parts left automatic (scale, decimals) are chosen from
// the values on show (usually the class edges), so a format set once survives re-classing.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace devomap {

enum class NumberUnit { Plain, Pounds, Percent };
// Each: every value takes its own k, m or bn (pounds), for ranges spanning orders of magnitude.
enum class NumberScale { Auto, None, Thousands, Millions, Billions, Each };

struct NumberFormat {
  NumberUnit unit = NumberUnit::Plain;
  // Auto: pounds take k (from £10,000), m (£1m) or bn (£1bn) from the largest value shown;
  // plain numbers and percentages are not scaled.
  NumberScale scale = NumberScale::Auto;
  std::optional<int> decimals;  // 0..10; nullopt: from the values shown
  bool thousands_separator = true;
  bool per_head = false;        // appends " per head"
  bool percent_of_one = false;  // Percent: the values are fractions (0.25 reads 25%)

  friend bool operator==(const NumberFormat&, const NumberFormat&) = default;
};

// "plain", "pounds" (also "gbp", "£"), "percent" (also "%"); any case.
std::optional<NumberUnit> parse_number_unit(std::string_view name);
std::string to_string(NumberUnit unit);

// The format with its automatic parts fixed for these values: the scale from the largest
// magnitude; decimals so that every distinct value stays distinct (up to 6) and the largest
// shows at most three significant figures unless fewer print every value exactly (0.2, not
// 0.20); whole numbers get none. Values spanning two orders of magnitude or more (log
// classes) are read one by one instead: pounds get scale Each and decimals stay automatic, so
// each value shows three significant figures ("£2.28k – £185k"). NaN/inf are ignored.
NumberFormat resolve_number_format(const NumberFormat& format, std::span<const double> values);

// One value, e.g. "12,345", "£1.2m", "−3.5%", "£1,234 per head". A format with automatic parts
// is resolved for this value alone. NaN reads "No data". Negative numbers take U+2212 (−).
std::string format_number(double value, const NumberFormat& format);
// A class range, e.g. "£10k – £20k per head" (en dash; the unit suffix once, at the end).
std::string format_range(double low, double high, const NumberFormat& format);

}  // namespace devomap
