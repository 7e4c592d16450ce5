// libFuzzer target: the boundary layer loader on a shapefile whose parts come from the input:
// the first two bytes say how long the .shp is, the next two the .shx, the rest is the .dbf
// (a .prj for British National Grid is always there). Bad input must end in UserError.
#include <cstddef>
#include <cstdint>
#include <fstream>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "gdal/layer_source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  const std::size_t shp = std::size_t{data[0]} << 8 | data[1];
  const std::size_t shx = std::size_t{data[2]} << 8 | data[3];
  data += 4;
  size -= 4;
  if (shp + shx > size) return 0;
  const std::string path = devomap::fuzz::write_input("areas.shp", data, shp);
  devomap::fuzz::write_input("areas.shx", data + shp, shx);
  devomap::fuzz::write_input("areas.dbf", data + shp + shx, size - shp - shx);
  const std::string prj = devomap::fuzz::bng_prj();
  devomap::fuzz::write_input("areas.prj", reinterpret_cast<const std::uint8_t*>(prj.data()),
                             prj.size());
  try {
    devomap::gdal::load_layer(path);
  } catch (const devomap::UserError&) {
  }
  return 0;
}
