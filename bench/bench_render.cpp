// The window's frame times, headless (EGL surfaceless on llvmpipe), through the window's own
// drawing (render::MapPicture over SceneRenderer) onto an offscreen stand-in for the window:
// load, build the mesh, then
//   - moving: the camera panned a few pixels per frame, as a drag does, and zoomed by a wheel
//     run (what the window draws while the camera moves);
//   - hover: the pointer over a new area each frame, camera still;
//   - full: the camera comes to rest somewhere new and the map is drawn at full quality.
// Prints one Markdown row.
//   bench_render PATH [width height frames]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <glad/gl.h>
#include <sys/resource.h>

#include "core/camera.hpp"
#include "core/mesh.hpp"
#include "core/scene.hpp"
#include "core/style.hpp"
#include "gdal/layer_source.hpp"
#include "render/map_picture.hpp"
#include "render/offscreen.hpp"
#include "render/scene_renderer.hpp"

using Clock = std::chrono::steady_clock;
using devomap::render::MapFrame;

namespace {

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Timings {
  std::vector<double> ms;
  double median() { return at(0.5); }
  double p90() { return at(0.9); }
  double at(double q) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))];
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_render PATH [width height frames]\n");
    return 2;
  }
  const std::string path = argv[1];
  const int width = argc > 3 ? std::atoi(argv[2]) : 1920;
  const int height = argc > 3 ? std::atoi(argv[3]) : 1080;
  const int frames = argc > 4 ? std::atoi(argv[4]) : 60;
  try {
    auto t = Clock::now();
    auto layer = std::make_shared<devomap::Layer>(devomap::gdal::load_layer(path));
    const double load_ms = ms_since(t);
    t = Clock::now();
    const devomap::LayerMesh mesh = devomap::build_layer_mesh(*layer);
    const double mesh_ms = ms_since(t);

    devomap::StyleSpec spec;
    spec.field = "area_km2";
    devomap::LayerStyle style = devomap::build_style(*layer, spec);
    devomap::Scene scene;
    scene.layers.push_back(devomap::data_scene_layer(layer, style.fills));
    scene.legend = style.legend;

    devomap::render::HeadlessContext context;
    devomap::render::OffscreenTarget window(width, height, 1);  // stands in for the window
    devomap::render::SceneRenderer renderer;
    t = Clock::now();
    renderer.upload(layer.get(), mesh);
    const double upload_ms = ms_since(t);

    devomap::Camera camera;
    camera.width_px = width;
    camera.height_px = height;
    camera.fit(layer->bounds);
    devomap::render::MapPicture picture;
    const devomap::render::DrawTarget where = window.draw_target();
    std::uint64_t revision = 1;
    // One frame as the window draws it, timed to the end of the GPU's work.
    const auto frame = [&](bool moving, MapFrame expected, Timings& into) {
      const auto start = Clock::now();
      const MapFrame kind = picture.draw(renderer, scene, camera, 1, revision, moving, where,
                                         window.resolved_framebuffer());
      glFinish();
      into.ms.push_back(ms_since(start));
      if (kind != expected) {
        std::fprintf(stderr, "bench_render: expected a %s frame, drew %s\n",
                     devomap::render::map_frame_name(expected),
                     devomap::render::map_frame_name(kind));
        std::exit(1);
      }
    };
    Timings warmup, pan, zoom, hover, full;
    for (int i = 0; i < 3; ++i) {  // the first frames compile shaders and fill caches
      camera.pan_pixels(40.0, 20.0);
      frame(false, MapFrame::full, warmup);
    }
    for (int i = 0; i < frames; ++i) {
      camera.pan_pixels(4.0, 2.0);  // a steady drag
      frame(true, MapFrame::moving, pan);
    }
    frame(false, MapFrame::full, warmup);
    for (int i = 0; i < frames; ++i) {  // a run of wheel notches about a point off-centre
      camera.zoom_at({width * 0.4, height * 0.6}, i < frames / 2 ? 1.05 : 1 / 1.05);
      frame(true, MapFrame::moving, zoom);
    }
    frame(false, MapFrame::full, warmup);
    for (int i = 0; i < frames; ++i) {
      scene.hovered = (static_cast<std::size_t>(i) * 7919) % layer->size();
      ++revision;
      frame(false, MapFrame::overlays, hover);
    }
    scene.hovered.reset();
    for (int i = 0; i < std::max(5, frames / 6); ++i) {
      camera.pan_pixels(i % 2 ? 30.0 : -30.0, 10.0);  // comes to rest somewhere new
      frame(false, MapFrame::full, full);
    }
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    std::size_t vertices = 0;
    for (const devomap::MultiPolygon& shape : layer->shapes)
      for (const devomap::Polygon& polygon : shape) {
        vertices += polygon.outer.size();
        for (const devomap::Ring& hole : polygon.holes) vertices += hole.size();
      }
    std::printf(
        "| %s | %zu | %zu | %.0f | %.0f | %.0f | %dx%d | %.1f (%.1f) | %.1f (%.1f) | %.1f (%.1f) | "
        "%.0f (%.0f) | %ld |\n",
        path.substr(path.find_last_of('/') + 1).c_str(), layer->size(), vertices, load_ms, mesh_ms,
        upload_ms, width, height, pan.median(), pan.p90(), zoom.median(), zoom.p90(),
        hover.median(), hover.p90(), full.median(), full.at(0), ru.ru_maxrss / 1024);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_render: %s\n", e.what());
    return 1;
  }
  return 0;
}
