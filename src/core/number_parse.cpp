#include "core/number_parse.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace devomap {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// UTF-8 spellings of the characters that matter here.
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";       // U+00A0
constexpr std::string_view kNarrowNoBreak = "\xE2\x80\xAF";  // U+202F
constexpr std::string_view kThinSpace = "\xE2\x80\x89";      // U+2009
constexpr std::string_view kMinusSign = "\xE2\x88\x92";      // U+2212
constexpr std::string_view kEnDash = "\xE2\x80\x93";         // U+2013
constexpr std::string_view kPound = "\xC2\xA3";              // £
constexpr std::string_view kEuro = "\xE2\x82\xAC";           // €

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Length of the space (ASCII or Unicode no-break/thin) at the start of `text`, or 0.
std::size_t space_length(std::string_view text) {
  if (text.empty()) return 0;
  if (text[0] == ' ' || text[0] == '\t' || text[0] == '\n' || text[0] == '\r') return 1;
  for (std::string_view s : {kNoBreakSpace, kNarrowNoBreak, kThinSpace})
    if (starts_with(text, s)) return s.size();
  return 0;
}

std::size_t trailing_space_length(std::string_view text) {
  if (text.empty()) return 0;
  const char last = text.back();
  if (last == ' ' || last == '\t' || last == '\n' || last == '\r') return 1;
  for (std::string_view s : {kNoBreakSpace, kNarrowNoBreak, kThinSpace})
    if (text.size() >= s.size() && text.substr(text.size() - s.size()) == s) return s.size();
  return 0;
}

void skip_spaces(std::string_view& text) {
  while (std::size_t n = space_length(text)) text.remove_prefix(n);
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Consumes one sign character; returns +1/-1, or 0 when there is none.
int take_sign(std::string_view& text) {
  if (text.empty()) return 0;
  if (text[0] == '+') {
    text.remove_prefix(1);
    return 1;
  }
  if (text[0] == '-') {
    text.remove_prefix(1);
    return -1;
  }
  for (std::string_view minus : {kMinusSign, kEnDash}) {
    if (starts_with(text, minus)) {
      text.remove_prefix(minus.size());
      return -1;
    }
  }
  return 0;
}

bool take_currency(std::string_view& text) {
  for (std::string_view sign : {kPound, kEuro, std::string_view("$")}) {
    if (starts_with(text, sign)) {
      text.remove_prefix(sign.size());
      return true;
    }
  }
  return false;
}

bool take_currency_at_end(std::string_view& text) {
  for (std::string_view sign : {kPound, kEuro, std::string_view("$")}) {
    if (text.size() >= sign.size() && text.substr(text.size() - sign.size()) == sign) {
      text.remove_suffix(sign.size());
      return true;
    }
  }
  return false;
}

// Reads the digits of a number with optional thousands separators ("," or a space) in groups of
// three, a decimal point and an exponent, into `plain` (digits, '.', 'e' only). Returns false
// when the grouping is wrong ("1,23") or there are no digits. Consumes what it read.
bool take_number_body(std::string_view& text, std::string& plain) {
  std::vector<std::size_t> group_lengths;
  std::size_t current = 0;
  bool saw_digit = false;
  std::string separator;  // the one separator kind used, "," or " "
  while (!text.empty()) {
    if (is_digit(text[0])) {
      plain.push_back(text[0]);
      ++current;
      saw_digit = true;
      text.remove_prefix(1);
      continue;
    }
    const bool comma = text[0] == ',';
    const std::size_t space = comma ? 0 : space_length(text);
    if ((comma || space) && current > 0) {
      // A separator counts only when a digit follows it: "12 k" ends the number at the space.
      const std::size_t len = comma ? 1 : space;
      if (text.size() > len && is_digit(text[len])) {
        const std::string kind = comma ? "," : " ";
        if (!separator.empty() && separator != kind) return false;
        separator = kind;
        group_lengths.push_back(current);
        current = 0;
        text.remove_prefix(len);
        continue;
      }
    }
    break;
  }
  group_lengths.push_back(current);
  if (group_lengths.size() > 1) {
    if (group_lengths.front() < 1 || group_lengths.front() > 3) return false;
    for (std::size_t i = 1; i < group_lengths.size(); ++i)
      if (group_lengths[i] != 3) return false;
  }
  if (!text.empty() && text[0] == '.') {
    plain.push_back('.');
    text.remove_prefix(1);
    while (!text.empty() && is_digit(text[0])) {
      plain.push_back(text[0]);
      saw_digit = true;
      text.remove_prefix(1);
    }
  }
  if (!saw_digit) return false;
  // An exponent only when digits follow: "2e6", "1.5E-3".
  if (text.size() >= 2 && (text[0] == 'e' || text[0] == 'E')) {
    std::size_t i = 1;
    if (text[i] == '+' || text[i] == '-') ++i;
    if (i < text.size() && is_digit(text[i])) {
      plain.push_back('e');
      plain.append(text.substr(1, i - 1));
      text.remove_prefix(i);
      while (!text.empty() && is_digit(text[0])) {
        plain.push_back(text[0]);
        text.remove_prefix(1);
      }
    }
  }
  return true;
}

struct ScaleWord {
  std::string_view word;
  double factor;
};
constexpr std::array<ScaleWord, 10> kScaleWords = {{{"k", 1e3},
                                                    {"thousand", 1e3},
                                                    {"m", 1e6},
                                                    {"mn", 1e6},
                                                    {"million", 1e6},
                                                    {"b", 1e9},
                                                    {"bn", 1e9},
                                                    {"billion", 1e9},
                                                    {"tn", 1e12},
                                                    {"trillion", 1e12}}};

ParsedCell unreadable() {
  return ParsedCell{CellKind::Unreadable, kNaN, false, false};
}

}  // namespace

