#pragma once
// One error type for everything the user can cause: a bad file, a missing field, a bad option.
// The message is complete and user-facing: it names the file, layer, feature, row or field and
// says in plain words what would fix it. Where a choice the user makes would fix it, the error
// also names that choice as a Remedy, and each front end points at its own way of making it
// (the command line its option, the window its control); libraries never name either.
// Front ends print it as one line (CLI: stderr, exit 1; GUI: a banner).
#include <stdexcept>
#include <string>

namespace devomap {

// A choice that would fix an error, named apart from any front end.
enum class Remedy {
  None,
  ChooseLayer,      // which layer of a multi-layer file
  ChooseSheet,      // which sheet of a workbook
  ChooseHeaderRow,  // which row of a table holds the column names
  ChooseTableKey,   // which column of the table holds the keys
  ChooseLayerKey,   // which field of the layer holds the keys
  AssumeCrs,        // which coordinate system a file without one is in
  AllowReplace,     // replace a file that exists
  ChooseDataDir,    // use another data folder
  ChooseField,      // which field or measure colours the map
  ChooseRows,       // which rows of a long table (one indicator, one period) to map
};

class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& message, Remedy remedy = Remedy::None)
      : std::runtime_error(message), remedy_(remedy) {}
  Remedy remedy() const { return remedy_; }

 private:
  Remedy remedy_;
};

// Work the user stopped (a load, an export): not a failure, and nothing was left behind.
class Cancelled : public UserError {
 public:
  using UserError::UserError;
};

}  // namespace devomap
