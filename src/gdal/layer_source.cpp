#include "gdal/layer_source.hpp"

#include <cpl_vsi.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <limits>
#include <memory>
#include <thread>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "gdal/crs_util.hpp"
#include "gdal/field_detect.hpp"
#include "gdal/gdal_env.hpp"
#include "gdal/polygon_repair.hpp"
#include "gdal/source_files.hpp"

namespace devomap::gdal {

namespace {

namespace fs = std::filesystem;

// Layers over this many vertices get a second thread for repair, area and reprojection; below
// it, starting the thread (and a PROJ context for it) costs about what it saves.
constexpr std::size_t kParallelVertexThreshold = 60000;
// Work is handed out in chunks of about this many vertices (at most 64 features), so one huge
// feature (Highland in LAD BGC) does not leave the other thread idle.
constexpr std::size_t kVerticesPerChunk = 4096;
constexpr std::size_t kMaxFeaturesPerChunk = 64;
constexpr float kReadShare = 0.6f;  // of the progress bar, for reading; the rest is processing

const char* const kSuggestPolygonLayer =
    "a boundary layer such as the ONS Local Authority District boundaries (LAD_2024_UK_BUC)";

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

// ---------------------------------------------------------------------------------------------
// Opening the source and choosing the layer

struct LayerEntry {
  std::size_t dataset = 0;
  OGRLayer* layer = nullptr;
  std::string name;
  OGRwkbGeometryType type = wkbUnknown;
};

struct OpenedSource {
  std::vector<SourceDataset> sources;
  std::vector<gdal::DatasetPtr> datasets;  // parallel to sources; null where GDAL failed
  std::vector<LayerEntry> layers;
  std::vector<std::string> warnings;  // datasets that could not be opened beside others that could
};

std::string open_failure_message(const std::string& shown, const std::string& why) {
  return quoted(shown) + " is not a vector file GDAL can read" +
         (why.empty() ? std::string() : " (" + why + ")") +
         "; open a Shapefile (.shp or its .zip), GeoPackage (.gpkg) or GeoJSON file";
}

std::string shown_name(const std::string& user_path, const SourceDataset& source) {
  return source.inner.empty() ? user_path : user_path + "/" + source.inner;
}

OpenedSource open_source(const std::string& user_path) {
  refuse_special_file(user_path, "boundary file", true);
  OpenedSource out;
  out.sources = resolve_sources(user_path);
  std::string first_failure;
  for (std::size_t i = 0; i < out.sources.size(); ++i) {
    gdal::ErrorCapture errors;
    gdal::DatasetPtr dataset = gdal::open_vector(out.sources[i].gdal_path);
    const std::string shown = shown_name(user_path, out.sources[i]);
    if (!dataset) {
      const std::string message = open_failure_message(shown, errors.summary());
      if (first_failure.empty()) first_failure = message;
      out.warnings.push_back("skipped " + message);
    } else {
      for (OGRLayer* layer : dataset->GetLayers())
        out.layers.push_back({i, layer, layer->GetName(), layer->GetGeomType()});
    }
    out.datasets.push_back(std::move(dataset));
  }
  if (std::all_of(out.datasets.begin(), out.datasets.end(), [](auto& d) { return !d; }))
    throw UserError(first_failure);
  return out;
}

bool is_polygonal(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbSurface:
    case wkbTriangle:
      return true;
    default:
      return false;
  }
}

// Layers whose features may or may not be areas (GeoJSON with mixed types, collections).
bool is_open_type(OGRwkbGeometryType type) {
  const auto flat = wkbFlatten(type);
  return flat == wkbUnknown || flat == wkbGeometryCollection;
}

std::string geometry_name(OGRwkbGeometryType type) {
  const char* name = OGRGeometryTypeToName(type);
  return name ? name : "unknown";
}

std::string list_layers(const OpenedSource& source, bool with_types) {
  std::string out;
  for (const LayerEntry& entry : source.layers) {
    if (!out.empty()) out += ", ";
    out += entry.name;
    if (with_types) out += " (" + geometry_name(entry.type) + ")";
  }
  return out;
}

const LayerEntry& choose_layer(const OpenedSource& source, const std::string& user_path,
                               const LoadOptions& options) {
  if (source.layers.empty())
    throw UserError(quoted(user_path) +
                    " holds no layers; open a boundary file with polygon areas, such as " +
                    kSuggestPolygonLayer);
  if (options.layer_name) {
    for (const LayerEntry& entry : source.layers)
      if (entry.name == *options.layer_name) return entry;
    for (const LayerEntry& entry : source.layers)
      if (EQUAL(entry.name.c_str(), options.layer_name->c_str())) return entry;
    throw UserError(quoted(user_path) + " has no layer named " + quoted(*options.layer_name) +
                    "; its layers are: " + list_layers(source, true));
  }
  std::vector<const LayerEntry*> polygonal, open;
  for (const LayerEntry& entry : source.layers) {
    if (is_polygonal(entry.type)) polygonal.push_back(&entry);
    if (is_open_type(entry.type)) open.push_back(&entry);
  }
  if (polygonal.size() == 1) return *polygonal.front();
  if (polygonal.size() > 1) {
    std::string names;
    for (const LayerEntry* entry : polygonal) names += (names.empty() ? "" : ", ") + entry->name;
    throw UserError(quoted(user_path) + " holds " + std::to_string(polygonal.size()) +
                        " polygon layers (" + names + "); choose one by name",
                    Remedy::ChooseLayer);
  }
  if (open.size() == 1) return *open.front();
  if (source.layers.size() == 1) return source.layers.front();  // its type gets its own message
  throw UserError(quoted(user_path) + " holds no polygon layer (" + list_layers(source, true) +
                  "); devomap maps polygon layers (areas). Use " + kSuggestPolygonLayer);
}

// A point/line/attribute-only layer gets a message that says what it is and what to use.
[[noreturn]] void throw_not_polygons(const std::string& shown, const std::string& layer_name,
                                     const std::string& what, const OpenedSource& source) {
  std::string suggestion = kSuggestPolygonLayer;
  for (const LayerEntry& entry : source.layers)
    if (is_polygonal(entry.type) && entry.name != layer_name) {
      suggestion = quoted(entry.name) + " in the same source";
      break;
    }
  throw UserError(quoted(shown) + " layer " + quoted(layer_name) + " has " + what +
                  "; devomap maps polygon layers (areas). Use a polygon layer such as " +
                  suggestion);
}

// ---------------------------------------------------------------------------------------------
// Reading features: attributes and source-CRS polygons with closed rings

enum class FeatureStatus {
  Kept,
  NoGeometry,
  Empty,
  NotAnArea,
  NotFinite,
  NothingAfterRepair,
  Unprojectable
};

struct FeatureData {
  MultiPolygon shape;  // source CRS, closed rings; display CRS, open rings after processing
  FeatureStatus status = FeatureStatus::Kept;
  std::string detail;  // e.g. the geometry type of a feature that is not an area
  bool repaired = false;
  double area_km2 = std::numeric_limits<double>::quiet_NaN();
  Bounds bounds;  // display CRS
};

// Where a feature's rings go, and whether every coordinate was a finite number (a NaN or an
// infinity cannot be drawn, measured or written, so such a feature is left out and listed).
struct Collected {
  Bounds& extent;
  bool finite = true;
};

void add_ring(const OGRLinearRing& source, std::vector<Ring>& rings, Collected& into) {
  const int n = source.getNumPoints();
  Ring ring(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const Vec2 p{source.getX(i), source.getY(i)};
    ring[static_cast<std::size_t>(i)] = p;
    if (std::isfinite(p.x) && std::isfinite(p.y))
      into.extent.expand(p);
    else
      into.finite = false;
  }
  // GeoJSON and hand-made files sometimes leave rings open; GEOS and our checks want them closed.
  if (!ring.empty() && (ring.front().x != ring.back().x || ring.front().y != ring.back().y))
    ring.push_back(ring.front());
  rings.push_back(std::move(ring));
}

void add_polygon(const OGRPolygon& source, MultiPolygon& out, Collected& into) {
  const OGRLinearRing* exterior = source.getExteriorRing();
  if (!exterior || exterior->IsEmpty()) return;
  std::vector<Ring> rings;
  add_ring(*exterior, rings, into);
  for (int i = 0; i < source.getNumInteriorRings(); ++i)
    if (const OGRLinearRing* hole = source.getInteriorRing(i); hole && !hole->IsEmpty())
      add_ring(*hole, rings, into);
  Polygon polygon;
  polygon.outer = std::move(rings.front());
  polygon.holes.assign(std::make_move_iterator(rings.begin() + 1),
                       std::make_move_iterator(rings.end()));
  out.push_back(std::move(polygon));
}

// Appends the polygonal parts of `geometry`; `other_type` gets the type of any part that is not
// an area (a point or line), so a feature with nothing else can be reported.
void collect_polygons(const OGRGeometry& geometry, MultiPolygon& out, Collected& into,
                      std::string& other_type) {
  if (geometry.IsEmpty()) return;
  if (geometry.hasCurveGeometry()) {  // arcs become line segments
    gdal::GeometryPtr linear(geometry.getLinearGeometry());
    if (linear) collect_polygons(*linear, out, into, other_type);
    return;
  }
  switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPolygon:
    case wkbTriangle:
      add_polygon(*geometry.toPolygon(), out, into);
      return;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *geometry.toGeometryCollection())
        if (part) collect_polygons(*part, out, into, other_type);
      return;
    case wkbMultiSurface:
    case wkbPolyhedralSurface:
    case wkbTIN: {
      gdal::GeometryPtr polygons(OGRGeometryFactory::forceToMultiPolygon(geometry.clone()));
      if (polygons && wkbFlatten(polygons->getGeometryType()) == wkbMultiPolygon)
        collect_polygons(*polygons, out, into, other_type);
      return;
    }
    default:
      if (other_type.empty()) other_type = geometry_name(geometry.getGeometryType());
      return;
  }
}

