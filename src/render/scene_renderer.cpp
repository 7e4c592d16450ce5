#include "render/scene_renderer.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/font.hpp"
#include "core/layout.hpp"
#include "render/embedded_shaders.hpp"
#include "render/gl_objects.hpp"
#include "render/glyph_atlas.hpp"

namespace devomap::render {

namespace {

// Per-area colours live in a 2D texture this many texels wide (a 1D texture would cap the
// area count at GL_MAX_TEXTURE_SIZE; LSOA layers have 33 k areas).
constexpr int kColorColumns = 1024;

// Highlight outlines drawn over every layer, logical px.
constexpr float kSelectedOutlinePx = 3.0f;
constexpr Rgba kSelectedOutline{0, 0, 0, 255};
constexpr float kHoveredOutlinePx = 2.0f;
constexpr Rgba kHoveredOutline{45, 45, 45, 255};
// The hovered area is lightened by blending white at this opacity over it.
constexpr float kHoverTint = 0.35f;

struct GpuLayer {
  Vec2 origin;
  std::size_t areas = 0;
  int color_rows = 1;

  gl::VertexArray fill_vao;
  gl::Buffer fill_xy, fill_area, fill_indices;
  GLsizei fill_index_count = 0;
  // Fill triangles in area order: area i's indices are [fill_offsets[i], fill_offsets[i+1]).
  std::vector<std::uint32_t> fill_offsets;

  gl::VertexArray line_vao;
  gl::Buffer line_xy, line_normal, line_indices;
  GLsizei line_index_count = 0;
  // Outline triangles sorted by area: area i's indices are [line_offsets[i], line_offsets[i+1]),
  // so a highlight draws one area's outline without touching the others.
  std::vector<std::uint32_t> line_offsets;

  gl::Texture colors;  // RGBA8, kColorColumns x color_rows
  std::vector<Rgba> uploaded_fills;
  bool have_fills = false;
  bool opaque = true;  // every fill has alpha 255: draw without blending (cheaper on llvmpipe)
};

struct OverlayVertex {
  float x, y;  // device px, origin top-left
  float u, v;  // atlas coordinates; negative = solid colour
  std::uint8_t r, g, b, a;
};

void check_mesh(const LayerMesh& mesh) {
  const auto fail = [](const std::string& what) {
    throw std::invalid_argument("LayerMesh is inconsistent: " + what);
  };
  if (mesh.fill_xy.size() != 2 * mesh.fill_area.size()) fail("fill_xy/fill_area sizes differ");
  if (mesh.line_xy.size() != 2 * mesh.line_area.size()) fail("line_xy/line_area sizes differ");
  if (mesh.line_normal.size() != mesh.line_xy.size()) fail("line_normal/line_xy sizes differ");
  if (mesh.fill_indices.size() % 3 || mesh.line_indices.size() % 3)
    fail("index count is not a multiple of 3");
  const auto fill_vertices = mesh.fill_area.size(), line_vertices = mesh.line_area.size();
  for (std::uint32_t i : mesh.fill_indices)
    if (i >= fill_vertices) fail("fill index out of range");
  for (std::uint32_t i : mesh.line_indices)
    if (i >= line_vertices) fail("line index out of range");
}

template <typename T>
void upload_buffer(GLenum target, const gl::Buffer& buffer, const std::vector<T>& data) {
  glBindBuffer(target, buffer.id());
  glBufferData(target, static_cast<GLsizeiptr>(data.size() * sizeof(T)),
               data.empty() ? nullptr : data.data(), GL_STATIC_DRAW);
}

void make_color_texture(const gl::Texture& texture, int rows) {
  glBindTexture(GL_TEXTURE_2D, texture.id());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);  // complete without mipmaps
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kColorColumns, rows, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               nullptr);
}

