#pragma once
// Shared helpers for the Catch2 tests: where the real ONS files are, and temp folders.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace devomap::test {

// The folder of real ONS files (DEVOMAP_TEST_DATA, else ../shared/geodata beside the checkout),
// or nullopt after printing a visible "SKIPPED: <why>" line for the calling test.
std::optional<std::filesystem::path> real_data_dir(const std::string& test_name);

// A fresh, empty temporary folder unique to this call; removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Path of the built devomap binary and the source tree, for tests that run the program.
std::filesystem::path devomap_binary();
std::filesystem::path source_dir();

// Runs the built devomap with these arguments and no display (DISPLAY unset), as a user would
// from a shell, and captures what it printed.
struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
RunResult run_devomap(const std::vector<std::string>& args);

// Four districts (E06000001-4) in a 2 x 2 grid of 50 x 40 km on the British National Grid as
// GeoJSON, named like ONS fields (LAD24CD, LAD24NM) so the OGL attribution applies, with a
// number field "value" of 10, 20, 30, 40; with `lake`, the first has a hole.
void write_grid_districts(const std::filesystem::path& path, bool lake);

// A whole file's bytes ("" when it cannot be read), and a file written with its folders made.
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);

}  // namespace devomap::test
