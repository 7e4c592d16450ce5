#include "gdal/gdal_env.hpp"

#include <cpl_error.h>

#include <algorithm>
#include <mutex>

namespace devomap::gdal {

void ensure_registered() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

ErrorCapture::ErrorCapture() {
  CPLPushErrorHandlerEx(&ErrorCapture::handle, this);
}

ErrorCapture::~ErrorCapture() {
  CPLPopErrorHandler();
}

void CPL_STDCALL ErrorCapture::handle(CPLErr level, CPLErrorNum /*number*/, const char* message) {
  if (level == CE_Debug || level == CE_None) return;
  auto* self = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
  if (!self) return;
  // A flood of per-feature errors (a corrupt file) needs only its first few lines.
  if (self->entries_.size() < 100)
    self->entries_.push_back({level, one_line(message ? message : "")});
  if (level == CE_Failure || level == CE_Fatal) ++self->failures_;
}

std::string ErrorCapture::first_failure() const {
  for (const Entry& e : entries_)
    if (e.level == CE_Failure || e.level == CE_Fatal) return e.message;
  return {};
}

std::string ErrorCapture::summary() const {
  if (std::string f = first_failure(); !f.empty()) return f;
  return entries_.empty() ? std::string() : entries_.back().message;
}

DatasetPtr open_vector(const std::string& gdal_path) {
  ensure_registered();
  GDALDatasetH handle =
      GDALOpenEx(gdal_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  return DatasetPtr(GDALDataset::FromHandle(handle));
}

std::unique_ptr<OGRSpatialReference> traditional_order_copy(const OGRSpatialReference& srs) {
  auto copy = std::make_unique<OGRSpatialReference>(srs);
  copy->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return copy;
}

TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to) {
  return TransformPtr(OGRCreateCoordinateTransformation(&from, &to));
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  while (!text.empty() && (text.back() == ' ' || text.back() == '.')) text.pop_back();
  return text;
}

}  // namespace devomap::gdal
