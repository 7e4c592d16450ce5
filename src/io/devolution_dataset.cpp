#include "io/devolution_dataset.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "core/error.hpp"
#include "core/number_parse.hpp"
#include "io/table_source.hpp"

namespace devomap::io {

namespace {

namespace fs = std::filesystem;

// One CSV of the dataset with its columns looked up by name, so a reordered file still reads.
class DatasetFile {
 public:
  DatasetFile(const fs::path& folder, const std::string& name) : name_(name) {
    const fs::path path = folder / name;
    if (!fs::is_regular_file(path))
      throw UserError("devolution dataset: " + path.string() + " is missing");
    records_ = read_csv_records(path.string(), ',');
    while (!records_.empty() && records_.back().empty()) records_.pop_back();
    if (records_.empty()) throw UserError("devolution dataset: " + path.string() + " is empty");
    const auto& header = records_.front();
    for (std::size_t i = 0; i < header.size(); ++i) index_[header[i]] = i;
  }

  std::size_t rows() const { return records_.size() - 1; }
  std::size_t line(std::size_t row) const { return row + 2; }  // header is line 1

  // The cell of a required column; throws naming the file and the column when it is missing.
  std::string get(std::size_t row, const std::string& column) const {
    const auto it = index_.find(column);
    if (it == index_.end())
      throw UserError("devolution dataset: " + name_ + " has no column '" + column +
                      "' (see geodata/devolution/schema.md)");
    const auto& record = records_[row + 1];
    return it->second < record.size() ? std::string(trim_cell(record[it->second])) : std::string();
  }

  // A value that must be one of `allowed`.
  std::string one_of(std::size_t row, const std::string& column,
                     std::initializer_list<std::string_view> allowed) const {
    const std::string value = get(row, column);
    for (std::string_view a : allowed)
      if (value == a) return value;
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    throw bad(row, column, value, "expected one of " + list);
  }

  UserError bad(std::size_t row, const std::string& column, const std::string& value,
                const std::string& what) const {
    return UserError("devolution dataset: " + name_ + " line " + std::to_string(line(row)) +
                     ", column " + column + ": '" + value + "' is not valid (" + what + ")");
  }

  bool blank_row(std::size_t row) const {
    const auto& r = records_[row + 1];
    return std::all_of(r.begin(), r.end(),
                       [](const std::string& c) { return trim_cell(c).empty(); });
  }

