// Values as the tooltip and attribute table show them: missing values read "no data", never 0.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "ui/format.hpp"

using devomap::Column;
using devomap::ColumnKind;
using devomap::ui::cell_text;
using devomap::ui::format_number;
using devomap::ui::window_message;

TEST_CASE("errors point at the window's own control, never a command-line option") {
  const devomap::UserError key("t.csv has no column of GSS codes; choose the table's key column",
                               devomap::Remedy::ChooseTableKey);
  CHECK(window_message(key) ==
        "t.csv has no column of GSS codes; choose the table's key column (pick the Table key in "
        "DATA)");
  const devomap::UserError plain("no such file");
  CHECK(window_message(plain) == "no such file");
  const std::runtime_error other("disk full");
  CHECK(window_message(other) == "disk full");
  for (auto remedy :
       {devomap::Remedy::ChooseLayer, devomap::Remedy::ChooseSheet,
        devomap::Remedy::ChooseHeaderRow, devomap::Remedy::ChooseLayerKey,
        devomap::Remedy::AssumeCrs, devomap::Remedy::AllowReplace, devomap::Remedy::ChooseDataDir})
    CHECK(window_message(devomap::UserError("x", remedy)).find("--") == std::string::npos);
}

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
