#pragma once
// Joining a user's table to a boundary layer, by GSS code or by area name, with a report of
// everything that did not fit: unmatched areas and rows, duplicate keys, codes translated
// between boundary vintages (and how merged districts' values were combined), unreadable cells,
// no-data cells, and the table field that would match better when the match is poor.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/crosswalk.hpp"
#include "core/layer.hpp"
#include "core/number_parse.hpp"
#include "core/table.hpp"

namespace devomap {

// A table a user brought, as loaded: the cells plus where each row came from.
struct SourceTable {
  Table table;
  std::vector<std::size_t> row_numbers;    // spreadsheet row of each table row (1-based)
  std::vector<UnreadableCell> unreadable;  // cells of number columns that are not numbers
  std::string origin;                      // "file.xlsx, sheet MYE5" for messages
};

enum class JoinMode { Auto, Code, Name };
std::string to_string(JoinMode mode);
// "auto", "code", "name" (any case) -> the mode; nullopt for anything else.
std::optional<JoinMode> parse_join_mode(std::string_view text);

// What a number column's values measure, which decides how several of them become one when
// areas merge: counts and money add up; rates, proportions, scores, indices and averages are
// population-weighted; years, dates, ranks and identifiers never combine. Told by the column's
// name ("jobs", "employment rate", "Extent", "year"), by cells written as percentages, and by
// values that can only be proportions (all within 0..1) or years. Unknown: never summed.
enum class ValueKind { Count, Rate, Identifier, Unknown };
ValueKind value_kind(const Column& column);
std::string describe(ValueKind kind);  // "count or money", "rate", ...
// A value per unit of area ("density", "people per sq km", "per hectare"): combined by area,
// never by population (a population-weighted mean of densities is the density the average
// person lives at, not the area's).
bool is_per_area(const Column& column);

// How the values of several table rows become one value on one area (old districts merged
// into a new unitary). Text columns always list their distinct values. Same: the rows' value
// when they all agree, else no data (what is never summed or averaged).
enum class CombineRule { Sum, WeightedMean, Mean, First, Same };
std::string to_string(CombineRule rule);
// "sum", "weighted-mean" (also "wmean"), "mean", "first", "same"; any case. nullopt when unknown.
std::optional<CombineRule> parse_combine_rule(std::string_view text);

struct JoinOptions {
  JoinMode mode = JoinMode::Auto;              // Auto: codes when both sides have them, else names
  std::optional<std::string> layer_key;        // a layer field; default: its code (or name) field
  std::optional<std::string> table_key;        // a table column; default: detected from the values
  const CodeCrosswalk* crosswalk = nullptr;    // old <-> new codes; may be null
  std::map<std::string, CombineRule> combine;  // per table column, overrides the guessed rule
  std::optional<std::string> weight_column;    // population column for weighted means
  std::string clash_prefix = "table_";         // for table columns named like a layer field
  // Rows of a long table to join: for each column the values kept (any of them); every column
  // must match. A long table (each area's key repeated with different indicators or periods)
  // without enough of them is an error that lists its columns and values.
  std::map<std::string, std::vector<std::string>> filters;
};

// "Indicator=Employment rate" -> {"Indicator", "Employment rate"}; nullopt without "=" or with
// an empty column name.
std::optional<std::pair<std::string, std::string>> parse_filter(std::string_view text);
// The rows of `source` the filters keep (JoinOptions::filters). Throws UserError for a column
// the table lacks or a value none of its rows has, listing what there is.
SourceTable filter_rows(const SourceTable& source,
                        const std::map<std::string, std::vector<std::string>>& filters);
// The filters as the command line writes them: "Indicator=Employment rate, Period=2023".
std::string describe_filters(const std::map<std::string, std::vector<std::string>>& filters);

struct UnmatchedFeature {
  std::size_t feature = 0;  // index in the layer
  std::string key;          // its key value
  std::string name;         // its name (layer name field), "" when none
};

struct UnmatchedRow {
  std::size_t row = 0;  // spreadsheet row
  std::string key;
  std::string reason;  // "not on the layer", "blank key", "E06000063 has its own row", ...
};

struct DuplicateKey {
  std::string key;
  std::vector<std::size_t> rows;  // spreadsheet rows; the first is the one used
};

struct TranslatedKey {
  std::string from;
  std::string to;
  CodeChangeType type = CodeChangeType::Recode;
  std::size_t row = 0;  // spreadsheet row
};

// An area that took its values from several rows (districts merged into it).
struct MergedArea {
  std::string key;
  std::vector<std::size_t> rows;  // spreadsheet rows
};

struct ColumnCombine {
  std::string column;
  CombineRule rule = CombineRule::Sum;
  std::string why;  // "count or money", "rate: weighted by population_mid2022", ...
};

struct SuggestedKey {
  std::string table_column;
  std::string layer_column;
  JoinMode mode = JoinMode::Code;
  std::size_t would_match = 0;
};

struct JoinReport {
  JoinMode mode = JoinMode::Code;  // as used (never Auto)
  std::string layer_key;           // layer field name
  std::string table_key;           // table column name
  std::string origin;              // SourceTable::origin
  std::size_t layer_features = 0;
  std::size_t table_rows = 0;
  std::size_t matched = 0;          // layer features that received a row
  std::size_t matched_loosely = 0;  // of those, by the loose name key (name joins)
  // Code joins: rows whose code is not on the layer (nor reached by the crosswalk) matched by
  // their exact name, each "E07000000 'Name' -> E06000000".
  std::vector<std::string> matched_by_name;
  // Rows of ward or small-area codes not on the layer whose names are: boundaries redrawn, so
  // never moved across by name.
  std::size_t redrawn_by_name = 0;
  std::vector<UnmatchedFeature> unmatched_layer;
  std::vector<UnmatchedRow> unmatched_table;
  std::vector<DuplicateKey> duplicate_keys;
  std::vector<TranslatedKey> translated;
  std::vector<MergedArea> merged;
  std::vector<ColumnCombine> combine_rules;  // filled when some area merged several rows
  std::optional<std::string> weight_column;
  std::vector<UnreadableCell> unreadable;
  // Per number column of the table (table order): matched rows whose cell is no data.
  std::vector<std::pair<std::string, std::size_t>> no_data;
  std::optional<SuggestedKey> suggested;   // when the match is poor and another field does better
  std::vector<std::string> added_columns;  // names as added to the layer's table
  std::vector<std::string> notes;
};

struct JoinResult {
  Table attributes;  // the layer's fields, then the table's columns (one value per area)
  std::vector<std::vector<std::size_t>> rows_for_feature;  // table row indices per area
  JoinReport report;
};

// Joins `table` onto the areas of `layer`. Throws UserError when a named key field does not
// exist or no key can be found on one side; a key that matches nothing is not an error (the
// report says so and suggests a field).
JoinResult join_table(const Layer& layer, const SourceTable& table,
                      const JoinOptions& options = {});

// join_table, then the layer's attribute table becomes the joined one.
JoinReport join_into(Layer& layer, const SourceTable& table, const JoinOptions& options = {});

// Why a join matched no area, in one line: a few of the table's keys and of the layer's side
// by side (old codes against new boundaries show at a glance), and a better key when one was
// found. "" when some area matched.
std::string no_match_hint(const JoinReport& report);
// True when fewer than half the areas matched: a map mostly of "no data" deserves a warning.
bool poor_match(const JoinReport& report);

// The report as lines of text for a terminal or a dialog; lists are cut after `list_limit`.
std::string format_join_report(const JoinReport& report, std::size_t list_limit = 20);

}  // namespace devomap
