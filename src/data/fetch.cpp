#include "data/fetch.hpp"

#include <curl/curl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "data/catalog.hpp"
#include "data/import.hpp"

namespace devomap::data {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPortal = "https://geoportal.statistics.gov.uk";

void ensure_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string human_bytes(curl_off_t n) {
  char buf[32];
  if (n < 1024)
    std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(n));
  else if (n < 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(n) / 1024.0);
  else
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(n) / (1024.0 * 1024.0));
  return buf;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// "https://host:port/path?q" -> {"https://host:port", "/path?q"}
std::pair<std::string, std::string> split_origin(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {"", url};
  const auto path_start = url.find_first_of("/?#", scheme_end + 3);
  if (path_start == std::string::npos) return {url, "/"};
  return {url.substr(0, path_start), url.substr(path_start)};
}

std::string host_of(const std::string& url) {
  std::string origin = split_origin(url).first;
  const auto p = origin.find("://");
  return p == std::string::npos ? origin : origin.substr(p + 3);
}

// One progress line per file: redrawn in place on a terminal; otherwise a line at each quarter
// (or every 10 s when the size is unknown) so logs stay short.
class ProgressLine {
 public:
  ProgressLine(std::ostream& out, bool interactive, std::string label)
      : out_(out), interactive_(interactive), label_(std::move(label)) {}

  void update(curl_off_t now, curl_off_t total) {
    const auto t = std::chrono::steady_clock::now();
    if (interactive_) {
      if (t - last_ < std::chrono::milliseconds(100) && !(total > 0 && now >= total)) return;
      last_ = t;
      out_ << "\r" << text(now, total) << "   " << std::flush;
      drawn_ = true;
      return;
    }
    if (total > 0) {
      const int percent = static_cast<int>(now * 100 / total);
      if (percent < next_percent_) return;
      next_percent_ = (percent / 25 + 1) * 25;
      out_ << text(now, total) << "\n" << std::flush;
    } else if (now > 0 && t - last_ >= std::chrono::seconds(10)) {
      last_ = t;
      out_ << text(now, total) << "\n" << std::flush;
    }
  }

  void finish() {
    if (interactive_ && drawn_) out_ << "\n";
    drawn_ = false;
  }

 private:
  std::string text(curl_off_t now, curl_off_t total) const {
    if (total > 0)
      return label_ + ": " + std::to_string(now * 100 / total) + "% (" + human_bytes(now) + " of " +
             human_bytes(total) + ")";
    return label_ + ": " + human_bytes(now) + " so far";
  }

  std::ostream& out_;
  bool interactive_;
  std::string label_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  int next_percent_ = 25;
  bool drawn_ = false;
};

