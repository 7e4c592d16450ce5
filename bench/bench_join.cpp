// Joins a 35,000-row table to the 32,844 LSOA 2011 areas, by code and by name, and prints the
// times and peak memory as a Markdown table. The table is written from the layer's own codes
// and names with the messes real tables have: "&" for "and", case changes, extra spaces,
// duplicate rows, codes that are on no map, "£1.2m" money, "12.5%" rates and "[c]" cells.
//
//   bench_join [GEODATA_DIR]     (default: $DEVOMAP_TEST_DATA)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/join.hpp"
#include "data/table_source.hpp"
#include "gdal/layer_source.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

struct TableStats {
  std::size_t rows = 0, duplicates = 0, unknown = 0, ampersands = 0, case_changed = 0, spaced = 0;
};

// 32,844 areas + 1,500 duplicate rows + 656 unknown codes = 35,000 rows.
TableStats write_table(const devomap::Layer& layer, const fs::path& path) {
  std::mt19937 rng(20240601);
  std::ofstream out(path, std::ios::binary);
  out << "code,name,population,employment_rate,spend\n";
  TableStats stats;
  auto row = [&](const std::string& code, std::string name) {
    const unsigned draw = rng() % 100;
    if (const auto at = name.find(" and "); at != std::string::npos && draw < 60) {
      name.replace(at, 5, " & ");
      ++stats.ampersands;
    }
    if (draw % 7 == 0) {
      name = upper(name);
      ++stats.case_changed;
    } else if (draw % 11 == 0) {
      name = "  " + name;
      const auto space = name.rfind(' ');
      name.insert(space, "  ");
      ++stats.spaced;
    }
    const int population = 1000 + static_cast<int>(rng() % 2000);
    char rate[32], spend[32];
    std::snprintf(rate, sizeof rate, "%.1f%%", 50.0 + static_cast<double>(rng() % 400) / 10.0);
    std::snprintf(spend, sizeof spend, "\xC2\xA3%.1fm", static_cast<double>(rng() % 500) / 10.0);
    out << code << ',' << csv_quote(name) << ','
        << (draw == 42 ? std::string("[c]") : std::to_string(population)) << ',' << rate << ','
        << spend << '\n';
    ++stats.rows;
  };
  const std::size_t n = layer.size();
  for (std::size_t i = 0; i < n; ++i) row(layer.code(i), layer.name(i));
  for (int i = 0; i < 1500; ++i) {
    const std::size_t pick = rng() % n;
    row(layer.code(pick), layer.name(pick));
    ++stats.duplicates;
  }
  for (int i = 0; i < 656; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "E0199%04d", i);
    row(code, "Nowhere " + std::to_string(i) + "A");
    ++stats.unknown;
  }
  return stats;
}

// CPU time of this process: on a shared, busy machine it tracks the work better than wall time
// (everything measured here runs on one thread).
double cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

struct Timing {
  double wall_ms = 0;
  double cpu_ms = 0;
};

// Median wall and CPU time over `runs` runs.
template <typename F>
Timing measure(int runs, F&& f) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    const double cpu_start = cpu_ms();
    f();
    wall.push_back(ms_since(start));
    cpu.push_back(cpu_ms() - cpu_start);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    fs::path data;
    if (argc > 1) {
      data = argv[1];
    } else if (const char* env = std::getenv("DEVOMAP_TEST_DATA"); env && *env) {
      data = env;
    } else {
      std::cerr << "usage: bench_join GEODATA_DIR (or set DEVOMAP_TEST_DATA)\n";
      return 2;
    }
    const fs::path gpkg = data / "lsoa_2011_en_simplified.gpkg";

    devomap::gdal::LoadOptions load;
    load.display = devomap::gdal::DisplayCrs::Source;
    devomap::Layer layer;
    const Timing load_layer =
        measure(1, [&] { layer = devomap::gdal::load_layer(gpkg.string(), load); });
    const double rss_after_layer = peak_rss_mb();

    const fs::path csv = fs::temp_directory_path() / "devomap_bench_join_35k.csv";
    const TableStats stats = write_table(layer, csv);

    devomap::data::LoadedTable table;
    const Timing load_table = measure(3, [&] { table = devomap::data::load_table(csv.string()); });

    devomap::JoinResult by_code, by_name;
    const Timing code = measure(5, [&] { by_code = devomap::join_table(layer, table.source); });
    devomap::JoinOptions name_options;
    name_options.table_key = "name";
    const Timing name =
        measure(5, [&] { by_name = devomap::join_table(layer, table.source, name_options); });
    const double rss_end = peak_rss_mb();
    fs::remove(csv);

    std::printf(
        "Table: %zu rows (%zu duplicates, %zu unknown codes, %zu names with &, %zu upper "
        "case, %zu with extra spaces) on %zu LSOA areas\n\n",
        stats.rows, stats.duplicates, stats.unknown, stats.ampersands, stats.case_changed,
        stats.spaced, layer.size());
    std::printf(
        "| step | wall ms (median) | CPU ms (median) | matched | unmatched areas | unmatched "
        "rows | duplicate keys |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    std::printf("| load layer (GPKG, no reprojection) | %.0f | %.0f | | | | |\n",
                load_layer.wall_ms, load_layer.cpu_ms);
    std::printf("| load table (CSV, typed) | %.1f | %.1f | | | | |\n", load_table.wall_ms,
                load_table.cpu_ms);
    const auto& c = by_code.report;
    std::printf("| join by code | %.1f | %.1f | %zu | %zu | %zu | %zu |\n", code.wall_ms,
                code.cpu_ms, c.matched, c.unmatched_layer.size(), c.unmatched_table.size(),
                c.duplicate_keys.size());
    const auto& n = by_name.report;
    std::printf("| join by name | %.1f | %.1f | %zu (%zu loose) | %zu | %zu | %zu |\n",
                name.wall_ms, name.cpu_ms, n.matched, n.matched_loosely, n.unmatched_layer.size(),
                n.unmatched_table.size(), n.duplicate_keys.size());
    std::printf("\nPeak RSS: %.1f MB after loading the layer, %.1f MB at the end\n",
                rss_after_layer, rss_end);
    return 0;
  } catch (const devomap::UserError& e) {
    std::cerr << "bench_join: " << e.what() << "\n";
    return 1;
  }
}
