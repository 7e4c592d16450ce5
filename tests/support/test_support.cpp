#include "support/test_support.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

namespace devomap::test {

std::optional<std::filesystem::path> real_data_dir(const std::string& test_name) {
  std::filesystem::path dir;
  if (const char* env = std::getenv("DEVOMAP_TEST_DATA"); env && *env)
    dir = env;
  else
    dir = DEVOMAP_DEFAULT_TEST_DATA;
  if (std::filesystem::is_directory(dir)) return dir;
  std::cout << "SKIPPED: " << test_name << ": no real ONS data at " << dir
            << " (set DEVOMAP_TEST_DATA to the folder of ONS boundary files)\n";
  return std::nullopt;
}

TempDir::TempDir() {
  std::random_device rd;
  const auto base = std::filesystem::temp_directory_path();
  for (;;) {
    path_ = base / ("devomap-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(path_)) break;
  }
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path devomap_binary() {
  return DEVOMAP_BINARY;
}
std::filesystem::path source_dir() {
  return DEVOMAP_SOURCE_DIR;
}

namespace {
std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}
}  // namespace

RunResult run_devomap(const std::vector<std::string>& args) {
  TempDir tmp;
  std::string cmd = "env -u DISPLAY -u WAYLAND_DISPLAY " + shell_quote(devomap_binary().string());
  for (const std::string& a : args) cmd += " " + shell_quote(a);
  cmd += " >" + shell_quote((tmp / "out").string()) + " 2>" + shell_quote((tmp / "err").string());
  const int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(tmp / "out");
  r.err = read_file(tmp / "err");
  return r;
}

void write_grid_districts(const std::filesystem::path& path, bool lake) {
  std::ofstream out(path);
  out << R"({"type":"FeatureCollection",
"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},
"features":[)";
  const char* codes[] = {"E06000001", "E06000002", "E06000003", "E06000004"};
  const char* names[] = {"Hartlepool", "Middlesbrough", "Redcar and Cleveland", "Stockton"};
  for (int i = 0; i < 4; ++i) {
    const int x = 400000 + (i % 2) * 50000, y = 500000 + (i / 2) * 40000;
    out << (i ? "," : "") << R"({"type":"Feature","properties":{"LAD24CD":")" << codes[i]
        << R"(","LAD24NM":")" << names[i] << R"(","value":)" << (i + 1) * 10
        << R"(},"geometry":{"type":"Polygon","coordinates":[[)";
    out << "[" << x << "," << y << "],[" << x + 50000 << "," << y << "],[" << x + 50000 << ","
        << y + 40000 << "],[" << x << "," << y + 40000 << "],[" << x << "," << y << "]]";
    if (i == 0 && lake)
      out << ",[[" << x + 10000 << "," << y + 10000 << "],[" << x + 10000 << "," << y + 20000
          << "],[" << x + 20000 << "," << y + 20000 << "],[" << x + 20000 << "," << y + 10000
          << "],[" << x + 10000 << "," << y + 10000 << "]]";
    out << "]}}";
  }
  out << "]}\n";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace devomap::test
