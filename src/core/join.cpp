#include "core/join.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"
#include "core/name_match.hpp"

namespace devomap {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string code_key(std::string_view text) {
  std::string out(trim_cell(text));
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string column_list(const Table& table) {
  std::string out;
  for (const Column& c : table.columns) {
    if (!out.empty()) out += ", ";
    out += c.name;
  }
  return out;
}

// Share of the non-empty cells of a column that are GSS codes.
double gss_share(const Column& column) {
  std::size_t non_empty = 0, codes = 0;
  for (const std::string& text : column.text) {
    const std::string_view v = trim_cell(text);
    if (v.empty()) continue;
    ++non_empty;
    // Any case: "e06000001" is a code written carelessly.
    if (v.size() == 9 && std::string_view("EWSNKewsnk").find(v[0]) != std::string_view::npos &&
        std::all_of(v.begin() + 1, v.end(), [](char c) { return c >= '0' && c <= '9'; }))
      ++codes;
  }
  return non_empty == 0 ? 0.0 : static_cast<double>(codes) / static_cast<double>(non_empty);
}

// The key of each table row and of each layer feature, and how they were matched.
struct KeyedSide {
  std::vector<std::string> keys;        // exact key per row/feature ("" = blank)
  std::vector<std::string> loose_keys;  // name joins only
};

KeyedSide make_keys(const Column& column, JoinMode mode) {
  KeyedSide side;
  side.keys.reserve(column.text.size());
  for (const std::string& text : column.text) {
    if (mode == JoinMode::Code) {
      side.keys.push_back(code_key(text));
    } else {
      side.keys.push_back(name_key(text));
      side.loose_keys.push_back(loose_name_key(side.keys.back()));  // name_key is idempotent
    }
  }
  return side;
}

// How many features a table column would give a row to, matched against one layer column.
std::size_t count_matches(const Column& layer_column, const Column& table_column, JoinMode mode) {
  const KeyedSide layer = make_keys(layer_column, mode);
  const KeyedSide table = make_keys(table_column, mode);
  std::unordered_set<std::string> table_exact(table.keys.begin(), table.keys.end());
  table_exact.erase("");
  std::unordered_map<std::string, int> table_loose;
  if (mode == JoinMode::Name)
    for (const std::string& k : table.loose_keys)
      if (!k.empty()) ++table_loose[k];
  std::size_t matched = 0;
  for (std::size_t i = 0; i < layer.keys.size(); ++i) {
    if (layer.keys[i].empty()) continue;
    if (table_exact.count(layer.keys[i])) {
      ++matched;
    } else if (mode == JoinMode::Name) {
      const auto it = table_loose.find(layer.loose_keys[i]);
      if (it != table_loose.end() && it->second == 1) ++matched;
    }
  }
  return matched;
}

bool is_rate_like(const std::string& column_name) {
  const std::string n = lower_ascii(column_name);
  static const std::array<std::string_view, 23> kWords = {
      "rate",       "per ",   "per_",       "per-",       "perc", "%",
      "density",    "ratio",  "average",    "avg",        "mean", "median",
      "index",      "share",  "proportion", "score",      "pct",  "per head",
      "per capita", "extent", "expectancy", "attainment", "gap"};
  for (std::string_view w : kWords)
    if (n.find(w) != std::string::npos) return true;
  return false;
}

bool has_percent_cells(const Column& column) {
  for (const std::string& t : column.text) {
    const std::string_view v = trim_cell(t);
    if (!v.empty() && v.back() == '%') return true;
  }
  return false;
}

bool is_population_like(const std::string& column_name) {
  const std::string n = lower_ascii(column_name);
  if (is_rate_like(column_name)) return false;
  return n.find("population") != std::string::npos || n.find("persons") != std::string::npos ||
         n == "pop" || n.rfind("pop_", 0) == 0 || n.rfind("pop ", 0) == 0;
}

std::string format_value(double v) {
  if (std::isnan(v)) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

const Column& column_by_name(const Table& table, const std::string& name, const char* side,
                             const std::string& origin) {
  const auto index = table.find(name);
  if (!index)
    throw UserError(std::string(side) + " field '" + name + "' is not in " + origin +
                    "; its fields are: " + column_list(table));
  return table.columns[*index];
}

}  // namespace

namespace {

// The words of a column name, lower case: "LAD24 Year_of_data" -> lad24, year, of, data.
std::vector<std::string> name_words(const std::string& name) {
  std::vector<std::string> words(1);
  for (char ch : lower_ascii(name)) {
    if (std::isalnum(static_cast<unsigned char>(ch)))
      words.back() += ch;
    else if (!words.back().empty())
      words.emplace_back();
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

// Ranks, deciles, codes and dates are identifiers whatever else the name says ("rank of
// average score"); a year or period only when the name is not a rate ("deaths per year").
bool has_word(const std::string& name, const std::set<std::string>& words) {
  for (const std::string& w : name_words(name))
    if (words.count(w)) return true;
  return false;
}
const std::set<std::string> kIdentifierWords = {"rank", "ranking", "decile", "quintile", "quartile",
                                                "code", "cd",      "id",     "objectid", "fid",
                                                "date", "ref",     "vintage"};
const std::set<std::string> kPeriodWords = {"year", "yr", "years", "fy", "period"};

bool is_count_like(const std::string& name) {
  const std::string n = lower_ascii(name);
  static const std::array<std::string_view, 33> kWords = {
      "count",    "number", "total",      "population", "persons",     "people", "household",
      "dwelling", "jobs",   "claimant",   "employees",  "businesses",  "pupils", "residents",
      "\xC2\xA3", "spend",  "budget",     "funding",    "amount",      "cost",   "gva",
      "gdp",      "grant",  "allocation", "revenue",    "expenditure", "pounds", "gbp",
      "money",    "spent",  "visits",     "cases",      "deaths"};
  for (std::string_view w : kWords)
    if (n.find(w) != std::string::npos) return true;
  return n == "n" || n == "pop";
}

}  // namespace

ValueKind value_kind(const Column& column) {
  if (has_word(column.name, kIdentifierWords)) return ValueKind::Identifier;
  if (is_rate_like(column.name) || has_percent_cells(column)) return ValueKind::Rate;
  if (has_word(column.name, kPeriodWords)) return ValueKind::Identifier;
  if (is_count_like(column.name)) return ValueKind::Count;
  // The values alone: proportions (all within 0..1, some fractional) or years.
  bool any = false, unit = true, fractional = false, years = true;
  for (double v : column.values) {
    if (std::isnan(v)) continue;
    any = true;
    unit = unit && v >= 0 && v <= 1;
    fractional = fractional || v != std::floor(v);
    years = years && v == std::floor(v) && v >= 1800 && v <= 2100;
  }
  if (any && unit && fractional) return ValueKind::Rate;
  if (any && years) return ValueKind::Identifier;
  return ValueKind::Unknown;
}

bool is_per_area(const Column& column) {
  const std::string n = lower_ascii(column.name);
  for (const char* marker :
       {"density", "per sq", "per km", "km2", "km²", "per hectare", "per square", "per ha"})
    if (n.find(marker) != std::string::npos) return true;
  return false;
}

std::string describe(ValueKind kind) {
  switch (kind) {
    case ValueKind::Count:
      return "count or money";
    case ValueKind::Rate:
      return "rate, proportion, score or average";
    case ValueKind::Identifier:
      return "year, date, rank or identifier";
    case ValueKind::Unknown:
      return "kind not known";
  }
  return "";
}

std::string to_string(JoinMode mode) {
  switch (mode) {
    case JoinMode::Auto:
      return "auto";
    case JoinMode::Code:
      return "code";
    case JoinMode::Name:
      return "name";
  }
  return "auto";
}

std::string to_string(CombineRule rule) {
  switch (rule) {
    case CombineRule::Sum:
      return "sum";
    case CombineRule::WeightedMean:
      return "weighted-mean";
    case CombineRule::Mean:
      return "mean";
    case CombineRule::First:
      return "first";
    case CombineRule::Same:
      return "same";
  }
  return "sum";
}

std::optional<JoinMode> parse_join_mode(std::string_view text) {
  const std::string t = lower_ascii(trim_cell(text));
  if (t == "auto") return JoinMode::Auto;
  if (t == "code") return JoinMode::Code;
  if (t == "name") return JoinMode::Name;
  return std::nullopt;
}

std::optional<CombineRule> parse_combine_rule(std::string_view text) {
  const std::string t = lower_ascii(trim_cell(text));
  if (t == "sum" || t == "total") return CombineRule::Sum;
  if (t == "weighted-mean" || t == "weighted_mean" || t == "wmean" || t == "weighted")
    return CombineRule::WeightedMean;
  if (t == "mean" || t == "average") return CombineRule::Mean;
  if (t == "first") return CombineRule::First;
  if (t == "same") return CombineRule::Same;
  return std::nullopt;
}

// --- join_table, step by step ---
//
// The steps run in the order join_table calls them; each fills its part of the report. The
// order matters where a later step reads what an earlier one settled (the matching passes) and
// for which error a user sees first (key fields, then the weight column, then combine rules).
namespace {

// The two sides of a join, as messages name them.
struct JoinSides {
  const Layer& layer;
  const SourceTable& source;
  const Table& table;        // source.table
  const Table& attributes;   // layer.attributes
  std::string origin;        // "the table" when the source does not say
  std::string layer_origin;  // "layer NAME"

  // The spreadsheet row of a table row, for messages (header on row 1 when not recorded).
  std::size_t row_number(std::size_t row) const {
    return row < source.row_numbers.size() ? source.row_numbers[row] : row + 2;
  }
};

JoinSides describe_sides(const Layer& layer, const SourceTable& source) {
  return JoinSides{layer,
                   source,
                   source.table,
                   layer.attributes,
                   source.origin.empty() ? std::string("the table") : source.origin,
                   "layer " + (layer.layer_name.empty() ? layer.source_path : layer.layer_name)};
}

void require_rows(const JoinSides& sides) {
  if (sides.table.columns.empty() || sides.table.row_count == 0)
    throw UserError(
        sides.origin + " has no data rows to join; check the file, its sheet and its header row",
        Remedy::ChooseHeaderRow);
  if (sides.attributes.columns.empty() || sides.attributes.row_count == 0)
    throw UserError(sides.layer_origin + " has no areas to join to");
}

// The table's code column: the one whose values are mostly GSS codes.
const Column* detect_table_code_column(const Table& table) {
  const Column* best = nullptr;
  double best_share = 0.5;
  for (const Column& c : table.columns) {
    const double share = gss_share(c);
    if (share >= best_share && (!best || share > best_share)) {
      best = &c;
      best_share = share;
    }
  }
  return best;
}

// The layer's code field: the one the layer names, else the first field of (almost) only codes.
const Column* layer_code_column(const Layer& layer) {
  const Table& attributes = layer.attributes;
  if (layer.code_column) return &attributes.columns[*layer.code_column];
  for (const Column& c : attributes.columns)
    if (!c.derived && gss_share(c) >= 0.95) return &c;
  return nullptr;
}

// The layer's name field: the one the layer names, else the first text field called "...name"
// or "...nm" (as in ONS boundaries: LAD23NM).
const Column* layer_name_column(const Layer& layer) {
  const Table& attributes = layer.attributes;
  if (layer.name_column) return &attributes.columns[*layer.name_column];
  for (const Column& c : attributes.columns) {
    const std::string n = lower_ascii(c.name);
    const bool name_like = n.find("name") != std::string::npos ||
                           (n.size() > 2 && n.compare(n.size() - 2, 2, "nm") == 0);
    if (!c.derived && c.kind == ColumnKind::Text && name_like) return &c;
  }
  return nullptr;
}

// The key fields on both sides, and whether they hold codes or names.
struct JoinKeys {
  JoinMode mode = JoinMode::Code;  // never Auto once chosen
  const Column* table_column = nullptr;
  const Column* layer_column = nullptr;
  std::vector<std::string> notes;  // a change of mode the user did not ask for
};

// Auto: by what a named key field holds; with no field named, codes until find_code_keys finds
// a side without them.
JoinMode first_mode(const JoinKeys& keys, JoinMode asked) {
  if (asked != JoinMode::Auto) return asked;
  if (keys.table_column)
    return gss_share(*keys.table_column) >= 0.5 ? JoinMode::Code : JoinMode::Name;
  if (keys.layer_column)
    return gss_share(*keys.layer_column) >= 0.5 ? JoinMode::Code : JoinMode::Name;
  return JoinMode::Code;
}

// Code joins: the code fields not named. When the user asked for nothing, a side without codes
// turns this into a name join (with a note); otherwise it is an error listing what to choose.
void find_code_keys(const JoinSides& sides, const JoinOptions& options, JoinKeys& keys) {
  if (!keys.layer_column) keys.layer_column = layer_code_column(sides.layer);
  if (!keys.table_column) keys.table_column = detect_table_code_column(sides.table);
  if ((!keys.layer_column || !keys.table_column) && options.mode == JoinMode::Auto &&
      !options.table_key && !options.layer_key) {
    keys.notes.push_back(std::string("no GSS code column on the ") +
                         (!keys.table_column ? "table" : "layer") + "; joined by name instead");
    keys.mode = JoinMode::Name;
    keys.layer_column = nullptr;
    keys.table_column = nullptr;
  } else if (!keys.layer_column) {
    throw UserError(sides.layer_origin +
                        " has no field of GSS codes; choose the layer's key field (fields: " +
                        column_list(sides.attributes) + ")",
                    Remedy::ChooseLayerKey);
  } else if (!keys.table_column) {
    throw UserError(sides.origin +
                        " has no column of GSS codes (E06000001, ...); choose the table's key "
                        "column (columns: " +
                        column_list(sides.table) + ")",
                    Remedy::ChooseTableKey);
  }
}

// Name joins: the layer's name field, and (when not named) the table's text column whose names
// match the most areas.
void find_name_keys(const JoinSides& sides, JoinKeys& keys) {
  if (!keys.layer_column) keys.layer_column = layer_name_column(sides.layer);
  if (!keys.layer_column)
    throw UserError(sides.layer_origin +
                        " has no name field to join names to; choose the layer's key field "
                        "(fields: " +
                        column_list(sides.attributes) + ")",
                    Remedy::ChooseLayerKey);
  if (keys.table_column) return;
  std::size_t best = 0;
  for (const Column& c : sides.table.columns) {
    if (c.kind != ColumnKind::Text) continue;
    const std::size_t n = count_matches(*keys.layer_column, c, JoinMode::Name);
    if (n > best || (!keys.table_column && n == best && n > 0)) {
      best = n;
      keys.table_column = &c;
    }
  }
  if (!keys.table_column)
    throw UserError(sides.origin +
                        " has no column whose values match the areas' names or codes; choose "
                        "the table's key column (columns: " +
                        column_list(sides.table) + ")",
                    Remedy::ChooseTableKey);
}

// --- Which fields are the keys, and codes or names ---
JoinKeys choose_keys(const JoinSides& sides, const JoinOptions& options) {
  JoinKeys keys;
  if (options.table_key)
    keys.table_column = &column_by_name(sides.table, *options.table_key, "table", sides.origin);
  if (options.layer_key)
    keys.layer_column =
        &column_by_name(sides.attributes, *options.layer_key, "layer", sides.layer_origin);
  keys.mode = first_mode(keys, options.mode);
  if (keys.mode == JoinMode::Code) find_code_keys(sides, options, keys);
  // Not `else`: a code join without codes has just become a name join.
  if (keys.mode == JoinMode::Name) find_name_keys(sides, keys);
  return keys;
}

void start_report(const JoinSides& sides, JoinKeys& keys, JoinReport& report) {
  report.mode = keys.mode;
  report.layer_key = keys.layer_column->name;
  report.table_key = keys.table_column->name;
  report.origin = sides.origin;
  report.layer_features = sides.attributes.row_count;
  report.table_rows = sides.table.row_count;
  report.unreadable = sides.source.unreadable;
  report.notes = std::move(keys.notes);
}

// Where the matching passes stand: each pass takes only rows and areas the earlier ones left.
struct Matching {
  KeyedSide layer_keys;
  KeyedSide table_keys;
  std::unordered_map<std::string, std::vector<std::size_t>> features_by_key;
  std::vector<bool> first_of_key;    // the row used for its key (later duplicates are not)
  std::vector<bool> row_used;        // gave its values to an area
  std::vector<bool> row_settled;     // used, duplicate or reported
  std::vector<bool> feature_direct;  // matched by its own key, not by a translated code
};

Matching start_matching(const JoinSides& sides, const JoinKeys& keys) {
  const std::size_t feature_count = sides.attributes.row_count;
  const std::size_t row_count = sides.table.row_count;
  Matching m;
  m.layer_keys = make_keys(*keys.layer_column, keys.mode);
  m.table_keys = make_keys(*keys.table_column, keys.mode);
  m.features_by_key.reserve(feature_count * 2);
  for (std::size_t f = 0; f < feature_count; ++f)
    if (!m.layer_keys.keys[f].empty()) m.features_by_key[m.layer_keys.keys[f]].push_back(f);
  m.first_of_key.assign(row_count, false);
  m.row_used.assign(row_count, false);
  m.row_settled.assign(row_count, false);
  m.feature_direct.assign(feature_count, false);
  return m;
}

// --- Duplicate keys: every key on more than one row; the first row is used ---
void find_duplicate_keys(const JoinSides& sides, const Column& table_column, Matching& m,
                         JoinReport& report) {
  std::unordered_map<std::string, std::vector<std::size_t>> rows_by_key;
  rows_by_key.reserve(sides.table.row_count * 2);
  std::vector<std::string> key_order;
  for (std::size_t r = 0; r < sides.table.row_count; ++r) {
    const std::string& k = m.table_keys.keys[r];
    if (k.empty()) continue;
    auto& rows = rows_by_key[k];
    if (rows.size() == 1) key_order.push_back(k);
    m.first_of_key[r] = rows.empty();
    rows.push_back(r);
  }
  for (const std::string& k : key_order) {
    DuplicateKey d;
    d.key = trim_cell(table_column.text[rows_by_key[k].front()]);
    for (std::size_t r : rows_by_key[k]) d.rows.push_back(sides.row_number(r));
    report.duplicate_keys.push_back(std::move(d));
  }
}

// Pass 1: exact keys.
void match_exact_keys(const JoinSides& sides, Matching& m, JoinResult& result) {
  for (std::size_t r = 0; r < sides.table.row_count; ++r) {
    const std::string& k = m.table_keys.keys[r];
    if (k.empty()) continue;
    if (!m.first_of_key[r]) {
      m.row_settled[r] = true;  // a later duplicate; reported in duplicate_keys
      continue;
    }
    const auto it = m.features_by_key.find(k);
    if (it == m.features_by_key.end()) continue;
    for (std::size_t f : it->second) {
      result.rows_for_feature[f].push_back(r);
      m.feature_direct[f] = true;
    }
    m.row_used[r] = m.row_settled[r] = true;
  }
}

// Pass 2 (codes): translate codes of other vintages. An area that has a row of its own keeps
// it; the translated row is reported instead of being combined with it.
void match_translated_codes(const JoinSides& sides, const Column& table_column,
                            const CodeCrosswalk& crosswalk, Matching& m, JoinResult& result) {
  auto on_map = [&](const std::string& code) { return m.features_by_key.count(code) > 0; };
  for (std::size_t r = 0; r < sides.table.row_count; ++r) {
    if (m.row_settled[r] || m.table_keys.keys[r].empty()) continue;
    const auto t = crosswalk.translate(m.table_keys.keys[r], on_map);
    if (!t) continue;
    const auto& targets = m.features_by_key[t->to];
    m.row_settled[r] = true;
    if (std::any_of(targets.begin(), targets.end(),
                    [&](std::size_t f) { return m.feature_direct[f]; })) {
      result.report.unmatched_table.push_back(
          {sides.row_number(r), std::string(trim_cell(table_column.text[r])),
           "its new code " + t->to + " has its own row, which is used"});
      continue;
    }
    for (std::size_t f : targets) result.rows_for_feature[f].push_back(r);
    m.row_used[r] = true;
    result.report.translated.push_back({t->from, t->to, t->type, sides.row_number(r)});
  }
}

// Wards and small areas get new codes when their boundaries are redrawn, so a ward that keeps
// its name under a new code is not the same area.
bool is_redrawable_code(std::string_view code) {
  static const char* const kPrefixes[] = {"E05", "W05", "S13", "N08", "E00", "E01", "E02", "W00",
                                          "W01", "W02", "S00", "S01", "S02", "N00", "N20", "N21"};
  if (!looks_like_gss_code(code)) return false;
  for (const char* p : kPrefixes)
    if (code.substr(0, 3) == p) return true;
  return false;
}

// The table's name column for a code join: the text column, other than the key, that gives the
// layer's own name for most rows the codes matched (at least half of them); null if none.
const Column* table_name_column(const JoinSides& sides, const Column& key, const Column& names,
                                const JoinResult& result) {
  const Column* best = nullptr;
  std::size_t best_hits = 0, matched = 0;
  for (std::size_t f = 0; f < sides.attributes.row_count; ++f)
    matched += result.rows_for_feature[f].size() == 1;
  for (const Column& c : sides.table.columns) {
    if (&c == &key || c.is_number()) continue;
    std::size_t hits = 0;
    for (std::size_t f = 0; f < sides.attributes.row_count; ++f)
      if (result.rows_for_feature[f].size() == 1 &&
          trim_cell(c.text[result.rows_for_feature[f].front()]) == trim_cell(names.text[f]))
        ++hits;
    if (hits > best_hits) {
      best = &c;
      best_hits = hits;
    }
  }
  if (matched > 0) return 2 * best_hits >= matched ? best : nullptr;
  // No code matched (every code of another vintage): the column holding most of the layer's
  // names, for at least half the rows.
  std::unordered_set<std::string> layer_names;
  for (const std::string& n : names.text) layer_names.insert(std::string(trim_cell(n)));
  for (const Column& c : sides.table.columns) {
    if (&c == &key || c.is_number()) continue;
    std::size_t hits = 0;
    for (const std::string& t : c.text) hits += layer_names.count(std::string(trim_cell(t)));
    if (hits > best_hits) {
      best = &c;
      best_hits = hits;
    }
  }
  return 2 * best_hits >= sides.table.row_count ? best : nullptr;
}

// Pass 3 (codes): a row whose code is on neither the layer nor the crosswalk takes the area of
// exactly its name, where that area has no row and its name is unique. Never for wards and small
// areas (see is_redrawable_code): those are counted for a warning.
void match_names_where_codes_fail(const JoinSides& sides, const Column& key,
                                  const Column* layer_names, Matching& m, JoinResult& result) {
  if (!layer_names) return;
  const Column* names = table_name_column(sides, key, *layer_names, result);
  if (!names) return;
  std::unordered_map<std::string, std::vector<std::size_t>> free_by_name;
  for (std::size_t f = 0; f < sides.attributes.row_count; ++f)
    if (result.rows_for_feature[f].empty())
      free_by_name[std::string(trim_cell(layer_names->text[f]))].push_back(f);
  const Column* layer_codes = layer_code_column(sides.layer);
  JoinReport& report = result.report;
  for (std::size_t r = 0; r < sides.table.row_count; ++r) {
    if (m.row_settled[r] || m.table_keys.keys[r].empty()) continue;
    const std::string name(trim_cell(names->text[r]));
    const auto it = free_by_name.find(name);
    if (name.empty() || it == free_by_name.end() || it->second.size() != 1) continue;
    const std::string code(trim_cell(key.text[r]));
    if (!looks_like_gss_code(code)) continue;  // not a code that failed: a key of another kind
    if (is_redrawable_code(code)) {
      ++report.redrawn_by_name;
      continue;
    }
    const std::size_t f = it->second.front();
    if (!result.rows_for_feature[f].empty()) continue;
    result.rows_for_feature[f].push_back(r);
    m.row_used[r] = m.row_settled[r] = true;
    report.matched_by_name.push_back(
        code + " '" + name + "' -> " +
        (layer_codes ? std::string(trim_cell(layer_codes->text[f])) : std::string("?")));
  }
  const std::size_t n = report.matched_by_name.size();
  if (n > 0)
    report.notes.push_back(std::to_string(n) + (n == 1 ? " row" : " rows") +
                           " matched by exact name where the code is on neither the layer nor "
                           "the code history: " +
                           report.matched_by_name.front() + (n > 1 ? ", ..." : ""));
  if (report.redrawn_by_name > 0)
    report.notes.push_back(
        std::to_string(report.redrawn_by_name) +
        " rows have ward or small-area codes that are not on the layer while their names are: "
        "the codes show boundaries were redrawn, so their values are not moved onto the new "
        "areas by name (use a table for the layer's own boundaries)");
}

// Pass 2 (names): loose keys, only where unique among what is still unmatched on both sides.
void match_loose_names(const JoinSides& sides, Matching& m, JoinResult& result) {
  std::unordered_map<std::string, std::vector<std::size_t>> free_features, free_rows;
  for (std::size_t f = 0; f < sides.attributes.row_count; ++f)
    if (result.rows_for_feature[f].empty() && !m.layer_keys.loose_keys[f].empty())
      free_features[m.layer_keys.loose_keys[f]].push_back(f);
  for (std::size_t r = 0; r < sides.table.row_count; ++r)
    if (!m.row_settled[r] && !m.table_keys.loose_keys[r].empty())
      free_rows[m.table_keys.loose_keys[r]].push_back(r);
  for (const auto& [key, features] : free_features) {
    const auto it = free_rows.find(key);
    if (features.size() != 1 || it == free_rows.end() || it->second.size() != 1) continue;
    const std::size_t r = it->second.front();
    result.rows_for_feature[features.front()].push_back(r);
    m.row_used[r] = m.row_settled[r] = true;
    ++result.report.matched_loosely;
  }
}

// --- Matched, unmatched ---
void report_matches(const JoinSides& sides, const JoinKeys& keys, const Column* layer_names,
                    const Matching& m, JoinResult& result) {
  JoinReport& report = result.report;
  for (std::size_t f = 0; f < sides.attributes.row_count; ++f) {
    if (!result.rows_for_feature[f].empty()) {
      ++report.matched;
      if (result.rows_for_feature[f].size() > 1) {
        MergedArea merged;
        merged.key = keys.layer_column->text[f];
        for (std::size_t r : result.rows_for_feature[f]) merged.rows.push_back(sides.row_number(r));
        report.merged.push_back(std::move(merged));
      }
    } else {
      report.unmatched_layer.push_back(
          {f, keys.layer_column->text[f], layer_names ? layer_names->text[f] : std::string()});
    }
  }
  for (std::size_t r = 0; r < sides.table.row_count; ++r) {
    if (m.row_settled[r]) continue;
    const std::string key(trim_cell(keys.table_column->text[r]));
    report.unmatched_table.push_back(
        {sides.row_number(r), key, key.empty() ? "blank key" : "not on the layer"});
  }
  // Rows reported by the code translation pass come first otherwise.
  std::sort(report.unmatched_table.begin(), report.unmatched_table.end(),
            [](const UnmatchedRow& a, const UnmatchedRow& b) { return a.row < b.row; });
}

// How each table column's values combine on an area that takes several rows.
struct CombinePlan {
  std::optional<std::size_t> weight_index;  // population column for weighted means
  std::vector<CombineRule> rules;           // per table column
  std::vector<std::string> why;             // per table column, for the report
};

// The weight column: the one asked for (an error when it is not a number column), else the
// first number column that looks like a population.
std::optional<std::size_t> find_weight_column(const JoinSides& sides, const JoinOptions& options) {
  const Table& table = sides.table;
  std::optional<std::size_t> weight_index;
  if (options.weight_column) {
    weight_index = table.find(*options.weight_column);
    if (!weight_index || !table.columns[*weight_index].is_number())
      throw UserError("weight column '" + *options.weight_column + "' is not a number column of " +
                      sides.origin + "; its columns are: " + column_list(table));
  } else {
    for (std::size_t c = 0; c < table.columns.size() && !weight_index; ++c)
      if (table.columns[c].is_number() && is_population_like(table.columns[c].name))
        weight_index = c;
  }
  return weight_index;
}

// --- Combination rules, when some area takes several rows ---
// The rule a column's kind gives, and why: never a sum unless the column counts something.
std::pair<CombineRule, std::string> default_rule(const Column& column, const Column* weight) {
  const ValueKind kind = value_kind(column);
  if (kind == ValueKind::Rate && is_per_area(column))
    return {CombineRule::Same,
            "a value per unit of area: weighting it by population would misstate it, so kept "
            "only where the rows agree"};
  switch (kind) {
    case ValueKind::Count:
      return {CombineRule::Sum, describe(kind)};
    case ValueKind::Rate:
      if (weight)
        return {CombineRule::WeightedMean, describe(kind) + ", weighted by " + weight->name};
      return {CombineRule::Same, describe(kind) +
                                     "; no population column to weight by, so kept only where "
                                     "the rows agree"};
    case ValueKind::Identifier:
      return {CombineRule::Same, describe(kind) + ": kept only where the rows agree"};
    case ValueKind::Unknown:
      break;
  }
  return {CombineRule::Same, describe(kind) +
                                 ": never summed, kept only where the rows agree (choose a rule "
                                 "for it to combine otherwise)"};
}

// The rule of each number column: the one chosen, else a weighted mean for rates and a sum for
// counts and money (a weighted mean needs a population column; without one, a plain mean).
// A rule for a column the table does not have is an error even when no area merges rows.
CombinePlan plan_combining(const JoinSides& sides, const JoinOptions& options,
                           const Column& table_column, JoinReport& report) {
  const Table& table = sides.table;
  CombinePlan plan;
  plan.weight_index = find_weight_column(sides, options);
  const std::optional<std::size_t>& weight_index = plan.weight_index;
  if (weight_index) report.weight_column = table.columns[*weight_index].name;

  plan.rules.assign(table.columns.size(), CombineRule::Sum);
  plan.why.assign(table.columns.size(), std::string());
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const Column& column = table.columns[c];
    if (!column.is_number()) continue;
    CombineRule& rule = plan.rules[c];
    std::string& why = plan.why[c];
    if (const auto it = options.combine.find(column.name); it != options.combine.end()) {
      rule = it->second;
      why = "chosen";
    } else {
      std::tie(rule, why) =
          default_rule(column, weight_index ? &table.columns[*weight_index] : nullptr);
    }
    if (rule == CombineRule::WeightedMean && !weight_index) {
      rule = CombineRule::Same;
      why =
          "weighted mean asked, but there is no population column: kept only where the rows "
          "agree";
    }
  }
  for (const auto& [name, rule] : options.combine) {
    const auto c = table.find(name);
    if (!c)
      throw UserError("combine rule for '" + name + "': no such column in " + sides.origin +
                      "; its columns are: " + column_list(table));
    (void)rule;
  }
  if (!report.merged.empty())
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      if (table.columns[c].is_number() && &table.columns[c] != &table_column)
        report.combine_rules.push_back({table.columns[c].name, plan.rules[c], plan.why[c]});
  return plan;
}

// --- No data in matched rows ---
void count_no_data(const JoinSides& sides, const Column& table_column, const Matching& m,
                   JoinReport& report) {
  for (const Column& column : sides.table.columns) {
    if (!column.is_number() || &column == &table_column) continue;
    std::size_t empty = 0;
    for (std::size_t r = 0; r < sides.table.row_count; ++r)
      if (m.row_used[r] && std::isnan(column.values[r])) ++empty;
    report.no_data.emplace_back(column.name, empty);
  }
}

// --- A better key, when the match is poor ---
// Poor: fewer than 80% of the areas that could match (one per keyed row at most), or none.
void suggest_better_key(const JoinSides& sides, const JoinKeys& keys, const Column* layer_names,
                        const Matching& m, JoinReport& report) {
  const std::size_t feature_count = sides.attributes.row_count;
  std::size_t keyed_rows = 0;
  for (const std::string& k : m.table_keys.keys)
    if (!k.empty()) ++keyed_rows;
  const double expected = static_cast<double>(std::min(feature_count, keyed_rows));
  if (static_cast<double>(report.matched) >= 0.8 * expected && report.matched != 0) return;

  const Column* layer_codes = layer_code_column(sides.layer);
  std::optional<SuggestedKey> best;
  // Codes first: on a tie a code column is the safer key.
  for (JoinMode mode : {JoinMode::Code, JoinMode::Name}) {
    for (const Column& c : sides.table.columns) {
      const Column* against = mode == JoinMode::Code ? layer_codes : layer_names;
      if (!against) continue;
      if (&c == keys.table_column && mode == keys.mode && against == keys.layer_column) continue;
      const std::size_t n = count_matches(*against, c, mode);
      if (n > report.matched && (!best || n > best->would_match))
        best = SuggestedKey{c.name, against->name, mode, n};
    }
  }
  // A name join across redrawn boundaries would put old areas' values on new ones.
  if (best && best->mode == JoinMode::Name && report.redrawn_by_name > 0) best.reset();
  report.suggested = best;
  if (report.matched == 0) {
    std::string line = "table key '" + keys.table_column->name + "' matches none of the " +
                       std::to_string(feature_count) + " areas' " + keys.layer_column->name;
    if (best)
      line += "; column '" + best->table_column + "' would match " +
              std::to_string(best->would_match) + " (" + to_string(best->mode) + "s against " +
              best->layer_column + ")";
    report.notes.push_back(line);
  }
}

// A text column on an area of several rows: their distinct non-empty values, " + " between.
std::string combine_text(const Column& column, const std::vector<std::size_t>& rows) {
  std::vector<std::string> distinct;
  for (std::size_t r : rows)
    if (!column.text[r].empty() &&
        std::find(distinct.begin(), distinct.end(), column.text[r]) == distinct.end())
      distinct.push_back(column.text[r]);
  std::string out;
  for (const std::string& d : distinct) out += (out.empty() ? "" : " + ") + d;
  return out;
}

// A number column on an area of several rows, by its rule; NaN (no data) when the rule has
// nothing to go on. `weight` is the population column, null when there is none.
double combine_numbers(const Column& column, const std::vector<std::size_t>& rows, CombineRule rule,
                       const Column* weight) {
  bool any_missing = false;
  double sum = 0, weighted = 0, weights = 0;
  std::size_t n = 0;
  for (std::size_t r : rows) {
    const double v = column.values[r];
    if (std::isnan(v)) {
      any_missing = true;
      continue;
    }
    sum += v;
    ++n;
    if (weight) {
      const double w = weight->values[r];
      if (std::isnan(w)) {
        any_missing = true;
      } else {
        weighted += v * w;
        weights += w;
      }
    }
  }
  switch (rule) {
    case CombineRule::Sum:
      // A total with a part missing would read as a real, smaller total.
      return any_missing || n == 0 ? kNaN : sum;
    case CombineRule::Mean:
      return n == 0 ? kNaN : sum / static_cast<double>(n);
    case CombineRule::WeightedMean:
      return weights > 0 ? weighted / weights : kNaN;
    case CombineRule::Same: {
      // Every row must have the value, and the same one.
      if (any_missing || n == 0) return kNaN;
      const double first = column.values[rows.front()];
      for (std::size_t r : rows)
        if (column.values[r] != first) return kNaN;
      return first;
    }
    case CombineRule::First:
      break;
  }
  return kNaN;
}

// One table column as a layer field: each area's row, or its rows combined.
Column joined_column(const Column& column, CombineRule rule, const Column* weight,
                     const JoinResult& result, const std::string& name) {
  const std::size_t feature_count = result.rows_for_feature.size();
  Column added;
  added.name = name;
  added.kind = column.kind;
  added.source_type = column.is_number() ? "Real" : "String";
  added.text.resize(feature_count);
  if (column.is_number()) added.values.assign(feature_count, kNaN);
  for (std::size_t f = 0; f < feature_count; ++f) {
    const auto& rows = result.rows_for_feature[f];
    if (rows.empty()) continue;
    if (rows.size() == 1 || rule == CombineRule::First) {
      added.text[f] = column.text[rows.front()];
      if (column.is_number()) added.values[f] = column.values[rows.front()];
    } else if (!column.is_number()) {
      added.text[f] = combine_text(column, rows);
    } else {
      added.values[f] = combine_numbers(column, rows, rule, weight);
      added.text[f] = format_value(added.values[f]);
    }
  }
  return added;
}

// --- The joined attribute table ---
// The layer's fields, then every table column but the key, renamed when a field has its name.
void add_table_columns(const JoinSides& sides, const Column& table_column, const CombinePlan& plan,
                       const JoinOptions& options, JoinResult& result) {
  const Table& table = sides.table;
  const Column* weight = plan.weight_index ? &table.columns[*plan.weight_index] : nullptr;
  result.attributes = sides.attributes;
  Table& out = result.attributes;
  // Names taken so far, as Table::find compares them (any case): one lookup per column keeps
  // a table of 100,000 columns linear.
  std::unordered_set<std::string> taken;
  for (const Column& c : out.columns) taken.insert(lower_ascii(c.name));
  auto unique_name = [&](const std::string& wanted) {
    std::string name = wanted;
    if (taken.count(lower_ascii(name))) {
      name = options.clash_prefix + wanted;
      for (int n = 2; taken.count(lower_ascii(name)); ++n)
        name = options.clash_prefix + wanted + " (" + std::to_string(n) + ")";
    }
    taken.insert(lower_ascii(name));
    return name;
  };
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const Column& column = table.columns[c];
    if (&column == &table_column) continue;
    Column added = joined_column(column, plan.rules[c], weight, result, unique_name(column.name));
    result.report.added_columns.push_back(added.name);
    out.columns.push_back(std::move(added));
  }
}

}  // namespace

std::optional<std::pair<std::string, std::string>> parse_filter(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  const std::string column(trim_cell(text.substr(0, eq)));
  if (column.empty()) return std::nullopt;
  return std::make_pair(column, std::string(trim_cell(text.substr(eq + 1))));
}

std::string describe_filters(const std::map<std::string, std::vector<std::string>>& filters) {
  std::string out;
  for (const auto& [column, values] : filters)
    for (const std::string& v : values) out += (out.empty() ? "" : ", ") + column + "=" + v;
  return out;
}

namespace {

// The distinct values of a column, in table order, as a short list for messages.
std::string value_list(const Column& column, std::size_t limit = 8) {
  std::vector<std::string> seen;
  std::set<std::string> set;
  for (const std::string& v : column.text)
    if (set.insert(v).second) seen.push_back(v.empty() ? "(blank)" : v);
  std::string out;
  for (std::size_t i = 0; i < seen.size() && i < limit; ++i)
    out += (i ? ", " : "") + ("'" + seen[i] + "'");
  if (seen.size() > limit) out += " and " + std::to_string(seen.size() - limit) + " more";
  return std::to_string(seen.size()) + (seen.size() == 1 ? " value: " : " values: ") + out;
}

// A long table: some area's key on several rows that differ in a text column (an indicator, a
// period). Taking any one of those rows would be a guess, so the user chooses.
void refuse_long_format(const JoinSides& sides, const Column& table_column, const Matching& m) {
  // Dimensions are text, or numbers that name a year or period; measured numbers vary.
  std::vector<std::size_t> candidates;
  for (std::size_t c = 0; c < sides.table.columns.size(); ++c) {
    const Column& column = sides.table.columns[c];
    if (&column != &table_column &&
        (!column.is_number() || value_kind(column) == ValueKind::Identifier))
      candidates.push_back(c);
  }
  if (candidates.empty()) return;
  std::unordered_map<std::string, std::size_t> first_row;
  std::set<std::size_t> varying;  // columns whose value differs within a key
  for (std::size_t r = 0; r < sides.table.row_count; ++r) {
    const std::string& k = m.table_keys.keys[r];
    if (k.empty()) continue;
    const auto [it, fresh] = first_row.emplace(k, r);
    if (fresh) continue;
    for (std::size_t c : candidates)
      if (sides.table.columns[c].text[r] != sides.table.columns[c].text[it->second])
        varying.insert(c);
  }
  // A dimension repeats its values across areas (38 indicators over thousands of rows); a
  // column of names or notes that differ is a duplicate row, reported as such.
  for (auto it = varying.begin(); it != varying.end();) {
    const Column& column = sides.table.columns[*it];
    const std::set<std::string> distinct(column.text.begin(), column.text.end());
    if (distinct.size() * 2 > sides.table.row_count)
      it = varying.erase(it);
    else
      ++it;
  }
  if (varying.empty()) return;
  // The first columns with a few of their values; the rest by name, so the line stays short.
  std::string columns, others;
  std::size_t shown = 0;
  for (std::size_t c : varying) {
    const Column& column = sides.table.columns[c];
    if (shown++ < 2)
      columns += (columns.empty() ? "" : "; ") + column.name + " (" + value_list(column, 4) + ")";
    else
      others += (others.empty() ? "" : ", ") + column.name;
  }
  if (!others.empty()) columns += "; and " + others;
  const Column& first = sides.table.columns[*varying.begin()];
  throw UserError(sides.origin + " has several rows for one area that differ in " + columns +
                      ": it is a long table; choose the rows to map, e.g. " + first.name + "=" +
                      first.text.front(),
                  Remedy::ChooseRows);
}

}  // namespace

SourceTable filter_rows(const SourceTable& source,
                        const std::map<std::string, std::vector<std::string>>& filters) {
  const Table& table = source.table;
  std::vector<const Column*> columns;
  for (const auto& [name, values] : filters) {
    const auto c = table.find(name);
    if (!c)
      throw UserError("rows of " + source.origin + " are chosen by " + name +
                          ", but it has no such column; its columns are: " + column_list(table),
                      Remedy::ChooseRows);
    const Column& column = table.columns[*c];
    for (const std::string& v : values)
      if (std::find(column.text.begin(), column.text.end(), v) == column.text.end())
        throw UserError("no row of " + source.origin + " has " + name + " = '" + v + "'; it has " +
                            value_list(column),
                        Remedy::ChooseRows);
    columns.push_back(&column);
  }
  std::vector<std::size_t> kept;
  for (std::size_t r = 0; r < table.row_count; ++r) {
    bool keep = true;
    std::size_t i = 0;
    for (const auto& [name, values] : filters) {
      const std::string& cell = columns[i++]->text[r];
      keep = keep && std::find(values.begin(), values.end(), cell) != values.end();
    }
    if (keep) kept.push_back(r);
  }
  SourceTable out;
  out.origin = source.origin;
  out.unreadable = source.unreadable;
  out.table.row_count = kept.size();
  for (const Column& c : table.columns) {
    Column copy;
    copy.name = c.name;
    copy.kind = c.kind;
    copy.source_type = c.source_type;
    copy.derived = c.derived;
    for (std::size_t r : kept) {
      copy.text.push_back(c.text[r]);
      if (c.is_number()) copy.values.push_back(c.values[r]);
    }
    out.table.columns.push_back(std::move(copy));
  }
  for (std::size_t r : kept)
    out.row_numbers.push_back(r < source.row_numbers.size() ? source.row_numbers[r] : r + 2);
  return out;
}

JoinResult join_table(const Layer& layer, const SourceTable& source, const JoinOptions& options) {
  if (!options.filters.empty()) {
    // The rows chosen, joined as a table of their own; the note says which.
    const SourceTable chosen = filter_rows(source, options.filters);
    JoinOptions rest = options;
    rest.filters.clear();
    JoinResult result = join_table(layer, chosen, rest);
    result.report.table_rows = source.table.row_count;
    result.report.notes.insert(result.report.notes.begin(),
                               "kept " + std::to_string(chosen.table.row_count) + " of " +
                                   std::to_string(source.table.row_count) + " rows of " +
                                   source.origin + ": " + describe_filters(options.filters));
    return result;
  }
  const JoinSides sides = describe_sides(layer, source);
  require_rows(sides);
  JoinKeys keys = choose_keys(sides, options);
  const Column& table_column = *keys.table_column;

  JoinResult result;
  start_report(sides, keys, result.report);
  result.rows_for_feature.assign(sides.attributes.row_count, {});
  Matching m = start_matching(sides, keys);
  refuse_long_format(sides, table_column, m);
  find_duplicate_keys(sides, table_column, m, result.report);
  match_exact_keys(sides, m, result);
  if (keys.mode == JoinMode::Code && options.crosswalk && !options.crosswalk->empty())
    match_translated_codes(sides, table_column, *options.crosswalk, m, result);
  if (keys.mode == JoinMode::Name) match_loose_names(sides, m, result);

  const Column* layer_names = layer_name_column(layer);
  if (keys.mode == JoinMode::Code)
    match_names_where_codes_fail(sides, table_column, layer_names, m, result);
  report_matches(sides, keys, layer_names, m, result);
  const CombinePlan plan = plan_combining(sides, options, table_column, result.report);
  count_no_data(sides, table_column, m, result.report);
  suggest_better_key(sides, keys, layer_names, m, result.report);
  add_table_columns(sides, table_column, plan, options, result);
  return result;
}

JoinReport join_into(Layer& layer, const SourceTable& table, const JoinOptions& options) {
  JoinResult result = join_table(layer, table, options);
  layer.attributes = std::move(result.attributes);
  return std::move(result.report);
}

std::string no_match_hint(const JoinReport& report) {
  if (report.matched > 0) return {};
  const auto examples = [](const auto& items) {
    std::string out;
    std::size_t n = 0;
    for (const auto& item : items) {
      if (item.key.empty()) continue;
      out += (n ? ", " : "") + item.key;
      if (++n == 3) break;
    }
    return out.empty() ? std::string("(none)") : out;
  };
  std::string hint = "no area matched " + report.origin + ": the table's " + report.table_key +
                     " reads like " + examples(report.unmatched_table) + ", the layer's " +
                     report.layer_key + " like " + examples(report.unmatched_layer);
  if (report.suggested)
    hint += "; its column '" + report.suggested->table_column + "' would match " +
            std::to_string(report.suggested->would_match) + " areas";
  else
    hint += "; join a table of the same areas and vintage, or choose other key columns";
  return hint;
}

bool poor_match(const JoinReport& report) {
  return report.layer_features > 0 && report.matched * 2 < report.layer_features;
}

std::string format_join_report(const JoinReport& report, std::size_t list_limit) {
  std::ostringstream o;
  auto more = [&](std::size_t total) {
    if (total > list_limit) o << "  ... and " << (total - list_limit) << " more\n";
  };
  o << "Joined " << report.origin << " by " << to_string(report.mode) << ": table column '"
    << report.table_key << "' = layer field '" << report.layer_key << "'\n";
  o << "Matched " << report.matched << " of " << report.layer_features << " areas";
  if (report.matched_loosely > 0)
    o << " (" << report.matched_loosely << " by name without council/city/borough words)";
  o << "; the table has " << report.table_rows << " rows\n";
  for (const std::string& n : report.notes) o << "Note: " << n << "\n";
  if (!report.unmatched_layer.empty()) {
    o << "Areas with no row (" << report.unmatched_layer.size() << "):\n";
    for (std::size_t i = 0; i < report.unmatched_layer.size() && i < list_limit; ++i) {
      const auto& u = report.unmatched_layer[i];
      o << "  " << u.key;
      if (!u.name.empty() && u.name != u.key) o << " " << u.name;
      o << "\n";
    }
    more(report.unmatched_layer.size());
  }
  if (!report.unmatched_table.empty()) {
    o << "Table rows not used (" << report.unmatched_table.size() << "):\n";
    for (std::size_t i = 0; i < report.unmatched_table.size() && i < list_limit; ++i) {
      const auto& u = report.unmatched_table[i];
      o << "  row " << u.row << " '" << u.key << "': " << u.reason << "\n";
    }
    more(report.unmatched_table.size());
  }
  if (!report.duplicate_keys.empty()) {
    o << "Duplicate keys (" << report.duplicate_keys.size() << "; the first row is used):\n";
    for (std::size_t i = 0; i < report.duplicate_keys.size() && i < list_limit; ++i) {
      const auto& d = report.duplicate_keys[i];
      o << "  '" << d.key << "' on rows";
      for (std::size_t r : d.rows) o << " " << r;
      o << "\n";
    }
    more(report.duplicate_keys.size());
  }
  if (!report.translated.empty()) {
    o << "Codes translated to this map's vintage (" << report.translated.size() << "):\n";
    for (std::size_t i = 0; i < report.translated.size() && i < list_limit; ++i) {
      const auto& t = report.translated[i];
      o << "  row " << t.row << ": " << t.from << " -> " << t.to << " ("
        << (t.type == CodeChangeType::Merger ? "merged district" : "recoded district") << ")\n";
    }
    more(report.translated.size());
  }
  if (!report.merged.empty()) {
    o << "Areas combining several rows (" << report.merged.size() << "):";
    for (std::size_t i = 0; i < report.merged.size() && i < list_limit; ++i)
      o << (i ? ", " : " ") << report.merged[i].key << " (" << report.merged[i].rows.size() << ")";
    o << "\n  combined by:";
    for (std::size_t i = 0; i < report.combine_rules.size(); ++i) {
      const auto& c = report.combine_rules[i];
      o << (i ? "; " : " ") << c.column << " = " << to_string(c.rule) << " (" << c.why << ")";
    }
    o << "\n  (change with --combine COLUMN=sum|mean|weighted-mean|first)\n";
  }
  if (!report.unreadable.empty()) {
    o << "Cells that are not numbers, read as no data (" << report.unreadable.size() << "):\n";
    for (std::size_t i = 0; i < report.unreadable.size() && i < list_limit; ++i) {
      const auto& u = report.unreadable[i];
      o << "  row " << u.row << ", " << u.column << ": '" << u.text << "'\n";
    }
    more(report.unreadable.size());
  }
  bool any_no_data = false;
  for (const auto& [column, n] : report.no_data) any_no_data = any_no_data || n > 0;
  if (any_no_data) {
    o << "No data in matched rows:";
    bool first = true;
    for (const auto& [column, n] : report.no_data) {
      if (n == 0) continue;
      o << (first ? " " : ", ") << column << " " << n;
      first = false;
    }
    o << "\n";
  }
  if (report.suggested) {
    const auto& s = *report.suggested;
    o << "Suggestion: column '" << s.table_column << "' would match " << s.would_match << " areas ("
      << to_string(s.mode) << "s against " << s.layer_column
      << "); choose it as the table's key column\n";
  }
  if (!report.added_columns.empty()) {
    o << "Added to the layer:";
    for (std::size_t i = 0; i < report.added_columns.size(); ++i)
      o << (i ? ", " : " ") << report.added_columns[i];
    o << "\n";
  }
  return o.str();
}

}  // namespace devomap
