// Frame time while panning, headless (EGL surfaceless on llvmpipe), through the same
// SceneRenderer the window uses: load, build the mesh, then draw frames with the camera moving
// a few pixels each frame, as a drag does. Prints one Markdown row.
//   bench_render PATH [width height frames]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
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
#include "render/offscreen.hpp"
#include "render/scene_renderer.hpp"

using Clock = std::chrono::steady_clock;

static double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_render PATH [width height frames]\n");
    return 2;
  }
  const std::string path = argv[1];
  const int width = argc > 3 ? std::atoi(argv[2]) : 1600;
  const int height = argc > 3 ? std::atoi(argv[3]) : 1000;
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
    devomap::render::OffscreenTarget target(width, height);
    devomap::render::SceneRenderer renderer;
    t = Clock::now();
    renderer.upload(layer.get(), mesh);
    const double upload_ms = ms_since(t);

    devomap::Camera camera;
    camera.width_px = width;
    camera.height_px = height;
    camera.fit(layer->bounds);
    target.bind();
    std::vector<double> frame_ms;
    for (int i = 0; i < frames + 3; ++i) {
      camera.pan_pixels(4.0, 2.0);  // a steady drag
      t = Clock::now();
      renderer.draw(scene, camera, target.draw_target());
      glFinish();
      if (i >= 3) frame_ms.push_back(ms_since(t));  // the first frames compile shaders
    }
    std::sort(frame_ms.begin(), frame_ms.end());
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("| %s | %zu | %.0f | %.0f | %.0f | %dx%d | %.1f | %.1f | %.1f | %ld |\n",
                path.substr(path.find_last_of('/') + 1).c_str(), layer->size(), load_ms, mesh_ms,
                upload_ms, width, height, frame_ms[frame_ms.size() / 2], frame_ms.front(),
                frame_ms[frame_ms.size() * 9 / 10], ru.ru_maxrss / 1024);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_render: %s\n", e.what());
    return 1;
  }
  return 0;
}
