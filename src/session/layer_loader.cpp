#include "session/layer_loader.hpp"

#include <algorithm>
#include <exception>

#include "core/error.hpp"
#include "gdal/layer_source.hpp"

namespace devomap::session {

// Shared by the worker and the UI: the worker writes, the UI reads. Owned through shared_ptr so
// a cancelled job can finish after the loader moved on to the next one.
struct LayerLoader::JobState {
  std::uint64_t id = 0;
  std::string title;
  std::vector<std::string> labels;
  std::atomic<bool> cancel{false};
  std::atomic<bool> done{false};
  std::atomic<int> index{0};  // which layer of the job
  std::atomic<int> phase{0};  // 0 reading, 1 triangulating
  std::atomic<float> read_fraction{0.0f};
  std::atomic<float> mesh_fraction{0.0f};
};

namespace {
// Reading is most of the wall time for projected files; triangulation for detailed ones.
constexpr float kReadShare = 0.6f;
}  // namespace

LayerLoader::~LayerLoader() {
  cancel();
  join_worker();
}

void LayerLoader::join_worker() {
  if (worker_.joinable()) worker_.join();
}

std::uint64_t LayerLoader::start(LoadJob job) {
  cancel();
  join_worker();
  auto state = std::make_shared<JobState>();
  state->id = next_id_++;
  state->title = job.title;
  for (const auto& request : job.layers) state->labels.push_back(request.label);
  current_ = state;
  worker_ =
      std::thread([this, state, job = std::move(job)]() mutable { run(state, std::move(job)); });
  return state->id;
}

void LayerLoader::cancel() {
  if (current_) current_->cancel = true;
}

LoadProgress LayerLoader::progress() const {
  LoadProgress p;
  const auto state = current_;
  if (!state || state->done) return p;
  p.busy = true;
  p.title = state->title;
  const int n = std::max<int>(1, static_cast<int>(state->labels.size()));
  const int index = std::min(state->index.load(), n - 1);
  const float within =
      kReadShare * state->read_fraction.load() +
      (state->phase.load() == 1 ? (1 - kReadShare) * state->mesh_fraction.load() : 0.0f);
  p.fraction = std::clamp((static_cast<float>(index) + within) / static_cast<float>(n), 0.0f, 1.0f);
  const std::string label = state->labels.empty() ? std::string("layer") : state->labels[index];
  p.stage = (state->phase.load() == 0 ? "Reading " : "Triangulating ") + label;
  if (n > 1) p.stage += " (" + std::to_string(index + 1) + " of " + std::to_string(n) + ")";
  if (state->cancel) p.stage = "Cancelling…";
  return p;
}

void LayerLoader::load(JobState& state, const LoadJob& job, LoadResult& result) {
  if (job.devolution) {
    load_devolution(state, job, result);
    return;
  }
  for (std::size_t i = 0; i < job.layers.size() && !state.cancel; ++i) {
    const LoadRequest& request = job.layers[i];
    state.read_fraction = 0.0f;
    state.mesh_fraction = 0.0f;
    state.phase = 0;
    state.index = static_cast<int>(i);

    gdal::LoadOptions options;
    options.layer_name = request.layer_name;
    options.assume_epsg = request.assume_epsg;
    options.display = job.display;
    options.progress = &state.read_fraction;
    options.cancel = &state.cancel;
    auto layer = std::make_shared<Layer>(gdal::load_layer(request.path, options));
    if (state.cancel) break;
    state.read_fraction = 1.0f;

    state.phase = 1;
    LayerMesh mesh;
    if (job.build_meshes)
      mesh = build_layer_mesh(*layer, 0, BuildProgress{&state.mesh_fraction, &state.cancel});
    result.layers.push_back(LoadedLayer{request, std::move(layer), std::move(mesh), std::nullopt});
  }
}

LoadResult LayerLoader::run_now(const LoadJob& job) {
  JobState state;
  LoadResult result;
  result.title = job.title;
  const auto started = std::chrono::steady_clock::now();
  load(state, job, result);
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

void LayerLoader::run(std::shared_ptr<JobState> state, LoadJob job) {
  const auto started = std::chrono::steady_clock::now();
  LoadResult result;
  result.job_id = state->id;
  result.title = job.title;
  try {
    load(*state, job, result);
  } catch (const std::exception& e) {
    // A cancelled load may surface as an exception from the reader; cancel wins.
    if (!state->cancel) {
      result.error = e.what();
      if (const auto* user = dynamic_cast<const UserError*>(&e))
        result.error_remedy = user->remedy();
    }
  }
  if (state->cancel) {
    result.cancelled = true;
    result.error.reset();
  }
  if (result.cancelled || result.error) result.layers.clear();
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  {
    std::lock_guard lock(mutex_);
    results_.push_back(std::move(result));
  }
  state->done = true;
  results_ready_.notify_all();
}

// The devolution map: reading the districts and dissolving them is step 1, triangulating the
// areas and the nations step 2.
void LayerLoader::load_devolution(JobState& state, const LoadJob& job, LoadResult& result) {
  state.index = 0;
  state.phase = 0;
  gdal::LoadOptions options;
  options.display = job.display;
  options.progress = &state.read_fraction;
  options.cancel = &state.cancel;
  auto map = std::make_shared<devolution::DefaultMap>(
      devolution::load_default_map(*job.devolution, options, job.financial_year));
  if (state.cancel) return;
  state.read_fraction = 1.0f;
  state.phase = 1;
  LoadRequest areas_request;
  areas_request.path = job.devolution->districts.gdal_path();
  areas_request.role = LayerRole::Data;
  areas_request.label = job.layers.empty() ? "Strategic authorities" : job.layers[0].label;
  LayerMesh mesh;
  if (job.build_meshes)
    mesh = build_layer_mesh(*map->map.areas, 0, BuildProgress{&state.mesh_fraction, &state.cancel});
  result.layers.push_back(
      LoadedLayer{areas_request, map->map.areas, std::move(mesh), map->map.tier_style});
  if (map->nations && !state.cancel) {
    state.index = std::min<int>(1, static_cast<int>(job.layers.size()) - 1);
    state.mesh_fraction = 0.0f;
    LoadRequest nations_request;
    nations_request.path = job.devolution->countries->gdal_path();
    nations_request.role = LayerRole::Context;
    nations_request.label = "Nations";
    LayerMesh nations_mesh;
    if (job.build_meshes)
      nations_mesh =
          build_layer_mesh(*map->nations, 0, BuildProgress{&state.mesh_fraction, &state.cancel});
    result.layers.push_back(
        LoadedLayer{nations_request, map->nations, std::move(nations_mesh), std::nullopt});
  }
  result.devolution = std::move(map);
}

std::optional<LoadResult> LayerLoader::take_result() {
  std::lock_guard lock(mutex_);
  if (results_.empty()) return std::nullopt;
  LoadResult r = std::move(results_.front());
  results_.pop_front();
  return r;
}

std::optional<LoadResult> LayerLoader::wait_result(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!results_ready_.wait_for(lock, timeout, [this] { return !results_.empty(); }))
    return std::nullopt;
  LoadResult r = std::move(results_.front());
  results_.pop_front();
  return r;
}

}  // namespace devomap::session