// Triangles (index triples) in area order, by the area of each one's first vertex; a stable
// counting sort, so a mesh already in area order (build_layer_mesh's fills) keeps its order.
// `offsets` gets areas + 1 entries: area i's indices are [offsets[i], offsets[i + 1]).
std::vector<std::uint32_t> sort_by_area(const std::vector<std::uint32_t>& indices,
                                        const std::vector<std::uint32_t>& vertex_area,
                                        std::size_t areas, std::vector<std::uint32_t>& offsets) {
  offsets.assign(areas + 1, 0);
  const std::size_t triangles = indices.size() / 3;
  for (std::size_t t = 0; t < triangles; ++t) ++offsets[vertex_area[indices[3 * t]] + 1];
  for (std::size_t a = 0; a < areas; ++a) offsets[a + 1] += offsets[a];
  std::vector<std::uint32_t> sorted(indices.size());
  std::vector<std::uint32_t> cursor(offsets.begin(), offsets.end() - 1);
  for (std::size_t t = 0; t < triangles; ++t) {
    const std::uint32_t area = vertex_area[indices[3 * t]];
    std::copy_n(indices.begin() + 3 * t, 3, sorted.begin() + 3 * cursor[area]++);
  }
  for (auto& offset : offsets) offset *= 3;  // triangles -> indices
  return sorted;
}

// The colour whose areas are hatched: the legend's no-data entry, if it has one.
std::optional<Rgba> no_data_color(const Scene& scene) {
  if (!scene.legend) return std::nullopt;
  for (const LegendEntry& entry : scene.legend->entries)
    if (entry.no_data) return entry.color;
  return std::nullopt;
}

}  // namespace

struct SceneRenderer::Impl {
  gl::Program fill_program, line_program, overlay_program;
  struct {
    GLint centre, map_to_ndc, colors, columns, no_data, hatch_period, hatch_width, hatch_offset;
  } fill_u{};
  gl::Program tint_program;
  struct {
    GLint centre, map_to_ndc, color;
  } tint_u{};
  struct {
    GLint centre, map_to_ndc, pixel_to_ndc, half_width, color;
  } line_u{};
  struct {
    GLint viewport, atlas;
  } overlay_u{};

  std::unordered_map<const Layer*, std::unique_ptr<GpuLayer>> layers;

  GlyphAtlas atlas;
  gl::VertexArray overlay_vao;
  gl::Buffer overlay_vbo;
  std::vector<OverlayVertex> overlay;

  Impl();
  void update_colors(GpuLayer& gpu, const SceneLayer& layer);
  void draw_layer_fill(const GpuLayer& gpu, const Camera& camera, const DrawTarget& target,
                       std::optional<Rgba> no_data, float hatch_offset);
  void tint_area(const GpuLayer& gpu, const Camera& camera, const DrawTarget& target,
                 std::size_t area, float white);
  void draw_lines(const GpuLayer& gpu, const Camera& camera, const DrawTarget& target,
                  float width_px, Rgba color, GLsizei first, GLsizei count);
  void draw_layers(const Scene& scene, const Camera& camera, const DrawTarget& target,
                   float hatch_offset);
  void draw_highlights(const Scene& scene, const Camera& camera, const DrawTarget& target);
  void draw_legend(const Legend& legend, const DrawTarget& target);
  // Overlay geometry in framebuffer pixels: page pixels minus (dx, dy).
  void add_boxes(const std::vector<LayoutBox>& boxes, double dx, double dy);
  void add_layout_lines(const std::vector<LayoutLine>& lines, double dx, double dy);
  void add_texts(const std::vector<LayoutText>& texts, const FontSet& fonts, double dx, double dy);
  // The leaders and plates of labels set beside their areas, and all the labels' lines.
  void add_label_marks(const std::vector<MapLabel>& labels, double dx, double dy);
  void draw_labels(const std::vector<MapLabel>& labels, const DrawTarget& target);
  bool add_text_quads(const std::vector<LayoutText>& texts, const FontSet& fonts, double dx,
                      double dy, bool skip_missing);
  void flush_overlay(int width_px, int height_px);
  void add_quad(float x0, float y0, float x1, float y1, Rgba color, float u0 = -1, float v0 = -1,
                float u1 = -1, float v1 = -1);
  void add_line_quad(const LayoutLine& line);
};

