#include "render/glyph_atlas.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace devomap::render {

namespace {
constexpr int kGutter = 1;  // empty texels between glyphs so neighbours never bleed
}

std::size_t GlyphAtlas::KeyHash::operator()(const Key& k) const {
  std::size_t h = std::hash<const void*>()(k.font);
  h ^= std::hash<std::int64_t>()((static_cast<std::int64_t>(k.glyph) << 32) ^ k.size_64ths) +
       0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

GlyphAtlas::GlyphAtlas(int side) : side_(side) {
  glBindTexture(GL_TEXTURE_2D, texture_.id());
  // Zero-filled so the gutters read as no coverage.
  const std::vector<std::uint8_t> zeros(static_cast<std::size_t>(side) * side, 0);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, side, side, 0, GL_RED, GL_UNSIGNED_BYTE, zeros.data());
  // Glyphs are drawn 1:1 at whole-pixel positions, so nearest sampling is exact.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

void GlyphAtlas::clear() {
  entries_.clear();
  shelf_x_ = shelf_y_ = shelf_height_ = 0;
}

const GlyphAtlas::Entry* GlyphAtlas::find_or_add(const Font& font, int glyph_index, float size) {
  const Key key{&font, glyph_index, static_cast<std::int32_t>(std::lround(size * 64.0f))};
  if (auto it = entries_.find(key); it != entries_.end()) return &it->second;

  const GlyphBitmap bitmap = font.rasterize(glyph_index, key.size_64ths / 64.0f);
  Entry entry;
  entry.width = bitmap.width;
  entry.height = bitmap.height;
  entry.x_offset = bitmap.x_offset;
  entry.y_offset = bitmap.y_offset;
  if (bitmap.width > 0 && bitmap.height > 0) {
    if (shelf_x_ + bitmap.width + kGutter > side_) {  // next shelf
      shelf_y_ += shelf_height_ + kGutter;
      shelf_x_ = 0;
      shelf_height_ = 0;
    }
    if (bitmap.width + kGutter > side_ || shelf_y_ + bitmap.height + kGutter > side_)
      return nullptr;
    entry.x = shelf_x_ + kGutter;
    entry.y = shelf_y_ + kGutter;
    shelf_x_ += bitmap.width + kGutter;
    shelf_height_ = std::max(shelf_height_, bitmap.height);
    glBindTexture(GL_TEXTURE_2D, texture_.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, entry.x, entry.y, bitmap.width, bitmap.height, GL_RED,
                    GL_UNSIGNED_BYTE, bitmap.coverage.data());
  }
  return &entries_.emplace(key, entry).first->second;
}

}  // namespace devomap::render
