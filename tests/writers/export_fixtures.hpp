#pragma once
// Building blocks of the small scenes the export tests draw.
#include <string>
#include <utility>
#include <vector>

#include "core/geometry.hpp"
#include "core/table.hpp"

namespace devomap::test {

inline Ring square(double x0, double y0, double side) {
  return {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}};
}

inline Column text_column(std::string name, std::vector<std::string> text) {
  Column c;
  c.name = std::move(name);
  c.text = std::move(text);
  return c;
}

}  // namespace devomap::test
