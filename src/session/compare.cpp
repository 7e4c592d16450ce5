#include "session/compare.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "core/labels.hpp"
#include "core/name_match.hpp"
#include "core/rollup.hpp"
#include "devolution/devolution_map.hpp"
#include "session/places.hpp"

namespace devomap::session {

namespace f = devolution::devolution_field;

namespace {

bool looks_like_code(const std::string& s) {
  return s.size() == 9 && std::isalpha(static_cast<unsigned char>(s[0])) &&
         std::all_of(s.begin() + 1, s.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// An area by its GSS code, or on the UK map the authority a district code is in.
std::optional<std::size_t> area_by_code(const MapDocument& document, const std::string& code,
                                        std::vector<std::string>& notes) {
  const Layer& layer = *document.data_layer()->layer;
  for (std::size_t i = 0; i < layer.size(); ++i)
    if (upper(layer.code(i)) == code) return i;
  const devolution::DefaultMap* dm = document.devolution();
  if (!dm || !dm->map.districts) return std::nullopt;
  const Layer& districts = *dm->map.districts;
  for (std::size_t area = 0; area < dm->map.area_districts.size(); ++area)
    for (std::size_t d : dm->map.area_districts[area])
      if (d < districts.size() && upper(districts.code(d)) == code) {
        notes.push_back(code + " (" + districts.name(d) + ") is inside " + layer.name(area) +
                        ", which the map draws: compared as it");
        return area;
      }
  return std::nullopt;
}

[[noreturn]] void ambiguous(const std::string& asked, const std::vector<const Place*>& places) {
  std::string list;
  for (const Place* p : places)
    list += (list.empty() ? "" : "; ") + p->name + (p->kind.empty() ? "" : " (" + p->kind + ")");
  throw UserError("'" + asked + "' could be more than one area: " + list +
                  "; write the whole name or a GSS code");
}

}  // namespace

std::size_t find_area(const MapDocument& document, const std::string& asked_raw,
                      std::vector<std::string>& notes) {
  const MapLayer* data = document.data_layer();
  if (!data) throw UserError("no map is open to compare areas on");
  std::string asked = asked_raw;
  asked.erase(0, asked.find_first_not_of(" \t"));
  asked.erase(asked.find_last_not_of(" \t") + 1);
  if (looks_like_code(asked)) {
    if (const auto area = area_by_code(document, upper(asked), notes)) return *area;
    throw UserError("no area of this map has the GSS code " + asked +
                    " (nor a district inside one); check the code, or write the area's name");
  }
  const PlaceFinder finder = places_of(document);
  std::vector<const Place*> found = finder.find(asked, 40);
  // The same place found twice (a nation on the map and on its outlines) is one candidate: the
  // one the map's data layer has.
  std::vector<const Place*> candidates;
  for (const Place* p : found) {
    const auto twin = std::find_if(candidates.begin(), candidates.end(),
                                   [&](const Place* c) { return c->name == p->name; });
    if (twin == candidates.end())
      candidates.push_back(p);
    else if (!(*twin)->area && p->area)
      *twin = p;
  }
  if (candidates.empty())
    throw UserError("no area of this map is named '" + asked +
                    "'; `devomap info` lists a layer's areas, or give a GSS code");
  const std::string key = name_key(asked);
  std::vector<const Place*> exact;
  for (const Place* p : candidates)
    if (name_key(p->name) == key) exact.push_back(p);
  const Layer& layer = *data->layer;
  const auto own_area = [&](const Place* p) { return p->area && layer.name(*p->area) == p->name; };
  if (exact.size() == 1 && own_area(exact.front())) return *exact.front()->area;
  // A place inside an area (a council inside a combined authority) is that area only when
  // nothing else answers to the name.
  if (exact.size() == 1 && exact.front()->area && candidates.size() == 1) {
    notes.push_back(exact.front()->name + " is inside " + layer.name(*exact.front()->area) +
                    ", which the map draws: compared as it");
    return *exact.front()->area;
  }
  if (exact.empty() && candidates.size() == 1 && candidates.front()->area) {
    notes.push_back("'" + asked + "' taken as " + candidates.front()->name);
    return *candidates.front()->area;
  }
  if (candidates.size() > 8) candidates.resize(8);
  ambiguous(asked, candidates);
}

namespace {

std::string plain(double v) {
  if (!std::isfinite(v)) return {};
  char buf[64];
  // Two decimals at most: money and rates read as published; counts stay whole.
  const double rounded = std::round(v * 100) / 100;
  const auto end = std::to_chars(buf, buf + sizeof buf, rounded, std::chars_format::fixed).ptr;
  return std::string(buf, end);
}

std::string value_of(const Layer& layer, const std::string& field, std::size_t area) {
  const auto col = layer.attributes.find(field);
  if (!col) return {};
  const Column& c = layer.attributes.columns[*col];
  return c.is_number() ? plain(c.values[area]) : c.text[area];
}

void add_row(Comparison& out, std::string group, std::string label,
             std::vector<std::string> values) {
  Comparison::Row row{std::move(group), std::move(label), std::move(values), false};
  row.differs = std::adjacent_find(row.values.begin(), row.values.end(), std::not_equal_to<>()) !=
                row.values.end();
  out.rows.push_back(std::move(row));
}

// Each domain's best status for each area compared (authorities only; the others say why not).
void power_rows(Comparison& out, const devolution::DefaultMap& dm, const Layer& layer) {
  std::vector<std::string> ids;
  for (std::size_t a : out.areas) ids.push_back(value_of(layer, f::kAuthorityId, a));
  const std::vector<AuthorityPowers> summary = summarise_powers(dm.dataset->powers, ids);
  for (const std::string& domain : power_domains()) {
    std::vector<std::string> values;
    for (std::size_t k = 0; k < out.areas.size(); ++k) {
      const std::size_t a = out.areas[k];
      const bool authority = a < dm.map.is_authority.size() && dm.map.is_authority[a];
      if (!authority) {
        values.push_back(value_of(layer, f::kTier, a) == devolution::kTierDevolved
                             ? "devolved government (not in this table)"
                             : "no strategic authority");
        continue;
      }
      const AuthorityPowers& p = summary[k];
      const auto it = p.status_by_domain.find(domain);
      if (it != p.status_by_domain.end())
        values.push_back(it->second);
      else if (p.recommended_domains.count(domain))
        values.push_back("recommended, not found held");
      else
        values.push_back("not found in sources");
    }
    add_row(out, "Powers by domain", domain_label(domain), std::move(values));
  }
}

void devolution_rows(Comparison& out, const devolution::DefaultMap& dm, const Layer& layer) {
  const auto row_of = [&](const std::string& group, const std::string& label,
                          const std::string& field) {
    std::vector<std::string> values;
    for (std::size_t a : out.areas) values.push_back(value_of(layer, field, a));
    add_row(out, group, label, std::move(values));
  };
  row_of("Area", "GSS code", f::kCode);
  row_of("Area", "Kind of area", f::kKind);
  row_of("Area", "Devolution tier", f::kTier);
  row_of("Area", "Mayor", f::kMayor);
  row_of("Area", "Status", f::kStatus);
  row_of("Area", "Districts", f::kDistricts);
  std::set<std::string> sources;
  for (const devolution::Measure& m : dm.map.measures) {
    if (m.field == f::kTier) continue;
    std::string label = m.label;
    if (!m.units.empty()) label += " (" + m.units + ")";
    std::vector<std::string> values;
    for (std::size_t a : out.areas) {
      // An area the measure sets apart from its classes says why (a nation's whole budget).
      const std::string apart =
          m.fixed_category_field.empty() ? "" : value_of(layer, m.fixed_category_field, a);
      const std::string value = value_of(layer, m.field, a);
      values.push_back(apart.empty() ? value : value.empty() ? apart : value + " (" + apart + ")");
    }
    add_row(out, m.group.empty() ? "Measures" : m.group, label, std::move(values));
    if (!m.source.empty()) sources.insert(m.source);
  }
  power_rows(out, dm, layer);
  out.sources.assign(sources.begin(), sources.end());
  out.sources.push_back("Devolution data as of " + dm.map.data_as_of +
                        " (devomap dataset, publisher per row); funding counted in " +
                        dm.map.financial_year);
}

}  // namespace

Comparison compare_areas(const MapDocument& document, const std::vector<std::size_t>& areas) {
  const MapLayer* data = document.data_layer();
  if (!data) throw UserError("no map is open to compare areas on");
  const Layer& layer = *data->layer;
  if (areas.size() < 2) throw UserError("a comparison needs two areas or more");
  for (std::size_t i = 0; i < areas.size(); ++i) {
    if (areas[i] >= layer.size()) throw UserError("no such area on this map");
    for (std::size_t j = 0; j < i; ++j)
      if (areas[i] == areas[j])
        throw UserError(layer.name(areas[i]) + " is asked for twice; compare different areas");
  }
  Comparison out;
  out.areas = areas;
  for (std::size_t a : areas) {
    out.names.push_back(layer.name(a).empty() ? layer.code(a) : layer.name(a));
    const std::string label = value_of(layer, kMapLabelField, a);
    out.short_names.push_back(label.empty() ? out.names.back() : label);
  }
  if (const devolution::DefaultMap* dm = document.devolution()) {
    devolution_rows(out, *dm, layer);
  } else {
    for (const Column& c : layer.attributes.columns) {
      std::vector<std::string> values;
      for (std::size_t a : areas) values.push_back(value_of(layer, c.name, a));
      add_row(out, "Attributes", c.name, std::move(values));
    }
  }
  return out;
}

namespace {

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string comparison_csv(const Comparison& comparison) {
  std::string out = "Group,Measure";
  for (const std::string& name : comparison.names) out += "," + csv_cell(name);
  out += ",Differs\r\n";
  for (const Comparison::Row& row : comparison.rows) {
    out += csv_cell(row.group) + "," + csv_cell(row.label);
    for (const std::string& v : row.values) out += "," + csv_cell(v);
    out += std::string(",") + (row.differs ? "yes" : "no") + "\r\n";
  }
  for (const std::string& source : comparison.sources) {
    out += "Source," + csv_cell(source);
    for (std::size_t i = 0; i <= comparison.names.size(); ++i) out += ",";
    out += "\r\n";
  }
  return out;
}

}  // namespace devomap::session
