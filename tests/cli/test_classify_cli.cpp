// devomap classify, run as a user would: the JSON contract of issue 4 (edges, counts, no_data,
// gvf; categories; ignored class counts), table options, and bad input.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using devomap::test::run_devomap;
using devomap::test::TempDir;
using nlohmann::json;

namespace {

// Notes above the header, as official workbooks have; "n/a" and "x" are no data.
fs::path values_csv(const TempDir& tmp) {
  const fs::path path = tmp / "values.csv";
  std::ofstream out(path);
  out << "Table 1: test values\n\nCode,Name,Value,Tier\n"
         "E06000001,A,1,Mayoral\nE06000002,B,2,Mayoral\nE06000003,C,3,Foundation\n"
         "E06000004,D,10,Mayoral\nE06000005,E,11,\nE06000006,F,12,Foundation\n"
         "E06000007,G,n/a,Mayoral\nE06000008,H,x,Foundation\n";
  return path;
}

json run_json(const std::vector<std::string>& args) {
  const auto r = run_devomap(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("classify --json: equal interval edges are thresholds, counts and no data",
          "[classify-cli]") {
  TempDir tmp;
  const json j = run_json({"classify", "--table", values_csv(tmp).string(), "--field", "Value",
                           "--method", "equal", "--classes", "2", "--json"});
  CHECK(j["method"] == "equal");
  CHECK(j["classes"] == 2);
  // Whole numbers with few values are counts: the threshold 6.5 holds what 6 holds.
  CHECK(j["edges"] == json::array({1.0, 6.0, 12.0}));
  CHECK(j["whole_numbers"] == true);
  CHECK(j["labels"] == json::array({"1 \u2013 6", "7 \u2013 12"}));
  CHECK(j["counts"] == json::array({3, 3}));
  CHECK(j["no_data"] == 2);  // "n/a" and "x" are no data, never zero
  CHECK(j["gvf"].get<double>() > 0.9);
}

TEST_CASE("classify --json: natural breaks find the two groups", "[classify-cli]") {
  TempDir tmp;
  const json j = run_json({"classify", "--table", values_csv(tmp).string(), "--field", "Value",
                           "--method", "jenks", "--classes", "2", "--json"});
  // Groups: e0 is the minimum, e(i) the largest value of class i.
  CHECK(j["edges"] == json::array({1.0, 3.0, 12.0}));
  CHECK(j["counts"] == json::array({3, 3}));
}

TEST_CASE("classify --json: manual breaks and a fixed-count method say what was ignored",
          "[classify-cli]") {
  TempDir tmp;
  const std::string csv = values_csv(tmp).string();
  const json manual = run_json({"classify", "--table", csv, "--field", "Value", "--method",
                                "manual", "--breaks", "5", "--json"});
  CHECK(manual["counts"] == json::array({3, 3}));
  const json box = run_json({"classify", "--table", csv, "--field", "Value", "--method", "box",
                             "--classes", "4", "--json"});
  CHECK(box["classes"] == 6);
  CHECK(box["classes_requested"] == 4);
  CHECK(box.contains("classes_note"));
}

TEST_CASE("classify --json: categorical counts each value", "[classify-cli]") {
  TempDir tmp;
  const json j = run_json({"classify", "--table", values_csv(tmp).string(), "--field", "Tier",
                           "--method", "categorical", "--json"});
  CHECK(j["method"] == "categorical");
  REQUIRE(j["categories"].size() == 2);
  CHECK(j["categories"][0] == json({{"value", "Foundation"}, {"count", 3}}));
  CHECK(j["categories"][1] == json({{"value", "Mayoral"}, {"count", 4}}));
  CHECK(j["no_data"] == 1);
}

TEST_CASE("classify --header-row picks the header by hand", "[classify-cli]") {
  TempDir tmp;
  const std::string csv = values_csv(tmp).string();
  const json j = run_json({"classify", "--table", csv, "--header-row", "3", "--field", "Value",
                           "--method", "quantile", "--classes", "2", "--json"});
  CHECK(j["classes"] == 2);
  const auto wrong = run_devomap({"classify", "--table", csv, "--header-row", "1", "--field",
                                  "Value", "--method", "quantile"});
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err.find("Value") != std::string::npos);
}

TEST_CASE("classify: bad input names what is wrong", "[classify-cli]") {
  TempDir tmp;
  const std::string csv = values_csv(tmp).string();
  auto r = run_devomap({"classify", "--table", csv, "--field", "Nope", "--method", "equal"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("Nope") != std::string::npos);
  r = run_devomap({"classify", "--table", csv, "--field", "Value", "--method", "wiggly"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("wiggly") != std::string::npos);
  r = run_devomap(
      {"classify", "--table", csv, "--field", "Value", "--method", "equal", "--classes", "12"});
  CHECK(r.exit_code == 2);  // a malformed value is a usage error
  CHECK_THAT(r.err, Catch::Contains("--classes"));
  r = run_devomap({"classify", "--table", (tmp / "missing.csv").string(), "--field", "Value",
                   "--method", "equal"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("missing.csv") != std::string::npos);
}