SceneRenderer::Impl::Impl() {
  fill_program = gl::build_program("map fill", shaders::map_fill_vert, shaders::map_fill_frag);
  fill_u = {
      gl::uniform(fill_program, "u_centre"),      gl::uniform(fill_program, "u_map_to_ndc"),
      gl::uniform(fill_program, "u_colors"),      gl::uniform(fill_program, "u_columns"),
      gl::uniform(fill_program, "u_no_data"),     gl::uniform(fill_program, "u_hatch_period"),
      gl::uniform(fill_program, "u_hatch_width"), gl::uniform(fill_program, "u_hatch_offset")};
  tint_program = gl::build_program("hover tint", shaders::map_tint_vert, shaders::map_line_frag);
  tint_u = {gl::uniform(tint_program, "u_centre"), gl::uniform(tint_program, "u_map_to_ndc"),
            gl::uniform(tint_program, "u_color")};
  line_program = gl::build_program("map outline", shaders::map_line_vert, shaders::map_line_frag);
  line_u = {gl::uniform(line_program, "u_centre"), gl::uniform(line_program, "u_map_to_ndc"),
            gl::uniform(line_program, "u_pixel_to_ndc"), gl::uniform(line_program, "u_half_width"),
            gl::uniform(line_program, "u_color")};
  overlay_program = gl::build_program("legend", shaders::overlay_vert, shaders::overlay_frag);
  overlay_u = {gl::uniform(overlay_program, "u_viewport"), gl::uniform(overlay_program, "u_atlas")};

  glBindVertexArray(overlay_vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, overlay_vbo.id());
  const auto stride = static_cast<GLsizei>(sizeof(OverlayVertex));
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<const void*>(offsetof(OverlayVertex, x)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<const void*>(offsetof(OverlayVertex, u)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                        reinterpret_cast<const void*>(offsetof(OverlayVertex, r)));
  glBindVertexArray(0);
}

void SceneRenderer::Impl::update_colors(GpuLayer& gpu, const SceneLayer& layer) {
  if (gpu.have_fills && gpu.uploaded_fills == layer.fills) return;
  const std::size_t texels = static_cast<std::size_t>(kColorColumns) * gpu.color_rows;
  const std::size_t n = std::min(layer.fills.size(), gpu.areas);
  // Areas without a colour stay transparent rather than reading stale texels.
  std::vector<Rgba> texel_colors(texels, Rgba{0, 0, 0, 0});
  std::copy_n(layer.fills.begin(), n, texel_colors.begin());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glBindTexture(GL_TEXTURE_2D, gpu.colors.id());
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kColorColumns, gpu.color_rows, GL_RGBA, GL_UNSIGNED_BYTE,
                  texel_colors.data());
  gpu.uploaded_fills = layer.fills;
  gpu.have_fills = true;
  gpu.opaque = n == gpu.areas && std::all_of(layer.fills.begin(), layer.fills.begin() + n,
                                             [](Rgba c) { return c.a == 255; });
}

namespace {

// Camera uniforms shared by the fill and line programs: the camera centre relative to the mesh
// origin, computed in double before it becomes float.
void set_camera_uniforms(GLint centre, GLint map_to_ndc, const GpuLayer& gpu, const Camera& camera,
                         const DrawTarget& target) {
  const double logical_w = camera.width_px > 0 ? camera.width_px : target.width_px;
  const double logical_h = camera.height_px > 0 ? camera.height_px : target.height_px;
  glUniform2f(centre, static_cast<float>(camera.centre.x - gpu.origin.x),
              static_cast<float>(camera.centre.y - gpu.origin.y));
  glUniform2f(map_to_ndc, static_cast<float>(2.0 * camera.scale / logical_w),
              static_cast<float>(2.0 * camera.scale / logical_h));
}

}  // namespace

void SceneRenderer::Impl::draw_layer_fill(const GpuLayer& gpu, const Camera& camera,
                                          const DrawTarget& target, std::optional<Rgba> no_data,
                                          float hatch_offset) {
  if (gpu.fill_index_count == 0) return;
  glUseProgram(fill_program.id());
  set_camera_uniforms(fill_u.centre, fill_u.map_to_ndc, gpu, camera, target);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, gpu.colors.id());
  glUniform1i(fill_u.colors, 0);
  glUniform1i(fill_u.columns, kColorColumns);
  if (no_data)
    glUniform4f(fill_u.no_data, no_data->r / 255.0f, no_data->g / 255.0f, no_data->b / 255.0f,
                no_data->a / 255.0f);
  else
    glUniform4f(fill_u.no_data, 0, 0, 0, -1);
  // "/" lines kNoDataHatchSpacing apart (perpendicular), measured along x as the shader does.
  const float ratio = target.pixel_ratio;
  glUniform1f(fill_u.hatch_period,
              static_cast<float>(kNoDataHatchSpacing * std::sqrt(2.0)) * ratio);
  glUniform1f(fill_u.hatch_width, static_cast<float>(kNoDataHatchWidth * std::sqrt(2.0)) * ratio);
  glUniform1f(fill_u.hatch_offset, hatch_offset);
  glBindVertexArray(gpu.fill_vao.id());
  // Opaque fills replace what is below; skipping the blend saves a read per pixel on llvmpipe.
  if (gpu.opaque) glDisable(GL_BLEND);
  glDrawElements(GL_TRIANGLES, gpu.fill_index_count, GL_UNSIGNED_INT, nullptr);
  glEnable(GL_BLEND);
}

