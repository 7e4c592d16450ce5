#include "core/crosswalk.hpp"

namespace devomap {

bool looks_like_gss_code(std::string_view text) {
  if (text.size() != 9) return false;
  switch (text[0]) {
    case 'E':
    case 'W':
    case 'S':
    case 'N':
    case 'K':
      break;
    default:
      return false;
  }
  for (std::size_t i = 1; i < 9; ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  return true;
}

CodeCrosswalk::CodeCrosswalk(std::vector<CodeChange> changes) : changes_(std::move(changes)) {
  for (std::size_t i = 0; i < changes_.size(); ++i) {
    by_old_.emplace(changes_[i].old_code, i);
    if (changes_[i].type == CodeChangeType::Recode) recode_by_new_.emplace(changes_[i].new_code, i);
  }
}

std::optional<CodeTranslation> CodeCrosswalk::translate(
    const std::string& code, const std::function<bool(const std::string&)>& on_map) const {
  // Forward: follow old -> new (a chain such as a merger then a recode) until a code on the map.
  std::string current = code;
  CodeChangeType strongest = CodeChangeType::Recode;
  for (int step = 0; step < 8; ++step) {
    const auto it = by_old_.find(current);
    if (it == by_old_.end()) break;
    const CodeChange& change = changes_[it->second];
    if (change.type == CodeChangeType::Merger) strongest = CodeChangeType::Merger;
    current = change.new_code;
    if (on_map(current)) return CodeTranslation{code, current, strongest, false};
  }
  // Backward, recodes only: a newer code of the same district on an older map. A merger cannot
  // be undone (the new unitary covers several old districts).
  current = code;
  for (int step = 0; step < 8; ++step) {
    const auto it = recode_by_new_.find(current);
    if (it == recode_by_new_.end()) break;
    current = changes_[it->second].old_code;
    if (on_map(current)) return CodeTranslation{code, current, CodeChangeType::Recode, true};
  }
  return std::nullopt;
}

}  // namespace devomap
