#include "gdal/dataset_info.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace devomap::gdal {

std::string dataset_info_json(const std::vector<LayerInfo>& layers, int indent) {
  // ordered_json keeps the documented key order (name, geometry, crs_epsg, ...).
  nlohmann::ordered_json out;
  out["layers"] = nlohmann::ordered_json::array();
  for (const LayerInfo& layer : layers) {
    nlohmann::ordered_json fields = nlohmann::ordered_json::array();
    for (const FieldInfo& field : layer.fields)
      fields.push_back({{"name", field.name}, {"type", field.type}});
    nlohmann::ordered_json entry;
    entry["name"] = layer.name;
    entry["geometry"] = layer.geometry;
    entry["crs_epsg"] =
        layer.crs_epsg ? nlohmann::ordered_json(*layer.crs_epsg) : nlohmann::ordered_json(nullptr);
    entry["feature_count"] = layer.feature_count;
    entry["extent"] =
        layer.extent ? nlohmann::ordered_json(*layer.extent) : nlohmann::ordered_json(nullptr);
    entry["fields"] = std::move(fields);
    out["layers"].push_back(std::move(entry));
  }
  return out.dump(indent);
}

std::string dataset_info_text(const std::string& path, const std::vector<LayerInfo>& layers) {
  std::string out =
      path + ": " + std::to_string(layers.size()) + (layers.size() == 1 ? " layer\n" : " layers\n");
  char buffer[256];
  for (const LayerInfo& layer : layers) {
    out += "\nLayer " + layer.name + "\n";
    out += "  Geometry: " + layer.geometry + "\n";
    if (layer.crs_epsg)
      out += "  CRS:      EPSG:" + std::to_string(*layer.crs_epsg) + " (" + layer.crs_name + ")\n";
    else if (!layer.crs_name.empty())
      out += "  CRS:      " + layer.crs_name + " (no EPSG code)\n";
    else
      out += "  CRS:      none\n";
    out += "  Features: " + std::to_string(layer.feature_count) + "\n";
    if (layer.extent) {
      const auto& e = *layer.extent;
      // Degrees get 6 decimals (~0.1 m), metres 2.
      const bool degrees =
          std::all_of(e.begin(), e.end(), [](double v) { return std::abs(v) <= 360; });
      std::snprintf(buffer, sizeof buffer,
                    degrees ? "  Extent:   %.6f, %.6f - %.6f, %.6f\n"
                            : "  Extent:   %.2f, %.2f - %.2f, %.2f\n",
                    e[0], e[1], e[2], e[3]);
      out += buffer;
    } else {
      out += "  Extent:   none\n";
    }
    out += "  Fields:   " + std::to_string(layer.fields.size()) + "\n";
    std::size_t width = 0;
    for (const FieldInfo& field : layer.fields) width = std::max(width, field.name.size());
    for (const FieldInfo& field : layer.fields)
      out +=
          "    " + field.name + std::string(width - field.name.size() + 2, ' ') + field.type + "\n";
  }
  return out;
}

}  // namespace devomap::gdal