struct ReadResult {
  Table table;
  std::vector<FeatureData> features;
  Bounds source_extent;
  std::size_t vertices = 0;
  std::vector<std::string> gdal_warnings;
};

bool cancelled(const LoadOptions& options) {
  return options.cancel && options.cancel->load();
}

// GDAL's warnings while reading, in the user's words where devomap knows what they mean (GDAL
// speaks of its configuration options); others are passed on as GDAL said them.
std::string plain_gdal_warning(const std::string& message) {
  if (message.find("Non closed ring detected") != std::string::npos)
    return "GDAL: a ring of an area does not end where it starts (the file may be damaged); "
           "GDAL closed it";
  return "GDAL: " + message;
}

ReadResult read_features(OGRLayer& layer, const std::string& shown, const LoadOptions& options) {
  ReadResult out;
  OGRFeatureDefn* definition = layer.GetLayerDefn();
  const int field_count = definition->GetFieldCount();
  for (int i = 0; i < field_count; ++i) {
    const OGRFieldDefn* field = definition->GetFieldDefn(i);
    Column column;
    column.name = field->GetNameRef();
    const OGRFieldType type = field->GetType();
    column.kind = (type == OFTInteger || type == OFTInteger64 || type == OFTReal)
                      ? ColumnKind::Number
                      : ColumnKind::Text;
    column.source_type = OGRFieldDefn::GetFieldTypeName(type);
    out.table.columns.push_back(std::move(column));
  }

  const GIntBig expected = layer.GetFeatureCount(FALSE);
  if (expected > 0) {
    out.features.reserve(static_cast<std::size_t>(expected));
    for (Column& column : out.table.columns) {
      column.text.reserve(static_cast<std::size_t>(expected));
      if (column.is_number()) column.values.reserve(static_cast<std::size_t>(expected));
    }
  }

  gdal::ErrorCapture errors;
  layer.ResetReading();
  std::size_t index = 0;
  for (gdal::FeaturePtr feature(layer.GetNextFeature()); feature;
       feature.reset(layer.GetNextFeature()), ++index) {
    if (errors.has_failure()) break;
    if ((index & 255) == 0) {
      if (cancelled(options)) throw LoadCancelled(shown);
      if (options.progress && expected > 0)
        options.progress->store(kReadShare * static_cast<float>(index) /
                                static_cast<float>(expected));
    }
    for (int i = 0; i < field_count; ++i) {
      Column& column = out.table.columns[static_cast<std::size_t>(i)];
      const bool present = feature->IsFieldSetAndNotNull(i);
      column.text.emplace_back(present ? feature->GetFieldAsString(i) : "");
      if (column.is_number())
        column.values.push_back(present ? feature->GetFieldAsDouble(i)
                                        : std::numeric_limits<double>::quiet_NaN());
    }
    FeatureData data;
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry) {
      data.status = FeatureStatus::NoGeometry;
    } else if (geometry->IsEmpty()) {
      data.status = FeatureStatus::Empty;
    } else {
      Bounds extent;
      Collected into{extent};
      collect_polygons(*geometry, data.shape, into, data.detail);
      if (!into.finite) {
        data.status = FeatureStatus::NotFinite;
        data.shape.clear();
      } else if (data.shape.empty()) {
        data.status = data.detail.empty() ? FeatureStatus::Empty : FeatureStatus::NotAnArea;
      } else {
        out.vertices += vertex_count(data.shape);
        out.source_extent.expand(extent);
      }
    }
    out.features.push_back(std::move(data));
  }
  if (errors.has_failure())
    throw UserError(quoted(shown) + " could not be read completely (GDAL stopped at feature " +
                    std::to_string(index + 1) + ": " + errors.first_failure() +
                    "); the file is damaged or truncated, download or export it again");
  out.table.row_count = out.features.size();
  for (const auto& entry : errors.entries())
    if (out.gdal_warnings.size() < 3)
      out.gdal_warnings.push_back(plain_gdal_warning(entry.message));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Processing: repair, equal-area area, reprojection, ring cleanup (in parallel on big layers)

