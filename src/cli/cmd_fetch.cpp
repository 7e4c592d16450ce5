// `devomap fetch`: download the official files of the manifest, or (--from DIR) import files the
// user already has. Progress goes to stderr, the per-file results and summary to stdout.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "core/error.hpp"
#include "data/catalog.hpp"
#include "data/data_dir.hpp"
#include "data/fetch.hpp"
#include "data/import.hpp"
#include "data/manifest.hpp"

namespace devomap::cli {

namespace {

struct FetchArgs {
  std::string only;
  std::string mirror;
  bool force = false;
  std::string from;
  std::string manifest;
  bool list = false;
};

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> ids;
  std::stringstream in(text);
  std::string id;
  while (std::getline(in, id, ',')) {
    const auto b = id.find_first_not_of(' ');
    const auto e = id.find_last_not_of(' ');
    if (b != std::string::npos) ids.push_back(id.substr(b, e - b + 1));
  }
  return ids;
}

void list_manifest(const data::Manifest& manifest, const data::Catalog& catalog) {
  std::cout << "Official datasets in " << manifest.source.string() << ":\n";
  for (const auto& e : manifest.entries) {
    bool present = false;
    for (const auto& c : catalog.entries) present = present || c.manifest_id == e.id;
    std::cout << "  " << e.id << "  " << e.title << " [" << data::to_string(e.kind) << ", "
              << e.vintage;
    if (e.resolution) std::cout << ", " << data::to_string(*e.resolution);
    std::cout << "] " << (present ? "in the data dir" : "not in the data dir")
              << (e.url_status == "unverified" ? "; URL unverified" : "") << "\n";
  }
}

void run_import(const FetchArgs& args, const std::filesystem::path& data_dir) {
  std::optional<data::Manifest> manifest;
  try {
    manifest = data::load_manifest(data::find_manifest(args.manifest));
  } catch (const UserError& e) {
    if (!args.manifest.empty()) throw;
    std::cerr << "devomap: warning: " << e.what()
              << "; files are imported without comparing them with the official releases\n";
  }
  data::ImportOptions options;
  options.from = args.from;
  options.data_dir = data_dir;
  options.manifest = manifest ? &*manifest : nullptr;
  options.force = args.force;
  const data::ImportReport report = data::import_from(options, std::cout);
  std::string damaged;
  if (!report.damaged.empty()) {
    damaged = std::to_string(report.damaged.size()) +
              (report.damaged.size() == 1 ? " file is" : " files are") +
              " damaged and not imported (";
    for (std::size_t i = 0; i < report.damaged.size(); ++i)
      damaged += (i ? ", " : "") + report.damaged[i];
    damaged += "; see the lines above); download those files again";
  }
  if (report.recognised == 0 && !damaged.empty()) throw UserError(damaged);
  if (report.recognised == 0)
    throw UserError(
        "nothing under " + args.from +
        " was recognised as official boundaries, a lookup, population figures or outcome "
        "indicators "
        "(see the lines above); download the files from the ONS Open Geography "
        "Portal (geoportal.statistics.gov.uk) into that folder and try again");
  std::cout << "imported " << report.recognised << " of " << report.files.size() << " files into "
            << data_dir.string() << " (catalogue: " << (data_dir / "catalog.json").string()
            << ")\n";
  if (!damaged.empty()) throw UserError(damaged);  // what was asked is not all there
}

void run_fetch(const FetchArgs& args, const GlobalOptions& global) {
  const std::filesystem::path data_dir = data::resolve_data_dir(global.data_dir);
  if (!args.from.empty()) {
    run_import(args, data_dir);
    return;
  }
  const data::Manifest manifest = data::load_manifest(data::find_manifest(args.manifest));
  if (args.list) {
    list_manifest(manifest, data::load_catalog(data_dir));
    return;
  }
  data::FetchOptions options;
  options.data_dir = data_dir;
  options.only = split_ids(args.only);
  options.mirror = args.mirror;
  options.force = args.force;
  const bool terminal = isatty(STDERR_FILENO) != 0;
  const data::FetchReport report = data::fetch(manifest, options, std::cerr, terminal);
  std::cout << "fetch: " << report.count(data::FetchStatus::Downloaded) << " downloaded, "
            << report.count(data::FetchStatus::AlreadyThere) << " already there, "
            << report.count(data::FetchStatus::Failed) << " failed (data dir " << data_dir.string()
            << ")\n";
  if (const std::string failure = data::failure_summary(report); !failure.empty())
    throw UserError(failure);
}

}  // namespace

void register_fetch(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<FetchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fetch",
      "Download the official ONS boundaries, lookups and population workbook into the data dir "
      "(geodata/manifest.json lists them), or import files you already have with --from DIR");
  cmd->add_option("--only", args->only, "Comma-separated dataset ids to download (see --list)");
  cmd->add_option("--mirror", args->mirror,
                  "Download from this server instead (http://host[:port]); keeps each URL's path")
      ->check(http_url_check());
  cmd->add_flag("--force", args->force, "Download again / replace files already in the data dir");
  auto* from = cmd->add_option(
      "--from", args->from,
      "Import files you downloaded by hand (a folder, searched recursively, or one file): "
      "Shapefile, GeoPackage, GeoJSON, zip, CSV lookups, the population XLSX");
  cmd->add_option("--manifest", args->manifest,
                  "Use this manifest instead of the one shipped with devomap");
  auto* list = cmd->add_flag("--list", args->list,
                             "List the official datasets and whether each is in the data dir");
  from->excludes("--only")->excludes("--mirror");
  list->excludes("--from");
  cmd->callback([args, &global] { run_fetch(*args, global); });
}

}  // namespace devomap::cli
