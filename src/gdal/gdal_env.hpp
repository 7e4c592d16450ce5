#pragma once
// The one place devomap talks to GDAL's global state: registration, error routing and RAII
// owners for the handles GDAL gives out. Every gdal/ and data/ file that calls GDAL goes through
// here.
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>
#include <vector>

namespace devomap::gdal {

// GDALAllRegister() once per process, plus the config options devomap relies on. Thread-safe.
void ensure_registered();

struct DatasetCloser {
  void operator()(GDALDataset* dataset) const { GDALClose(GDALDataset::ToHandle(dataset)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
  void operator()(OGRFeature* feature) const { OGRFeature::DestroyFeature(feature); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

struct GeometryDeleter {
  void operator()(OGRGeometry* geometry) const { OGRGeometryFactory::destroyGeometry(geometry); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* transform) const {
    OGRCoordinateTransformation::DestroyCT(transform);
  }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

// While alive, GDAL errors and warnings raised on this thread are collected here instead of being
// printed to stderr (GDAL's handler stack is per thread). Nestable.
class ErrorCapture {
 public:
  struct Entry {
    CPLErr level;
    std::string message;
  };
  ErrorCapture();
  ~ErrorCapture();
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;

  bool has_failure() const { return failures_ > 0; }
  // The first failure's text on one line ("" when none), for "...: <GDAL said>" in a UserError.
  std::string first_failure() const;
  // The first failure, else the last warning, else "".
  std::string summary() const;
  const std::vector<Entry>& entries() const { return entries_; }
  void clear() {
    entries_.clear();
    failures_ = 0;
  }

 private:
  static void CPL_STDCALL handle(CPLErr level, CPLErrorNum number, const char* message);
  std::vector<Entry> entries_;
  int failures_ = 0;
};

// Opens a vector dataset read-only. Returns null (never throws) when GDAL cannot open it; the
// caller's ErrorCapture holds GDAL's reason.
DatasetPtr open_vector(const std::string& gdal_path);

// A copy of `srs` whose coordinates are x = easting/longitude, y = northing/latitude (GDAL 3
// follows the authority's axis order, e.g. lat/lon for EPSG:4326, unless told otherwise).
std::unique_ptr<OGRSpatialReference> traditional_order_copy(const OGRSpatialReference& srs);

// A transformation between two CRSs, each with its own data-axis mapping (a layer's CRS as the
// driver set it, or one from traditional_order_copy); null when PROJ finds none (the reason is
// in the caller's ErrorCapture). Not thread-safe to share: make one per thread.
TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to);

// Collapses GDAL's multi-line messages into one line without a trailing full stop.
std::string one_line(std::string text);

}  // namespace devomap::gdal
