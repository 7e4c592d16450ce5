#pragma once
namespace devomap::ui {
// Opens the window: `devomap [--data-dir DIR] [--layer NAME] [--window-size WxH] [PATH]`.
// Without PATH it shows the UK districts and nations from the data dir's catalogue, or a
// first-run screen saying how to get them. Hidden test hooks: --screenshot PNG --frames N
// (render N frames once loading has settled, save the window, exit) and --ready-file JSON
// (write the map viewport and camera once a map is drawn). Returns the process exit code:
// 0, 1 (the window could not start, or a screenshot timed out while loading), 2 (bad
// arguments).
int run_app(int argc, char** argv);
}  // namespace devomap::ui