 private:
  std::string name_;
  std::vector<std::vector<std::string>> records_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace

std::map<std::string, std::string> DevolutionDataset::gss_by_authority() const {
  std::map<std::string, std::string> out;
  for (const Authority& a : authorities)
    if (!a.gss_code.empty()) out[a.id] = a.gss_code;
  return out;
}

std::vector<std::string> DevolutionDataset::authority_ids() const {
  std::vector<std::string> out;
  for (const Authority& a : authorities) out.push_back(a.id);
  return out;
}

std::vector<Membership> DevolutionDataset::district_memberships(int vintage) const {
  std::vector<Membership> out;
  for (const AuthorityDistrict& d : districts)
    if (d.lad_vintage == vintage) out.push_back({d.authority_id, d.lad_code});
  return out;
}

DevolutionDataset load_devolution_dataset(const fs::path& folder) {
  if (!fs::is_directory(folder))
    throw UserError("devolution dataset folder " + folder.string() + " does not exist");
  DevolutionDataset data;
  data.folder = folder;

  {
    DatasetFile f(folder, "authorities.csv");
    for (std::size_t r = 0; r < f.rows(); ++r) {
      if (f.blank_row(r)) continue;
      Authority a;
      a.id = f.get(r, "authority_id");
      if (a.id.empty()) throw f.bad(r, "authority_id", a.id, "every authority needs an id");
      a.gss_code = f.get(r, "gss_code");
      if (!a.gss_code.empty() && !looks_like_gss_code(a.gss_code))
        throw f.bad(r, "gss_code", a.gss_code, "a GSS code such as E47000001, or blank");
      a.name = f.get(r, "name");
      a.short_name = f.get(r, "short_name");
      a.type = f.one_of(r, "type",
                        {"mayoral_combined_authority", "combined_county_authority",
                         "strategic_authority_gla", "non_mayoral_combined_authority"});
      a.established = f.get(r, "established");
      a.legislation = f.get(r, "legislation");
      a.mayor = f.get(r, "mayor");
      a.mayor_party = f.get(r, "mayor_party");
      a.mayor_as_of = f.get(r, "mayor_as_of");
      a.tier = f.one_of(r, "tier", {"established_mayoral", "mayoral", "foundation"});
      a.tier_note = f.get(r, "tier_note");
      a.status = f.one_of(
          r, "status",
          {"established", "established_pre_mayoral", "established_unconfirmed", "proposed"});
      a.status_note = f.get(r, "status_note");
      a.source_url = f.get(r, "source_url");
      data.authorities.push_back(std::move(a));
    }
  }
  std::set<std::string> authority_ids;
  for (const Authority& a : data.authorities) authority_ids.insert(a.id);

  {
    DatasetFile f(folder, "nations.csv");
    for (std::size_t r = 0; r < f.rows(); ++r) {
      if (f.blank_row(r)) continue;
      Nation n;
      n.id = f.get(r, "nation_id");
      n.gss_code = f.get(r, "gss_code");
      n.name = f.get(r, "name");
      n.legislature = f.get(r, "legislature");
      n.executive = f.get(r, "executive");
      const std::string budget = f.get(r, "budget_gbp");
      if (!budget.empty()) {
        const ParsedCell cell = parse_cell(budget);
        if (cell.kind != CellKind::Number) throw f.bad(r, "budget_gbp", budget, "whole pounds");
        n.budget_gbp = cell.value;
      }
      n.budget_fy = f.get(r, "budget_fy");
      n.budget_measure = f.get(r, "budget_measure");
      n.note = f.get(r, "note");
      n.main_powers = f.get(r, "main_powers");
      n.source_url = f.get(r, "source_url");
      n.budget_source_url = f.get(r, "budget_source_url");
      data.nations.push_back(std::move(n));
    }
  }
  std::set<std::string> nation_ids;
  for (const Nation& n : data.nations) nation_ids.insert(n.id);

  auto known_authority = [&](const DatasetFile& f, std::size_t r, const std::string& id,
                             bool nations_too) {
    if (authority_ids.count(id) || (nations_too && nation_ids.count(id))) return;
    throw f.bad(r, "authority_id", id, "not an authority_id of authorities.csv");
  };

  {
    DatasetFile f(folder, "constituent_councils.csv");
    for (std::size_t r = 0; r < f.rows(); ++r) {
      if (f.blank_row(r)) continue;
      ConstituentCouncil c;
      c.authority_id = f.get(r, "authority_id");
      known_authority(f, r, c.authority_id, false);
      c.council_gss_code = f.get(r, "council_gss_code");
      if (!looks_like_gss_code(c.council_gss_code))
        throw f.bad(r, "council_gss_code", c.council_gss_code, "a GSS code");
      c.council_name = f.get(r, "council_name");
      c.council_type = f.get(r, "council_type");
      c.role = f.one_of(r, "role", {"constituent", "proposed_constituent", "area_council"});
      c.legislation = f.get(r, "legislation");
      data.councils.push_back(std::move(c));
    }
  }
  {
    DatasetFile f(folder, "authority_districts.csv");
    for (std::size_t r = 0; r < f.rows(); ++r) {
      if (f.blank_row(r)) continue;
      AuthorityDistrict d;
      d.authority_id = f.get(r, "authority_id");
      known_authority(f, r, d.authority_id, false);
      d.lad_code = f.get(r, "lad_code");
      if (!looks_like_gss_code(d.lad_code)) throw f.bad(r, "lad_code", d.lad_code, "a GSS code");
      d.lad_name = f.get(r, "lad_name");
      d.lad_vintage = std::stoi(f.one_of(r, "lad_vintage", {"2024", "2025"}));
      d.membership_source = f.get(r, "membership_source");
      d.via_code = f.get(r, "via_code");
      data.districts.push_back(std::move(d));
    }
  }
  {
    DatasetFile f(folder, "code_changes.csv");
    for (std::size_t r = 0; r < f.rows(); ++r) {
      if (f.blank_row(r)) continue;
      CodeChange c;
      c.id = f.get(r, "change_id");
      c.old_code = f.get(r, "old_code");
      c.new_code = f.get(r, "new_code");
      if (!looks_like_gss_code(c.old_code)) throw f.bad(r, "old_code", c.old_code, "a GSS code");
      if (!looks_like_gss_code(c.new_code)) throw f.bad(r, "new_code", c.new_code, "a GSS code");
      c.old_name = f.get(r, "old_name");
      c.new_name = f.get(r, "new_name");
      c.effective_date = f.get(r, "effective_date");
      c.type = f.one_of(r, "change_type", {"recode", "merger"}) == "merger"
                   ? CodeChangeType::Merger
                   : CodeChangeType::Recode;
      data.code_changes.push_back(std::move(c));
    }
  }
  {
    DatasetFile f(folder, "powers.csv");
    const auto& domains = power_domains();
    for (std::size_t r = 0; r < f.rows(); ++r) {
      if (f.blank_row(r)) continue;
      PowerRecord p;
      p.id = f.get(r, "power_id");
      p.authority_id = f.get(r, "authority_id");
      known_authority(f, r, p.authority_id, false);
      p.domain = f.get(r, "domain");
      if (std::find(domains.begin(), domains.end(), p.domain) == domains.end())
        throw f.bad(r, "domain", p.domain, "a domain listed in schema.md");
      p.status = f.one_of(r, "status", {"held", "partial", "proposed"});
      p.year = f.get(r, "year");
      p.note = f.get(r, "note");
      p.source_url = f.get(r, "source_url");
      data.powers.push_back(std::move(p));
    }
  }
  {
    DatasetFile f(folder, "budgets.csv");
    for (std::size_t r = 0; r < f.rows(); ++r) {
      if (f.blank_row(r)) continue;
      BudgetRecord b;
      b.id = f.get(r, "budget_id");
      b.authority_id = f.get(r, "authority_id");
      known_authority(f, r, b.authority_id, true);
      b.fund = f.get(r, "fund");
      b.fund_type = f.get(r, "fund_type");
      const std::string amount = f.get(r, "amount_gbp");
      const ParsedCell cell = parse_cell(amount);
      if (cell.kind != CellKind::Number || cell.value < 0)
        throw f.bad(r, "amount_gbp", amount, "a whole number of pounds");
      b.amount_gbp = cell.value;
      b.precision = f.one_of(r, "amount_precision", {"exact", "rounded", "approximate"});
      b.basis = f.one_of(r, "basis", {"per_year", "total_over_period"});
      b.first_fy = f.get(r, "first_fy");
      b.last_fy = f.get(r, "last_fy");
      for (const char* column : {"first_fy", "last_fy"}) {
        const std::string fy = f.get(r, column);
        if (!fy.empty() && !financial_year_start(fy))
          throw f.bad(r, column, fy, "a financial year such as 2025-26, or blank");
      }
      b.part_of = f.get(r, "part_of");
      b.replaces = f.get(r, "replaces");
      b.countable = f.one_of(r, "countable", {"yes", "no"}) == "yes";
      b.note = f.get(r, "note");
      b.source_url = f.get(r, "source_url");
      data.budgets.push_back(std::move(b));
    }
  }
  return data;
}

std::optional<fs::path> find_devolution_dataset() {
  auto usable = [](const fs::path& p) { return fs::is_regular_file(p / "authorities.csv"); };
  if (const char* env = std::getenv("DEVOMAP_DEVOLUTION_DIR"); env && *env)
    if (usable(env)) return fs::path(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share/devomap/devolution";
    if (usable(installed)) return installed;
  }
  // A binary run from its build tree: this file is <source>/src/io/devolution_dataset.cpp.
  const fs::path source_tree =
      fs::path(__FILE__).parent_path().parent_path().parent_path() / "geodata/devolution";
  if (usable(source_tree)) return source_tree;
  return std::nullopt;
}

}  // namespace devomap::io