void SceneRenderer::Impl::draw_lines(const GpuLayer& gpu, const Camera& camera,
                                     const DrawTarget& target, float width_px, Rgba color,
                                     GLsizei first, GLsizei count) {
  if (count <= 0 || width_px <= 0 || color.a == 0) return;
  glUseProgram(line_program.id());
  set_camera_uniforms(line_u.centre, line_u.map_to_ndc, gpu, camera, target);
  glUniform2f(line_u.pixel_to_ndc, 2.0f / static_cast<float>(target.width_px),
              2.0f / static_cast<float>(target.height_px));
  glUniform1f(line_u.half_width, width_px / 2);
  glUniform4f(line_u.color, color.r / 255.0f, color.g / 255.0f, color.b / 255.0f, color.a / 255.0f);
  glBindVertexArray(gpu.line_vao.id());
  glDrawElements(GL_TRIANGLES, count, GL_UNSIGNED_INT,
                 reinterpret_cast<const void*>(static_cast<std::size_t>(first) * sizeof(GLuint)));
}

void SceneRenderer::Impl::add_quad(float x0, float y0, float x1, float y1, Rgba c, float u0,
                                   float v0, float u1, float v1) {
  const OverlayVertex a{x0, y0, u0, v0, c.r, c.g, c.b, c.a};
  const OverlayVertex b{x1, y0, u1, v0, c.r, c.g, c.b, c.a};
  const OverlayVertex d{x0, y1, u0, v1, c.r, c.g, c.b, c.a};
  const OverlayVertex e{x1, y1, u1, v1, c.r, c.g, c.b, c.a};
  overlay.insert(overlay.end(), {a, b, e, a, e, d});
}

void SceneRenderer::Impl::add_line_quad(const LayoutLine& line) {
  const double dx = line.b.x - line.a.x, dy = line.b.y - line.a.y;
  const double length = std::hypot(dx, dy);
  if (length <= 0) return;
  const double nx = -dy / length * line.width / 2, ny = dx / length * line.width / 2;
  const Rgba c = line.color;
  const auto vertex = [&c](double x, double y) {
    return OverlayVertex{static_cast<float>(x), static_cast<float>(y), -1, -1, c.r, c.g, c.b, c.a};
  };
  const OverlayVertex p0 = vertex(line.a.x + nx, line.a.y + ny);
  const OverlayVertex p1 = vertex(line.b.x + nx, line.b.y + ny);
  const OverlayVertex p2 = vertex(line.b.x - nx, line.b.y - ny);
  const OverlayVertex p3 = vertex(line.a.x - nx, line.a.y - ny);
  overlay.insert(overlay.end(), {p0, p1, p2, p0, p2, p3});
}

bool SceneRenderer::Impl::add_text_quads(const std::vector<LayoutText>& texts, const FontSet& fonts,
                                         double dx, double dy, bool skip_missing) {
  const float texel = 1.0f / static_cast<float>(atlas.side());
  for (const LayoutText& text : texts) {
    const Font& font = fonts.get(text.bold);
    const float size = static_cast<float>(text.size);
    for (const PlacedGlyph& glyph : font.shape(text.text, size)) {
      const GlyphAtlas::Entry* entry = atlas.find_or_add(font, glyph.glyph_index, size);
      if (!entry) {
        if (skip_missing) continue;
        return false;
      }
      if (entry->width == 0 || entry->height == 0) continue;
      // Whole-pixel pen positions keep the 1:1 glyph bitmaps crisp.
      const float x = static_cast<float>(std::round(text.x + glyph.pen_x) - dx + entry->x_offset);
      const float y = static_cast<float>(text.baseline - dy + entry->y_offset);
      add_quad(x, y, x + entry->width, y + entry->height, text.color, entry->x * texel,
               entry->y * texel, (entry->x + entry->width) * texel,
               (entry->y + entry->height) * texel);
    }
  }
  return true;
}