// Everything one worker thread needs; transformations and GEOS contexts are not shareable.
struct Worker {
  std::unique_ptr<GeosRepairer> geos;
  gdal::TransformPtr to_display;  // null when the display CRS is the source CRS
  gdal::TransformPtr to_equal_area;
  double planar_area_factor = 0.0;  // fallback without an equal-area transform: km2 per unit2
  std::string transform_error;      // GDAL's reason when a transformation could not be made
  std::vector<double> xs, ys;
  std::vector<int> ok;
};

struct ProcessPlan {
  const OGRSpatialReference* source = nullptr;
  const OGRSpatialReference* display = nullptr;  // null: keep source coordinates
  const OGRSpatialReference* equal_area = nullptr;
  double planar_area_factor = 0.0;
};

Worker make_worker(const ProcessPlan& plan) {
  Worker worker;
  worker.geos = std::make_unique<GeosRepairer>();
  gdal::ErrorCapture errors;
  if (plan.display) worker.to_display = gdal::make_transform(*plan.source, *plan.display);
  if (plan.equal_area) worker.to_equal_area = gdal::make_transform(*plan.source, *plan.equal_area);
  worker.planar_area_factor = plan.planar_area_factor;
  worker.transform_error = errors.summary();
  return worker;
}

// A second worker from the first: cloned transformations (1.5 ms) instead of new ones, which in
// a fresh thread cost ~100 ms of PROJ start-up. Each clone is then used by one thread only; GDAL
// moves it to that thread's PROJ context on first use.
Worker clone_worker(const Worker& first) {
  Worker worker;
  worker.geos = std::make_unique<GeosRepairer>();
  if (first.to_display) worker.to_display.reset(first.to_display->Clone());
  if (first.to_equal_area) worker.to_equal_area.reset(first.to_equal_area->Clone());
  worker.planar_area_factor = first.planar_area_factor;
  return worker;
}

