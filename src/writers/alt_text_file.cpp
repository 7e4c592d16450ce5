// The alt text beside an exported map: a plain UTF-8 file that content systems and report
// authors paste into an image's alt attribute.
#include <cstdio>
#include <string>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "writers/page_export.hpp"

namespace devomap::writers {

std::filesystem::path alt_text_path(const std::filesystem::path& map_file) {
  // The whole name is kept, so map.png and map.svg side by side get a file each.
  std::filesystem::path p = map_file;
  p += ".alt.txt";
  return p;
}

void write_alt_text(const std::filesystem::path& path, const std::string& text, bool overwrite) {
  write_file_atomically(path, text + "\n", overwrite);
}

}  // namespace devomap::writers
