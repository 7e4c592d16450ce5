#include "gdal/field_detect.hpp"

#include <cctype>
#include <string>
#include <tuple>
#include <unordered_set>

#include "core/crosswalk.hpp"

namespace devomap::gdal {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  if (suffix.size() > text.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[text.size() - suffix.size() + i])) !=
        std::tolower(static_cast<unsigned char>(suffix[i])))
      return false;
  return true;
}

bool contains_ci(std::string_view text, std::string_view needle) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find(needle) != std::string::npos;  // needle is lower case
}

struct CodeCandidate {
  std::size_t column;
  bool unique;
  bool ends_with_cd;
  double match_ratio;
};

}  // namespace

DetectedFields detect_code_and_name(const Table& table) {
  DetectedFields out;
  std::optional<CodeCandidate> best;
  auto rank = [](const CodeCandidate& c) {
    return std::make_tuple(c.unique, c.ends_with_cd, c.match_ratio);
  };
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const Column& column = table.columns[i];
    if (column.kind != ColumnKind::Text || column.derived) continue;
    std::size_t non_null = 0, matches = 0;
    std::unordered_set<std::string_view> seen;
    bool unique = true;
    for (const std::string& value : column.text) {
      const std::string_view v = trim(value);
      if (v.empty()) continue;
      ++non_null;
      if (looks_like_gss_code(v)) ++matches;
      if (unique && !seen.insert(v).second) unique = false;
    }
    if (non_null == 0 || matches < 0.95 * static_cast<double>(non_null)) continue;
    const CodeCandidate candidate{i, unique, ends_with_ci(column.name, "CD"),
                                  static_cast<double>(matches) / static_cast<double>(non_null)};
    if (!best || rank(candidate) > rank(*best)) best = candidate;
  }
  if (best) out.code = best->column;

  auto usable_name = [&](std::size_t i) {
    return table.columns[i].kind == ColumnKind::Text && !table.columns[i].derived && i != out.code;
  };
  if (out.code) {
    const std::string& code_name = table.columns[*out.code].name;
    if (ends_with_ci(code_name, "CD")) {
      const std::string stem = code_name.substr(0, code_name.size() - 2);
      const bool lower = std::islower(static_cast<unsigned char>(code_name.back()));
      if (auto partner = table.find(stem + (lower ? "nm" : "NM")); partner && usable_name(*partner))
        out.name = partner;
    }
  }
  if (!out.name) {
    // Exact "name" or *NM first (AREANM, CTRY24NM), then anything containing "name".
    for (int pass = 0; pass < 2 && !out.name; ++pass)
      for (std::size_t i = 0; i < table.columns.size() && !out.name; ++i) {
        if (!usable_name(i)) continue;
        const std::string& n = table.columns[i].name;
        const bool strong = ends_with_ci(n, "NM") || ends_with_ci(n, "name");
        if (pass == 0 ? strong : contains_ci(n, "name")) out.name = i;
      }
  }
  return out;
}

}  // namespace devomap::gdal
