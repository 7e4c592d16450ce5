#pragma once
// The window's command line: `devomap [--data-dir DIR] [--layer NAME] [--window-size WxH]
// [--present] [--ui-scale N] [PATH]`
// plus hidden options for tests (--screenshot PATH --frames N, --ready-file PATH). Parsed by hand
// so the window does not pay for CLI11 (src/cli owns the subcommands and --help).
#include <optional>
#include <string>

#include "core/palette.hpp"

namespace devomap::ui {

struct WindowSize {
  int width = 0;
  int height = 0;
};

struct AppArgs {
  std::string data_dir;                   // --data-dir; "" = data::resolve_data_dir's default
  std::optional<std::string> path;        // a layer to open instead of the default UK map
  std::optional<std::string> layer_name;  // --layer: which layer of a multi-layer source
  std::optional<WindowSize> window_size;  // --window-size 1600x1000 (logical pixels)
  // --table FILE [--sheet NAME]: a table joined onto the map once it has loaded, as the DATA
  // section's "Add table" would.
  std::optional<std::string> table;
  std::optional<std::string> sheet;
  // Test hooks: render `screenshot_frames` frames once loading has settled, save the window's
  // back buffer as a PNG and exit.
  std::optional<std::string> screenshot_path;
  int screenshot_frames = 3;
  // Test hook: once a loaded map has been drawn, write the map viewport and camera as JSON here.
  std::optional<std::string> ready_file;
  // --preview NAME: start with the map shown as seen with a colour-vision deficiency (a view
  // setting, as in the style panel; never exported).
  std::optional<ColorVision> preview;
  // --present: open in presentation mode (full screen, the deck's views stepped by keys).
  bool present = false;
  // --ui-scale 1.5: panels and type this much larger (0.5..4); default: the desktop's scaling
  // (or DEVOMAP_UI_SCALE).
  std::optional<float> ui_scale;
};

// argv[0] is the program name. Throws UserError with a one-line message for anything unknown,
// a missing or malformed value, or two layer paths.
AppArgs parse_app_args(int argc, const char* const* argv);

// "1600x1000" -> size; nullopt unless both sides are whole numbers in 200..16384.
std::optional<WindowSize> parse_window_size(const std::string& text);

}  // namespace devomap::ui
