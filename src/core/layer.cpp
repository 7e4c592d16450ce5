#include "core/layer.hpp"

namespace devomap {

std::string repaired_summary(const LoadReport& report, const std::string& label) {
  if (report.repaired == 0) return {};
  return label + ": " + std::to_string(report.repaired) +
         (report.repaired == 1 ? " invalid polygon was" : " invalid polygons were") +
         " repaired (self-intersections resolved; areas as drawn)";
}

std::string skipped_summary(const LoadReport& report, const std::string& label) {
  const std::size_t n = report.skipped.size();
  if (n == 0) return {};
  std::string text = label + ": " + std::to_string(n) +
                     (n == 1 ? " feature was left out: " : " features were left out: ");
  for (std::size_t i = 0; i < n && i < kNamedSkips; ++i)
    text += (i ? "; " : "") + report.skipped[i];
  if (n > kNamedSkips)
    text += "; and " + std::to_string(n - kNamedSkips) + " more (devomap info lists every one)";
  return text;
}

std::optional<std::size_t> Layer::hit_test(Vec2 p) const {
  for (std::size_t i = 0; i < shapes.size(); ++i)
    if (shape_bounds[i].contains(p) && contains(shapes[i], p)) return i;
  return std::nullopt;
}

}  // namespace devomap
