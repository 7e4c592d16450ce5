#pragma once
// CRS facts devomap needs from OGR: EPSG codes, names, the display CRSs and the no-CRS guess.
#include <ogr_spatialref.h>

#include <memory>
#include <optional>
#include <string>

#include "core/geometry.hpp"
#include "core/layer.hpp"

namespace devomap::gdal {

// The EPSG code of a CRS: its own authority code, else what GDAL/PROJ identify with full
// confidence; nullopt when there is none (e.g. a custom projection).
std::optional<int> epsg_code(const OGRSpatialReference& srs);

CrsInfo describe_crs(const OGRSpatialReference& srs, bool guessed = false);

// A CRS from an EPSG code in x=easting/longitude order; null when PROJ does not know the code.
std::unique_ptr<OGRSpatialReference> crs_from_epsg(int epsg);

// British National Grid's range, widened to EPSG:27700's area of use: Northern Ireland and the
// western sea lie at slightly negative eastings (ONS UK layers start at about E -70 m).
inline constexpr double kBngMinEasting = -105000.0;
inline constexpr double kBngMaxEasting = 700000.0;
inline constexpr double kBngMinNorthing = -17000.0;
inline constexpr double kBngMaxNorthing = 1300000.0;

bool within_bng_range(const Bounds& extent);
bool within_lon_lat_range(const Bounds& extent);

// The EPSG code to assume for a layer without a CRS, only when its coordinates leave no doubt:
// inside British National Grid's range and outside lon/lat's. nullopt otherwise.
std::optional<int> guess_epsg_from_extent(const Bounds& extent);

// A Lambert azimuthal equal-area projection on the datum of `srs`, centred on (lon, lat) in
// degrees; null when `srs` has no geographic base (an engineering or unknown CRS).
std::unique_ptr<OGRSpatialReference> equal_area_around(const OGRSpatialReference& srs, double lon,
                                                       double lat);

}  // namespace devomap::gdal
