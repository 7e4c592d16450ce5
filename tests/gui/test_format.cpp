// Values as the tooltip and attribute table show them: missing values read "no data", never 0.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "ui/format.hpp"

using devomap::Column;
using devomap::ColumnKind;
using devomap::ui::cell_text;
using devomap::ui::format_number;

TEST_CASE("no data is written as 'no data', and zero stays zero") {
  CHECK(format_number(std::numeric_limits<double>::quiet_NaN()) == "no data");
  CHECK(format_number(0.0) == "0");
}

TEST_CASE("numbers get thousands separators") {
  CHECK(format_number(12345.0) == "12,345");
  CHECK(format_number(1234567.0) == "1,234,567");
}

TEST_CASE("cells: null text and NaN numbers read 'no data'") {
  Column text;
  text.name = "LAD24NM";
  text.kind = ColumnKind::Text;
  text.text = {"Highland", ""};
  CHECK(cell_text(text, 0) == "Highland");
  CHECK(cell_text(text, 1) == "no data");

  Column number;
  number.name = "population";
  number.kind = ColumnKind::Number;
  number.values = {std::nan(""), 0.0, 235540.0};
  number.text = {"", "0", "235540"};
  CHECK(cell_text(number, 0) == "no data");
  CHECK(cell_text(number, 1) == "0");
  CHECK(cell_text(number, 2) == "235,540");
}
