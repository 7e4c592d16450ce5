#pragma once
// GSS codes across boundary vintages (geodata/devolution/code_changes.csv): a district that got
// a new code after a boundary change (recode: Barnsley E08000016 -> E08000038) and districts
// merged into a new unitary (merger: Allerdale, Carlisle, Copeland -> Cumberland E06000063).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace devomap {

// An ONS GSS code: E, W, S, N or K followed by 8 digits ("E06000001").
bool looks_like_gss_code(std::string_view text);

enum class CodeChangeType { Recode, Merger };

struct CodeChange {
  std::string id;
  std::string old_code, old_name;
  std::string new_code, new_name;
  std::string effective_date;  // ISO date
  CodeChangeType type = CodeChangeType::Recode;
};

struct CodeTranslation {
  std::string from;
  std::string to;
  CodeChangeType type = CodeChangeType::Recode;
  bool backwards = false;  // a newer code taken back to the older map (recodes only)
};

class CodeCrosswalk {
 public:
  CodeCrosswalk() = default;
  explicit CodeCrosswalk(std::vector<CodeChange> changes);

  // The code on the map that `code` stands for, when `code` itself is not on it: forward through
  // recodes and mergers (old -> new, following chains), or back through a recode (a 2025 code on
  // a 2024 map). `on_map` says whether a code is on the map. nullopt when neither leads there.
  std::optional<CodeTranslation> translate(
      const std::string& code, const std::function<bool(const std::string&)>& on_map) const;

  const std::vector<CodeChange>& changes() const { return changes_; }
  bool empty() const { return changes_.empty(); }

 private:
  std::vector<CodeChange> changes_;
  std::unordered_map<std::string, std::size_t> by_old_;  // old code -> change
  std::unordered_map<std::string, std::size_t> recode_by_new_;
};

}  // namespace devomap
