// `devomap compare AREA AREA... [--year Y] [--out comparison.csv]`: areas of the UK map side by
// side (session/compare.hpp), named by GSS code or as the find box takes a name; printed as a
// table, or written as CSV. An ambiguous name is refused with its candidates.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/rollup.hpp"
#include "data/data_dir.hpp"
#include "session/compare.hpp"
#include "session/map_session.hpp"

namespace devomap::cli {

namespace {

struct CompareOptions {
  std::vector<std::string> areas;
  std::string year;
  std::string out;
  bool force = false;
};

// Characters on screen, not bytes: names hold en dashes and pound signs.
std::size_t width_of(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string padded(const std::string& s, std::size_t width) {
  return s + std::string(width > width_of(s) ? width - width_of(s) : 0, ' ');
}

// A row per measure, a column per area; rows that differ marked with '*'.
void print_comparison(const session::Comparison& c) {
  std::size_t label_w = 0;
  for (const auto& row : c.rows) label_w = std::max(label_w, width_of(row.label));
  label_w = std::min<std::size_t>(label_w, 48);
  std::vector<std::size_t> col_w;
  for (std::size_t k = 0; k < c.names.size(); ++k) {
    std::size_t w = width_of(c.names[k]);
    for (const auto& row : c.rows) w = std::max(w, width_of(row.values[k]));
    col_w.push_back(std::min<std::size_t>(w, 40));
  }
  std::cout << "  " << padded("", label_w);
  for (std::size_t k = 0; k < c.names.size(); ++k)
    std::cout << "  " << padded(c.names[k], col_w[k]);
  std::cout << "\n";
  std::string group;
  for (const auto& row : c.rows) {
    if (row.group != group) std::cout << (group = row.group) << "\n";
    std::cout << (row.differs ? "* " : "  ");
    // A long label takes its own line, the figures the next, under the areas' names.
    if (width_of(row.label) > label_w)
      std::cout << row.label << "\n  " << padded("", label_w);
    else
      std::cout << padded(row.label, label_w);
    for (std::size_t k = 0; k < row.values.size(); ++k)
      std::cout << "  " << padded(row.values[k].empty() ? "(unknown)" : row.values[k], col_w[k]);
    std::cout << "\n";
  }
  std::cout << "\n* the areas differ. Unknown: no figure in the sources.\n";
  for (const std::string& s : c.sources) std::cout << "Source: " << s << "\n";
}

void run_compare(const CompareOptions& o, const GlobalOptions& global) {
  if (!o.out.empty()) {
    if (std::filesystem::path(o.out).extension() != ".csv")
      throw UserError("--out " + o.out + ": a comparison is written as a table, FILE.csv");
    check_output_path(o.out, o.force);
  }
  MapSpec spec;  // the UK map
  if (!o.year.empty()) {
    const auto start = financial_year_start(o.year);
    if (!start)
      throw CLI::ValidationError("--year",
                                 o.year + " is not a financial year; write it like 2026-27");
    spec.year = financial_year_name(*start);
  }
  session::Messages messages;
  const session::MapSession map =
      session::open_spec_now(spec, data::resolve_data_dir(global.data_dir), nullptr, messages);
  std::vector<std::string> notes;
  std::vector<std::size_t> areas;
  for (const std::string& asked : o.areas)
    areas.push_back(session::find_area(map.document(), asked, notes));
  const session::Comparison comparison = session::compare_areas(map.document(), areas);
  for (const std::string& n : notes) std::cerr << "devomap: note: " << n << "\n";
  if (o.out.empty()) {
    print_comparison(comparison);
    return;
  }
  write_file_atomically(o.out, session::comparison_csv(comparison), o.force);
  std::cerr << "wrote " << o.out << " (" << comparison.names.size() << " areas, "
            << comparison.rows.size() << " rows)\n";
}

}  // namespace

void register_compare(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<CompareOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Compare areas of the UK map side by side: kind, tier, mayor, powers by domain, money "
      "in the year and per head, people and outcomes, rows that differ marked");
  cmd->add_option(
         "areas", o->areas,
         "Two or more areas: a GSS code (E47000001) or a name as the find box takes it "
         "('Greater Manchester', 'west midlands'); a district is compared as its authority")
      ->required()
      ->expected(2, -1);
  cmd->add_option("--year", o->year,
                  "Financial year the funding rows count, e.g. 2026-27 (default: the latest with "
                  "published figures)");
  cmd->add_option("--out", o->out,
                  "Write the comparison as CSV (a column per area) instead of printing it");
  cmd->add_flag("--force", o->force, "Overwrite --out if it exists");
  cmd->footer(
      "Examples:\n  devomap compare 'Greater Manchester' 'West Midlands'\n"
      "  devomap compare E47000001 E47000007 'North East' --year 2025-26 --out compare.csv");
  cmd->callback([o, &global] { run_compare(*o, global); });
}

}  // namespace devomap::cli
