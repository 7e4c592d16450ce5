#include "core/rollup.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "core/error.hpp"
#include "core/number_parse.hpp"

namespace devomap {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int status_rank(std::string_view status) {
  if (status == "held") return 3;
  if (status == "partial") return 2;
  if (status == "proposed") return 1;
  return 0;  // "recommended" is a report's recommendation, not a power
}

Column text_column(std::string name, std::vector<std::string> text) {
  Column c;
  c.name = std::move(name);
  c.kind = ColumnKind::Text;
  c.source_type = "String";
  c.derived = true;
  c.text = std::move(text);
  return c;
}

}  // namespace

const std::vector<std::string>& power_domains() {
  static const std::vector<std::string> kDomains = {"transport",
                                                    "adult_skills",
                                                    "employment_support",
                                                    "housing_regeneration",
                                                    "planning",
                                                    "health_care",
                                                    "public_health",
                                                    "policing_crime",
                                                    "fire_rescue",
                                                    "net_zero_energy",
                                                    "business_rates",
                                                    "culture",
                                                    "economic_development",
                                                    "integrated_settlement",
                                                    "education",
                                                    "flexible_funding",
                                                    "pilots"};
  return kDomains;
}

std::vector<std::string> domains_meeting(const std::string& recommended) {
  // An integrated settlement is the single flexible budget the recommendation asks for.
  if (recommended == "flexible_funding") return {"flexible_funding", "integrated_settlement"};
  return {recommended};
}

std::vector<AuthorityPowers> summarise_powers(const std::vector<PowerRecord>& powers,
                                              const std::vector<std::string>& authority_ids) {
  std::vector<AuthorityPowers> out;
  std::map<std::string, std::size_t> index;
  auto entry = [&](const std::string& id) -> AuthorityPowers& {
    auto [it, added] = index.emplace(id, out.size());
    if (added) {
      out.emplace_back();
      out.back().authority_id = id;
    }
    return out[it->second];
  };
  for (const std::string& id : authority_ids) entry(id);
  for (const PowerRecord& p : powers) {
    AuthorityPowers& a = entry(p.authority_id);
    if (p.status == "recommended") {
      a.recommended_domains.insert(p.domain);
      continue;
    }
    if (p.status == "held") ++a.powers_held;
    auto& best = a.status_by_domain[p.domain];
    if (status_rank(p.status) > status_rank(best)) best = p.status;
  }
  for (AuthorityPowers& a : out) {
    for (const auto& [domain, status] : a.status_by_domain) {
      if (status == "held") ++a.domains_held;
      if (status == "partial") ++a.domains_partial;
      if (status == "proposed") ++a.domains_proposed;
    }
    for (const std::string& domain : a.recommended_domains) {
      bool held = false;
      for (const std::string& d : domains_meeting(domain)) {
        const auto it = a.status_by_domain.find(d);
        held = held || (it != a.status_by_domain.end() && it->second == "held");
      }
      if (!held) ++a.recommended_not_held;
    }
  }
  return out;
}

Table powers_table(const std::vector<AuthorityPowers>& summary,
                   const std::map<std::string, std::string>& gss_by_authority) {
  Table t;
  t.row_count = summary.size();
  std::vector<std::string> ids, codes;
  std::vector<double> held, domains;
  for (const AuthorityPowers& a : summary) {
    ids.push_back(a.authority_id);
    const auto it = gss_by_authority.find(a.authority_id);
    codes.push_back(it == gss_by_authority.end() ? std::string() : it->second);
    held.push_back(a.powers_held);
    domains.push_back(a.domains_held);
  }
  t.columns.push_back(text_column("authority_id", std::move(ids)));
  t.columns.push_back(text_column("gss_code", std::move(codes)));
  t.add_number_column("powers_held", std::move(held), true);
  t.add_number_column("domains_held", std::move(domains), true);
  for (const std::string& domain : power_domains()) {
    std::vector<std::string> status;
    for (const AuthorityPowers& a : summary) {
      const auto it = a.status_by_domain.find(domain);
      status.push_back(it == a.status_by_domain.end() ? std::string() : it->second);
    }
    t.columns.push_back(text_column(domain, std::move(status)));
  }
  return t;
}

