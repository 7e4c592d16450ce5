#pragma once
// Which attribute holds the area codes (GSS codes such as E06000001) and which holds the names.
#include <cstddef>
#include <optional>
#include <string_view>

#include "core/table.hpp"

namespace devomap::gdal {

struct DetectedFields {
  std::optional<std::size_t> code;
  std::optional<std::size_t> name;
};

// The code column is a text column whose non-null values are (nearly, 95%) all GSS codes. Among
// several, prefer one without repeated values (the areas' own codes, not a parent's such as
// lad19cd in an LSOA layer), then a name ending in CD (LAD24CD, lsoa11cd), then more matches,
// then the first. The name column is its partner with NM for CD (LAD24NM, lsoa11nm), else a
// text field named like *name* or *NM.
DetectedFields detect_code_and_name(const Table& table);

}  // namespace devomap::gdal
