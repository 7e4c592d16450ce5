// Frame-time measurement at 1600 x 1200 on llvmpipe, for a synthetic layer and the real ONS
// layers. Hidden from ctest (timings are not pass/fail); run it with
//   devomap_render_tests "[perf]"
// It prints one Markdown row per layer and checks only that the map was drawn.
#include <catch2/catch.hpp>

#include <glad/gl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <vector>

#include "core/camera.hpp"
#include "core/mesh.hpp"
#include "core/scene.hpp"
#include "gdal/layer_source.hpp"
#include "render/offscreen.hpp"
#include "render/render_fixtures.hpp"
#include "render/scene_renderer.hpp"
#include "support/test_support.hpp"
#include "writers/png_writer.hpp"

using namespace devomap;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Process CPU time (all threads, llvmpipe's rasteriser threads included): on a shared, loaded
// machine this tracks the work done far better than wall time.
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct Timing {
  double wall_ms, cpu_ms;
};

Timing median_ms(int runs, const std::function<void()>& work) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    const double cpu_start = cpu_ms();
    work();
    wall.push_back(ms_since(start));
    cpu.push_back(cpu_ms() - cpu_start);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

// 100 x 100 "districts", each a 48-gon with a 12-gon hole: ~600 k vertices, like LAD BGC.
std::shared_ptr<Layer> synthetic_layer() {
  auto layer = std::make_shared<Layer>();
  const double pi = std::acos(-1.0);
  for (int gy = 0; gy < 100; ++gy)
    for (int gx = 0; gx < 100; ++gx) {
      Ring outer, hole;
      for (int k = 0; k < 48; ++k)
        outer.push_back({gx * 1000 + 500 + 480 * std::cos(2 * pi * k / 48),
                         gy * 1000 + 500 + 480 * std::sin(2 * pi * k / 48)});
      for (int k = 0; k < 12; ++k)
        hole.push_back({gx * 1000 + 500 + 100 * std::cos(-2 * pi * k / 12),
                        gy * 1000 + 500 + 100 * std::sin(-2 * pi * k / 12)});
      test::add_area(*layer, {Polygon{outer, {hole}}});
    }
  return layer;
}

void measure(const std::string& name, const std::shared_ptr<Layer>& layer) {
  constexpr int kWidth = 1600, kHeight = 1200;
  render::HeadlessContext context;
  auto start = Clock::now();
  double cpu_start = cpu_ms();
  const LayerMesh mesh = build_layer_mesh(*layer, 1);
  const double mesh_ms = ms_since(start), mesh_cpu_ms = cpu_ms() - cpu_start;
  render::SceneRenderer renderer;
  start = Clock::now();
  renderer.upload(layer.get(), mesh);
  glFinish();
  const double upload_ms = ms_since(start);

  Scene scene;
  SceneLayer map;
  map.layer = layer;
  for (std::size_t i = 0; i < layer->size(); ++i)  // a spread of colours, one per area
    map.fills.push_back({static_cast<std::uint8_t>(60 + i * 37 % 190),
                         static_cast<std::uint8_t>(80 + i * 53 % 170),
                         static_cast<std::uint8_t>(90 + i * 29 % 160), 255});
  scene.layers.push_back(map);
  Legend legend;
  legend.title = "Frame time – synthetic legend";
  legend.entries = {{{255, 255, 204, 255}, "≤ 10", 3, false},
                    {{65, 182, 196, 255}, "10 – 20", 4, false},
                    {{236, 236, 236, 255}, "No data", 1, true}};
  scene.legend = legend;
  scene.hovered = 0;
  Camera camera;
  camera.width_px = kWidth;
  camera.height_px = kHeight;
  camera.fit(layer->bounds);

  render::OffscreenTarget single(kWidth, kHeight, 1);
  render::OffscreenTarget target(kWidth, kHeight);
  render::OffscreenTarget* current = &target;
  const auto frame = [&] {
    current->bind();
    renderer.draw(scene, camera, current->draw_target());
    glFinish();
  };
  start = Clock::now();
  frame();
  const double first_ms = ms_since(start);
  frame();
  const Timing with_lines = median_ms(7, frame);
  scene.layers[0].outline_px = 0;
  const Timing fill_only = median_ms(7, frame);
  scene.layers[0].outline_px = 0.75f;
  current = &single;
  frame();
  const Timing no_msaa = median_ms(7, frame);
  scene.layers[0].outline_px = 0;
  const Timing fill_no_msaa = median_ms(7, frame);
  scene.layers[0].outline_px = 0.75f;
  current = &target;
  frame();
  render::Image image;
  const Timing read = median_ms(5, [&] { image = target.read_pixels(); });
  test::TempDir dir;
  writers::PngWriteOptions png;
  png.overwrite = true;
  png.keep_alpha = false;
  const Timing png_time = median_ms(3, [&] {
    writers::write_png(dir / "frame.png", {image.width, image.height, 4, image.rgba}, png);
  });

  std::printf(
      "| %s | %zu | %zu | %zu | %.0f / %.0f | %.0f | %.0f | %.0f / %.0f | %.0f / %.0f | "
      "%.0f / %.0f | %.0f / %.0f | %.0f / %.0f | %.0f / %.0f | %.2f |\n",
      name.c_str(), layer->size(), mesh.fill_area.size(), mesh.fill_indices.size() / 3, mesh_ms,
      mesh_cpu_ms, upload_ms, first_ms, fill_only.wall_ms, fill_only.cpu_ms, with_lines.wall_ms,
      with_lines.cpu_ms, fill_no_msaa.wall_ms, fill_no_msaa.cpu_ms, no_msaa.wall_ms, no_msaa.cpu_ms,
      read.wall_ms, read.cpu_ms, png_time.wall_ms, png_time.cpu_ms,
      std::filesystem::file_size(dir / "frame.png") / 1e6);
  // Something was drawn: the first area's (hovered, lightened) fill is not the only colour, and
  // the background does not cover the whole image.
  std::size_t background = 0;
  for (std::size_t i = 0; i < image.rgba.size(); i += 4)
    background += image.rgba[i] == scene.background.r && image.rgba[i + 1] == scene.background.g &&
                  image.rgba[i + 2] == scene.background.b;
  CHECK(background < image.rgba.size() / 4 * 9 / 10);
}

void print_header(const std::string& renderer) {
  std::printf(
      "\nFrame times at 1600 x 1200, %s. ms; frames are medians of 7 (draw + glFinish), shown as "
      "wall / process CPU (all threads); 4x MSAA unless noted\n\n",
      renderer.c_str());
  std::printf(
      "| layer | areas | vertices | triangles | mesh build (1 thread) | upload | first frame | "
      "fill | fill+lines+legend | fill, no MSAA | fill+lines+legend, no MSAA | read-back | "
      "PNG (zlib 2, RGB) | PNG MB |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
}

}  // namespace

TEST_CASE("frame times at 1600 x 1200", "[.][perf]") {
  {
    render::HeadlessContext probe;
    print_header(probe.gl_renderer());
  }
  measure("synthetic 100x100 48-gons with holes", synthetic_layer());
  const auto data = test::real_data_dir("frame times on real layers");
  if (!data) return;
  for (const char* file : {"lad_2024_uk_buc.gpkg", "lad_2024_uk_bgc.gpkg", "wd_2022_uk_bsc.gpkg",
                           "lsoa_2011_en_simplified.gpkg"}) {
    const auto path = *data / file;
    if (!std::filesystem::exists(path)) {
      std::printf("SKIPPED: %s not found\n", path.c_str());
      continue;
    }
    measure(file, std::make_shared<Layer>(gdal::load_layer(path.string())));
  }
}
