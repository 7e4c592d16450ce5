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
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
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
  r.out = slurp(tmp / "out");
  r.err = slurp(tmp / "err");
  return r;
}

}  // namespace devomap::test
