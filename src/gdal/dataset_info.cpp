#include "gdal/dataset_info.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace devomap::gdal {

void check_geometry(const std::string& path, std::vector<LayerInfo>& layers) {
  for (LayerInfo& info : layers) {
    if (info.geometry.find("Polygon") == std::string::npos) continue;
    LoadOptions options;
    options.layer_name = info.name;
    options.display = DisplayCrs::Source;  // no reprojection: only the shapes are checked
    try {
      const Layer layer = load_layer(path, options);
      info.repaired = layer.report.repaired;
      info.left_out = layer.report.skipped;
    } catch (const UserError& e) {
      info.check_note = e.what();
    }
  }
}

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
    if (layer.repaired) {
      entry["repaired"] = *layer.repaired;
      entry["left_out"] = layer.left_out;
    }
    if (!layer.check_note.empty()) entry["geometry_not_checked"] = layer.check_note;
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
    if (layer.repaired) {
      out += "  Polygons: " +
             (*layer.repaired == 0 ? std::string("all valid")
                                   : std::to_string(*layer.repaired) +
                                         " invalid, repaired when drawn (self-intersections "
                                         "resolved)") +
             "\n";
      if (!layer.left_out.empty()) {
        out += "  Left out: " + std::to_string(layer.left_out.size()) +
               (layer.left_out.size() == 1 ? " feature\n" : " features\n");
        for (std::size_t i = 0; i < layer.left_out.size() && i < 10; ++i)
          out += "    " + layer.left_out[i] + "\n";
        if (layer.left_out.size() > 10)
          out += "    ... and " + std::to_string(layer.left_out.size() - 10) + " more\n";
      }
    } else if (!layer.check_note.empty()) {
      out += "  Polygons: not checked: " + layer.check_note + "\n";
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
