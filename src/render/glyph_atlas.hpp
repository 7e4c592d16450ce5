#pragma once
// A single-channel texture of glyph bitmaps baked on demand with stb_truetype (through
// core/font.hpp), cached per font, size and glyph. Internal to render/.
#include <cstdint>
#include <unordered_map>

#include "core/font.hpp"
#include "render/gl_objects.hpp"

namespace devomap::render {

class GlyphAtlas {
 public:
  struct Entry {
    int x = 0, y = 0;  // top-left texel in the atlas
    int width = 0, height = 0;
    int x_offset = 0, y_offset = 0;  // from the pen position on the baseline, y down
  };

  explicit GlyphAtlas(int side = 2048);

  // The glyph's place in the atlas, baking it on first use; nullptr when the atlas is full
  // (call clear() and ask again). Empty glyphs (space) get an entry with zero size.
  const Entry* find_or_add(const Font& font, int glyph_index, float size);
  void clear();  // forgets every glyph (the texture keeps its size)

  GLuint texture() const { return texture_.id(); }
  int side() const { return side_; }

 private:
  struct Key {
    const Font* font;
    int glyph;
    std::int32_t size_64ths;  // size rounded to 1/64 px so nearby float sizes share glyphs
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };

  int side_;
  gl::Texture texture_;
  std::unordered_map<Key, Entry, KeyHash> entries_;
  int shelf_x_ = 0, shelf_y_ = 0, shelf_height_ = 0;  // simple shelf packing
};

}  // namespace devomap::render