// Copies every vertex of `shape` into the worker's buffers and transforms them; false when any
// vertex failed (outside the target CRS's domain).
bool transform_vertices(Worker& worker, OGRCoordinateTransformation& transform,
                        const MultiPolygon& shape) {
  worker.xs.clear();
  worker.ys.clear();
  auto gather = [&](const Ring& ring) {
    for (const Vec2& v : ring) {
      worker.xs.push_back(v.x);
      worker.ys.push_back(v.y);
    }
  };
  for (const Polygon& polygon : shape) {
    gather(polygon.outer);
    for (const Ring& hole : polygon.holes) gather(hole);
  }
  const int n = static_cast<int>(worker.xs.size());
  worker.ok.assign(worker.xs.size(), 0);
  if (!transform.Transform(n, worker.xs.data(), worker.ys.data(), nullptr, worker.ok.data()))
    return false;
  for (std::size_t i = 0; i < worker.xs.size(); ++i)
    if (!worker.ok[i] || !std::isfinite(worker.xs[i]) || !std::isfinite(worker.ys[i])) return false;
  return true;
}

// Shoelace area of the ring stored at [offset, offset + count) of the buffers.
double buffer_ring_area(const Worker& worker, std::size_t offset, std::size_t count) {
  if (count < 3) return 0.0;
  const double ox = worker.xs[offset], oy = worker.ys[offset];
  double twice = 0.0;
  for (std::size_t i = offset + 1; i + 1 < offset + count; ++i)
    twice += (worker.xs[i] - ox) * (worker.ys[i + 1] - oy) -
             (worker.xs[i + 1] - ox) * (worker.ys[i] - oy);
  return std::abs(twice) / 2.0;
}

double equal_area_km2(Worker& worker, const MultiPolygon& shape) {
  if (!worker.to_equal_area) return area(shape) * worker.planar_area_factor;
  if (!transform_vertices(worker, *worker.to_equal_area, shape))
    return std::numeric_limits<double>::quiet_NaN();
  double total = 0.0;
  std::size_t offset = 0;
  for (const Polygon& polygon : shape) {
    double a = buffer_ring_area(worker, offset, polygon.outer.size());
    offset += polygon.outer.size();
    for (const Ring& hole : polygon.holes) {
      a -= buffer_ring_area(worker, offset, hole.size());
      offset += hole.size();
    }
    total += std::max(a, 0.0);
  }
  return total / 1e6;
}

// Drops the closing vertex and repeated consecutive vertices; false when fewer than 3 remain.
bool open_ring(Ring& ring) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    if (kept > 0 && ring[i].x == ring[kept - 1].x && ring[i].y == ring[kept - 1].y) continue;
    ring[kept++] = ring[i];
  }
  while (kept > 1 && ring[kept - 1].x == ring[0].x && ring[kept - 1].y == ring[0].y) --kept;
  ring.resize(kept);
  return kept >= 3;
}

