// Writes a synthetic layer of AREAS areas built from a real one, for the scale benchmark: the
// source's features copied side by side (each copy shifted east by the layer's width and a
// tenth), codes and names made unique per copy, until AREAS features are written. The copies
// keep the source's shapes and vertex density, so a 175,000-area layer from the 32,844 small
// areas stands for the output-area geography users bring (about 175k areas; not at hand here).
//   make_scaled_layer SOURCE AREAS OUT.gpkg
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace {

void shift(OGRGeometry* g, double dx) {
  if (auto* curve = dynamic_cast<OGRSimpleCurve*>(g)) {
    for (int i = 0; i < curve->getNumPoints(); ++i)
      curve->setPoint(i, curve->getX(i) + dx, curve->getY(i));
  } else if (auto* polygon = dynamic_cast<OGRCurvePolygon*>(g)) {
    shift(polygon->getExteriorRingCurve(), dx);
    for (int r = 0; r < polygon->getNumInteriorRings(); ++r)
      shift(polygon->getInteriorRingCurve(r), dx);
  } else if (auto* collection = dynamic_cast<OGRGeometryCollection*>(g)) {
    for (int i = 0; i < collection->getNumGeometries(); ++i)
      shift(collection->getGeometryRef(i), dx);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: make_scaled_layer SOURCE AREAS OUT.gpkg\n");
    return 2;
  }
  const long wanted = std::atol(argv[2]);
  GDALAllRegister();
  std::unique_ptr<GDALDataset> in(
      GDALDataset::Open(argv[1], GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!in || in->GetLayerCount() < 1) {
    std::fprintf(stderr, "make_scaled_layer: cannot read %s\n", argv[1]);
    return 1;
  }
  OGRLayer* source = in->GetLayer(0);
  OGREnvelope extent;
  if (source->GetExtent(&extent) != OGRERR_NONE) return 1;
  const double step = (extent.MaxX - extent.MinX) * 1.1;
  GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
  std::unique_ptr<GDALDataset> out(gpkg->Create(argv[3], 0, 0, 0, GDT_Unknown, nullptr));
  if (!out) return 1;
  OGRLayer* layer = out->CreateLayer("scaled", source->GetSpatialRef(), wkbMultiPolygon, nullptr);
  OGRFieldDefn code("code", OFTString), name("name", OFTString);
  layer->CreateField(&code);
  layer->CreateField(&name);
  const int code_field = 0, name_field = source->GetLayerDefn()->GetFieldCount() > 1 ? 1 : 0;
  out->StartTransaction();
  long written = 0;
  for (int copy = 0; written < wanted; ++copy) {
    source->ResetReading();
    for (auto& feature : *source) {
      if (written >= wanted) break;
      std::unique_ptr<OGRGeometry> g(feature->GetGeometryRef()->clone());
      shift(g.get(), copy * step);
      OGRFeature f(layer->GetLayerDefn());
      const std::string suffix = "-" + std::to_string(copy);
      f.SetField(0, (std::string(feature->GetFieldAsString(code_field)) + suffix).c_str());
      f.SetField(1, (std::string(feature->GetFieldAsString(name_field)) + suffix).c_str());
      f.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(g.release()));
      if (layer->CreateFeature(&f) != OGRERR_NONE) return 1;
      ++written;
    }
  }
  out->CommitTransaction();
  std::printf("wrote %ld areas to %s\n", written, argv[3]);
  return 0;
}
