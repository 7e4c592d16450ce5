#pragma once
// Loads layers and builds their meshes on a worker thread so the window never freezes: GDAL read
// + reprojection (gdal::load_layer) then triangulation (build_layer_mesh). Progress and cancel are
// atomics the UI polls each frame; finished jobs wait in a mutex-guarded queue until the main
// thread takes them (and uploads the meshes, which needs the GL context).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/layer.hpp"
#include "core/mesh.hpp"
#include "core/style.hpp"
#include "devolution/devolution_map.hpp"

namespace devomap::session {

// Data layers are styled and interactive; context layers (e.g. nations under districts) are drawn
// for orientation only.
enum class LayerRole { Data, Context };

struct LoadRequest {
  std::string path;
  std::optional<std::string> layer_name;
  LayerRole role = LayerRole::Data;
  std::string label;  // shown while loading and in the sidebar, e.g. "Local authority districts"
  std::optional<int> assume_epsg;  // for a source with no CRS (a map spec's assume_crs)
};

struct LoadJob {
  std::string title;                // e.g. "UK: nations and districts"
  std::vector<LoadRequest> layers;  // all or nothing: the map changes only when every one loaded
  // When set, the job builds the UK devolution map from these sources (districts dissolved into
  // strategic authorities, nations on top) and `layers` only name the steps for the progress.
  std::optional<devolution::DefaultMapSources> devolution;
  std::string financial_year;  // the devolution map's funding year; "" = the latest
  gdal::DisplayCrs display = gdal::DisplayCrs::BritishNationalGrid;
  // The window draws meshes; an export builds its own only for a PNG page.
  bool build_meshes = true;
};

struct LoadedLayer {
  LoadRequest request;
  std::shared_ptr<const Layer> layer;
  LayerMesh mesh;
  std::optional<StyleSpec> style;  // the style a data layer opens with; default: area_km2
};

struct LoadResult {
  std::uint64_t job_id = 0;
  std::string title;
  std::vector<LoadedLayer> layers;     // empty on error or cancel
  std::optional<std::string> error;    // one-line UserError text (or a plain exception's)
  Remedy error_remedy = Remedy::None;  // the choice that would fix it (core/error.hpp)
  bool cancelled = false;
  double seconds = 0.0;
  std::shared_ptr<const devolution::DefaultMap>
      devolution;  // the devolution map's dataset and measures
};

struct LoadProgress {
  bool busy = false;
  std::string title;      // the job's title
  float fraction = 0.0f;  // of the whole job, 0..1
  std::string stage;      // e.g. "Reading Local authority districts (2 of 2)"
};

class LayerLoader {
 public:
  LayerLoader() = default;
  ~LayerLoader();  // cancels a running job and joins the thread
  LayerLoader(const LayerLoader&) = delete;
  LayerLoader& operator=(const LayerLoader&) = delete;

  // Starts a job and returns its id; a job still running is cancelled first (its result still
  // arrives, marked cancelled, so the caller can ignore results whose id is not the latest).
  std::uint64_t start(LoadJob job);
  // Runs a job on the calling thread (`devomap render`). Throws what loading threw.
  static LoadResult run_now(const LoadJob& job);
  void cancel();
  LoadProgress progress() const;

  // A finished job, oldest first, or nullopt. Never blocks.
  std::optional<LoadResult> take_result();
  // Waits up to `timeout` for a finished job (tests and the screenshot mode).
  std::optional<LoadResult> wait_result(std::chrono::milliseconds timeout);

 private:
  struct JobState;
  void join_worker();
  void run(std::shared_ptr<JobState> state, LoadJob job);
  static void load(JobState& state, const LoadJob& job, LoadResult& result);
  static void load_devolution(JobState& state, const LoadJob& job, LoadResult& result);

  std::thread worker_;
  std::shared_ptr<JobState> current_;
  std::uint64_t next_id_ = 1;

  mutable std::mutex mutex_;
  std::condition_variable results_ready_;
  std::deque<LoadResult> results_;
};

}  // namespace devomap::session