std::string_view trim_cell(std::string_view text) {
  while (std::size_t n = space_length(text)) text.remove_prefix(n);
  while (std::size_t n = trailing_space_length(text)) text.remove_suffix(n);
  return text;
}

bool is_no_data_marker(std::string_view text) {
  text = trim_cell(text);
  if (text.empty()) return true;
  if (text == "\xE2\x80\x93" || text == "\xE2\x80\x94" || text == kMinusSign) return true;
  static const std::array<std::string_view, 22> kMarkers = {
      "n/a", "na",  "n.a.",  "n.a", "-",   "--",   "..",   "...", "x",    ":", "[c]",
      "[x]", "[z]", "[low]", "[u]", "[w]", "null", "none", "nan", "#n/a", "*", "nil"};
  const std::string lower = lower_ascii(text);
  for (std::string_view marker : kMarkers)
    if (lower == marker) return true;
  return false;
}

bool is_text_no_data_marker(std::string_view text) {
  const std::string lower = lower_ascii(trim_cell(text));
  if (lower.empty() || lower == "x" || lower == "none" || lower == "*" || lower == ":" ||
      lower == "nil")
    return false;
  return is_no_data_marker(text);
}

ParsedCell parse_cell(std::string_view text) {
  text = trim_cell(text);
  if (is_no_data_marker(text)) return ParsedCell{CellKind::NoData, kNaN, false, false};

  ParsedCell out;
  bool negative = false;
  if (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
    negative = true;
    text = trim_cell(text.substr(1, text.size() - 2));
  }
  // Prefix: a sign and a currency sign in either order ("-£3m", "£-3m").
  int sign = 0;
  for (int pass = 0; pass < 2; ++pass) {
    skip_spaces(text);
    if (sign == 0) sign = take_sign(text);
    skip_spaces(text);
    if (!out.money) out.money = take_currency(text);
  }
  skip_spaces(text);
  if (!out.money) out.money = take_currency_at_end(text);

  std::string plain;
  if (!take_number_body(text, plain)) return unreadable();
  double value = 0;
  const auto [end, error] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
  if (error != std::errc() || end != plain.data() + plain.size()) return unreadable();

  skip_spaces(text);
  if (!text.empty() && text[0] == '%') {
    out.percent = true;
    text.remove_prefix(1);
  } else if (!text.empty()) {
    // The scale word is the run of letters up to a space, a ')' or the end.
    std::size_t letters = 0;
    while (letters < text.size() && ((text[letters] >= 'a' && text[letters] <= 'z') ||
                                     (text[letters] >= 'A' && text[letters] <= 'Z')))
      ++letters;
    if (letters > 0) {
      const std::string word = lower_ascii(text.substr(0, letters));
      bool known = false;
      for (const ScaleWord& scale : kScaleWords) {
        if (word == scale.word) {
          value *= scale.factor;
          known = true;
          break;
        }
      }
      if (!known) return unreadable();
      text.remove_prefix(letters);
    }
  }
  skip_spaces(text);
  if (!out.money) out.money = take_currency_at_end(text);
  if (!text.empty()) return unreadable();

  if (sign < 0) negative = !negative;
  out.kind = CellKind::Number;
  out.value = negative ? -value : value;
  return out;
}

ColumnTypingReport assign_column_kinds(Table& table, const std::vector<std::size_t>& row_numbers) {
  ColumnTypingReport report;
  auto row_number = [&](std::size_t row) {
    return row < row_numbers.size() ? row_numbers[row] : row + 1;
  };
  for (Column& column : table.columns) {
    if (column.kind != ColumnKind::Text || column.derived) continue;
    std::vector<double> values(column.text.size(), kNaN);
    std::size_t numbers = 0;
    std::vector<std::size_t> other_rows;
    for (std::size_t row = 0; row < column.text.size(); ++row) {
      const ParsedCell cell = parse_cell(column.text[row]);
      if (cell.kind == CellKind::Number) {
        values[row] = cell.value;
        ++numbers;
      } else if (cell.kind == CellKind::Unreadable) {
        other_rows.push_back(row);
      }
    }
    if (numbers == 0) continue;
    const double share =
        static_cast<double>(numbers) / static_cast<double>(numbers + other_rows.size());
    if (share >= 0.8) {
      column.kind = ColumnKind::Number;
      column.values = std::move(values);
      for (std::size_t row : other_rows)
        report.unreadable.push_back({row_number(row), column.name, column.text[row]});
      if (!other_rows.empty()) {
        report.notes.push_back("column '" + column.name +
                               "': " + std::to_string(other_rows.size()) +
                               " cell(s) are not numbers (first: row " +
                               std::to_string(row_number(other_rows.front())) + ", '" +
                               column.text[other_rows.front()] + "'); read as no data");
      }
    } else if (share >= 0.5) {
      report.notes.push_back(
          "column '" + column.name + "' mixes numbers and text (" + std::to_string(numbers) +
          " numbers, " + std::to_string(other_rows.size()) + " other cells such as row " +
          std::to_string(row_number(other_rows.front())) + ", '" + column.text[other_rows.front()] +
          "'): kept as text; correct those cells to map it");
    }
  }
  return report;
}

}  // namespace devomap
