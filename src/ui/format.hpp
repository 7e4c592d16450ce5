#pragma once
// How the window writes values: numbers as the legend and exports write them (core
// number_format: thousands separators, decimals from the value), and "no data" for missing
// values (never 0). Shared by the tooltip and the attribute table.
#include <cstddef>
#include <string>

#include "core/table.hpp"

namespace devomap::ui {

inline constexpr const char* kNoDataText = "no data";

// NaN -> "no data"; anything else through devomap::format_number with the default format.
std::string format_number(double value);

// The display text of one cell: numbers through format_number, empty text as "no data".
std::string cell_text(const Column& column, std::size_t row);

}  // namespace devomap::ui