void process_feature(Worker& worker, FeatureData& feature) {
  if (feature.status != FeatureStatus::Kept) return;
  const Repair repair = ensure_valid(feature.shape, *worker.geos);
  if (repair == Repair::NothingLeft) {
    feature.status = FeatureStatus::NothingAfterRepair;
    feature.shape.clear();
    return;
  }
  feature.repaired = repair == Repair::Repaired;
  feature.area_km2 = equal_area_km2(worker, feature.shape);

  if (worker.to_display) {
    if (!transform_vertices(worker, *worker.to_display, feature.shape)) {
      feature.status = FeatureStatus::Unprojectable;
      feature.shape.clear();
      return;
    }
    std::size_t k = 0;
    auto scatter = [&](Ring& ring) {
      for (Vec2& v : ring) {
        v = {worker.xs[k], worker.ys[k]};
        ++k;
      }
    };
    for (Polygon& polygon : feature.shape) {
      scatter(polygon.outer);
      for (Ring& hole : polygon.holes) scatter(hole);
    }
  }

  MultiPolygon cleaned;
  cleaned.reserve(feature.shape.size());
  for (Polygon& polygon : feature.shape) {
    if (!open_ring(polygon.outer)) continue;
    std::erase_if(polygon.holes, [](Ring& hole) { return !open_ring(hole); });
    cleaned.push_back(std::move(polygon));
  }
  feature.shape = std::move(cleaned);
  if (feature.shape.empty()) {
    feature.status = FeatureStatus::NothingAfterRepair;
    return;
  }
  normalise_orientation(feature.shape);
  feature.bounds = bounds_of(feature.shape);
}

void process_all(std::vector<FeatureData>& features, const ProcessPlan& plan, int threads,
                 const std::string& shown, const LoadOptions& options) {
  std::vector<std::size_t> chunk_starts{0};
  std::size_t vertices_in_chunk = 0;
  for (std::size_t i = 0; i < features.size(); ++i) {
    vertices_in_chunk += vertex_count(features[i].shape);
    if (vertices_in_chunk >= kVerticesPerChunk ||
        i + 1 - chunk_starts.back() >= kMaxFeaturesPerChunk) {
      chunk_starts.push_back(i + 1);
      vertices_in_chunk = 0;
    }
  }
  if (chunk_starts.back() != features.size()) chunk_starts.push_back(features.size());
  const std::size_t chunks = chunk_starts.size() - 1;

  std::atomic<std::size_t> next_chunk{0};
  std::atomic<std::size_t> done{0};
  std::atomic<bool> stop{false};
  const std::size_t total = features.size();

  auto run = [&](Worker& worker) {
    for (;;) {
      if (stop.load() || cancelled(options)) {
        stop = true;
        return;
      }
      const std::size_t chunk = next_chunk.fetch_add(1);
      if (chunk >= chunks) return;
      const std::size_t begin = chunk_starts[chunk], end = chunk_starts[chunk + 1];
      for (std::size_t i = begin; i < end; ++i) process_feature(worker, features[i]);
      const std::size_t finished = done.fetch_add(end - begin) + (end - begin);
      if (options.progress)
        options.progress->store(kReadShare + (1.0f - kReadShare) * static_cast<float>(finished) /
                                                 static_cast<float>(total));
    }
  };

  // The calling thread is worker 0; its transformations also tell us whether PROJ can do it.
  Worker main_worker = make_worker(plan);
  if (plan.display && !main_worker.to_display) {
    const std::string& why = main_worker.transform_error;
    throw UserError(quoted(shown) + " cannot be reprojected from " +
                    describe_crs(*plan.source).name + " to " + describe_crs(*plan.display).name +
                    (why.empty() ? std::string() : " (" + why + ")") +
                    "; show it in its own CRS instead");
  }

  std::vector<Worker> helper_workers;
  for (int t = 1; t < threads; ++t) {
    helper_workers.push_back(clone_worker(main_worker));
    if ((main_worker.to_display && !helper_workers.back().to_display) ||
        (main_worker.to_equal_area && !helper_workers.back().to_equal_area)) {
      helper_workers.pop_back();  // no clone: the calling thread does it all
      break;
    }
  }
  std::vector<std::thread> helpers;
  std::vector<std::exception_ptr> failures(helper_workers.size() + 1);
  for (std::size_t t = 0; t < helper_workers.size(); ++t)
    helpers.emplace_back([&, t] {
      try {
        run(helper_workers[t]);
      } catch (...) {
        failures[t + 1] = std::current_exception();
        stop = true;
      }
    });
  try {
    run(main_worker);
  } catch (...) {
    failures[0] = std::current_exception();
    stop = true;
  }
  for (std::thread& helper : helpers) helper.join();
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
  if (cancelled(options)) throw LoadCancelled(shown);
}

// ---------------------------------------------------------------------------------------------
// CRS decisions

struct CrsChoice {
  std::unique_ptr<OGRSpatialReference> source;
  bool guessed = false;
};

std::string format_extent(const Bounds& b) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "x %.6g..%.6g, y %.6g..%.6g", b.min_x, b.max_x, b.min_y,
                b.max_y);
  return buffer;
}

