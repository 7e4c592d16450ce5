#pragma once
// How the window writes values: numbers as the legend and exports write them (core
// number_format: thousands separators, decimals from the value), and "no data" for missing
// values (never 0). Shared by the tooltip and the attribute table.
#include <cstddef>
#include <exception>
#include <span>
#include <string>

#include "core/error.hpp"
#include "core/number_format.hpp"
#include "core/table.hpp"

namespace devomap::ui {

inline constexpr const char* kNoDataText = "no data";

// NaN -> "no data"; anything else through devomap::format_number with the default format.
std::string format_number(double value);
// The same in the legend's number format (£m, %, per head, ...), its automatic parts fixed from
// the values the legend shows (`shown`: the class edges), so the tooltip reads like the legend.
std::string format_number(double value, const NumberFormat& format, std::span<const double> shown);

// The display text of one cell: numbers through format_number, empty text as "no data".
std::string cell_text(const Column& column, std::size_t row);

// An error as the window shows it: its words, then the control that makes the choice its
// remedy names ("pick the Table key in DATA").
// Any other exception shows its words only.
std::string window_message(const std::exception& error);
std::string window_message(const std::string& what, Remedy remedy);

}  // namespace devomap::ui
