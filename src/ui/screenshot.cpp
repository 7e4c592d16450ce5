#include "ui/screenshot.hpp"

#include <glad/gl.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "io/png_writer.hpp"

namespace devomap::ui {

void save_back_buffer_png(const std::filesystem::path& path, int fb_width, int fb_height) {
  const std::size_t row = static_cast<std::size_t>(fb_width) * 4;
  std::vector<std::uint8_t> bottom_up(row * static_cast<std::size_t>(fb_height));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, fb_width, fb_height, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  std::vector<std::uint8_t> top_down(bottom_up.size());
  for (int y = 0; y < fb_height; ++y)
    std::memcpy(top_down.data() + row * static_cast<std::size_t>(y),
                bottom_up.data() + row * static_cast<std::size_t>(fb_height - 1 - y), row);
  io::PngWriteOptions options;
  options.overwrite = true;    // the caller named the file explicitly
  options.keep_alpha = false;  // the window's alpha channel is meaningless
  io::write_png(path, io::PngPixels{fb_width, fb_height, 4, top_down}, options);
}

}  // namespace devomap::ui