// The .prj beside a shapefile layer that GDAL could not read as a CRS, or "" when there is none
// (or the layer has a CRS).
std::string unreadable_prj(GDALDataset& dataset, OGRLayer& layer) {
  if (layer.GetSpatialRef()) return {};
  // GDAL lists a .prj among the dataset's files only when it could read it, so look beside the
  // layer's .shp ourselves.
  char** files = dataset.GetFileList();
  std::string found;
  const std::string wanted = std::string(layer.GetName()) + ".shp";
  for (char** f = files; f && *f && found.empty(); ++f) {
    const std::string file = *f;
    if (!EQUAL(fs::path(file).filename().string().c_str(), wanted.c_str())) continue;
    const std::string stem = file.substr(0, file.size() - 4);
    for (const char* ext : {".prj", ".PRJ", ".Prj"}) {
      VSIStatBufL stat;
      if (VSIStatL((stem + ext).c_str(), &stat) == 0) {
        found = stem + ext;
        break;
      }
    }
  }
  CSLDestroy(files);
  return found;
}

CrsChoice choose_source_crs(OGRLayer& layer, const std::string& shown, bool is_shapefile,
                            const std::string& bad_prj, const Bounds& extent,
                            const LoadOptions& options, std::vector<std::string>& warnings) {
  CrsChoice choice;
  const std::string missing = !bad_prj.empty()
                                  ? "has a .prj file (" + fs::path(bad_prj).filename().string() +
                                        ") that is not a coordinate system GDAL can read"
                                  : (is_shapefile ? "has no CRS (no .prj file)" : "has no CRS");
  if (const OGRSpatialReference* own = layer.GetSpatialRef()) {
    choice.source = std::make_unique<OGRSpatialReference>(*own);  // keeps the data axis order
    if (options.assume_epsg) {
      const auto code = epsg_code(*own);
      if (code != options.assume_epsg)
        warnings.push_back("ignored the assumed CRS EPSG:" + std::to_string(*options.assume_epsg) +
                           ": " + quoted(shown) + " declares its own (" + describe_crs(*own).name +
                           ")");
    }
    return choice;
  }
  if (options.assume_epsg) {
    choice.source = crs_from_epsg(*options.assume_epsg);
    if (!choice.source)
      throw UserError("EPSG:" + std::to_string(*options.assume_epsg) +
                      " is not a CRS code PROJ knows (for " + quoted(shown) +
                      "); pass a valid EPSG code such as 27700 (British National Grid) or 4326 "
                      "(longitude/latitude)");
    warnings.push_back(quoted(shown) + " " + missing +
                       ": using EPSG:" + std::to_string(*options.assume_epsg) + " as asked");
    return choice;
  }
  // A damaged .prj declared some CRS: guessing from the coordinates could pick the wrong one.
  if (!bad_prj.empty())
    throw UserError(quoted(shown) + " " + missing +
                        "; replace it with the .prj from the original download, or give the "
                        "layer's coordinate system as an EPSG code (27700 for British National "
                        "Grid, 4326 for longitude/latitude)",
                    Remedy::AssumeCrs);
  if (auto guess = guess_epsg_from_extent(extent)) {
    choice.source = crs_from_epsg(*guess);
    choice.guessed = true;
    warnings.push_back(
        quoted(shown) + " " + missing +
        (*guess == 27700
             ? ": assumed British National Grid (EPSG:27700) because every coordinate lies in its "
               "range and not in longitude/latitude's"
             : ": assumed longitude/latitude (EPSG:4326) because its coordinates lie around the "
               "British Isles in degrees (as metres of the British National Grid they would be "
               "a few metres of sea)") +
        "; if that is wrong, give the right coordinate system for it");
    return choice;
  }
  throw UserError(quoted(shown) + " " + missing + " and its coordinates (" + format_extent(extent) +
                      ") do not show which one it is; give its coordinate system as an EPSG code "
                      "(27700 for British National Grid, 4326 for longitude/latitude, 3857 for "
                      "Web Mercator)",
                  Remedy::AssumeCrs);
}

std::unique_ptr<OGRSpatialReference> display_crs_for(DisplayCrs display) {
  switch (display) {
    case DisplayCrs::BritishNationalGrid:
      return crs_from_epsg(27700);
    case DisplayCrs::WebMercator:
      return crs_from_epsg(3857);
    case DisplayCrs::Source:
      return nullptr;
  }
  return nullptr;
}

