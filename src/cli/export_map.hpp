#pragma once
// The page export moved to src/output/export_map.hpp so the window's "Export..." shares it
// (ui must not depend on cli); these names keep the command-line code reading as before.
#include "output/export_map.hpp"

namespace devomap::cli {

using output::export_format;
using output::export_map;
using output::ExportFormat;
using output::ExportRequest;
using output::ons_boundary_year;

}  // namespace devomap::cli
