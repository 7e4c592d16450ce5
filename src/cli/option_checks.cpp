#include "cli/option_checks.hpp"

#include <CLI/CLI.hpp>
#include <climits>
#include <cstdlib>
#include <string>

#include "core/classify.hpp"
#include "core/error.hpp"
#include "core/palette.hpp"

namespace devomap::cli {

namespace {
std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

bool whole_number_in(const std::string& value, long low, long high = LONG_MAX) {
  char* end = nullptr;
  const long n = std::strtol(value.c_str(), &end, 10);
  return !value.empty() && end && *end == '\0' && n >= low && n <= high;
}
}  // namespace

CLI::Validator class_method_check() {
  return CLI::Validator(
      [](std::string& value) {
        if (parse_class_method(value)) return std::string();
        return value + " is not a classification method; use one of " +
               joined(class_method_names());
      },
      "METHOD");
}

CLI::Validator classes_check() {
  return CLI::Validator(
      [](std::string& value) {
        if (whole_number_in(value, 2, 9)) return std::string();
        return value + " classes: choose 2 to 9";
      },
      "2-9");
}

CLI::Validator breaks_check() {
  return CLI::Validator(
      [](std::string& value) {
        try {
          parse_breaks(value);
          return std::string();
        } catch (const UserError& e) {
          return std::string(e.what());
        }
      },
      "N,N,...");
}

CLI::Validator palette_check() {
  return CLI::Validator(
      [](std::string& value) {
        if (find_palette(value)) return std::string();
        return value + " is not a ColorBrewer palette; use e.g. YlGnBu, Blues, RdBu, Set2";
      },
      "PALETTE");
}

CLI::Validator centre_check() {
  return CLI::Validator(
      [](std::string& value) {
        if (value == "mean" || value == "median") return std::string();
        char* end = nullptr;
        std::strtod(value.c_str(), &end);
        if (!value.empty() && end && *end == '\0') return std::string();
        return value + " is not a centre; use mean, median or a number";
      },
      "CENTRE");
}

CLI::Validator epsg_check() {
  return CLI::Validator(
      [](std::string& value) {
        if (whole_number_in(value, 1, 999999)) return std::string();
        return value + " is not an EPSG code; give e.g. 27700 (British National Grid) or 4326";
      },
      "EPSG");
}

CLI::Validator http_url_check() {
  return CLI::Validator(
      [](std::string& value) {
        for (const char* scheme : {"http://", "https://"})
          if (value.rfind(scheme, 0) == 0 && value.size() > std::string(scheme).size())
            return std::string();
        return value + " is not an http(s) URL; give it like http://mirror.example:8080";
      },
      "URL");
}

CLI::Validator header_row_check() {
  return CLI::Validator(
      [](std::string& value) {
        if (whole_number_in(value, 1)) return std::string();
        return value + ": rows count from 1, as a spreadsheet shows them";
      },
      "ROW");
}

}  // namespace devomap::cli