void SceneRenderer::Impl::add_boxes(const std::vector<LayoutBox>& boxes, double dx, double dy) {
  for (const LayoutBox& box : boxes)
    add_quad(static_cast<float>(box.rect.x - dx), static_cast<float>(box.rect.y - dy),
             static_cast<float>(box.rect.x + box.rect.w - dx),
             static_cast<float>(box.rect.y + box.rect.h - dy), box.fill);
}

void SceneRenderer::Impl::add_layout_lines(const std::vector<LayoutLine>& lines, double dx,
                                           double dy) {
  for (LayoutLine line : lines) {
    line.a = {line.a.x - dx, line.a.y - dy};
    line.b = {line.b.x - dx, line.b.y - dy};
    add_line_quad(line);
  }
}

void SceneRenderer::Impl::add_texts(const std::vector<LayoutText>& texts, const FontSet& fonts,
                                    double dx, double dy) {
  const std::size_t before_text = overlay.size();
  if (!add_text_quads(texts, fonts, dx, dy, false)) {
    // The atlas filled up: start it afresh with only these glyphs.
    overlay.resize(before_text);
    atlas.clear();
    add_text_quads(texts, fonts, dx, dy, true);
  }
}

void SceneRenderer::Impl::add_label_marks(const std::vector<MapLabel>& labels, double dx,
                                          double dy) {
  for (const MapLabel& label : labels) {
    if (label.leader) add_layout_lines({*label.leader}, dx, dy);
    if (label.plate) add_boxes({*label.plate}, dx, dy);
  }
}

void SceneRenderer::Impl::draw_labels(const std::vector<MapLabel>& labels,
                                      const DrawTarget& target) {
  if (labels.empty()) return;
  overlay.clear();
  add_label_marks(labels, 0, 0);
  std::vector<LayoutText> texts;
  for (const MapLabel& label : labels)
    texts.insert(texts.end(), label.lines.begin(), label.lines.end());
  add_texts(texts, default_fonts(), 0, 0);
  flush_overlay(target.width_px, target.height_px);
}

void SceneRenderer::Impl::draw_legend(const Legend& legend, const DrawTarget& target) {
  const FontSet& fonts = default_fonts();
  const LegendLayout layout =
      layout_legend(legend, target.width_px, target.height_px, target.pixel_ratio, fonts);
  if (layout.empty()) return;
  overlay.clear();
  add_boxes(layout.boxes, 0, 0);
  add_layout_lines(layout.hatching, 0, 0);
  add_texts(layout.texts, fonts, 0, 0);
  flush_overlay(target.width_px, target.height_px);
}

void SceneRenderer::Impl::flush_overlay(int width_px, int height_px) {
  if (overlay.empty()) return;
  glUseProgram(overlay_program.id());
  glUniform2f(overlay_u.viewport, static_cast<float>(width_px), static_cast<float>(height_px));
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, atlas.texture());
  glUniform1i(overlay_u.atlas, 0);
  glBindVertexArray(overlay_vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, overlay_vbo.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(overlay.size() * sizeof(OverlayVertex)),
               overlay.data(), GL_STREAM_DRAW);
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(overlay.size()));
}

void SceneRenderer::Impl::tint_area(const GpuLayer& gpu, const Camera& camera,
                                    const DrawTarget& target, std::size_t area, float white) {
  const auto first = static_cast<GLsizei>(gpu.fill_offsets[area]);
  const auto count = static_cast<GLsizei>(gpu.fill_offsets[area + 1]) - first;
  if (count <= 0) return;
  glUseProgram(tint_program.id());
  set_camera_uniforms(tint_u.centre, tint_u.map_to_ndc, gpu, camera, target);
  glUniform4f(tint_u.color, 1.0f, 1.0f, 1.0f, white);
  glBindVertexArray(gpu.fill_vao.id());
  glDrawElements(GL_TRIANGLES, count, GL_UNSIGNED_INT,
                 reinterpret_cast<const void*>(static_cast<std::size_t>(first) * sizeof(GLuint)));
}

