#include "ui/app_args.hpp"

#include <cstdlib>

#include <charconv>
#include <string_view>

#include "core/error.hpp"

namespace devomap::ui {
namespace {

constexpr int kMinWindowSide = 200;
constexpr int kMaxWindowSide = 16384;  // GL_MAX_RENDERBUFFER_SIZE on llvmpipe

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<WindowSize> parse_window_size(const std::string& text) {
  const auto x = text.find_first_of("xX");
  if (x == std::string::npos) return std::nullopt;
  const auto w = parse_int(std::string_view(text).substr(0, x));
  const auto h = parse_int(std::string_view(text).substr(x + 1));
  if (!w || !h) return std::nullopt;
  const auto in_range = [](int v) { return v >= kMinWindowSide && v <= kMaxWindowSide; };
  if (!in_range(*w) || !in_range(*h)) return std::nullopt;
  return WindowSize{*w, *h};
}

AppArgs parse_app_args(int argc, const char* const* argv) {
  AppArgs args;
  bool frames_given = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::optional<std::string> inline_value;
    if (arg.rfind("--", 0) == 0) {
      if (const auto eq = arg.find('='); eq != std::string::npos) {
        inline_value = arg.substr(eq + 1);
        arg.resize(eq);
      }
    }
    // Options that take a value accept both "--opt value" and "--opt=value".
    const auto value = [&](const char* example) -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= argc) throw UserError(arg + " needs a value, e.g. " + arg + " " + example);
      return argv[++i];
    };

    if (arg == "--data-dir") {
      args.data_dir = value("~/maps/devomap-data");
    } else if (arg == "--layer" || arg == "--layer-name") {  // --layer-name as in `render`
      args.layer_name = value("lad_2024_uk_buc");
    } else if (arg == "--table") {
      args.table = value("scores.csv");
    } else if (arg == "--sheet") {
      args.sheet = value("MYE5");
    } else if (arg == "--window-size") {
      const std::string text = value("1600x1000");
      args.window_size = parse_window_size(text);
      if (!args.window_size)
        throw UserError("--window-size '" + text + "' is not WIDTHxHEIGHT with each side " +
                        std::to_string(kMinWindowSide) + ".." + std::to_string(kMaxWindowSide) +
                        " pixels, e.g. --window-size 1600x1000");
    } else if (arg == "--screenshot") {
      args.screenshot_path = value("shot.png");
    } else if (arg == "--frames") {
      const std::string text = value("5");
      const auto frames = parse_int(text);
      if (!frames || *frames < 1)
        throw UserError("--frames '" + text +
                        "' is not a whole number of at least 1, e.g. --frames 5");
      args.screenshot_frames = *frames;
      frames_given = true;
    } else if (arg == "--present") {
      args.present = true;
    } else if (arg == "--ui-scale") {
      const std::string text = value("1.5");
      char* end = nullptr;
      const float scale = std::strtof(text.c_str(), &end);
      if (text.empty() || *end != '\0' || !(scale >= 0.5f && scale <= 4.0f))
        throw UserError("--ui-scale '" + text + "' is not a number from 0.5 to 4, e.g. " +
                        "--ui-scale 1.5");
      args.ui_scale = scale;
    } else if (arg == "--ready-file") {
      args.ready_file = value("ready.json");
    } else if (arg == "--preview") {
      const std::string text = value("deuteranopia");
      args.preview = parse_color_vision(text);
      if (!args.preview)
        throw UserError("--preview '" + text +
                        "' is not known; use normal, protanopia, deuteranopia, tritanopia or "
                        "greyscale");
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw UserError(
          "unknown window option '" + arg +
          "'; the window takes [--data-dir DIR] [--layer-name NAME] [--table FILE [--sheet NAME]] "
          "[--window-size WxH] [--present] [--ui-scale N] [PATH] (run 'devomap --help' for the "
          "commands)");
    } else if (args.path) {
      throw UserError("the window opens one layer at a time, but got '" + *args.path + "' and '" +
                      arg + "'; give one PATH (and --layer-name NAME for a multi-layer file)");
    } else {
      args.path = arg;
    }
  }
  if (args.sheet && !args.table)
    throw UserError("--sheet '" + *args.sheet +
                    "' needs a --table to pick the sheet from, e.g. --table data.xlsx --sheet " +
                    *args.sheet);
  if (frames_given && !args.screenshot_path)
    throw UserError(
        "--frames only applies with --screenshot PATH, e.g. --screenshot shot.png --frames 5");
  if (args.layer_name && !args.path)
    throw UserError("--layer '" + *args.layer_name +
                    "' needs a PATH to pick the layer from, e.g. devomap boundaries.gpkg --layer " +
                    *args.layer_name);
  return args;
}

}  // namespace devomap::ui
