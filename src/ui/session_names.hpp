#pragma once
// The window is a view of the map session (src/session): the names of its document and loader,
// used unqualified by the ui/ views.
#include "session/layer_loader.hpp"
#include "session/map_document.hpp"

namespace devomap::ui {

using session::current_field_value;
using session::LayerLoader;
using session::LayerRole;
using session::LoadedLayer;
using session::LoadJob;
using session::LoadProgress;
using session::LoadRequest;
using session::LoadResult;
using session::MapDocument;
using session::MapLayer;

}  // namespace devomap::ui
