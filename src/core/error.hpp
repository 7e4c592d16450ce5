#pragma once
// One error type for everything the user can cause: a bad file, a missing field, a bad option.
// The message is complete and user-facing: it names the file, layer, feature, row or field and
// says what to do. Front ends print it as one line (CLI: stderr, exit 1; GUI: a banner).
#include <stdexcept>
#include <string>

namespace devomap {

class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace devomap
