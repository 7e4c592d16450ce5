// Output files appear complete or not at all: nothing is left behind by a write that fails or a
// process that is killed mid-write, and leftovers of older versions are swept safely.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/layer.hpp"
#include "support/test_support.hpp"

using namespace devomap;
namespace fs = std::filesystem;

namespace {
std::set<std::string> names_in(const fs::path& folder) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(folder)) names.insert(e.path().filename().string());
  return names;
}

// A process id that has ended: a child that exits at once, reaped.
pid_t ended_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}
}  // namespace

TEST_CASE("atomic files leave nothing but the finished file", "[atomic_file]") {
  test::TempDir dir;
  write_file_atomically(dir / "map.svg", "<svg/>", false);
  write_file_atomically(dir / "map.svg", "<svg></svg>", true);
  CHECK(names_in(dir.path()) == std::set<std::string>{"map.svg"});
  CHECK(test::read_file(dir / "map.svg") == "<svg></svg>");
  CHECK_THROWS_WITH(write_file_atomically(dir / "map.svg", "x", false),
                    Catch::Contains("refusing to overwrite"));
  CHECK(names_in(dir.path()) == std::set<std::string>{"map.svg"});
  CHECK(test::read_file(dir / "map.svg") == "<svg></svg>");
}

TEST_CASE("a writer killed before it commits leaves nothing in the folder", "[atomic_file]") {
  test::TempDir dir;
  const pid_t child = ::fork();
  if (child == 0) {
    AtomicFile file(dir / "big.png", false);
    for (int i = 0; i < 1000; ++i) std::fputs("not finished yet\n", file.stream());
    std::fflush(file.stream());
    ::raise(SIGKILL);  // as `kill -9` mid-export
    ::_exit(1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  CHECK(names_in(dir.path()).empty());
}

TEST_CASE("leftover temporary files of ended processes are swept by the next write",
          "[atomic_file]") {
  test::TempDir dir;
  const std::string dead =
      "." + std::string("map.png") + ".tmp-" + std::to_string(ended_pid()) + "-0123abcd";
  const std::string alive =
      ".map.png.tmp-" + std::to_string(::getpid()) + "-89abcdef";  // may still commit
  const std::string other_file = ".other.png.tmp-" + std::to_string(ended_pid()) + "-01234567";
  const std::string not_ours = ".map.png.tmp-notes";
  for (const auto& name : {dead, alive, other_file, not_ours}) test::write_file(dir / name, "x");
  write_file_atomically(dir / "map.png", "png", false);
  CHECK(names_in(dir.path()) == std::set<std::string>{"map.png", alive, other_file, not_ours});
}

TEST_CASE("copies into the data folder are complete or absent", "[atomic_file]") {
  test::TempDir dir;
  test::write_file(dir / "from.csv", std::string(200000, 'x'));
  copy_file_atomically(dir / "from.csv", dir / "to.csv", false);
  CHECK(test::read_file(dir / "to.csv") == test::read_file(dir / "from.csv"));
  CHECK_THROWS_WITH(copy_file_atomically(dir / "missing.csv", dir / "to2.csv", false),
                    Catch::Contains("cannot read") && Catch::Contains("missing.csv"));
  CHECK_FALSE(fs::exists(dir / "to2.csv"));
}

TEST_CASE("features left out by loading are counted and named", "[layer]") {
  LoadReport report;
  CHECK(skipped_summary(report, "'x.shp'").empty());
  for (int i = 1; i <= 25; ++i)
    report.skipped.push_back("feature " + std::to_string(i) + ": no geometry");
  const std::string text = skipped_summary(report, "'x.shp'");
  CHECK_THAT(text, Catch::StartsWith("'x.shp': 25 features were left out: feature 1: no geometry; "
                                     "feature 2: no geometry;"));
  CHECK_THAT(text, Catch::Contains("feature 20: no geometry; and 5 more"));
  CHECK_THAT(text, !Catch::Contains("feature 21:"));
  report.repaired = 1;
  CHECK(repaired_summary(report, "'x.shp'") ==
        "'x.shp': 1 invalid polygon was repaired (self-intersections resolved; areas as drawn)");
}
