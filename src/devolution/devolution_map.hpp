#pragma once
// The map devomap opens with: the UK as devolution sees it. England's strategic authorities are
// dissolved from their constituent districts (GEOS union), so an authority appears as soon as its
// councils are listed in the dataset; English districts outside any strategic authority stay as
// districts; Scotland, Wales and Northern Ireland are their devolved governments. Each area
// carries its tier, mayor, powers, funding and population as fields, so the same layer drives
// the tier map, the variable picker, hover and the region card, in the window and the CLI.
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/join.hpp"
#include "core/layer.hpp"
#include "core/style.hpp"
#include "data/catalog.hpp"
#include "devolution/devolution_dataset.hpp"
#include "devolution/outcomes.hpp"
#include "gdal/layer_source.hpp"

namespace devomap::devolution {

// District (and nation) populations for per-head figures, from an official population table.
struct Population {
  std::map<std::string, double> by_code;  // GSS code -> people
  std::string label;                      // e.g. "mid-2022" (names the denominator's year)
  std::string column;                     // the column read, e.g. "Estimated Population mid-2022"
  std::string source;                     // file (and sheet) it came from
};

// Reads the population table (ONS mid-year estimates workbook or CSV): the first column holding
// GSS codes and the newest column whose name says population. Throws UserError naming the file
// when either is missing.
Population load_population(const std::string& path, const std::optional<std::string>& sheet);

// Names of the fields on the devolution areas layer (what the legend and tooltips show).
namespace devolution_field {
inline constexpr const char* kCode = "code";
inline constexpr const char* kName = "name";
inline constexpr const char* kAuthorityId = "authority_id";  // "" for districts outside one
inline constexpr const char* kTier = "Devolution tier";
inline constexpr const char* kKind = "Kind of area";
inline constexpr const char* kMayor = "Mayor";
inline constexpr const char* kStatus = "Status";
inline constexpr const char* kPowersHeld = "Powers held";
inline constexpr const char* kDomainsHeld = "Policy domains held";
inline constexpr const char* kTransport = "Transport powers";
inline constexpr const char* kDistricts = "Districts";
inline constexpr const char* kRecommendedNotHeld = "Recommended powers not yet held";
}  // namespace devolution_field

// The tier categories in legend order: the English Devolution and Community Empowerment Act
// 2026's categories of strategic authority, then the other kinds of area on the map.
inline constexpr const char* kTierEstablishedMayoral = "Established Mayoral";
inline constexpr const char* kTierMayoral = "Mayoral";
inline constexpr const char* kTierMayoralPending = "Mayoral, first mayor not yet elected";
inline constexpr const char* kTierFoundation = "Combined Foundation";
inline constexpr const char* kTierSingleFoundation = "Single Foundation";
inline constexpr const char* kTierProposed = "Proposed";
inline constexpr const char* kTierNone = "No strategic authority";
inline constexpr const char* kTierDevolved = "Devolved government";

// Areas a number measure sets apart from its classes (StyleSpec::fixed_category_field).
inline constexpr const char* kNationBudgetCategory =
    "Devolved government: whole budget (not comparable)";
inline constexpr const char* kNationBudgetUnknownCategory =
    "Devolved government: budget for the year not in the data";
inline constexpr const char* kProposedCategory = "Proposed authority, not yet established";
inline constexpr const char* kNotAddressedCategory = "Not addressed by the report";

// One measure the variable picker offers, with what the legend and the card should say.
struct Measure {
  std::string key;          // short name for the command line: tier, powers, per_head, ...
  std::string field;        // field on the areas layer
  std::string label;        // e.g. "Devolved funding per head, 2025-26"
  std::string units;        // e.g. "£ per head"
  std::string description;  // one sentence: what is counted, the denominator and its year
  // Text field whose non-empty values set areas apart from the classes ("" for none).
  std::string fixed_category_field;
  bool whole_numbers = false;  // a count
  std::string group;           // "Powers and money", or the outcome's theme
  std::string period;          // "2025-26", "2023", "10/2022 - 09/2023"; "" when none
  std::string source;          // who published the figures
  std::string legend_note;     // how the areas' figures were made (outcomes), for the legend
};

struct DevolutionMapOptions {
  // Funding measures count money in this financial year ("2026-27"); "" = the latest year
  // with published figures (latest_funding_year, as of the data's check date).
  std::string financial_year;
  const Population* population = nullptr;  // per-head figures need it
  const Outcomes* outcomes = nullptr;      // outcome measures (may be null)
};

// The financial year a map with these options counts; throws UserError for a year that is
// not like 2026-27.
std::string funding_year_for(const DevolutionDataset& dataset, const std::string& requested);

// The same style for the measure of another year: names written with `from_year` (the field,
// its set-apart categories, the legend title) written with `to_year`.
StyleSpec style_for_year(StyleSpec style, const std::string& from_year, const std::string& to_year);

// The financial years a funding map can be drawn for: every year from the first to the latest
// with published figures, newest first.
std::vector<std::string> funding_years(const DevolutionDataset& dataset);

struct DevolutionMap {
  std::shared_ptr<Layer> areas;    // one row per authority, uncovered English district or nation
  std::vector<Measure> measures;   // the tier first, then numbers the picker offers
  StyleSpec tier_style;            // categorical by tier with fixed colours
  std::string population_label;    // "" when no population was given
  std::string financial_year;      // the year funding measures count
  std::string data_as_of;          // oldest as_of among the rows drawn (YYYY-MM-DD)
  FundingSummary funding;          // every authority's lines in that year, counted or not
  std::vector<std::string> notes;  // what could not be placed (districts missing, ...)
  // Per area row: the districts (indices into the district layer) it was made from, so district
  // figures can be rolled up to the areas.
  std::vector<std::vector<std::size_t>> area_districts;
  std::shared_ptr<const Layer> districts;  // set by load_default_map; null when not kept
  // Per area row: true for a strategic authority (what outcome ranks compare).
  std::vector<bool> is_authority;
  // Each outcome measure on the areas, with how each area's figure was found.
  struct Outcome {
    std::string key, field;
    std::vector<AreaOutcome> areas;
  };
  std::vector<Outcome> outcomes;
  std::string outcomes_source;  // "" when the map has no outcomes
};

// Builds the areas from `districts` (a district layer whose codes are those of `vintage`, 2024 or
// 2025; other vintages are matched through the dataset's code crosswalk). Throws UserError when
// the layer has no GSS code field. `cancel` may be null.
DevolutionMap build_devolution_map(const Layer& districts, const DevolutionDataset& dataset,
                                   const DevolutionMapOptions& options,
                                   const std::atomic<bool>* cancel = nullptr);

// The outcome of `map` whose measure has this key or field; null when none.
const DevolutionMap::Outcome* find_outcome(const DevolutionMap& map,
                                           const std::string& key_or_field);

// The measure named by its key, field name or label (any case); nullopt when none matches.
// Outcomes also answer to their published name without the period.
std::optional<Measure> find_measure(const DevolutionMap& map, const std::string& name);

// A user's table joined onto the devolution map. Tables keyed by district (most ONS and DfE
// spreadsheets) are joined to the districts and rolled up to each area by what the column
// measures (core's value_kind): sums for counts and money, population-weighted means for rates,
// and for years, ranks, identifiers and columns of unknown kind the districts' value only where
// they all agree, so nothing is ever invented; an area lacking any district's value gets no
// data, since a partial sum would read as the real one. Tables keyed by authority or nation codes
// join the areas directly. Whichever way matches more areas is used; the report says which.
struct DevolutionJoin {
  Table attributes;  // the areas' own fields, then the table's columns
  JoinReport report;
  bool rolled_up = false;
};
DevolutionJoin join_to_devolution_map(const DevolutionMap& map, const Layer& areas,
                                      const SourceTable& table, const JoinOptions& options,
                                      const Population* population = nullptr);

// StyleSpec for a measure of the map: the tier style for the tier, a categorical one for
// text measures, otherwise a sequential classification with the measure's label and units.
StyleSpec style_for_measure(const DevolutionMap& map, const std::string& field);

// --- Everything the default map needs, found in a data dir ---

struct DefaultMapSources {
  data::CatalogEntry districts;                  // national detail
  std::optional<data::CatalogEntry> countries;   // outline on top, when present
  std::optional<data::CatalogEntry> population;  // for per-head measures
  std::optional<data::CatalogEntry> outcomes;    // ONS subnational indicators
  std::filesystem::path dataset_folder;          // geodata/devolution
};

// nullopt when the catalogue has no districts (first run) or the dataset cannot be found; the
// reason is in `why` then.
std::optional<DefaultMapSources> find_default_map_sources(const std::filesystem::path& data_dir,
                                                          std::string* why = nullptr);

// "ONS Subnational indicators explorer (March 2024)": the outcomes' source as maps cite it.
std::string outcome_source_text(const data::CatalogEntry& entry);

// The title the default map carries, e.g. "Devolution in the UK, November 2026".
std::string default_map_title(const DevolutionDataset& dataset);

// Text for the attribution line of a map drawn from these sources: the OGL line, the
// devolution data's as-of date and the population estimates' year.
std::string default_map_sources_text(const DefaultMapSources& sources, const DevolutionMap& map);

// What the alt text of a default-map export adds: "Devolution data as of 2026-12-06; funding in
// 2026-27; per-head figures use ONS mid-2022 population estimates."
std::string default_map_alt_note(const DevolutionMap& map);

// The default map, loaded: the areas (data) and the nations' outlines (context, may be null).
struct DefaultMap {
  std::shared_ptr<const DevolutionDataset> dataset;
  DevolutionMap map;
  std::shared_ptr<Layer> nations;
  std::string title;
  std::string attribution;
  std::optional<Population> population;
  std::shared_ptr<const Outcomes> outcomes;      // null when the data folder has none
  std::shared_ptr<const Layer> districts_layer;  // kept to rebuild the map for another year
  DefaultMapSources sources;
};

// The same map counting funding in another financial year ("" = the latest): rebuilds the
// areas' fields from the loaded districts; throws UserError for a year not like 2026-27.
void set_funding_year(DefaultMap& map, const std::string& financial_year);

// Loads the districts (with `options`: display CRS, progress, cancel), the nations, the
// population table and the dataset, and builds the areas. A population table that cannot be
// read is a note on the map, not a failure (per-head measures are then left out).
DefaultMap load_default_map(const DefaultMapSources& sources, const gdal::LoadOptions& options = {},
                            const std::string& financial_year = "");

// Joins a table onto `layer` the way its map needs: through join_to_devolution_map when
// `devolution` is the map the layer belongs to (district tables roll up), else core's
// join_table. The one entry point for the window and the CLI.
DevolutionJoin join_onto_map(const Layer& layer, const SourceTable& table,
                             const JoinOptions& options, const DefaultMap* devolution);

}  // namespace devomap::devolution