// The equal-area projection centred on the layer, or null (then `planar_factor` says how to get
// km2 from source units, or stays 0 when not even that is possible).
std::unique_ptr<OGRSpatialReference> equal_area_for(const OGRSpatialReference& source,
                                                    const Bounds& extent, double& planar_factor) {
  planar_factor = 0.0;
  auto geographic = std::make_unique<OGRSpatialReference>();
  {
    gdal::ErrorCapture quiet;
    if (geographic->CopyGeogCSFrom(&source) != OGRERR_NONE) geographic.reset();
  }
  if (geographic) {
    geographic->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    gdal::ErrorCapture quiet;
    double x = extent.centre().x, y = extent.centre().y;
    gdal::TransformPtr to_geographic = gdal::make_transform(source, *geographic);
    if (to_geographic && to_geographic->Transform(1, &x, &y) && std::isfinite(x) &&
        std::isfinite(y))
      if (auto laea = equal_area_around(source, x, y)) return laea;
  }
  if (source.IsProjected()) {
    const double metres = source.GetLinearUnits();
    planar_factor = metres * metres / 1e6;
  }
  return nullptr;
}

std::string skip_reason(const FeatureData& feature) {
  switch (feature.status) {
    case FeatureStatus::NoGeometry:
      return "no geometry";
    case FeatureStatus::Empty:
      return "empty geometry";
    case FeatureStatus::NotAnArea:
      return feature.detail + " geometry, not an area";
    case FeatureStatus::NotFinite:
      return "coordinates that are not numbers (NaN or infinite)";
    case FeatureStatus::NothingAfterRepair:
      return "invalid geometry with no area left after repair";
    case FeatureStatus::Unprojectable:
      return "coordinates outside the display CRS";
    case FeatureStatus::Kept:
      break;
  }
  return {};
}

void keep_rows(Table& table, const std::vector<std::size_t>& rows) {
  for (Column& column : table.columns) {
    std::vector<std::string> text;
    text.reserve(rows.size());
    for (std::size_t r : rows) text.push_back(std::move(column.text[r]));
    column.text = std::move(text);
    if (column.is_number()) {
      std::vector<double> values;
      values.reserve(rows.size());
      for (std::size_t r : rows) values.push_back(column.values[r]);
      column.values = std::move(values);
    }
  }
  table.row_count = rows.size();
}

}  // namespace

std::string gdal_path_for(const std::string& user_path) {
  if (user_path.rfind("/vsi", 0) == 0) return user_path;
  if (ends_with_ci(user_path, ".zip")) return "/vsizip/" + fs::absolute(user_path).string();
  return user_path;
}

