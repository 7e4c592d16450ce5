#include "gdal/crs_util.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>

#include <cstdlib>

#include "gdal/gdal_env.hpp"

namespace devomap::gdal {

namespace {

std::optional<int> own_epsg(const OGRSpatialReference& srs) {
  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (authority && code && EQUAL(authority, "EPSG")) {
    const int value = std::atoi(code);
    if (value > 0) return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<int> epsg_code(const OGRSpatialReference& srs) {
  if (auto code = own_epsg(srs)) return code;
  gdal::ErrorCapture quiet;  // identification failures are expected, not errors
  OGRSpatialReference copy(srs);
  if (copy.AutoIdentifyEPSG() == OGRERR_NONE)
    if (auto code = own_epsg(copy)) return code;

  // ESRI .prj files often name a known CRS differently; PROJ can still match it exactly.
  int count = 0;
  int* confidence = nullptr;
  OGRSpatialReferenceH* matches = srs.FindMatches(nullptr, &count, &confidence);
  std::optional<int> found;
  if (matches && count > 0 && confidence && confidence[0] >= 90)
    found = own_epsg(*OGRSpatialReference::FromHandle(matches[0]));
  OSRFreeSRSArray(matches);
  CPLFree(confidence);
  return found;
}

CrsInfo describe_crs(const OGRSpatialReference& srs, bool guessed) {
  CrsInfo info;
  info.epsg = epsg_code(srs);
  const char* name = srs.GetName();
  info.name = name ? name : "";
  info.guessed = guessed;
  return info;
}

std::unique_ptr<OGRSpatialReference> crs_from_epsg(int epsg) {
  gdal::ErrorCapture quiet;
  auto srs = std::make_unique<OGRSpatialReference>();
  if (srs->importFromEPSG(epsg) != OGRERR_NONE) return nullptr;
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

bool within_bng_range(const Bounds& extent) {
  return !extent.empty() && extent.min_x >= kBngMinEasting && extent.max_x <= kBngMaxEasting &&
         extent.min_y >= kBngMinNorthing && extent.max_y <= kBngMaxNorthing;
}

bool within_lon_lat_range(const Bounds& extent) {
  return !extent.empty() && extent.min_x >= -180.0 && extent.max_x <= 180.0 &&
         extent.min_y >= -90.0 && extent.max_y <= 90.0;
}

std::optional<int> guess_epsg_from_extent(const Bounds& extent) {
  if (within_bng_range(extent) && !within_lon_lat_range(extent)) return 27700;
  // Longitude/latitude around the British Isles: read as British National Grid the same numbers
  // would be a patch of sea a few metres across at the grid's false origin, never UK areas.
  const bool uk_lon_lat = !extent.empty() && extent.min_x >= -11.0 && extent.max_x <= 4.0 &&
                          extent.min_y >= 49.0 && extent.max_y <= 62.0;
  if (uk_lon_lat) return 4326;
  return std::nullopt;
}

std::unique_ptr<OGRSpatialReference> equal_area_around(const OGRSpatialReference& srs, double lon,
                                                       double lat) {
  gdal::ErrorCapture quiet;
  // Same datum as the source, so the transformation is a pure projection (no datum shift).
  auto laea = std::make_unique<OGRSpatialReference>();
  if (laea->SetProjCS("devomap equal-area") != OGRERR_NONE) return nullptr;
  if (laea->CopyGeogCSFrom(&srs) != OGRERR_NONE) return nullptr;
  if (laea->SetLAEA(lat, lon, 0.0, 0.0) != OGRERR_NONE) return nullptr;
  if (laea->SetLinearUnits(SRS_UL_METER, 1.0) != OGRERR_NONE) return nullptr;
  laea->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return laea;
}

}  // namespace devomap::gdal
