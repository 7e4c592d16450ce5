#include "ui/screenshot.hpp"

#include <utility>

#include "render/offscreen.hpp"
#include "writers/png_writer.hpp"

namespace devomap::ui {

void save_back_buffer_png(const std::filesystem::path& path, int fb_width, int fb_height) {
  render::Image image = render::read_window_surface(fb_width, fb_height);
  writers::PngWriteOptions options;
  options.overwrite = true;    // the caller named the file explicitly
  options.keep_alpha = false;  // the window's alpha channel is meaningless
  writers::write_png(path, writers::PngPixels{fb_width, fb_height, 4, std::move(image.rgba)},
                     options);
}

}  // namespace devomap::ui
