#pragma once
// `devomap fetch`: downloading the official files of the manifest into the data dir with
// libcurl, resume-safe (<file>.part, renamed when complete and checked), each download opened
// with GDAL and checked against the manifest (kind recognised by its GSS codes, key field,
// count, CRS); differences go into the catalogue.
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "data/manifest.hpp"

namespace devomap::data {

struct FetchOptions {
  std::filesystem::path data_dir;
  std::vector<std::string> only;  // manifest ids; empty = every entry
  std::string mirror;             // "" or "http(s)://host[:port][/prefix]"
  bool force = false;             // download again even when the file is already there
  long connect_timeout_s = 30;
  long stall_timeout_s = 60;  // give up when no byte arrives for this long
};

enum class FetchStatus { Downloaded, AlreadyThere, Failed };

struct FetchResult {
  std::string id;
  FetchStatus status = FetchStatus::Failed;
  std::string message;                   // one line: what happened / what failed and what to do
  std::filesystem::path path;            // the file in the data dir (when downloaded or there)
  std::vector<std::string> differences;  // from the manifest's expectations
  bool unreachable = false;              // could not connect at all (offline, DNS, firewall)
};

struct FetchReport {
  std::vector<FetchResult> results;
  std::size_t count(FetchStatus status) const;
};

// Replaces scheme + host (+ port) of `url` with `mirror`, keeping path and query; a path in the
// mirror is put in front of the URL's path. Throws UserError for a mirror that is not an
// http(s) URL.
std::string apply_mirror(const std::string& url, const std::string& mirror);

// Downloads the selected entries. Progress and one line per file go to `log`; `interactive`
// (a terminal) redraws one progress line in place, otherwise a few lines per file are printed.
// Throws UserError only for bad options (unknown --only id, bad mirror); per-file failures are
// in the report.
FetchReport fetch(const Manifest& manifest, const FetchOptions& options, std::ostream& log,
                  bool interactive);

// One line for the end of a fetch with failures: what failed and what to do instead.
std::string failure_summary(const FetchReport& report);

}  // namespace devomap::data
