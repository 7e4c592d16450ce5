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

std::string window_message(const std::exception& error) {
  const auto* user = dynamic_cast<const UserError*>(&error);
  return window_message(error.what(), user ? user->remedy() : Remedy::None);
}

std::string window_message(const std::string& what, Remedy remedy) {
  std::string hint;
  switch (remedy) {
    case Remedy::None:
      break;
    case Remedy::ChooseLayer:
      hint = "type the layer's name in OPEN A LAYER";
      break;
    case Remedy::ChooseSheet:
      hint = "type the sheet's name in DATA";
      break;
    case Remedy::ChooseHeaderRow:
      hint = "set Header in DATA";
      break;
    case Remedy::ChooseTableKey:
      hint = "pick the Table key in DATA";
      break;
    case Remedy::ChooseLayerKey:
      hint = "pick the Area key in DATA";
      break;
    case Remedy::AssumeCrs:
      hint = "give it as \"assume_crs\" in a map spec, or save the file with its CRS";
      break;
    case Remedy::AllowReplace:
      hint = "Export asks before replacing a file";
      break;
    case Remedy::ChooseDataDir:
      hint = "start devomap with another data folder";
      break;
    case Remedy::ChooseField:
      hint = "pick a measure or a column in STYLE";
      break;
    case Remedy::ChooseRows:
      hint = "choose rows under DATA, e.g. Indicator=Employment rate";
      break;
  }
  return hint.empty() ? what : what + " (" + hint + ")";
}

}  // namespace devomap::ui
