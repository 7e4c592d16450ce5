#include "core/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <vector>

namespace devomap {

namespace {

constexpr const char* kMinus = "\xE2\x88\x92";   // U+2212 MINUS SIGN
constexpr const char* kEnDash = "\xE2\x80\x93";  // U+2013 EN DASH
constexpr const char* kPound = "\xC2\xA3";       // U+00A3 POUND SIGN
constexpr int kMaxAutoDecimals = 6;
constexpr int kMaxDecimals = 10;
constexpr double kWideRange = 100.0;  // largest / smallest non-zero magnitude

double scale_factor(NumberScale s) {
  switch (s) {
    case NumberScale::Thousands:
      return 1e3;
    case NumberScale::Millions:
      return 1e6;
    case NumberScale::Billions:
      return 1e9;
    default:
      return 1.0;
  }
}

const char* scale_suffix(NumberScale s) {
  switch (s) {
    case NumberScale::Thousands:
      return "k";
    case NumberScale::Millions:
      return "m";
    case NumberScale::Billions:
      return "bn";
    default:
      return "";
  }
}

// The number as it is printed, before rounding: percentages of one times 100, then the scale.
double shown_value(double v, const NumberFormat& f) {
  if (f.unit == NumberUnit::Percent && f.percent_of_one) v *= 100.0;
  return v / scale_factor(f.scale);
}

std::string fixed(double magnitude, int decimals) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, magnitude);
  return buf;
}

std::string group_thousands(const std::string& digits) {
  const auto dot = digits.find('.');
  const std::string whole = digits.substr(0, dot);
  const std::string rest = dot == std::string::npos ? "" : digits.substr(dot);
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  return out + rest;
}

NumberScale auto_scale(const NumberFormat& f, double largest) {
  if (f.unit != NumberUnit::Pounds) return NumberScale::None;
  if (largest >= 1e9) return NumberScale::Billions;
  if (largest >= 1e6) return NumberScale::Millions;
  if (largest >= 1e4) return NumberScale::Thousands;
  return NumberScale::None;
}

// The fewest decimals that print every value exactly (0.2, not 0.20), capped at three
// significant figures of the largest value; then more while distinct values would print alike.
int auto_decimals(const std::vector<double>& shown) {
  if (shown.empty()) return 0;
  double largest = 0;
  for (double v : shown) largest = std::max(largest, std::fabs(v));
  const int three_figures =
      largest > 0
          ? std::clamp(2 - static_cast<int>(std::floor(std::log10(largest))), 0, kMaxAutoDecimals)
          : 0;
  int decimals = 0;
  for (; decimals < three_figures; ++decimals) {
    const double scale = std::pow(10.0, decimals);
    const bool exact = std::all_of(shown.begin(), shown.end(), [&](double v) {
      return std::fabs(std::round(v * scale) / scale - v) <= 1e-9 * std::max(1.0, std::fabs(v));
    });
    if (exact) break;
  }
  for (; decimals < kMaxAutoDecimals; ++decimals) {
    std::set<std::string> seen;
    bool clash = false;
    for (double v : shown) clash |= !seen.insert(fixed(v, decimals)).second;
    if (!clash) break;
  }
  return decimals;
}

// The value without the per-head suffix. Automatic parts left in a resolved format (scale
// Each, no decimals) are chosen for this value alone.
std::string format_core(double v, NumberFormat f) {
  if (std::isnan(v)) return "No data";
  if (f.scale == NumberScale::Each || f.scale == NumberScale::Auto) {
    NumberFormat unscaled = f;
    unscaled.scale = NumberScale::None;
    f.scale = auto_scale(f, std::fabs(shown_value(v, unscaled)));
  }
  const double shown = shown_value(v, f);
  const int decimals = std::clamp(
      f.decimals ? *f.decimals : auto_decimals(std::vector<double>{shown}), 0, kMaxDecimals);
  std::string body;
  if (std::isinf(shown)) {
    body = "\xE2\x88\x9E";  // ∞
  } else {
    body = fixed(std::fabs(shown), decimals);
    if (f.thousands_separator) body = group_thousands(body);
  }
  // A value that rounds to zero reads 0, never −0.
  const bool negative =
      shown < 0 && (std::isinf(shown) || body.find_first_not_of("0.,") != std::string::npos);
  std::string out = negative ? kMinus : "";
  if (f.unit == NumberUnit::Pounds) out += kPound;
  out += body;
  out += scale_suffix(f.scale);
  if (f.unit == NumberUnit::Percent) out += "%";
  return out;
}

}  // namespace

std::optional<NumberUnit> parse_number_unit(std::string_view name) {
  std::string n(name);
  for (char& c : n)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (n == "plain" || n == "number") return NumberUnit::Plain;
  if (n == "pounds" || n == "gbp" || n == kPound) return NumberUnit::Pounds;
  if (n == "percent" || n == "%") return NumberUnit::Percent;
  return std::nullopt;
}

std::string to_string(NumberUnit unit) {
  switch (unit) {
    case NumberUnit::Plain:
      return "plain";
    case NumberUnit::Pounds:
      return "pounds";
    case NumberUnit::Percent:
      return "percent";
  }
  return "plain";
}

NumberFormat resolve_number_format(const NumberFormat& format, std::span<const double> values) {
  NumberFormat out = format;
  std::vector<double> finite;
  for (double v : values)
    if (std::isfinite(v)) finite.push_back(v);
  NumberFormat unscaled = out;
  unscaled.scale = NumberScale::None;
  double largest = 0, smallest = std::numeric_limits<double>::infinity();
  for (double v : finite) {
    const double m = std::fabs(shown_value(v, unscaled));
    largest = std::max(largest, m);
    if (m > 0) smallest = std::min(smallest, m);
  }
  const bool wide = largest > 0 && largest / smallest >= kWideRange;
  if (out.scale == NumberScale::Auto)
    out.scale =
        wide && out.unit == NumberUnit::Pounds ? NumberScale::Each : auto_scale(out, largest);
  if (!out.decimals && !wide && out.scale != NumberScale::Each) {
    std::vector<double> shown;
    std::set<double> distinct(finite.begin(), finite.end());
    for (double v : distinct) shown.push_back(shown_value(v, out));
    out.decimals = auto_decimals(shown);
  }
  return out;
}

std::string format_number(double value, const NumberFormat& format) {
  const NumberFormat f = resolve_number_format(format, std::span<const double>(&value, 1));
  std::string out = format_core(value, f);
  if (f.per_head && !std::isnan(value)) out += " per head";
  return out;
}

std::string format_range(double low, double high, const NumberFormat& format) {
  const double both[2] = {low, high};
  const NumberFormat f = resolve_number_format(format, both);
  std::string out = format_core(low, f) + " " + kEnDash + " " + format_core(high, f);
  if (f.per_head) out += " per head";
  return out;
}

}  // namespace devomap
