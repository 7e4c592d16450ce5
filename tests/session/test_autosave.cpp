// Never losing work: the window's map saved at each change in its own file, removed on a
// normal close; a file whose window is gone is offered back.
#include <unistd.h>
#include <catch2/catch.hpp>
#include <fstream>

#include "core/map_spec.hpp"
#include "session/autosave.hpp"
#include "support/test_support.hpp"

using namespace devomap;
using devomap::session::Autosave;

namespace {

MapSpec spec_with_field(const std::string& title) {
  MapSpec spec;
  spec.layout.title = title;
  spec.default_title = false;
  return spec;
}

// A process id no process has: past the kernel's largest.
constexpr long kGonePid = 4194304 + 17;

}  // namespace

TEST_CASE("autosave: each change is saved, a normal close leaves nothing", "[autosave]") {
  test::TempDir dir;
  const auto folder = dir.path() / "state" / "devomap";
  Autosave save(folder, static_cast<long>(::getpid()));
  CHECK_FALSE(save.save(spec_with_field("powers")));  // the folder is made
  REQUIRE(std::filesystem::exists(save.path()));
  const MapSpec read = read_map_spec(save.path());
  CHECK(read.layout.title == "powers");
  const auto first = std::filesystem::last_write_time(save.path());
  // The same map is not written again; a change is.
  CHECK_FALSE(save.save(spec_with_field("powers")));
  CHECK(std::filesystem::last_write_time(save.path()) == first);
  CHECK_FALSE(save.save(spec_with_field("per_head")));
  CHECK(read_map_spec(save.path()).layout.title == "per_head");
  // This window is running: its own file is not offered to itself or another window.
  CHECK_FALSE(save.left_by_crash());
  CHECK_FALSE(Autosave(folder, 1).left_by_crash());
  save.close();
  CHECK_FALSE(std::filesystem::exists(save.path()));
}

TEST_CASE("autosave: a window that died leaves its map to be restored", "[autosave]") {
  test::TempDir dir;
  const auto folder = dir.path();
  Autosave crashed(folder, kGonePid);
  CHECK_FALSE(crashed.save(spec_with_field("powers")));
  // Files of other kinds are never offered.
  std::ofstream(folder / "window-abc.json") << "{}";
  std::ofstream(folder / "notes.json") << "{}";
  Autosave next(folder, static_cast<long>(::getpid()));
  const auto left = next.left_by_crash();
  REQUIRE(left);
  CHECK(*left == crashed.path());
  CHECK(read_map_spec(*left).layout.title == "powers");
  Autosave::forget(*left);
  CHECK_FALSE(next.left_by_crash());
  CHECK_FALSE(session::process_running(kGonePid));
  CHECK(session::process_running(static_cast<long>(::getpid())));
}

TEST_CASE("autosave: a folder that cannot be written is said once, not thrown", "[autosave]") {
  test::TempDir dir;
  std::ofstream(dir.path() / "file") << "x";
  Autosave save(dir.path() / "file" / "devomap", static_cast<long>(::getpid()));
  const auto problem = save.save(spec_with_field("powers"));
  REQUIRE(problem);
  CHECK(problem->find("cannot be saved") != std::string::npos);
  CHECK_FALSE(save.save(spec_with_field("per_head")));  // said once
}
