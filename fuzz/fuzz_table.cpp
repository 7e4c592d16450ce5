// libFuzzer target: the table reader (encodings, delimiters, quotes, header detection, no-data
// markers) on any bytes given as a CSV. Bad input must end in UserError, never a crash.
#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "data/table_source.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = devomap::fuzz::write_input("table.csv", data, size);
  try {
    devomap::data::load_table(path);
  } catch (const devomap::UserError&) {
  }
  return 0;
}