void SceneRenderer::Impl::draw_layers(const Scene& scene, const Camera& camera,
                                      const DrawTarget& target, float hatch_offset) {
  const std::optional<Rgba> no_data = no_data_color(scene);
  for (const SceneLayer& layer : scene.layers) {
    auto it = layers.find(layer.layer.get());
    if (it == layers.end()) continue;
    GpuLayer& gpu = *it->second;
    update_colors(gpu, layer);
    draw_layer_fill(gpu, camera, target, no_data, hatch_offset);
    // The camera's scale in device px, then in logical px (pages: page px and dpi / 96).
    const double device_scale =
        camera.width_px > 0 ? camera.scale * target.width_px / camera.width_px : camera.scale;
    const Rgba outline = drawn_outline(layer, device_scale / target.pixel_ratio);
    if (outline.a > 0)
      draw_lines(gpu, camera, target, layer.outline_px * target.pixel_ratio, outline, 0,
                 gpu.line_index_count);
  }
}

// Hover and selection of the top interactive layer, over every layer so neighbours' outlines
// never cut through them. They are drawn over the finished map, never into it, so the map can
// be kept as a picture while the pointer moves (ui::MapView, render::MapPicture).
void SceneRenderer::Impl::draw_highlights(const Scene& scene, const Camera& camera,
                                          const DrawTarget& target) {
  const GpuLayer* gpu = nullptr;
  for (const SceneLayer& layer : scene.layers) {
    if (!layer.interactive) continue;
    auto it = layers.find(layer.layer.get());
    gpu = it == layers.end() ? nullptr : it->second.get();
  }
  if (!gpu) return;
  if (scene.hovered && *scene.hovered < gpu->areas)
    tint_area(*gpu, camera, target, *scene.hovered, kHoverTint);
  const auto outline_area = [&](std::optional<std::size_t> area, float width, Rgba color) {
    if (!area || *area >= gpu->areas) return;
    const auto first = static_cast<GLsizei>(gpu->line_offsets[*area]);
    const auto count = static_cast<GLsizei>(gpu->line_offsets[*area + 1]) - first;
    draw_lines(*gpu, camera, target, width * target.pixel_ratio, color, first, count);
  };
  outline_area(scene.selected, kSelectedOutlinePx, kSelectedOutline);
  outline_area(scene.hovered, kHoveredOutlinePx, kHoveredOutline);
}

SceneRenderer::SceneRenderer() : impl_(std::make_unique<Impl>()) {}
SceneRenderer::~SceneRenderer() = default;

void SceneRenderer::upload(const Layer* layer, const LayerMesh& mesh) {
  check_mesh(mesh);
  auto gpu = std::make_unique<GpuLayer>();
  gpu->origin = mesh.origin;
  std::uint32_t max_area = 0;
  for (std::uint32_t a : mesh.fill_area) max_area = std::max(max_area, a);
  for (std::uint32_t a : mesh.line_area) max_area = std::max(max_area, a);
  const bool any_vertex = !mesh.fill_area.empty() || !mesh.line_area.empty();
  gpu->areas = std::max<std::size_t>(layer ? layer->size() : 0, any_vertex ? max_area + 1u : 0u);
  gpu->color_rows = std::max(1, static_cast<int>((gpu->areas + kColorColumns - 1) / kColorColumns));
  GLint max_texture = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_texture);
  if (gpu->color_rows > max_texture)
    throw std::runtime_error("layer has too many areas (" + std::to_string(gpu->areas) +
                             ") for this GPU's colour lookup texture");

  std::vector<std::uint32_t> sorted_lines =
      sort_by_area(mesh.line_indices, mesh.line_area, gpu->areas, gpu->line_offsets);
  std::vector<std::uint32_t> sorted_fills =
      sort_by_area(mesh.fill_indices, mesh.fill_area, gpu->areas, gpu->fill_offsets);

  while (glGetError() != GL_NO_ERROR) {
  }  // start clean so allocation errors below are ours

  glBindVertexArray(gpu->fill_vao.id());
  upload_buffer(GL_ARRAY_BUFFER, gpu->fill_xy, mesh.fill_xy);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  upload_buffer(GL_ARRAY_BUFFER, gpu->fill_area, mesh.fill_area);
  glEnableVertexAttribArray(1);
  glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 0, nullptr);  // integer: exact area index
  upload_buffer(GL_ELEMENT_ARRAY_BUFFER, gpu->fill_indices, sorted_fills);
  gpu->fill_index_count = static_cast<GLsizei>(sorted_fills.size());

  glBindVertexArray(gpu->line_vao.id());
  upload_buffer(GL_ARRAY_BUFFER, gpu->line_xy, mesh.line_xy);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  upload_buffer(GL_ARRAY_BUFFER, gpu->line_normal, mesh.line_normal);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  upload_buffer(GL_ELEMENT_ARRAY_BUFFER, gpu->line_indices, sorted_lines);
  gpu->line_index_count = static_cast<GLsizei>(sorted_lines.size());
  glBindVertexArray(0);

  make_color_texture(gpu->colors, gpu->color_rows);

  if (glGetError() == GL_OUT_OF_MEMORY)
    throw std::runtime_error("not enough graphics memory to upload the layer's mesh");
  impl_->layers[layer] = std::move(gpu);
}

