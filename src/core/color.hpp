#pragma once
#include <cstdint>
#include <string>

namespace devomap {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

// "#rrggbb" -> Rgba; returns false on a malformed string.
bool parse_hex(const std::string& hex, Rgba& out);
std::string to_hex(Rgba c);

}  // namespace devomap
