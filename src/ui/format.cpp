#include "ui/format.hpp"

#include <cmath>

#include "core/number_format.hpp"

namespace devomap::ui {

std::string format_number(double value) {
  if (std::isnan(value)) return kNoDataText;
  return devomap::format_number(value, NumberFormat{});
}

std::string format_number(double value, const NumberFormat& format, std::span<const double> shown) {
  if (std::isnan(value)) return kNoDataText;
  return devomap::format_number(value, resolve_number_format(format, shown));
}

std::string cell_text(const Column& column, std::size_t row) {
  if (column.is_number()) return format_number(column.values[row]);
  return column.text[row].empty() ? std::string(kNoDataText) : column.text[row];
}

}  // namespace devomap::ui
