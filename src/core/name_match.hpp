#pragma once
// Matching area names written different ways: "Brighton & Hove" / "Brighton and Hove",
// "St. Albans" / "St Albans", "Bristol, City of" / "City of Bristol" / "Bristol City Council",
// "Ynys Môn" / "Ynys Mon", "King's Lynn" / "Kings Lynn", "Stockton-on-Tees" / "Stockton on Tees".
#include <string>
#include <string_view>

namespace devomap {

// The exact matching key: diacritics folded (ô -> o), lower case, "&" -> "and", "saint"/"st."
// -> "st", apostrophes dropped, other punctuation and runs of space -> one space, and an ONS
// style inversion "Bristol, City of" read as "city of bristol". Two names with the same key are
// the same name written differently.
std::string name_key(std::string_view name);

// A looser key: name_key without the words that only say what kind of council or area it is
// (council, district, borough, city, county, metropolitan, royal, of, the, ...). "Bristol City
// Council", "City of Bristol" and "Bristol" share it. Used only when the exact keys do not match
// and the loose key is unique on both sides. Falls back to name_key when nothing would remain
// ("City of London" keeps "london").
std::string loose_name_key(std::string_view name);

// ASCII-folds the Latin letters with diacritics that occur in UK place names (U+00C0..U+017F:
// â ê î ô û ŵ ŷ ä ë ï ö ü é è ç ñ ...); other text is kept as it is.
std::string fold_diacritics(std::string_view text);

}  // namespace devomap
