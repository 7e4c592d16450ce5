#pragma once
namespace devomap::ui {
// Opens the window: `devomap [--data-dir DIR] [PATH]`. Returns the process exit code.
int run_app(int argc, char** argv);
}  // namespace devomap::ui
