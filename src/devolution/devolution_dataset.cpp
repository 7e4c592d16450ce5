#include "devolution/devolution_dataset.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "core/error.hpp"
#include "core/number_parse.hpp"
#include "data/table_source.hpp"

namespace devomap::devolution {

namespace {

namespace fs = std::filesystem;

// One CSV of the dataset with its columns looked up by name, so a reordered file still reads.
class DatasetFile {
 public:
  DatasetFile(const fs::path& folder, const std::string& name) : name_(name) {
    const fs::path path = folder / name;
    if (!fs::is_regular_file(path))
      throw UserError("devolution dataset: " + path.string() + " is missing");
    records_ = data::read_csv_records(path.string(), ',');
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

  // An ISO date column (YYYY-MM-DD), required.
  std::string dated(std::size_t row, const std::string& column) const {
    const std::string value = get(row, column);
    const bool iso = value.size() == 10 && value[4] == '-' && value[7] == '-' &&
                     std::all_of(value.begin(), value.end(), [](char c) {
                       return c == '-' || std::isdigit(static_cast<unsigned char>(c));
                     });
    if (!iso) throw bad(row, column, value, "a date such as 2026-12-06");
    return value;
  }

  // How the row was checked against its publisher.
  std::string check(std::size_t row) const {
    return one_of(row, "check", {"verified", "secondary_only", "conflict", "unverified"});
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

// Rows naming an authority (or, where allowed, a nation) that the dataset does not list.
void known_authority(const DevolutionDataset& data, const DatasetFile& f, std::size_t r,
                     const std::string& id, bool nations_too) {
  for (const Authority& a : data.authorities)
    if (a.id == id) return;
  if (nations_too)
    for (const Nation& n : data.nations)
      if (n.id == id) return;
  throw f.bad(r, "authority_id", id, "not an authority_id of authorities.csv");
}

void read_authorities(const fs::path& folder, DevolutionDataset& data) {
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
    a.type = f.one_of(
        r, "type",
        {"mayoral_combined_authority", "combined_county_authority", "strategic_authority_gla",
         "non_mayoral_combined_authority", "single_foundation_council"});
    a.established = f.get(r, "established");
    a.legislation = f.get(r, "legislation");
    a.mayor = f.get(r, "mayor");
    a.mayor_party = f.get(r, "mayor_party");
    a.mayor_as_of = f.get(r, "mayor_as_of");
    a.mayor_source_url = f.get(r, "mayor_source_url");
    a.first_mayoral_election = f.get(r, "first_mayoral_election");
    a.election_state = f.one_of(r, "election_state", {"held", "due", "postponed", "none"});
    a.tier = f.one_of(
        r, "tier", {"established_mayoral", "mayoral", "combined_foundation", "single_foundation"});
    a.tier_note = f.get(r, "tier_note");
    a.status =
        f.one_of(r, "status",
                 {"established", "established_pre_mayoral", "established_unconfirmed", "proposed"});
    a.status_note = f.get(r, "status_note");
    a.source_url = f.get(r, "source_url");
    a.source_date = f.get(r, "source_date");
    a.as_of = f.dated(r, "as_of");
    a.check = f.check(r);
    data.authorities.push_back(std::move(a));
  }
}

void read_nations(const fs::path& folder, DevolutionDataset& data) {
  DatasetFile f(folder, "nations.csv");
  for (std::size_t r = 0; r < f.rows(); ++r) {
    if (f.blank_row(r)) continue;
    Nation n;
    n.id = f.get(r, "nation_id");
    n.gss_code = f.get(r, "gss_code");
    n.name = f.get(r, "name");
    n.legislature = f.get(r, "legislature");
    n.executive = f.get(r, "executive");
    n.note = f.get(r, "note");
    n.main_powers = f.get(r, "main_powers");
    n.source_url = f.get(r, "source_url");
    n.source_date = f.get(r, "source_date");
    n.as_of = f.dated(r, "as_of");
    data.nations.push_back(std::move(n));
  }
}

void read_nation_budgets(const fs::path& folder, DevolutionDataset& data) {
  DatasetFile f(folder, "nation_budgets.csv");
  for (std::size_t r = 0; r < f.rows(); ++r) {
    if (f.blank_row(r)) continue;
    NationBudget b;
    b.nation_id = f.get(r, "nation_id");
    if (std::none_of(data.nations.begin(), data.nations.end(),
                     [&](const Nation& n) { return n.id == b.nation_id; }))
      throw f.bad(r, "nation_id", b.nation_id, "not a nation_id of nations.csv");
    b.financial_year = f.get(r, "fy");
    if (!financial_year_start(b.financial_year))
      throw f.bad(r, "fy", b.financial_year, "a financial year such as 2025-26");
    b.measure = f.get(r, "measure");
    const std::string amount = f.get(r, "amount_gbp");
    const ParsedCell cell = parse_cell(amount);
    if (cell.kind != CellKind::Number || cell.value <= 0)
      throw f.bad(r, "amount_gbp", amount, "a whole number of pounds");
    b.amount_gbp = cell.value;
    b.note = f.get(r, "note");
    b.source_url = f.get(r, "source_url");
    b.source_date = f.get(r, "source_date");
    b.as_of = f.dated(r, "as_of");
    b.check = f.check(r);
    data.nation_budgets.push_back(std::move(b));
  }
}

void read_constituent_councils(const fs::path& folder, DevolutionDataset& data) {
  DatasetFile f(folder, "constituent_councils.csv");
  for (std::size_t r = 0; r < f.rows(); ++r) {
    if (f.blank_row(r)) continue;
    ConstituentCouncil c;
    c.authority_id = f.get(r, "authority_id");
    known_authority(data, f, r, c.authority_id, false);
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

void read_code_changes(const fs::path& folder, DevolutionDataset& data) {
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
    c.type = f.one_of(r, "change_type", {"recode", "merger"}) == "merger" ? CodeChangeType::Merger
                                                                          : CodeChangeType::Recode;
    data.code_changes.push_back(std::move(c));
  }
}

void read_budgets(const fs::path& folder, DevolutionDataset& data) {
  DatasetFile f(folder, "budgets.csv");
  for (std::size_t r = 0; r < f.rows(); ++r) {
    if (f.blank_row(r)) continue;
    BudgetRecord b;
    b.id = f.get(r, "budget_id");
    b.authority_id = f.get(r, "authority_id");
    known_authority(data, f, r, b.authority_id, true);
    b.fund = f.get(r, "fund");
    b.fund_type = f.get(r, "fund_type");
    const std::string amount = f.get(r, "amount_gbp");
    if (!amount.empty()) {
      const ParsedCell cell = parse_cell(amount);
      if (cell.kind != CellKind::Number || cell.value < 0)
        throw f.bad(r, "amount_gbp", amount,
                    "a whole number of pounds, or blank when the figure is not published");
      b.amount_gbp = cell.value;
    }
    b.precision = b.amount_gbp
                      ? f.one_of(r, "amount_precision", {"exact", "rounded", "approximate"})
                      : f.get(r, "amount_precision");
    const std::string kind = f.one_of(r, "kind", {"annual", "multi_year_total", "one_off"});
    b.kind = kind == "annual"             ? BudgetKind::Annual
             : kind == "multi_year_total" ? BudgetKind::MultiYearTotal
                                          : BudgetKind::OneOff;
    b.first_fy = f.get(r, "first_fy");
    b.last_fy = f.get(r, "last_fy");
    for (const char* column : {"first_fy", "last_fy"}) {
      const std::string fy = f.get(r, column);
      if (!financial_year_start(fy))
        throw f.bad(r, column, fy, "a financial year such as 2025-26 (every line has both)");
    }
    for (const char* column : {"part_of_first_fy", "part_of_last_fy"}) {
      const std::string fy = f.get(r, column);
      if (!fy.empty() && !financial_year_start(fy))
        throw f.bad(r, column, fy, "a financial year such as 2025-26, or blank");
    }
    b.end_published = f.one_of(r, "end_published", {"yes", "no"}) == "yes";
    b.part_of = f.get(r, "part_of");
    b.part_of_first_fy = f.get(r, "part_of_first_fy");
    b.part_of_last_fy = f.get(r, "part_of_last_fy");
    b.replaces = f.get(r, "replaces");
    b.countable = f.one_of(r, "countable", {"yes", "no"}) == "yes";
    b.started = f.one_of(r, "started", {"yes", "no"}) == "yes";
    b.note = f.get(r, "note");
    b.source_url = f.get(r, "source_url");
    b.as_of = f.dated(r, "as_of");
    b.check = f.check(r);
    data.budgets.push_back(std::move(b));
  }
}

void read_authority_districts(const fs::path& folder, DevolutionDataset& data) {
  DatasetFile f(folder, "authority_districts.csv");
  for (std::size_t r = 0; r < f.rows(); ++r) {
    if (f.blank_row(r)) continue;
    AuthorityDistrict d;
    d.authority_id = f.get(r, "authority_id");
    known_authority(data, f, r, d.authority_id, false);
    d.lad_code = f.get(r, "lad_code");
    if (!looks_like_gss_code(d.lad_code)) throw f.bad(r, "lad_code", d.lad_code, "a GSS code");
    d.lad_name = f.get(r, "lad_name");
    d.lad_vintage = std::stoi(f.one_of(r, "lad_vintage", {"2024", "2025"}));
    d.membership_source = f.get(r, "membership_source");
    d.via_code = f.get(r, "via_code");
    data.districts.push_back(std::move(d));
  }
}

void read_powers(const fs::path& folder, DevolutionDataset& data) {
  DatasetFile f(folder, "powers.csv");
  const auto& domains = power_domains();
  for (std::size_t r = 0; r < f.rows(); ++r) {
    if (f.blank_row(r)) continue;
    PowerRecord p;
    p.id = f.get(r, "power_id");
    p.authority_id = f.get(r, "authority_id");
    known_authority(data, f, r, p.authority_id, false);
    p.domain = f.get(r, "domain");
    if (std::find(domains.begin(), domains.end(), p.domain) == domains.end())
      throw f.bad(r, "domain", p.domain, "a domain listed in schema.md");
    p.status = f.one_of(r, "status", {"held", "partial", "proposed", "recommended"});
    p.year = f.get(r, "year");
    p.note = f.get(r, "note");
    p.source_url = f.get(r, "source_url");
    p.as_of = f.dated(r, "as_of");
    data.powers.push_back(std::move(p));
  }
}

}  // namespace

std::map<std::string, std::string> DevolutionDataset::gss_by_authority() const {
  std::map<std::string, std::string> out;
  for (const Authority& a : authorities)
    if (!a.gss_code.empty()) out[a.id] = a.gss_code;
  return out;
}

const NationBudget* DevolutionDataset::nation_budget(const std::string& nation_id,
                                                     const std::string& fy) const {
  for (const NationBudget& b : nation_budgets)
    if (b.nation_id == nation_id && b.financial_year == fy) return &b;
  return nullptr;
}

std::string DevolutionDataset::data_as_of(const std::vector<std::string>& ids) const {
  const std::set<std::string> wanted(ids.begin(), ids.end());
  std::string oldest;
  auto take = [&](const std::string& date) {
    if (!date.empty() && (oldest.empty() || date < oldest)) oldest = date;
  };
  for (const Authority& a : authorities)
    if (wanted.count(a.id)) take(a.as_of);
  for (const PowerRecord& p : powers)
    if (wanted.count(p.authority_id)) take(p.as_of);
  for (const BudgetRecord& b : budgets)
    if (wanted.count(b.authority_id)) take(b.as_of);
  for (const Nation& n : nations) take(n.as_of);
  for (const NationBudget& b : nation_budgets) take(b.as_of);
  return oldest;
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
  // Authorities and nations first: the other files refer to them.
  read_authorities(folder, data);
  read_nations(folder, data);
  read_nation_budgets(folder, data);
  read_constituent_councils(folder, data);
  read_authority_districts(folder, data);
  read_code_changes(folder, data);
  read_powers(folder, data);
  read_budgets(folder, data);
  return data;
}

std::optional<CodeCrosswalk> shipped_crosswalk(std::string* note) {
  const auto folder = find_devolution_dataset();
  if (!folder) return std::nullopt;
  try {
    return load_devolution_dataset(*folder).crosswalk();
  } catch (const UserError& e) {
    if (note)
      *note = std::string("codes of other boundary vintages are not translated: ") + e.what();
    return std::nullopt;
  }
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

}  // namespace devomap::devolution