class File {
 public:
  File(const fs::path& path, const char* mode) : f_(std::fopen(path.c_str(), mode)) {}
  ~File() {
    if (f_) std::fclose(f_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  FILE* get() const { return f_; }
  bool close() {
    const bool ok = f_ && std::fclose(f_) == 0;
    f_ = nullptr;
    return ok;
  }

 private:
  FILE* f_;
};

struct Transfer {
  CURL* curl = nullptr;
  FILE* file = nullptr;
  curl_off_t resume_from = 0;
  bool status_checked = false;
  bool write_failed = false;
  ProgressLine* progress = nullptr;
};

size_t on_data(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  if (!t->status_checked) {
    t->status_checked = true;
    long code = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
    if (t->resume_from > 0 && code != 206) {
      // The server ignored the range request and sends the whole file: start the .part over.
      std::fflush(t->file);
      if (ftruncate(fileno(t->file), 0) != 0 || std::fseek(t->file, 0, SEEK_SET) != 0) {
        t->write_failed = true;
        return 0;
      }
      t->resume_from = 0;
    }
  }
  const size_t written = std::fwrite(data, 1, size * count, t->file);
  if (written != size * count) t->write_failed = true;
  return written;
}

int on_progress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  if (t->progress && (dlnow > 0 || dltotal > 0))
    t->progress->update(t->resume_from + dlnow, dltotal > 0 ? t->resume_from + dltotal : 0);
  return 0;
}

struct DownloadOutcome {
  CURLcode code = CURLE_OK;
  long http_status = 0;
  std::string error;         // curl's detailed message
  curl_off_t bytes = 0;      // size of the .part afterwards
  curl_off_t expected = -1;  // full size when the server said it
  double seconds = 0;
};

DownloadOutcome download(const std::string& url, const fs::path& part, const FetchOptions& options,
                         ProgressLine& progress) {
  DownloadOutcome outcome;
  std::error_code ec;
  const curl_off_t existing =
      fs::exists(part, ec) ? static_cast<curl_off_t>(fs::file_size(part, ec)) : 0;
  File file(part, existing > 0 ? "ab" : "wb");
  if (!file.get()) {
    outcome.code = CURLE_WRITE_ERROR;
    outcome.error = "cannot write " + part.string();
    return outcome;
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  Transfer t;
  t.curl = curl.get();
  t.file = file.get();
  t.resume_from = existing;
  t.progress = &progress;
  char errbuf[CURL_ERROR_SIZE] = {0};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "devomap-fetch/1");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_s);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, options.stall_timeout_s);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
  if (existing > 0) curl_easy_setopt(h, CURLOPT_RESUME_FROM_LARGE, existing);

  outcome.code = curl_easy_perform(h);
  progress.finish();
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &outcome.http_status);
  curl_off_t length = -1;
  curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  if (length >= 0) outcome.expected = t.resume_from + length;
  curl_off_t micros = 0;
  curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &micros);
  outcome.seconds = static_cast<double>(micros) / 1e6;
  outcome.error = errbuf[0] ? errbuf : curl_easy_strerror(outcome.code);
  if (!file.close() || t.write_failed) {
    outcome.code = CURLE_WRITE_ERROR;
    outcome.error = "cannot write " + part.string() + " (disk full?)";
  }
  outcome.bytes = fs::exists(part, ec) ? static_cast<curl_off_t>(fs::file_size(part, ec)) : 0;
  return outcome;
}

bool is_unreachable(CURLcode code, curl_off_t bytes) {
  return code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_CONNECT ||
         code == CURLE_COULDNT_RESOLVE_PROXY || (code == CURLE_OPERATION_TIMEDOUT && bytes == 0);
}

std::string by_hand(const ManifestEntry& e) {
  return "download \"" + e.title + "\" by hand from the ONS (" +
         (e.kind == LayerKind::Population || e.kind == LayerKind::Outcomes
              ? std::string("https://www.ons.gov.uk")
              : std::string(kPortal)) +
         ") and run `devomap fetch --from DIR`";
}

