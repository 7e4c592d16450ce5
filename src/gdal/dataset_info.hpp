#pragma once
// What `devomap info` prints about a dataset (from describe_dataset), as text or JSON.
#include <string>
#include <vector>

#include "gdal/layer_source.hpp"

namespace devomap::gdal {

// {"layers":[{"name":..,"geometry":..,"crs_epsg":N|null,"feature_count":..,
//   "extent":[minx,miny,maxx,maxy]|null,"fields":[{"name":..,"type":..}],
//   and for polygon layers "repaired":N,"left_out":[..] or "geometry_not_checked":"why"}]}
std::string dataset_info_json(const std::vector<LayerInfo>& layers, int indent = 2);

// A readable summary: per layer its geometry type, CRS with EPSG code, feature count, extent
// and fields with their types.
std::string dataset_info_text(const std::string& path, const std::vector<LayerInfo>& layers);

}  // namespace devomap::gdal
