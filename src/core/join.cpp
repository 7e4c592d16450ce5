#include "core/join.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>
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
  static const std::array<std::string_view, 19> kWords = {
      "rate",       "per ",    "per_", "per-",     "perc",      "%",     "density",
      "ratio",      "average", "avg",  "mean",     "median",    "index", "share",
      "proportion", "score",   "pct",  "per head", "per capita"};
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

std::string unique_column_name(const Table& table, const std::string& wanted,
                               const std::string& prefix) {
  if (!table.find(wanted)) return wanted;
  std::string name = prefix + wanted;
  for (int n = 2; table.find(name); ++n) name = prefix + wanted + " (" + std::to_string(n) + ")";
  return name;
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

bool is_rate_column(const Column& column) {
  return column.is_number() && (is_rate_like(column.name) || has_percent_cells(column));
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
  return std::nullopt;
}

JoinResult join_table(const Layer& layer, const SourceTable& source, const JoinOptions& options) {
  const Table& table = source.table;
  const Table& attributes = layer.attributes;
  const std::string origin = source.origin.empty() ? std::string("the table") : source.origin;
  const std::string layer_origin =
      "layer " + (layer.layer_name.empty() ? layer.source_path : layer.layer_name);
  auto row_number = [&](std::size_t row) {
    return row < source.row_numbers.size() ? source.row_numbers[row] : row + 2;
  };

  if (table.columns.empty() || table.row_count == 0)
    throw UserError(
        origin + " has no data rows to join; check the file, its sheet and its header row",
        Remedy::ChooseHeaderRow);
  if (attributes.columns.empty() || attributes.row_count == 0)
    throw UserError(layer_origin + " has no areas to join to");

  // --- Which fields are the keys, and codes or names ---
  const Column* table_column = nullptr;
  const Column* layer_column = nullptr;
  JoinMode mode = options.mode;
  if (options.table_key) table_column = &column_by_name(table, *options.table_key, "table", origin);
  if (options.layer_key)
    layer_column = &column_by_name(attributes, *options.layer_key, "layer", layer_origin);

  if (mode == JoinMode::Auto) {
    if (table_column)
      mode = gss_share(*table_column) >= 0.5 ? JoinMode::Code : JoinMode::Name;
    else if (layer_column)
      mode = gss_share(*layer_column) >= 0.5 ? JoinMode::Code : JoinMode::Name;
    else
      mode = JoinMode::Code;  // decided below when a side has no codes
  }
  std::vector<std::string> notes;

  // The table's code column: the one whose values are mostly GSS codes.
  auto detect_table_code_column = [&]() -> const Column* {
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
  };
  auto layer_code_column = [&]() -> const Column* {
    if (layer.code_column) return &attributes.columns[*layer.code_column];
    for (const Column& c : attributes.columns)
      if (!c.derived && gss_share(c) >= 0.95) return &c;
    return nullptr;
  };
  auto layer_name_column = [&]() -> const Column* {
    if (layer.name_column) return &attributes.columns[*layer.name_column];
    for (const Column& c : attributes.columns) {
      const std::string n = lower_ascii(c.name);
      const bool name_like = n.find("name") != std::string::npos ||
                             (n.size() > 2 && n.compare(n.size() - 2, 2, "nm") == 0);
      if (!c.derived && c.kind == ColumnKind::Text && name_like) return &c;
    }
    return nullptr;
  };

  if (mode == JoinMode::Code) {
    if (!layer_column) layer_column = layer_code_column();
    if (!table_column) table_column = detect_table_code_column();
    if ((!layer_column || !table_column) && options.mode == JoinMode::Auto && !options.table_key &&
        !options.layer_key) {
      notes.push_back(std::string("no GSS code column on the ") +
                      (!table_column ? "table" : "layer") + "; joined by name instead");
      mode = JoinMode::Name;
      layer_column = nullptr;
      table_column = nullptr;
    } else if (!layer_column) {
      throw UserError(layer_origin +
                          " has no field of GSS codes; choose the layer's key field (fields: " +
                          column_list(attributes) + ")",
                      Remedy::ChooseLayerKey);
    } else if (!table_column) {
      throw UserError(origin +
                          " has no column of GSS codes (E06000001, ...); choose the table's key "
                          "column (columns: " +
                          column_list(table) + ")",
                      Remedy::ChooseTableKey);
    }
  }
  if (mode == JoinMode::Name) {
    if (!layer_column) layer_column = layer_name_column();
    if (!layer_column)
      throw UserError(layer_origin +
                          " has no name field to join names to; choose the layer's key field "
                          "(fields: " +
                          column_list(attributes) + ")",
                      Remedy::ChooseLayerKey);
    if (!table_column) {
      // The table's name column: the text column whose names match the most areas.
      std::size_t best = 0;
      for (const Column& c : table.columns) {
        if (c.kind != ColumnKind::Text) continue;
        const std::size_t n = count_matches(*layer_column, c, JoinMode::Name);
        if (n > best || (!table_column && n == best && n > 0)) {
          best = n;
          table_column = &c;
        }
      }
      if (!table_column)
        throw UserError(origin +
                            " has no column whose values match the areas' names or codes; choose "
                            "the table's key column (columns: " +
                            column_list(table) + ")",
                        Remedy::ChooseTableKey);
    }
  }

  JoinResult result;
  JoinReport& report = result.report;
  report.mode = mode;
  report.layer_key = layer_column->name;
  report.table_key = table_column->name;
  report.origin = origin;
  report.layer_features = attributes.row_count;
  report.table_rows = table.row_count;
  report.unreadable = source.unreadable;
  report.notes = std::move(notes);

  const std::size_t feature_count = attributes.row_count;
  const std::size_t row_count = table.row_count;
  const KeyedSide layer_keys = make_keys(*layer_column, mode);
  const KeyedSide table_keys = make_keys(*table_column, mode);
  const Column* layer_names = layer_name_column();

  std::unordered_map<std::string, std::vector<std::size_t>> features_by_key;
  features_by_key.reserve(feature_count * 2);
  for (std::size_t f = 0; f < feature_count; ++f)
    if (!layer_keys.keys[f].empty()) features_by_key[layer_keys.keys[f]].push_back(f);

  // --- Duplicate keys: every key on more than one row; the first row is used ---
  std::unordered_map<std::string, std::vector<std::size_t>> rows_by_key;
  rows_by_key.reserve(row_count * 2);
  std::vector<std::string> key_order;
  std::vector<bool> first_of_key(row_count, false);
  for (std::size_t r = 0; r < row_count; ++r) {
    const std::string& k = table_keys.keys[r];
    if (k.empty()) continue;
    auto& rows = rows_by_key[k];
    if (rows.size() == 1) key_order.push_back(k);
    first_of_key[r] = rows.empty();
    rows.push_back(r);
  }
  for (const std::string& k : key_order) {
    DuplicateKey d;
    d.key = trim_cell(table_column->text[rows_by_key[k].front()]);
    for (std::size_t r : rows_by_key[k]) d.rows.push_back(row_number(r));
    report.duplicate_keys.push_back(std::move(d));
  }

  result.rows_for_feature.assign(feature_count, {});
  std::vector<bool> row_used(row_count, false);
  std::vector<bool> row_settled(row_count, false);  // used, duplicate or reported
  std::vector<bool> feature_direct(feature_count, false);

  // Pass 1: exact keys.
  for (std::size_t r = 0; r < row_count; ++r) {
    const std::string& k = table_keys.keys[r];
    if (k.empty()) continue;
    if (!first_of_key[r]) {
      row_settled[r] = true;  // a later duplicate; reported in duplicate_keys
      continue;
    }
    const auto it = features_by_key.find(k);
    if (it == features_by_key.end()) continue;
    for (std::size_t f : it->second) {
      result.rows_for_feature[f].push_back(r);
      feature_direct[f] = true;
    }
    row_used[r] = row_settled[r] = true;
  }

  // Pass 2 (codes): translate codes of other vintages.
  if (mode == JoinMode::Code && options.crosswalk && !options.crosswalk->empty()) {
    auto on_map = [&](const std::string& code) { return features_by_key.count(code) > 0; };
    for (std::size_t r = 0; r < row_count; ++r) {
      if (row_settled[r] || table_keys.keys[r].empty()) continue;
      const auto t = options.crosswalk->translate(table_keys.keys[r], on_map);
      if (!t) continue;
      const auto& targets = features_by_key[t->to];
      row_settled[r] = true;
      if (std::any_of(targets.begin(), targets.end(),
                      [&](std::size_t f) { return feature_direct[f]; })) {
        report.unmatched_table.push_back(
            {row_number(r), std::string(trim_cell(table_column->text[r])),
             "its new code " + t->to + " has its own row, which is used"});
        continue;
      }
      for (std::size_t f : targets) result.rows_for_feature[f].push_back(r);
      row_used[r] = true;
      report.translated.push_back({t->from, t->to, t->type, row_number(r)});
    }
  }

  // Pass 2 (names): loose keys, only where unique among what is still unmatched on both sides.
  if (mode == JoinMode::Name) {
    std::unordered_map<std::string, std::vector<std::size_t>> free_features, free_rows;
    for (std::size_t f = 0; f < feature_count; ++f)
      if (result.rows_for_feature[f].empty() && !layer_keys.loose_keys[f].empty())
        free_features[layer_keys.loose_keys[f]].push_back(f);
    for (std::size_t r = 0; r < row_count; ++r)
      if (!row_settled[r] && !table_keys.loose_keys[r].empty())
        free_rows[table_keys.loose_keys[r]].push_back(r);
    for (const auto& [key, features] : free_features) {
      const auto it = free_rows.find(key);
      if (features.size() != 1 || it == free_rows.end() || it->second.size() != 1) continue;
      const std::size_t r = it->second.front();
      result.rows_for_feature[features.front()].push_back(r);
      row_used[r] = row_settled[r] = true;
      ++report.matched_loosely;
    }
  }

  // --- Matched, unmatched ---
  for (std::size_t f = 0; f < feature_count; ++f) {
    if (!result.rows_for_feature[f].empty()) {
      ++report.matched;
      if (result.rows_for_feature[f].size() > 1) {
        MergedArea m;
        m.key = layer_column->text[f];
        for (std::size_t r : result.rows_for_feature[f]) m.rows.push_back(row_number(r));
        report.merged.push_back(std::move(m));
      }
    } else {
      report.unmatched_layer.push_back(
          {f, layer_column->text[f], layer_names ? layer_names->text[f] : std::string()});
    }
  }
  for (std::size_t r = 0; r < row_count; ++r) {
    if (row_settled[r]) continue;
    const std::string key(trim_cell(table_column->text[r]));
    report.unmatched_table.push_back(
        {row_number(r), key, key.empty() ? "blank key" : "not on the layer"});
  }
  std::sort(report.unmatched_table.begin(), report.unmatched_table.end(),
            [](const UnmatchedRow& a, const UnmatchedRow& b) { return a.row < b.row; });

  // --- Combination rules, when some area takes several rows ---
  std::optional<std::size_t> weight_index;
  if (options.weight_column) {
    weight_index = table.find(*options.weight_column);
    if (!weight_index || !table.columns[*weight_index].is_number())
      throw UserError("weight column '" + *options.weight_column + "' is not a number column of " +
                      origin + "; its columns are: " + column_list(table));
  } else {
    for (std::size_t c = 0; c < table.columns.size() && !weight_index; ++c)
      if (table.columns[c].is_number() && is_population_like(table.columns[c].name))
        weight_index = c;
  }
  if (weight_index) report.weight_column = table.columns[*weight_index].name;

  std::vector<CombineRule> rules(table.columns.size(), CombineRule::Sum);
  std::vector<std::string> why(table.columns.size());
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const Column& column = table.columns[c];
    if (!column.is_number()) continue;
    if (const auto it = options.combine.find(column.name); it != options.combine.end()) {
      rules[c] = it->second;
      why[c] = "chosen";
    } else if (is_rate_like(column.name) || has_percent_cells(column)) {
      rules[c] = weight_index ? CombineRule::WeightedMean : CombineRule::Mean;
      why[c] = weight_index ? "rate, weighted by " + table.columns[*weight_index].name
                            : "rate; no population column, so a plain mean";
    } else {
      rules[c] = CombineRule::Sum;
      why[c] = "count or money";
    }
    if (rules[c] == CombineRule::WeightedMean && !weight_index) {
      rules[c] = CombineRule::Mean;
      why[c] = "weighted mean asked, but there is no population column: plain mean";
    }
  }
  for (const auto& [name, rule] : options.combine) {
    const auto c = table.find(name);
    if (!c)
      throw UserError("combine rule for '" + name + "': no such column in " + origin +
                      "; its columns are: " + column_list(table));
    (void)rule;
  }
  if (!report.merged.empty())
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      if (table.columns[c].is_number() && &table.columns[c] != table_column)
        report.combine_rules.push_back({table.columns[c].name, rules[c], why[c]});

  // --- No data in matched rows ---
  for (const Column& column : table.columns) {
    if (!column.is_number() || &column == table_column) continue;
    std::size_t empty = 0;
    for (std::size_t r = 0; r < row_count; ++r)
      if (row_used[r] && std::isnan(column.values[r])) ++empty;
    report.no_data.emplace_back(column.name, empty);
  }

  // --- A better key, when the match is poor ---
  std::size_t keyed_rows = 0;
  for (const std::string& k : table_keys.keys)
    if (!k.empty()) ++keyed_rows;
  const double expected = static_cast<double>(std::min(feature_count, keyed_rows));
  if (static_cast<double>(report.matched) < 0.8 * expected || report.matched == 0) {
    const Column* layer_codes = layer_code_column();
    std::optional<SuggestedKey> best;
    // Codes first: on a tie a code column is the safer key.
    for (JoinMode m : {JoinMode::Code, JoinMode::Name}) {
      for (const Column& c : table.columns) {
        const Column* against = m == JoinMode::Code ? layer_codes : layer_names;
        if (!against) continue;
        if (&c == table_column && m == mode && against == layer_column) continue;
        const std::size_t n = count_matches(*against, c, m);
        if (n > report.matched && (!best || n > best->would_match))
          best = SuggestedKey{c.name, against->name, m, n};
      }
    }
    report.suggested = best;
    if (report.matched == 0) {
      std::string line = "table key '" + table_column->name + "' matches none of the " +
                         std::to_string(feature_count) + " areas' " + layer_column->name;
      if (best)
        line += "; column '" + best->table_column + "' would match " +
                std::to_string(best->would_match) + " (" + to_string(best->mode) + "s against " +
                best->layer_column + ")";
      report.notes.push_back(line);
    }
  }

  // --- The joined attribute table ---
  result.attributes = attributes;
  Table& out = result.attributes;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const Column& column = table.columns[c];
    if (&column == table_column) continue;
    Column added;
    added.name = unique_column_name(out, column.name, options.clash_prefix);
    added.kind = column.kind;
    added.source_type = column.is_number() ? "Real" : "String";
    added.text.resize(feature_count);
    if (column.is_number()) added.values.assign(feature_count, kNaN);
    for (std::size_t f = 0; f < feature_count; ++f) {
      const auto& rows = result.rows_for_feature[f];
      if (rows.empty()) continue;
      if (rows.size() == 1 || rules[c] == CombineRule::First) {
        added.text[f] = column.text[rows.front()];
        if (column.is_number()) added.values[f] = column.values[rows.front()];
        continue;
      }
      if (!column.is_number()) {
        std::vector<std::string> distinct;
        for (std::size_t r : rows)
          if (!column.text[r].empty() &&
              std::find(distinct.begin(), distinct.end(), column.text[r]) == distinct.end())
            distinct.push_back(column.text[r]);
        for (const std::string& d : distinct)
          added.text[f] += (added.text[f].empty() ? "" : " + ") + d;
        continue;
      }
      double value = kNaN;
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
        if (weight_index) {
          const double w = table.columns[*weight_index].values[r];
          if (std::isnan(w)) {
            any_missing = true;
          } else {
            weighted += v * w;
            weights += w;
          }
        }
      }
      switch (rules[c]) {
        case CombineRule::Sum:
          // A total with a part missing would read as a real, smaller total.
          value = any_missing || n == 0 ? kNaN : sum;
          break;
        case CombineRule::Mean:
          value = n == 0 ? kNaN : sum / static_cast<double>(n);
          break;
        case CombineRule::WeightedMean:
          value = weights > 0 ? weighted / weights : kNaN;
          break;
        case CombineRule::First:
          break;
      }
      added.values[f] = value;
      added.text[f] = format_value(value);
    }
    report.added_columns.push_back(added.name);
    out.columns.push_back(std::move(added));
  }
  return result;
}

JoinReport join_into(Layer& layer, const SourceTable& table, const JoinOptions& options) {
  JoinResult result = join_table(layer, table, options);
  layer.attributes = std::move(result.attributes);
  return std::move(result.report);
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
      << to_string(s.mode) << "s against " << s.layer_column << "); try --table-key '"
      << s.table_column << "'\n";
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
