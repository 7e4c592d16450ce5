// libFuzzer target: the map spec reader (JSON, members, types, views) on any text. Bad input
// must end in UserError, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "core/map_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    devomap::parse_map_spec(std::string_view(reinterpret_cast<const char*>(data), size),
                            "fuzz.json", "/tmp");
  } catch (const devomap::UserError&) {
  }
  return 0;
}
