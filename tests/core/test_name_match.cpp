#include <catch2/catch.hpp>

#include "core/name_match.hpp"

using namespace devomap;

TEST_CASE("name keys agree for the same name written differently", "[name_match]") {
  CHECK(name_key("Brighton & Hove") == name_key("Brighton and Hove"));
  CHECK(name_key("St. Albans") == name_key("St Albans"));
  CHECK(name_key("Saint Albans") == name_key("St Albans"));
  CHECK(name_key("BRISTOL, CITY OF") == name_key("City of Bristol"));
  CHECK(name_key("Bristol, City of") == "city of bristol");
  CHECK(name_key("  Stockton-on-Tees ") == name_key("Stockton on Tees"));
  CHECK(name_key("King's Lynn and West Norfolk") == name_key("Kings Lynn and West Norfolk"));
  CHECK(name_key("King\xE2\x80\x99s Lynn") == name_key("Kings Lynn"));
  CHECK(name_key("Ynys M\xC3\xB4n") == name_key("Ynys Mon"));
  CHECK(name_key("Rhondda  Cynon   Taf") == "rhondda cynon taf");
  CHECK(name_key("Newcastle upon Tyne") == name_key("NEWCASTLE UPON TYNE"));
  // Keys of keys are the same keys (the join relies on it).
  for (const char* n : {"Bristol, City of", "Brighton & Hove", "St. Helens", "Ynys M\xC3\xB4n"})
    CHECK(name_key(name_key(n)) == name_key(n));
  // A list with a comma is not an ONS inversion and stays in order.
  CHECK(name_key("Newry, Mourne and Down") == "newry mourne and down");
}

TEST_CASE("different places keep different keys", "[name_match]") {
  CHECK(name_key("North Tyneside") != name_key("South Tyneside"));
  CHECK(name_key("Bristol") != name_key("City of Bristol"));
  CHECK(loose_name_key("East Riding of Yorkshire") != loose_name_key("North Yorkshire"));
}

TEST_CASE("loose keys drop council and area-type words", "[name_match]") {
  CHECK(loose_name_key("Bristol City Council") == "bristol");
  CHECK(loose_name_key("Bristol, City of") == "bristol");
  CHECK(loose_name_key("Leeds District Council") == "leeds");
  CHECK(loose_name_key("Wigan Metropolitan Borough Council") == "wigan");
  CHECK(loose_name_key("London Borough of Camden") == "camden");
  CHECK(loose_name_key("Royal Borough of Greenwich") == "greenwich");
  CHECK(loose_name_key("County Durham") == loose_name_key("Durham County Council"));
  CHECK(loose_name_key("Kingston upon Hull, City of") == loose_name_key("Kingston upon Hull"));
  // Nothing would remain: the exact key is kept.
  CHECK(loose_name_key("City of") == "city of");
}

TEST_CASE("diacritics fold to plain letters", "[name_match]") {
  CHECK(fold_diacritics("Ynys M\xC3\xB4n") == "Ynys Mon");
  CHECK(fold_diacritics("\xC5\xB5\xC5\xB7\xC3\xA2") == "wya");  // ŵŷâ
  CHECK(fold_diacritics("Caf\xC3\xA9 \xC3\x86") == "Cafe AE");
  CHECK(fold_diacritics("plain") == "plain");
  // Characters outside Latin-1/Extended-A stay as they are.
  CHECK(fold_diacritics("\xE2\x82\xAC") == "\xE2\x82\xAC");
}