void SceneRenderer::forget(const Layer* layer) {
  impl_->layers.erase(layer);
}

void SceneRenderer::rekey(const Layer* from, const Layer* to) {
  auto node = impl_->layers.extract(from);
  if (node.empty()) return;
  node.key() = to;
  impl_->layers.insert(std::move(node));
}

namespace {

// GL state every draw into a map viewport starts from.
void begin_map_draw(const DrawTarget& target) {
  glViewport(target.x_px, target.y_px, target.width_px, target.height_px);
  glScissor(target.x_px, target.y_px, target.width_px, target.height_px);
  glEnable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glDisable(GL_CULL_FACE);
  glEnable(GL_MULTISAMPLE);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glEnable(GL_BLEND);
  // Alpha accumulates as "over" so an opaque background stays opaque in exported PNGs.
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

void clear_to(Rgba c) {
  glClearColor(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f);
  glClear(GL_COLOR_BUFFER_BIT);
}

void end_map_draw() {
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace

void SceneRenderer::draw(const Scene& scene, const Camera& camera, const DrawTarget& target) {
  draw_map(scene, camera, target);
  draw_overlays(scene, camera, target);
}

void SceneRenderer::draw_map(const Scene& scene, const Camera& camera, const DrawTarget& target) {
  if (target.width_px <= 0 || target.height_px <= 0) return;
  begin_map_draw(target);
  clear_to(scene.background);
  impl_->draw_layers(scene, camera, target, 0.0f);
  end_map_draw();
}

void SceneRenderer::draw_overlays(const Scene& scene, const Camera& camera,
                                  const DrawTarget& target, const PixelRect* clip,
                                  const std::vector<MapLabel>* labels) {
  if (target.width_px <= 0 || target.height_px <= 0) return;
  begin_map_draw(target);
  if (clip) {
    const int x0 = std::max(target.x_px, clip->x), y0 = std::max(target.y_px, clip->y);
    const int x1 = std::min(target.x_px + target.width_px, clip->x + clip->width);
    const int y1 = std::min(target.y_px + target.height_px, clip->y + clip->height);
    if (x1 <= x0 || y1 <= y0) return end_map_draw();
    glScissor(x0, y0, x1 - x0, y1 - y0);
  }
  impl_->draw_highlights(scene, camera, target);
  if (labels) impl_->draw_labels(*labels, target);
  if (scene.legend) impl_->draw_legend(*scene.legend, target);
  end_map_draw();
}

void SceneRenderer::draw_page(const Scene& scene, const PageLayout& page, const PageTile& tile) {
  const int tw = tile.width, th = tile.height;
  if (tw <= 0 || th <= 0) return;
  const int W = page.page.width_px, H = page.page.height_px;
  // Every tile draws the whole page through one viewport shifted by the tile's offset, so a
  // vertex lands on the same sub-pixel position whichever tile draws it: tiles join exactly as
  // one big framebuffer would draw the page. Pages larger than a viewport may be (16384 px on
  // llvmpipe) draw each tile with a camera centred on it instead, exact to float rounding.
  GLint max_viewport[2] = {0, 0};
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, max_viewport);
  const bool page_viewport = W <= max_viewport[0] && H <= max_viewport[1];
  const int vx = page_viewport ? -tile.x : 0;
  const int vy = page_viewport ? -(H - tile.y - th) : 0;
  const int vw = page_viewport ? W : tw, vh = page_viewport ? H : th;
  DrawTarget viewport;
  viewport.x_px = vx;
  viewport.y_px = vy;
  viewport.width_px = vw;
  viewport.height_px = vh;
  begin_map_draw(viewport);
  glDisable(GL_SCISSOR_TEST);  // the page clears the whole tile
  clear_to(page.background);

  // The main map, then the London inset, each clipped to its frame's part of this tile.
  const auto draw_view = [&](const LayoutRect& frame, const Camera& view_camera) {
    // The frame's part of this tile, in the tile's GL coordinates (y up).
    const long fx0 = std::max<long>(std::lround(frame.x), tile.x);
    const long fy0 = std::max<long>(std::lround(frame.y), tile.y);
    const long fx1 = std::min<long>(std::lround(frame.x + frame.w), tile.x + tw);
    const long fy1 = std::min<long>(std::lround(frame.y + frame.h), tile.y + th);
    if (fx1 <= fx0 || fy1 <= fy0) return;
    glEnable(GL_SCISSOR_TEST);
    glScissor(static_cast<GLint>(fx0 - tile.x), static_cast<GLint>(th - (fy1 - tile.y)),
              static_cast<GLsizei>(fx1 - fx0), static_cast<GLsizei>(fy1 - fy0));
    clear_to(scene.background);
    // The view's camera moved so that the viewport's centre (the page's, or this tile's) is the
    // viewport's centre.
    const double cx = page_viewport ? W / 2.0 : tile.x + tw / 2.0;
    const double cy = page_viewport ? H / 2.0 : tile.y + th / 2.0;
    Camera camera = view_camera;
    camera.width_px = vw;
    camera.height_px = vh;
    camera.centre = view_camera.screen_to_map({cx - frame.x, cy - frame.y});
    DrawTarget target;
    target.width_px = vw;
    target.height_px = vh;
    target.pixel_ratio = static_cast<float>(page.page.scale);
    // gl_FragCoord.x - y of the page's pixel at this tile's lower-left corner.
    const double offset = tile.x - (page.page.height_px - tile.y - th);
    const double period = kNoDataHatchSpacing * std::sqrt(2.0) * page.page.scale;
    impl_->draw_layers(scene, camera, target,
                       static_cast<float>(offset - period * std::floor(offset / period)));
    glDisable(GL_SCISSOR_TEST);
  };
  draw_view(page.frame, page.camera);
  if (page.inset) draw_view(page.inset->frame, page.inset->camera);

  const FontSet& fonts = default_fonts();
  // Page furniture in page pixels over the page-wide viewport, or shifted into the tile's.
  const double dx = page_viewport ? 0 : tile.x, dy = page_viewport ? 0 : tile.y;
  auto& ov = impl_->overlay;
  ov.clear();
  if (page.frame_border) {
    // Four strips inside the frame's edge.
    const LayoutRect& r = *page.frame_border;
    const double b = page.frame_border_width;
    const Rgba c = page.frame_border_color;
    impl_->add_boxes({{{r.x, r.y, r.w, b}, c},
                      {{r.x, r.y + r.h - b, r.w, b}, c},
                      {{r.x, r.y + b, b, r.h - 2 * b}, c},
                      {{r.x + r.w - b, r.y + b, b, r.h - 2 * b}, c}},
                     dx, dy);
  }
  impl_->add_boxes(page.legend.boxes, dx, dy);
  impl_->add_layout_lines(page.legend.hatching, dx, dy);
  impl_->add_boxes(page.boxes, dx, dy);
  impl_->add_layout_lines(page.lines, dx, dy);
  for (const LayoutPolygon& polygon : page.polygons) {
    const Rgba c = polygon.fill;
    const auto vertex = [&](Vec2 p) {
      return OverlayVertex{
          static_cast<float>(p.x - dx), static_cast<float>(p.y - dy), -1, -1, c.r, c.g, c.b, c.a};
    };
    for (std::size_t i = 1; i + 1 < polygon.points.size(); ++i)
      ov.insert(ov.end(), {vertex(polygon.points[0]), vertex(polygon.points[i]),
                           vertex(polygon.points[i + 1])});
  }
  impl_->add_label_marks(page.labels, dx, dy);
  // All text last, in one pass, so an atlas reset never drops text queued earlier.
  std::vector<LayoutText> texts = page.legend.texts;
  texts.insert(texts.end(), page.texts.begin(), page.texts.end());
  for (const MapLabel& label : page.labels)
    texts.insert(texts.end(), label.lines.begin(), label.lines.end());
  impl_->add_texts(texts, fonts, dx, dy);
  impl_->flush_overlay(vw, vh);

  glBindVertexArray(0);
  glUseProgram(0);
}

}  // namespace devomap::render
