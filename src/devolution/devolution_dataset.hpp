#pragma once
// The built-in devolution dataset (geodata/devolution/*.csv, described in its schema.md) read
// into typed records: authorities, their councils and districts, the district code crosswalk,
// powers, budgets and the four nations.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/crosswalk.hpp"
#include "core/rollup.hpp"

namespace devomap::devolution {

struct Authority {
  std::string id;        // authority_id, e.g. "gmca"
  std::string gss_code;  // "" where none is published
  std::string name, short_name;
  std::string type;  // mayoral_combined_authority, combined_county_authority, ...
  std::string established;
  std::string legislation;
  std::string mayor, mayor_party, mayor_as_of, mayor_source_url;
  std::string first_mayoral_election;  // date or year
  std::string election_state;          // held, due, postponed, none
  // The English Devolution and Community Empowerment Act 2026 categories: established_mayoral,
  // mayoral, combined_foundation, single_foundation.
  std::string tier, tier_note;
  std::string status, status_note;
  std::string source_url;
  std::string source_date, as_of, check;
};

struct ConstituentCouncil {
  std::string authority_id;
  std::string council_gss_code;
  std::string council_name;
  std::string council_type;
  std::string role;  // constituent, proposed_constituent, area_council
  std::string legislation;
};

struct AuthorityDistrict {
  std::string authority_id;
  std::string lad_code, lad_name;
  int lad_vintage = 0;  // 2024 or 2025
  std::string membership_source;
  std::string via_code;
};

// A devolved government's budget for one financial year, under the one definition the dataset
// states for all three (nation_budgets.csv).
struct NationBudget {
  std::string nation_id;
  std::string financial_year;
  std::string measure;
  double amount_gbp = 0;
  std::string note, source_url, source_date, as_of, check;
};

struct Nation {
  std::string id;  // nation_id
  std::string gss_code, name;
  std::string legislature, executive;
  std::string main_powers;  // "; "-separated, from the Cabinet Office guidance
  std::string note;
  std::string source_url;
  std::string source_date, as_of;
};

struct DevolutionDataset {
  std::filesystem::path folder;
  std::vector<Authority> authorities;
  std::vector<ConstituentCouncil> councils;
  std::vector<AuthorityDistrict> districts;
  std::vector<CodeChange> code_changes;
  std::vector<PowerRecord> powers;
  std::vector<BudgetRecord> budgets;
  std::vector<Nation> nations;
  std::vector<NationBudget> nation_budgets;

  // A nation's budget in a financial year; nullptr when the dataset has none.
  const NationBudget* nation_budget(const std::string& nation_id, const std::string& fy) const;
  // The oldest as_of among the rows describing these authorities (their authority, power and
  // budget rows) and the nations: the date a map drawn from them is current to.
  std::string data_as_of(const std::vector<std::string>& authority_ids) const;

  CodeCrosswalk crosswalk() const { return CodeCrosswalk(code_changes); }
  std::map<std::string, std::string> gss_by_authority() const;
  std::vector<std::string> authority_ids() const;
  // authority_id -> lad_code memberships of one vintage (2024 matches the shared LAD layers).
  std::vector<Membership> district_memberships(int vintage = 2024) const;
};

// Reads the eight CSV files of the dataset in `folder`. Throws UserError naming the file, row
// and column for a missing file, a missing column or a value that is not what schema.md says
// (an unknown status, a non-numeric amount, an unknown authority id, ...).
DevolutionDataset load_devolution_dataset(const std::filesystem::path& folder);

// The shipped dataset's code crosswalk (old <-> new district codes) for joins, or nullopt when
// the dataset is not found or cannot be read: a join then goes on without translating codes,
// and `note` (when given) says why, for the front end to show.
std::optional<CodeCrosswalk> shipped_crosswalk(std::string* note = nullptr);

// Where the shipped dataset is: $DEVOMAP_DEVOLUTION_DIR, else <exe>/../share/devomap/devolution,
// else geodata/devolution in the source tree this binary was built from; nullopt when none.
std::optional<std::filesystem::path> find_devolution_dataset();

}  // namespace devomap::devolution
