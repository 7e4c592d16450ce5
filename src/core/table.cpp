#include "core/table.hpp"

#include <strings.h>
#include <cstdio>

namespace devomap {

std::optional<std::size_t> Table::find(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return i;
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name.size() == name.size() &&
        strncasecmp(columns[i].name.c_str(), name.data(), name.size()) == 0)
      return i;
  return std::nullopt;
}

Column& Table::add_number_column(std::string name, std::vector<double> values, bool derived) {
  Column c;
  c.name = std::move(name);
  c.kind = ColumnKind::Number;
  c.source_type = "Real";
  c.derived = derived;
  c.text.reserve(values.size());
  char buf[64];
  for (double v : values) {
    if (std::isnan(v)) {
      c.text.emplace_back();
    } else {
      std::snprintf(buf, sizeof buf, "%.6g", v);
      c.text.emplace_back(buf);
    }
  }
  c.values = std::move(values);
  columns.push_back(std::move(c));
  return columns.back();
}

}  // namespace devomap
