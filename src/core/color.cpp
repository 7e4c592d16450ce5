#include "core/color.hpp"

#include <cstdio>

namespace devomap {

bool parse_hex(const std::string& hex, Rgba& out) {
  unsigned r = 0, g = 0, b = 0;
  if (hex.size() != 7 || hex[0] != '#') return false;
  if (std::sscanf(hex.c_str() + 1, "%02x%02x%02x", &r, &g, &b) != 3) return false;
  out = Rgba{static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g),
             static_cast<std::uint8_t>(b), 255};
  return true;
}

std::string to_hex(Rgba c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

}  // namespace devomap
