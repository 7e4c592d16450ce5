#include "data/fixtures.hpp"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "gdal/gdal_env.hpp"

namespace devomap::test {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("fixture: " + what + ": " + CPLGetLastErrorMsg());
}

}  // namespace

fs::path write_layers(const fs::path& path, const std::string& driver_name,
                      const std::vector<FixtureLayer>& layers) {
  gdal::ensure_registered();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  if (!driver) fail("no GDAL driver " + driver_name);
  gdal::DatasetPtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!dataset) fail("cannot create " + path.string());

  for (const FixtureLayer& spec : layers) {
    OGRSpatialReference srs;
    if (spec.epsg) {
      if (srs.importFromEPSG(*spec.epsg) != OGRERR_NONE) fail("unknown EPSG");
      srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    OGRLayer* layer =
        dataset->CreateLayer(spec.name.c_str(), spec.epsg ? &srs : nullptr, spec.geometry, nullptr);
    if (!layer) fail("cannot create layer " + spec.name);
    for (const FixtureField& field : spec.fields) {
      OGRFieldDefn definition(field.name.c_str(), field.type);
      if (layer->CreateField(&definition) != OGRERR_NONE) fail("cannot create field");
    }
    for (const FixtureFeature& spec_feature : spec.features) {
      gdal::FeaturePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
      for (std::size_t i = 0; i < spec_feature.values.size(); ++i) {
        const int index = static_cast<int>(i);
        if (spec_feature.values[i].empty())
          feature->SetFieldNull(index);
        else
          feature->SetField(index, spec_feature.values[i].c_str());
      }
      if (!spec_feature.wkt.empty()) {
        OGRGeometry* geometry = nullptr;
        if (OGRGeometryFactory::createFromWkt(spec_feature.wkt.c_str(), spec.epsg ? &srs : nullptr,
                                              &geometry) != OGRERR_NONE)
          fail("bad WKT " + spec_feature.wkt);
        feature->SetGeometryDirectly(geometry);
      }
      if (layer->CreateFeature(feature.get()) != OGRERR_NONE) fail("cannot write feature");
    }
  }
  return path;
}

void write_zip(const fs::path& zip, const std::vector<std::pair<fs::path, std::string>>& entries) {
  void* handle = CPLCreateZip(zip.c_str(), nullptr);
  if (!handle) fail("cannot create " + zip.string());
  for (const auto& [file, name] : entries) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail("cannot read " + file.string());
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (CPLCreateFileInZip(handle, name.c_str(), nullptr) != CE_None) fail("zip entry " + name);
    if (CPLWriteFileInZip(handle, bytes.data(), static_cast<int>(bytes.size())) != CE_None)
      fail("zip write " + name);
    CPLCloseFileInZip(handle);
  }
  CPLCloseZip(handle);
}

std::vector<std::pair<fs::path, std::string>> shapefile_parts(const fs::path& shp,
                                                              const std::string& folder_in_zip) {
  std::vector<std::pair<fs::path, std::string>> out;
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
    fs::path part = shp;
    part.replace_extension(ext);
    if (!fs::exists(part)) continue;
    const std::string name = part.filename().string();
    out.emplace_back(part, folder_in_zip.empty() ? name : folder_in_zip + "/" + name);
  }
  return out;
}

std::string square_ring(double x, double y, double size) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, "(%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f)", x, y,
                x + size, y, x + size, y + size, x, y + size, x, y);
  return buffer;
}

FixtureLayer district_layer(int count, double size_m) {
  FixtureLayer layer;
  layer.name = "districts";
  layer.fields = {
      {"LAD24CD", OFTString}, {"LAD24NM", OFTString}, {"POP", OFTInteger64}, {"DENSITY", OFTReal}};
  for (int i = 0; i < count; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "E06%06d", i + 1);
    const double x = 400000.0 + 2.0 * size_m * i;
    layer.features.push_back({"POLYGON(" + square_ring(x, 300000.0, size_m) + ")",
                              {code, "District " + std::to_string(i + 1),
                               std::to_string(1000 * (i + 1)), std::to_string(10.5 * (i + 1))}});
  }
  return layer;
}

}  // namespace devomap::test
