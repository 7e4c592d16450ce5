#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "core/number_format.hpp"

using namespace devomap;

namespace {
const std::string kMinus = "\xE2\x88\x92";
const std::string kPound = "\xC2\xA3";
const std::string kDash = " \xE2\x80\x93 ";

NumberFormat pounds() {
  NumberFormat f;
  f.unit = NumberUnit::Pounds;
  return f;
}
NumberFormat percent() {
  NumberFormat f;
  f.unit = NumberUnit::Percent;
  return f;
}
}  // namespace

TEST_CASE("plain numbers: thousands separators and automatic decimals", "[number_format]") {
  const NumberFormat plain;
  CHECK(format_number(1234567, plain) == "1,234,567");
  CHECK(format_number(999, plain) == "999");
  CHECK(format_number(1234.4, plain) == "1,234");
  CHECK(format_number(12.5, plain) == "12.5");
  CHECK(format_number(0.123456, plain) == "0.123");
  CHECK(format_number(1e15, plain) == "1,000,000,000,000,000");
  CHECK(format_number(-5, plain) == kMinus + "5");
  CHECK(format_number(-1234.4, plain) == kMinus + "1,234");
  CHECK(format_number(0, plain) == "0");
  CHECK(format_number(std::numeric_limits<double>::quiet_NaN(), plain) == "No data");
  NumberFormat bare;
  bare.thousands_separator = false;
  CHECK(format_number(1234567, bare) == "1234567");
  NumberFormat two;
  two.decimals = 2;
  CHECK(format_number(3, two) == "3.00");
  CHECK(format_number(-0.001, two) == "0.00");  // never "−0.00"
}

TEST_CASE("pounds take k, m and bn from the largest value", "[number_format]") {
  CHECK(format_number(500, pounds()) == kPound + "500");
  CHECK(format_number(9999, pounds()) == kPound + "9,999");
  CHECK(format_number(25000, pounds()) == kPound + "25k");
  CHECK(format_number(25340, pounds()) == kPound + "25.3k");
  CHECK(format_number(1.5e6, pounds()) == kPound + "1.5m");
  CHECK(format_number(2.3e9, pounds()) == kPound + "2.3bn");
  CHECK(format_number(-4e6, pounds()) == kMinus + kPound + "4m");
  auto thousands = pounds();
  thousands.scale = NumberScale::Thousands;
  CHECK(format_number(2.5e6, thousands) == kPound + "2,500k");
  auto unscaled = pounds();
  unscaled.scale = NumberScale::None;
  CHECK(format_number(2.5e6, unscaled) == kPound + "2,500,000");
}

TEST_CASE("percentages and per head", "[number_format]") {
  CHECK(format_number(12.5, percent()) == "12.5%");
  CHECK(format_number(40, percent()) == "40%");
  auto of_one = percent();
  of_one.percent_of_one = true;
  CHECK(format_number(0.125, of_one) == "12.5%");
  CHECK(format_number(-0.03, of_one) == kMinus + "3%");
  auto head = pounds();
  head.per_head = true;
  CHECK(format_number(1234, head) == kPound + "1,234 per head");
  CHECK(format_number(std::numeric_limits<double>::quiet_NaN(), head) == "No data");
}

TEST_CASE("ranges share one resolved format and one suffix", "[number_format]") {
  auto head = pounds();
  head.per_head = true;
  CHECK(format_range(10000, 20000, head) == kPound + "10k" + kDash + kPound + "20k per head");
  CHECK(format_range(0.2, 0.25, NumberFormat{}) == "0.20" + kDash + "0.25");
  CHECK(format_range(-10, 10, percent()) == kMinus + "10%" + kDash + "10%");
}

TEST_CASE("automatic parts follow the values; the user's choices survive", "[number_format]") {
  const std::vector<double> fifths = {0, 0.2, 0.4, 0.6, 0.8, 1};
  CHECK(resolve_number_format(NumberFormat{}, fifths).decimals == 1);
  const std::vector<double> whole = {10, 20, 30};
  CHECK(resolve_number_format(NumberFormat{}, whole).decimals == 0);
  const std::vector<double> close = {1.001, 1.002, 1.5};
  CHECK(resolve_number_format(NumberFormat{}, close).decimals == 3);  // kept apart
  const std::vector<double> quartiles = {3.14159, 27.18, 100.5};
  CHECK(resolve_number_format(NumberFormat{}, quartiles).decimals == 0);

  auto mine = pounds();
  mine.decimals = 1;
  const std::vector<double> millions = {1e6, 5e6};
  const std::vector<double> hundreds = {100, 900};
  const auto a = resolve_number_format(mine, millions);
  const auto b = resolve_number_format(mine, hundreds);
  CHECK(a.scale == NumberScale::Millions);
  CHECK(b.scale == NumberScale::None);
  CHECK(a.decimals == 1);
  CHECK(b.decimals == 1);
  CHECK(a.unit == NumberUnit::Pounds);
  // A resolved format stays as it is.
  CHECK(resolve_number_format(a, hundreds) == a);
  // NaN and infinities do not steer the choice.
  const std::vector<double> with_gaps = {1, std::numeric_limits<double>::quiet_NaN(), 2,
                                         std::numeric_limits<double>::infinity()};
  CHECK(resolve_number_format(NumberFormat{}, with_gaps).decimals == 0);
}

TEST_CASE("unit names", "[number_format]") {
  CHECK(parse_number_unit("Pounds") == NumberUnit::Pounds);
  CHECK(parse_number_unit("GBP") == NumberUnit::Pounds);
  CHECK(parse_number_unit("%") == NumberUnit::Percent);
  CHECK(parse_number_unit("plain") == NumberUnit::Plain);
  CHECK_FALSE(parse_number_unit("euros"));
  CHECK(to_string(NumberUnit::Percent) == "percent");
}

TEST_CASE("values spanning orders of magnitude are read one by one", "[number_format]") {
  const std::vector<double> log_edges = {2281, 10000, 185238, 1157603};
  const auto money = resolve_number_format(pounds(), log_edges);
  CHECK(money.scale == NumberScale::Each);
  CHECK_FALSE(money.decimals);
  CHECK(format_range(2281, 10000, pounds()) == kPound + "2.3k" + kDash + kPound + "10.0k");
  CHECK(format_number(2281, money) == kPound + "2,281");  // k starts at £10,000
  CHECK(format_number(12345, money) == kPound + "12.3k");
  CHECK(format_number(185238, money) == kPound + "185k");
  CHECK(format_number(1157603, money) == kPound + "1.16m");
  CHECK(resolve_number_format(money, log_edges) == money);

  const std::vector<double> plain_edges = {0.012, 0.5, 20, 1000};
  const auto plain = resolve_number_format(NumberFormat{}, plain_edges);
  CHECK(plain.scale == NumberScale::None);
  CHECK(format_number(0.012, plain) == "0.012");
  CHECK(format_number(0.5, plain) == "0.5");
  CHECK(format_number(1000, plain) == "1,000");
  // A decimals choice the user made still applies.
  NumberFormat two;
  two.decimals = 2;
  CHECK(format_number(1000, resolve_number_format(two, plain_edges)) == "1,000.00");
}