std::optional<int> financial_year_start(std::string_view fy) {
  fy = trim_cell(fy);
  if (fy.size() != 7 || fy[4] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
    if (!std::isdigit(static_cast<unsigned char>(fy[i]))) return std::nullopt;
  const int start = std::stoi(std::string(fy.substr(0, 4)));
  const int end = std::stoi(std::string(fy.substr(5, 2)));
  if ((start + 1) % 100 != end) return std::nullopt;
  return start;
}

std::string financial_year_name(int start_year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", start_year, (start_year + 1) % 100);
  return buf;
}

std::optional<BudgetPeriod> budget_period(const BudgetRecord& b, std::string& why_not) {
  const auto first = financial_year_start(b.first_fy);
  const auto last = financial_year_start(b.last_fy);
  if (!first || !last) {
    why_not = "first_fy and last_fy must both be financial years";
    return std::nullopt;
  }
  if (*last < *first) {
    why_not = "last_fy before first_fy";
    return std::nullopt;
  }
  return BudgetPeriod{*first, *last};
}

std::optional<int> financial_year_of_date(std::string_view date) {
  date = trim_cell(date);
  if (date.size() < 7 || date[4] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
    if (!std::isdigit(static_cast<unsigned char>(date[i]))) return std::nullopt;
  const int year = std::stoi(std::string(date.substr(0, 4)));
  const int month = std::stoi(std::string(date.substr(5, 2)));
  if (month < 1 || month > 12) return std::nullopt;
  return month >= 4 ? year : year - 1;
}

namespace {

bool is_nation(const std::vector<std::string>& nation_ids, const std::string& id) {
  return std::find(nation_ids.begin(), nation_ids.end(), id) != nation_ids.end();
}

// The year's share of a line's amount.
double amount_in_year(const BudgetRecord& b, const BudgetPeriod& period) {
  const double amount = b.amount_gbp.value_or(0);
  if (b.kind == BudgetKind::MultiYearTotal) return amount / period.years();
  return amount;  // annual: each year; one-off: its one year
}

// Whether `b` lies inside its part_of line in `year`.
bool inside_parent_in(const BudgetRecord& b, int year) {
  if (b.part_of.empty()) return false;
  const auto from = financial_year_start(b.part_of_first_fy);
  const auto to = financial_year_start(b.part_of_last_fy);
  return (!from || year >= *from) && (!to || year <= *to);
}

}  // namespace

FundingSummary funding_in_year(const std::vector<BudgetRecord>& budgets, std::string_view fy,
                               const std::vector<std::string>& nation_ids) {
  const auto year = financial_year_start(fy);
  if (!year) throw UserError("financial year '" + std::string(fy) + "' is not like 2025-26");
  FundingSummary out;
  out.financial_year = financial_year_name(*year);

  std::map<std::string, const BudgetRecord*> by_id;
  for (const BudgetRecord& b : budgets) by_id[b.id] = &b;
  std::map<std::string, std::size_t> index;
  auto authority = [&](const std::string& id) -> AuthorityFunding& {
    auto [it, added] = index.emplace(id, out.authorities.size());
    if (added) out.authorities.push_back({id, 0, {}, false, {}, {}});
    return out.authorities[it->second];
  };

  // Candidates: lines of authorities that cover the year, are countable, started and known.
  std::map<std::string, std::string> why_not;  // budget id -> reason, for lines in the year
  std::set<std::string> candidate;
  for (const BudgetRecord& b : budgets) {
    std::string why;
    const auto period = budget_period(b, why);
    if (!period) {
      out.left_out.push_back(b.id + ": " + why);
      continue;
    }
    if (!period->covers(*year)) continue;
    if (is_nation(nation_ids, b.authority_id)) {
      out.left_out.push_back(b.id + ": national programme total, not extra money");
      continue;
    }
    if (!b.countable)
      why_not[b.id] = "a headline value, estimate or indicative share";
    else if (!b.started)
      why_not[b.id] = "agreed but not started";
    else if (!b.amount_gbp)
      why_not[b.id] = "figure not published, so the year's total is incomplete";
    else
      candidate.insert(b.id);
  }
  // The whole or its parts, never both: a line inside a counted line of the same authority
  // (in that year) is left out; a line inside one whose figure is unknown still counts.
  std::set<std::string> counted;
  for (const std::string& id : candidate) {
    const BudgetRecord* b = by_id[id];
    const BudgetRecord* line = b;
    bool inside = false;
    for (int depth = 0; depth < 16 && inside_parent_in(*line, *year); ++depth) {
      const auto it = by_id.find(line->part_of);
      if (it == by_id.end()) break;
      if (candidate.count(line->part_of) && it->second->authority_id == b->authority_id) {
        why_not[id] = "inside " + line->part_of + ", which is counted";
        inside = true;
        break;
      }
      line = it->second;
    }
    if (!inside) counted.insert(id);
  }
  for (const std::string& id : std::set<std::string>(counted)) {
    const BudgetRecord& b = *by_id[id];
    if (b.replaces.empty() || !counted.count(b.replaces)) continue;
    if (by_id[b.replaces]->authority_id != b.authority_id) continue;
    counted.erase(b.replaces);
    why_not[b.replaces] = "replaced by " + b.id;
  }

  for (const BudgetRecord& b : budgets) {
    const bool in_year = counted.count(b.id) || why_not.count(b.id);
    if (!in_year || is_nation(nation_ids, b.authority_id)) continue;
    AuthorityFunding& a = authority(b.authority_id);
    BudgetLineInYear line;
    line.budget_id = b.id;
    if (counted.count(b.id)) {
      std::string why;
      line.counted = true;
      line.amount_gbp = amount_in_year(b, *budget_period(b, why));
      a.amount_gbp += line.amount_gbp;
      a.budget_ids.push_back(b.id);
    } else {
      line.why_not = why_not[b.id];
      out.left_out.push_back(b.id + ": " + line.why_not);
      if (b.countable && b.started && !b.amount_gbp) {
        a.incomplete = true;
        a.unpublished.push_back(b.id);
      }
    }
    a.lines.push_back(std::move(line));
  }
  return out;
}

std::optional<std::string> latest_funding_year(const std::vector<BudgetRecord>& budgets,
                                               std::string_view as_of,
                                               const std::vector<std::string>& nation_ids) {
  const auto now = financial_year_of_date(as_of);
  std::optional<int> best;
  for (const BudgetRecord& b : budgets) {
    if (!b.countable || !b.started || !b.amount_gbp || is_nation(nation_ids, b.authority_id))
      continue;
    const auto first = financial_year_start(b.first_fy);
    if (!first || (now && *first > *now)) continue;
    if (!best || *first > *best) best = *first;
  }
  if (!best) return std::nullopt;
  return financial_year_name(*best);
}

Table funding_table(const FundingSummary& funding,
                    const std::map<std::string, std::string>& gss_by_authority,
                    const std::map<std::string, double>* population_by_authority) {
  Table t;
  t.row_count = funding.authorities.size();
  std::vector<std::string> ids, codes;
  std::vector<double> amounts, populations, per_head;
  for (const AuthorityFunding& a : funding.authorities) {
    ids.push_back(a.authority_id);
    const auto it = gss_by_authority.find(a.authority_id);
    codes.push_back(it == gss_by_authority.end() ? std::string() : it->second);
    amounts.push_back(a.amount_gbp);
    if (population_by_authority) {
      const auto p = population_by_authority->find(a.authority_id);
      const double pop = p == population_by_authority->end() ? kNaN : p->second;
      populations.push_back(pop);
      per_head.push_back(pop > 0 ? a.amount_gbp / pop : kNaN);
    }
  }
  t.columns.push_back(text_column("authority_id", std::move(ids)));
  t.columns.push_back(text_column("gss_code", std::move(codes)));
  t.add_number_column("funding_gbp", std::move(amounts), true);
  if (population_by_authority) {
    t.add_number_column("population", std::move(populations), true);
    t.add_number_column("funding_per_head", std::move(per_head), true);
  }
  return t;
}

RollupResult roll_up(const std::vector<Membership>& memberships,
                     const std::unordered_map<std::string, double>& member_values, RollupRule rule,
                     const std::unordered_map<std::string, double>* weights) {
  if (rule == RollupRule::WeightedMean && !weights)
    throw UserError("a population-weighted roll-up needs a population for each district");
  RollupResult out;
  std::unordered_map<std::string, std::size_t> index;
  struct Acc {
    double sum = 0, weighted = 0, weight = 0;
    std::size_t n = 0;
  };
  std::vector<Acc> acc;
  for (const Membership& m : memberships) {
    auto [it, added] = index.emplace(m.group, out.groups.size());
    if (added) {
      out.groups.push_back(m.group);
      out.members.push_back(0);
      out.missing.emplace_back();
      acc.emplace_back();
    }
    const std::size_t g = it->second;
    ++out.members[g];
    const auto v = member_values.find(m.member);
    if (v == member_values.end() || std::isnan(v->second)) {
      out.missing[g].push_back(m.member);
      continue;
    }
    acc[g].sum += v->second;
    ++acc[g].n;
    if (weights) {
      const auto w = weights->find(m.member);
      if (w != weights->end() && !std::isnan(w->second)) {
        acc[g].weighted += v->second * w->second;
        acc[g].weight += w->second;
      }
    }
  }
  out.values.resize(out.groups.size(), kNaN);
  for (std::size_t g = 0; g < out.groups.size(); ++g) {
    switch (rule) {
      case RollupRule::Sum:
        out.values[g] = out.missing[g].empty() ? acc[g].sum : kNaN;
        break;
      case RollupRule::Mean:
        out.values[g] = acc[g].n ? acc[g].sum / static_cast<double>(acc[g].n) : kNaN;
        break;
      case RollupRule::WeightedMean:
        out.values[g] = acc[g].weight > 0 ? acc[g].weighted / acc[g].weight : kNaN;
        break;
    }
  }
  return out;
}

RolldownResult roll_down(const std::vector<Membership>& memberships,
                         const std::unordered_map<std::string, double>& group_values) {
  RolldownResult out;
  for (const Membership& m : memberships) {
    const auto g = group_values.find(m.group);
    if (g == group_values.end()) continue;
    const auto [it, added] = out.values.emplace(m.member, g->second);
    if (!added && it->second != g->second && !(std::isnan(it->second) && std::isnan(g->second)) &&
        std::find(out.conflicts.begin(), out.conflicts.end(), m.member) == out.conflicts.end())
      out.conflicts.push_back(m.member);
  }
  return out;
}

std::unordered_map<std::string, double> values_by_key(const Table& table,
                                                      std::string_view key_column,
                                                      std::string_view value_column) {
  const auto key = table.find(key_column);
  if (!key) throw UserError("no column '" + std::string(key_column) + "' to key the values by");
  const auto value = table.find(value_column);
  if (!value || !table.columns[*value].is_number())
    throw UserError("column '" + std::string(value_column) + "' is not a number column");
  std::unordered_map<std::string, double> out;
  const Column& k = table.columns[*key];
  const Column& v = table.columns[*value];
  for (std::size_t r = 0; r < table.row_count; ++r) {
    const std::string code(trim_cell(k.text[r]));
    if (code.empty() || std::isnan(v.values[r])) continue;
    out.emplace(code, v.values[r]);
  }
  return out;
}

// The schema's domain keys as the White Paper names them.
std::string domain_label(const std::string& domain) {
  static const std::map<std::string, std::string> names = {
      {"transport", "Transport"},
      {"adult_skills", "Adult skills"},
      {"employment_support", "Employment support"},
      {"housing_regeneration", "Housing and regeneration"},
      {"planning", "Planning"},
      {"health_care", "Health and care"},
      {"public_health", "Public health"},
      {"policing_crime", "Policing and crime"},
      {"fire_rescue", "Fire and rescue"},
      {"net_zero_energy", "Net zero and energy"},
      {"business_rates", "Business rates"},
      {"culture", "Culture"},
      {"economic_development", "Economic development"},
      {"integrated_settlement", "Integrated Settlement"},
      {"education", "Education"},
      {"flexible_funding", "Flexible funding"},
      {"pilots", "Pilot programmes"}};
  const auto it = names.find(domain);
  if (it != names.end()) return it->second;
  std::string label = domain;
  std::replace(label.begin(), label.end(), '_', ' ');
  if (!label.empty())
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}

}  // namespace devomap
