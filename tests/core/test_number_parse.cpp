#include <catch2/catch.hpp>
#include <cmath>

#include "core/number_parse.hpp"

using namespace devomap;

namespace {

double number(const char* text) {
  const ParsedCell cell = parse_cell(text);
  INFO("cell '" << text << "'");
  REQUIRE(cell.kind == CellKind::Number);
  return cell.value;
}

CellKind kind(const char* text) {
  return parse_cell(text).kind;
}

Column text_column(std::string name, std::vector<std::string> cells) {
  Column c;
  c.name = std::move(name);
  c.text = std::move(cells);
  return c;
}

}  // namespace

TEST_CASE("numbers written with money, scale words and separators", "[number_parse]") {
  CHECK(number("£1.2bn") == Approx(1.2e9));
  CHECK(number("£450m") == Approx(450e6));
  CHECK(number("£12k") == Approx(12e3));
  CHECK(number("1,234") == 1234);
  CHECK(number("1,234,567.5") == Approx(1234567.5));
  CHECK(number("12.5%") == Approx(12.5));
  CHECK(parse_cell("12.5%").percent);
  CHECK(parse_cell("£450m").money);
  CHECK(number("(3.2)") == Approx(-3.2));
  CHECK(number("\xE2\x88\x92"
               "3") == -3);  // U+2212 minus sign
  CHECK(number("-£3m") == Approx(-3e6));
  CHECK(number("£-3m") == Approx(-3e6));
  CHECK(number("(£2.5bn)") == Approx(-2.5e9));
  CHECK(number("  42  ") == 42);
  CHECK(number("\xC2\xA0"
               "42\xC2\xA0") == 42);      // no-break spaces around
  CHECK(number("1 234 567") == 1234567);  // spaces as thousands separators
  CHECK(number("£450 million") == Approx(450e6));
  CHECK(number("3 BN") == Approx(3e9));
  CHECK(number("1.5e6") == Approx(1.5e6));
  CHECK(number("0.25") == Approx(0.25));
  CHECK(number(".5") == Approx(0.5));
  CHECK(number("+7") == 7);
  CHECK(number("0012") == 12);
  CHECK(number("\xE2\x82\xAC"
               "5") == 5);  // euro sign
}

TEST_CASE("no-data markers are NaN, never zero", "[number_parse]") {
  for (const char* marker :
       {"", "   ", "n/a", "N/A", "NA", "-", "\xE2\x80\x93", "\xE2\x80\x94", "..", "...", "x", "X",
        ":", "[c]", "[x]", "[z]", "[low]", "null", "#N/A"}) {
    INFO("marker '" << marker << "'");
    const ParsedCell cell = parse_cell(marker);
    CHECK(cell.kind == CellKind::NoData);
    CHECK(std::isnan(cell.value));
    CHECK(is_no_data_marker(marker));
  }
}

TEST_CASE("text that is not a number is unreadable", "[number_parse]") {
  for (const char* text : {"abc", "E06000001", "1,23", "12,34,5", "1.2.3", "12 apples", "£", "2e",
                           "10 - 20", "#VALUE!", "1,234 567", "5x"}) {
    INFO("text '" << text << "'");
    CHECK(kind(text) == CellKind::Unreadable);
    CHECK(std::isnan(parse_cell(text).value));
  }
}

TEST_CASE("a column is a number column when its filled cells are numbers", "[number_parse]") {
  Table t;
  t.row_count = 5;
  t.columns.push_back(
      text_column("code", {"E06000001", "E06000002", "E06000003", "E06000004", "E06000005"}));
  t.columns.push_back(text_column("money", {"£1.2bn", "£450m", "[c]", "", "1,234"}));
  t.columns.push_back(text_column("mixed", {"1", "2", "3", "4", "oops"}));
  t.columns.push_back(text_column("half", {"1", "2", "three", "four", "5"}));
  t.columns.push_back(text_column("padded", {"007", "010", "000", "123", "999"}));
  const std::vector<std::size_t> rows = {9, 10, 11, 12, 13};
  const ColumnTypingReport report = assign_column_kinds(t, rows);

  CHECK(t.columns[0].kind == ColumnKind::Text);
  REQUIRE(t.columns[1].kind == ColumnKind::Number);
  CHECK(t.columns[1].values[0] == Approx(1.2e9));
  CHECK(std::isnan(t.columns[1].values[2]));  // [c] is no data
  CHECK(std::isnan(t.columns[1].values[3]));
  CHECK(t.columns[1].values[4] == 1234);
  CHECK(t.columns[1].text[0] == "£1.2bn");  // the text stays as written

  // 4 of 5 are numbers: a number column with one unreadable cell, reported with its row.
  REQUIRE(t.columns[2].kind == ColumnKind::Number);
  REQUIRE(report.unreadable.size() == 1);
  CHECK(report.unreadable[0].row == 13);
  CHECK(report.unreadable[0].column == "mixed");
  CHECK(report.unreadable[0].text == "oops");

  // 3 of 5: too mixed to be a number column; kept as text with a note that says why.
  CHECK(t.columns[3].kind == ColumnKind::Text);
  bool noted = false;
  for (const std::string& n : report.notes)
    if (n.find("'half' mixes numbers and text") != std::string::npos &&
        n.find("row 11") != std::string::npos)
      noted = true;
  CHECK(noted);

  // Numeric keys keep their leading zeros as text.
  CHECK(t.columns[4].kind == ColumnKind::Number);
  CHECK(t.columns[4].text[0] == "007");
}