// What a file that GDAL cannot open actually holds, when we can tell.
std::string describe_bad_content(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string head(2048, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (head.empty()) return "the server sent an empty file";
  const auto first = head.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && head[first] == '<')
    return "the server sent a web page, not data (an error or sign-in page?)";
  // ArcGIS services answer errors with HTTP 200 and {"error":{"code":..,"message":".."}}.
  static const std::regex arcgis(R"re("error"\s*:\s*\{[^}]*"message"\s*:\s*"([^"]*)")re");
  std::smatch m;
  if (std::regex_search(head, m, arcgis))
    return "the server sent an error instead of data: \"" + m[1].str() + "\"";
  return "";
}

struct CheckResult {
  std::string problem;  // non-empty: the download is unusable
  Recognition recognition;
  std::string format;
  std::vector<std::string> differences;
};

CheckResult check_download(const fs::path& file, const ManifestEntry& e) {
  CheckResult result;
  DatasetScan scan;
  try {
    scan = scan_dataset(file.string());
  } catch (const UserError& err) {
    const std::string why = describe_bad_content(file);
    result.problem = why.empty() ? "the download is not a readable " + e.format + " file (" +
                                       std::string(err.what()) + ")"
                                 : why;
    return result;
  }
  result.format = format_name(scan.driver);
  const LayerScan* layer = nullptr;
  for (const auto& l : scan.layers)
    if (e.layer.empty() ? scan.layers.size() == 1 : l.name == e.layer) layer = &l;
  if (!layer && e.layer.empty() && !scan.layers.empty()) {
    // Several layers and none named: take the one recognised as the expected kind.
    for (const auto& l : scan.layers) {
      DatasetScan one{scan.gdal_path, scan.driver, {l}};
      const auto r = recognise(one, e.file_name, nullptr);
      if (!r.empty() && r.front().kind == e.kind) layer = &l;
    }
  }
  if (!layer) {
    std::vector<std::string> names;
    for (const auto& l : scan.layers) names.push_back(l.name);
    result.problem = "it has no " +
                     (e.layer.empty() ? std::string("usable layer") : "layer " + e.layer) +
                     " (layers: " + (names.empty() ? "none" : join(names, ", ")) + ")";
    return result;
  }
  DatasetScan one{scan.gdal_path, scan.driver, {*layer}};
  const auto recognised = recognise(one, e.file_name, nullptr);
  result.recognition = recognised.front();
  const Recognition& r = result.recognition;
  if (r.kind != e.kind) {
    result.problem = "it does not hold " + std::string(describe(e.kind)) + ": " +
                     (r.kind ? "it holds " + std::string(describe(*r.kind)) : r.explanation);
    return result;
  }
  if (result.format != e.format)
    result.differences.push_back(result.format + " instead of " + e.format);
  if (!e.crs.empty() && r.crs != e.crs)
    result.differences.push_back((r.crs.empty() ? std::string("no CRS") : r.crs) + " instead of " +
                                 e.crs);
  auto more = compare_with_official(r, *layer, result.format, e, false);
  result.differences.insert(result.differences.end(), more.begin(), more.end());
  return result;
}

}  // namespace

std::size_t FetchReport::count(FetchStatus status) const {
  std::size_t n = 0;
  for (const auto& r : results) n += r.status == status ? 1 : 0;
  return n;
}

std::string apply_mirror(const std::string& url, const std::string& mirror) {
  if (mirror.empty()) return url;
  if (mirror.rfind("http://", 0) != 0 && mirror.rfind("https://", 0) != 0)
    throw UserError("--mirror " + mirror +
                    " is not an http(s) URL; give it like http://mirror.example:8080");
  auto [mirror_origin, mirror_path] = split_origin(mirror);
  if (host_of(mirror).empty())
    throw UserError("--mirror " + mirror + " has no host; give it like http://mirror.example:8080");
  while (!mirror_path.empty() && mirror_path.back() == '/') mirror_path.pop_back();
  return mirror_origin + mirror_path + split_origin(url).second;
}

namespace {

// The manifest's entries named in `only` (all when empty). Throws UserError for an unknown id.
std::vector<const ManifestEntry*> select_entries(const Manifest& manifest,
                                                 const std::vector<std::string>& only) {
  std::vector<const ManifestEntry*> selected;
  if (only.empty()) {
    for (const auto& e : manifest.entries) selected.push_back(&e);
    return selected;
  }
  for (const auto& id : only) {
    const ManifestEntry* e = manifest.find(id);
    if (!e) {
      std::vector<std::string> ids;
      for (const auto& m : manifest.entries) ids.push_back(m.id);
      throw UserError("--only " + id +
                      ": no such dataset in the manifest; known ids: " + join(ids, ", "));
    }
    selected.push_back(e);
  }
  return selected;
}

// Why a download failed and what to do, removing the partial file unless it can resume.
// `unreachable` is set when the host could not be reached at all.
std::string download_failure(const DownloadOutcome& d, const ManifestEntry& e,
                             const std::string& url, const fs::path& part, bool& unreachable) {
  std::error_code ec;
  const std::string host = host_of(url);
  const std::string unverified =
      e.url_status == "unverified" ? " (the manifest marks this URL unverified)" : "";
  if (is_unreachable(d.code, d.bytes)) {
    fs::remove(part, ec);
    unreachable = true;
    return "cannot reach " + host + " (" + d.error + "): offline or behind a firewall? " +
           by_hand(e) + ", or pass --mirror URL";
  }
  if (d.code == CURLE_HTTP_RETURNED_ERROR) {
    fs::remove(part, ec);
    return "the server answered HTTP " + std::to_string(d.http_status) + " for " + url +
           unverified + (d.http_status == 404 ? ": the file has moved or been renamed; " : "; ") +
           by_hand(e);
  }
  if (d.bytes > 0 && d.code != CURLE_WRITE_ERROR)
    return "download cut short after " + human_bytes(d.bytes) +
           (d.expected > 0 ? " of " + human_bytes(d.expected) : std::string()) + " (" + d.error +
           "); " + part.string() + " is kept: run the same devomap fetch again to resume";
  fs::remove(part, ec);
  return "download failed (" + d.error + "); " + by_hand(e);
}

// The catalogue's record of a checked download.
CatalogEntry fetched_entry(const ManifestEntry& e, const CheckResult& check, const fs::path& dest,
                           const std::string& url) {
  const Recognition& r = check.recognition;
  CatalogEntry entry;
  entry.id = e.id;
  entry.kind = e.kind;
  entry.vintage = e.vintage;
  entry.resolution = e.resolution ? e.resolution : r.resolution;
  entry.resolution_estimated = !e.resolution && r.resolution_estimated;
  entry.path = dest;
  entry.layer = r.layer;
  entry.feature_count = r.count;
  entry.complete = !(e.expected_count && r.count < *e.expected_count);
  entry.vertex_count = r.vertex_count;
  entry.key_field = r.key_field;
  entry.crs = r.crs;
  entry.format = check.format;
  entry.origin = Origin::Fetched;
  entry.source = url;
  entry.manifest_id = e.id;
  entry.notes = check.differences;
  return entry;
}

}  // namespace

FetchReport fetch(const Manifest& manifest, const FetchOptions& options, std::ostream& log,
                  bool interactive) {
  ensure_curl();
  const std::vector<const ManifestEntry*> selected = select_entries(manifest, options.only);
  // Validate the mirror once, before any download starts.
  if (!options.mirror.empty()) apply_mirror("https://x/", options.mirror);

  FetchReport report;
  const DataFolderLock lock(options.data_dir);  // downloads and the catalogue, one fetch at a time
  Catalog catalog = load_catalog(options.data_dir);
  std::set<std::string> unreachable_hosts;

  for (const ManifestEntry* e : selected) {
    FetchResult result;
    result.id = e->id;
    const std::string url = apply_mirror(e->url, options.mirror);
    const fs::path folder = options.data_dir / data_subdir(e->kind);
    const fs::path dest = folder / e->file_name;
    const fs::path part = folder / (e->file_name + ".part");
    // Checked under a name that keeps the real extension: GDAL picks drivers by it.
    const fs::path checking = folder / (".checking-" + e->file_name);
    result.path = dest;
    auto finish = [&](FetchStatus status, std::string message) {
      result.status = status;
      result.message = e->id + ": " + std::move(message);
      log << result.message << "\n" << std::flush;
      report.results.push_back(result);
    };

    std::error_code ec;
    if (fs::exists(dest, ec) && !options.force) {
      finish(FetchStatus::AlreadyThere, "not downloaded: " + dest.string() +
                                            " already exists (pass --force to download it again)");
      continue;
    }
    const std::string host = host_of(url);
    if (unreachable_hosts.count(host)) {
      result.unreachable = true;
      finish(FetchStatus::Failed,
             "not tried: " + host + " is unreachable (see above); " + by_hand(*e));
      continue;
    }
    fs::create_directories(folder, ec);
    if (ec) {
      finish(FetchStatus::Failed, "cannot create " + folder.string() + " (" + ec.message() +
                                      "); pass --data-dir to use a writable folder");
      continue;
    }
    if (options.force) fs::remove(part, ec);
    fs::remove(checking, ec);

    log << e->id << ": downloading " << url << "\n" << std::flush;
    ProgressLine progress(log, interactive, e->id);
    DownloadOutcome d = download(url, part, options, progress);
    if (d.code == CURLE_HTTP_RETURNED_ERROR && d.http_status == 416) {
      // A stale complete .part: the server has nothing after its end. Start over once.
      fs::remove(part, ec);
      d = download(url, part, options, progress);
    }
    const std::string unverified =
        e->url_status == "unverified" ? " (the manifest marks this URL unverified)" : "";
    if (d.code != CURLE_OK) {
      const std::string why = download_failure(d, *e, url, part, result.unreachable);
      if (result.unreachable) unreachable_hosts.insert(host);
      finish(FetchStatus::Failed, why);
      continue;
    }
    if (d.expected > 0 && d.bytes != d.expected) {
      finish(FetchStatus::Failed, "download incomplete: " + human_bytes(d.bytes) + " of " +
                                      human_bytes(d.expected) + "; " + part.string() +
                                      " is kept: run the same devomap fetch again to resume");
      continue;
    }

    fs::rename(part, checking, ec);
    const CheckResult check = check_download(checking, *e);
    if (!check.problem.empty()) {
      fs::remove(checking, ec);
      finish(FetchStatus::Failed, "downloaded " + human_bytes(d.bytes) + " from " + url +
                                      unverified + " but " + check.problem +
                                      "; nothing was kept. " + by_hand(*e));
      continue;
    }
    fs::remove(dest, ec);
    fs::rename(checking, dest, ec);
    if (ec) {
      fs::remove(checking, ec);
      finish(FetchStatus::Failed,
             "cannot move the download to " + dest.string() + " (" + ec.message() + ")");
      continue;
    }
    upsert(catalog, fetched_entry(*e, check, dest, url));
    try {
      save_catalog(catalog);
    } catch (const UserError& err) {
      finish(FetchStatus::Failed, err.what());
      continue;
    }
    result.differences = check.differences;
    std::ostringstream msg;
    msg << "done, " << human_bytes(d.bytes) << " in " << static_cast<int>(d.seconds * 10) / 10.0
        << " s -> " << dest.string() << "; " << check.recognition.explanation;
    if (!check.differences.empty())
      msg << "; differs from the manifest: " << join(check.differences, "; ");
    finish(FetchStatus::Downloaded, msg.str());
  }
  return report;
}

std::string failure_summary(const FetchReport& report) {
  const std::size_t failed = report.count(FetchStatus::Failed);
  if (failed == 0) return {};
  const FetchResult* first = nullptr;
  bool all_unreachable = true;
  for (const auto& r : report.results) {
    if (r.status != FetchStatus::Failed) continue;
    if (!first) first = &r;
    all_unreachable = all_unreachable && r.unreachable;
  }
  std::string s =
      std::to_string(failed) + " of " + std::to_string(report.results.size()) + " downloads failed";
  if (all_unreachable)
    return s +
           ": the download servers cannot be reached (offline?). On a machine with internet, "
           "download the files by hand from the ONS Open Geography Portal (" +
           std::string(kPortal) +
           "), copy them into one folder here and run `devomap fetch --from DIR`";
  return s + " (first: " + first->message +
         "); see the lines above, or download the files by hand from " + kPortal +
         " and run `devomap fetch --from DIR`";
}

}  // namespace devomap::data