Layer load_layer(const std::string& path, const LoadOptions& options) {
  if (options.progress) options.progress->store(0.0f);
  OpenedSource source = open_source(path);
  const LayerEntry& entry = choose_layer(source, path, options);
  const SourceDataset& dataset_source = source.sources[entry.dataset];
  const std::string shown = shown_name(path, dataset_source);
  OGRLayer& layer = *entry.layer;
  GDALDataset& dataset = *source.datasets[entry.dataset];
  const bool is_shapefile = EQUAL(dataset.GetDriverName(), "ESRI Shapefile");

  const auto flat = wkbFlatten(entry.type);
  if (flat == wkbNone)
    throw_not_polygons(shown, entry.name, "no geometry (it is a table of attributes)", source);
  if (!is_polygonal(entry.type) && !is_open_type(entry.type))
    throw_not_polygons(shown, entry.name, geometry_name(entry.type) + " geometry", source);
  if (layer.GetFeatureCount(TRUE) == 0)
    throw UserError(quoted(shown) + " layer " + quoted(entry.name) +
                    " has no features (it is empty); export the layer again with its areas, or "
                    "open another file");

  ReadResult read = read_features(layer, shown, options);
  const std::size_t kept_after_read = static_cast<std::size_t>(
      std::count_if(read.features.begin(), read.features.end(),
                    [](const FeatureData& f) { return f.status == FeatureStatus::Kept; }));
  if (kept_after_read == 0) {
    const auto other = std::find_if(read.features.begin(), read.features.end(),
                                    [](auto& f) { return f.status == FeatureStatus::NotAnArea; });
    if (other != read.features.end())
      throw_not_polygons(shown, entry.name, other->detail + " geometry", source);
    if (read.features.empty())
      throw UserError(quoted(shown) + " layer " + quoted(entry.name) +
                      " has no features (it is empty); export the layer again with its areas, "
                      "or open another file");
    const bool all_not_finite =
        std::all_of(read.features.begin(), read.features.end(),
                    [](const FeatureData& f) { return f.status == FeatureStatus::NotFinite; });
    throw UserError(quoted(shown) + " layer " + quoted(entry.name) + " has no areas: all " +
                    std::to_string(read.features.size()) + " features have " +
                    (all_not_finite ? "coordinates that are not numbers (NaN or infinite)"
                                    : "empty, missing or damaged geometries") +
                    "; the file is damaged, download or export the layer again");
  }

  Layer result;
  result.source_path = path;
  result.layer_name = entry.name;
  result.report.warnings = source.warnings;
  CrsChoice crs = choose_source_crs(layer, shown, is_shapefile,
                                    is_shapefile ? unreadable_prj(dataset, layer) : "",
                                    read.source_extent, options, result.report.warnings);
  for (std::string& warning : read.gdal_warnings)
    result.report.warnings.push_back(std::move(warning));

  std::unique_ptr<OGRSpatialReference> display = display_crs_for(options.display);
  if (display && display->IsSame(crs.source.get())) display.reset();  // nothing to do
  ProcessPlan plan;
  plan.source = crs.source.get();
  plan.display = display.get();
  const auto equal_area = equal_area_for(*crs.source, read.source_extent, plan.planar_area_factor);
  plan.equal_area = equal_area.get();
  if (!equal_area && plan.planar_area_factor == 0.0)
    result.report.warnings.push_back("area_km2 is empty: " + quoted(shown) +
                                     " has a CRS without a known datum or units");

  int threads = options.threads;
  if (threads <= 0)
    threads = read.vertices > kParallelVertexThreshold && std::thread::hardware_concurrency() >= 2
                  ? 2
                  : 1;
  process_all(read.features, plan, threads, shown, options);

  const DetectedFields detected = detect_code_and_name(read.table);
  std::vector<std::size_t> kept_rows;
  std::vector<double> areas;
  for (std::size_t i = 0; i < read.features.size(); ++i) {
    FeatureData& feature = read.features[i];
    if (feature.status != FeatureStatus::Kept) {
      std::string label = "feature " + std::to_string(i + 1);
      if (detected.code && !read.table.columns[*detected.code].text[i].empty())
        label += " (" + read.table.columns[*detected.code].text[i] + ")";
      result.report.skipped.push_back(label + ": " + skip_reason(feature));
      continue;
    }
    if (feature.repaired) ++result.report.repaired;
    kept_rows.push_back(i);
    areas.push_back(feature.area_km2);
    result.shapes.push_back(std::move(feature.shape));
    result.shape_bounds.push_back(feature.bounds);
    result.bounds.expand(feature.bounds);
  }
  result.report.features_read = read.features.size();
  if (result.shapes.empty())
    throw UserError(quoted(shown) + " layer " + quoted(entry.name) + " has no usable areas: all " +
                    std::to_string(read.features.size()) + " features were skipped (" +
                    result.report.skipped.front() + "); export the layer again");

  keep_rows(read.table, kept_rows);
  result.attributes = std::move(read.table);
  std::string area_name = "area_km2";
  if (result.attributes.find(area_name)) {
    area_name = "devomap_area_km2";
    result.report.warnings.push_back(quoted(shown) +
                                     " already has a field area_km2; devomap's computed area is "
                                     "in devomap_area_km2");
  }
  result.attributes.add_number_column(area_name, std::move(areas), true);
  result.code_column = detected.code;
  result.name_column = detected.name;

  result.source_crs = describe_crs(*crs.source, crs.guessed);
  result.display_crs = display ? describe_crs(*display) : result.source_crs;
  if (options.progress) options.progress->store(1.0f);
  return result;
}

std::vector<LayerInfo> describe_dataset(const std::string& path) {
  OpenedSource source = open_source(path);
  std::vector<LayerInfo> out;
  for (const LayerEntry& entry : source.layers) {
    OGRLayer& layer = *entry.layer;
    gdal::ErrorCapture errors;
    LayerInfo info;
    info.name = entry.name;
    info.geometry = geometry_name(entry.type);
    const OGRSpatialReference* srs = layer.GetSpatialRef();
    if (srs) {
      const CrsInfo crs = describe_crs(*srs);
      info.crs_epsg = crs.epsg;
      info.crs_name = crs.name;
    }
    info.feature_count = layer.GetFeatureCount(TRUE);
    OGREnvelope envelope;
    if (wkbFlatten(entry.type) != wkbNone && layer.GetExtent(&envelope, TRUE) == OGRERR_NONE) {
      std::array<double, 4> extent = {envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY};
      // Data x is normally easting/longitude; if a driver keeps the authority's lat/lon order,
      // swap so x is always easting/longitude.
      if (srs) {
        const std::vector<int>& mapping = srs->GetDataAxisToSRSAxisMapping();
        OGRAxisOrientation orientation = OAO_Other;
        if (!mapping.empty() && srs->GetAxis(nullptr, std::abs(mapping[0]) - 1, &orientation) &&
            (orientation == OAO_North || orientation == OAO_South))
          extent = {envelope.MinY, envelope.MinX, envelope.MaxY, envelope.MaxX};
      }
      info.extent = extent;
    }
    OGRFeatureDefn* definition = layer.GetLayerDefn();
    for (int i = 0; i < definition->GetFieldCount(); ++i) {
      const OGRFieldDefn* field = definition->GetFieldDefn(i);
      info.fields.push_back(
          {field->GetNameRef(), OGRFieldDefn::GetFieldTypeName(field->GetType())});
    }
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace devomap::gdal
