#pragma once
// Saves what the window is about to show: glReadPixels of the back buffer (after the map and
// ImGui were drawn, before the swap), flipped to top-row-first and written as an opaque PNG.
#include <filesystem>

namespace devomap::ui {

// Throws UserError naming the file when it cannot be written.
void save_back_buffer_png(const std::filesystem::path& path, int fb_width, int fb_height);

}  // namespace devomap::ui
