#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <sys/stat.h>

#include "core/error.hpp"
#include "core/join.hpp"
#include "core/map_spec.hpp"
#include "core/style.hpp"
#include "data/table_source.hpp"
#include "data/xlsx_fixture.hpp"
#include "data/xlsx_formats.hpp"
#include "gdal/layer_source.hpp"
#include "support/test_support.hpp"

using namespace devomap;
using devomap::test::TempDir;
using devomap::test::write_xlsx_by_hand;
using devomap::test::XlsxSheet;

namespace {

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

const Column& column(const Table& t, const std::string& name) {
  const auto i = t.find(name);
  INFO("column " << name);
  REQUIRE(i);
  return t.columns[*i];
}

bool any_note(const data::TableLoadInfo& info, const std::string& needle) {
  for (const std::string& n : info.notes)
    if (n.find(needle) != std::string::npos) return true;
  return false;
}

// A workbook written with GDAL's own XLSX or ODS driver: one sheet per entry, the first row of
// each is the field names (that is how the drivers write), then the rows as strings or numbers.
struct SheetSpec {
  std::string name;
  std::vector<std::string> fields;
  std::vector<OGRFieldType> types;
  std::vector<std::vector<std::string>> rows;
};

void write_with_gdal(const std::string& driver_name, const std::filesystem::path& path,
                     const std::vector<SheetSpec>& sheets) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  REQUIRE(driver);
  GDALDataset* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  REQUIRE(ds);
  for (const SheetSpec& s : sheets) {
    OGRLayer* layer = ds->CreateLayer(s.name.c_str(), nullptr, wkbNone, nullptr);
    REQUIRE(layer);
    for (std::size_t i = 0; i < s.fields.size(); ++i) {
      OGRFieldDefn field(s.fields[i].c_str(), i < s.types.size() ? s.types[i] : OFTString);
      REQUIRE(layer->CreateField(&field) == OGRERR_NONE);
    }
    for (const auto& row : s.rows) {
      OGRFeature* f = OGRFeature::CreateFeature(layer->GetLayerDefn());
      for (std::size_t i = 0; i < row.size(); ++i)
        if (!row[i].empty()) f->SetField(static_cast<int>(i), row[i].c_str());
      REQUIRE(layer->CreateFeature(f) == OGRERR_NONE);
      OGRFeature::DestroyFeature(f);
    }
  }
  GDALClose(ds);
}

}  // namespace

TEST_CASE("CSV: keys stay text, numbers are found, rows are numbered as a spreadsheet shows",
          "[table_source]") {
  TempDir dir;
  write_file(dir / "t.csv",
             "code,name,population,note\n"
             "00123,\"Bristol, City of\",\"1,234\",\"says \"\"hi\"\"\"\n"
             "\n"
             "04567,Brighton & Hove,[c],\"two\nlines\"\n"
             "E06000001,Hartlepool,93861,\n");
  const data::LoadedTable t = data::load_table((dir / "t.csv").string());
  CHECK(t.info.format == "CSV");
  CHECK(t.info.encoding == "UTF-8");
  CHECK(t.info.delimiter == ',');
  CHECK(t.info.header_row == 1);
  const Table& table = t.source.table;
  REQUIRE(table.row_count == 3);
  CHECK(column(table, "code").kind == ColumnKind::Text);
  CHECK(column(table, "code").text[0] == "00123");  // leading zeros survive
  CHECK(column(table, "name").text[0] == "Bristol, City of");
  CHECK(column(table, "note").text[0] == "says \"hi\"");
  CHECK(column(table, "note").text[1] == "two\nlines");
  const Column& pop = column(table, "population");
  REQUIRE(pop.is_number());
  CHECK(pop.values[0] == 1234);
  CHECK(std::isnan(pop.values[1]));
  CHECK(pop.text[1] == "[c]");
  // Row 3 is blank and skipped; the multi-line cell's record is row 4.
  CHECK(t.source.row_numbers == std::vector<std::size_t>{2, 4, 5});
}

TEST_CASE("text cells that say no data are no data, not a category", "[table_source]") {
  // As election results publish them: "null" for seats a party did not stand in.
  TempDir dir;
  write_file(dir / "t.csv",
             "code,winner,second\n"
             "E14000530,Lab,null\n"
             "E14000531,NULL,Con\n"
             "E14000532,Con,N/A\n"
             "E14000533,[x],None\n");
  const data::LoadedTable t = data::load_table((dir / "t.csv").string());
  const Table& table = t.source.table;
  CHECK(column(table, "winner").text == std::vector<std::string>{"Lab", "", "Con", ""});
  // "None" can be real text (no overall control): kept.
  CHECK(column(table, "second").text == std::vector<std::string>{"", "Con", "", "None"});
  CHECK(any_note(t.info, "column 'winner': 2 cell(s) such as 'NULL' read as no data"));
}

TEST_CASE("CSV encodings: BOM, Windows-1252, UTF-16", "[table_source]") {
  TempDir dir;
  write_file(dir / "bom.csv", "\xEF\xBB\xBFlad_code,name\nW06000001,Ynys M\xC3\xB4n\n");
  const data::LoadedTable bom = data::load_table((dir / "bom.csv").string());
  CHECK(bom.info.encoding == "UTF-8 with BOM");
  CHECK(bom.source.table.columns[0].name == "lad_code");  // no BOM in the first name
  CHECK(column(bom.source.table, "name").text[0] == "Ynys M\xC3\xB4n");

  write_file(dir / "cp1252.csv",
             "code,name,spend\nW06000001,Ynys M\xF4n,\xA3"
             "5m\n");
  const data::LoadedTable ansi = data::load_table((dir / "cp1252.csv").string());
  CHECK(ansi.info.encoding == "Windows-1252");
  CHECK(any_note(ansi.info, "is not UTF-8; read it as Windows-1252"));
  CHECK(column(ansi.source.table, "name").text[0] == "Ynys M\xC3\xB4n");
  CHECK(column(ansi.source.table, "spend").values[0] == Approx(5e6));

  // UTF-16LE with BOM, as Excel's "Unicode text" saves (tab separated).
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("code\tv\r\nE06000001\t7\r\n")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  write_file(dir / "u16.txt", utf16);
  const data::LoadedTable wide = data::load_table((dir / "u16.txt").string());
  CHECK(wide.info.encoding == "UTF-16LE");
  CHECK(wide.info.delimiter == '\t');
  CHECK(column(wide.source.table, "v").values[0] == 7);

  write_file(dir / "binary.csv", std::string("code,v\n\0\x01\x02", 10));
  CHECK_THROWS_WITH(data::load_table((dir / "binary.csv").string()),
                    Catch::Contains("is not a text table"));
}

TEST_CASE("CSV delimiters: semicolon, tab, Excel's sep= line", "[table_source]") {
  TempDir dir;
  write_file(dir / "semi.csv",
             "code;name;value\nE06000001;Hartlepool;1,5\nE06000002;Middlesbrough;2\n");
  const data::LoadedTable semi = data::load_table((dir / "semi.csv").string());
  CHECK(semi.info.delimiter == ';');
  CHECK(any_note(semi.info, "separated by semicolons"));
  REQUIRE(semi.source.table.columns.size() == 3);
  CHECK(column(semi.source.table, "name").text[1] == "Middlesbrough");

  write_file(dir / "tab.txt", "code\tname\nE06000001\tHartlepool\n");
  CHECK(data::load_table((dir / "tab.txt").string()).info.delimiter == '\t');

  write_file(dir / "sep.csv", "sep=|\ncode|v\nE06000001|4\n");
  const data::LoadedTable sep = data::load_table((dir / "sep.csv").string());
  CHECK(sep.info.delimiter == '|');
  CHECK(column(sep.source.table, "v").values[0] == 4);
}

TEST_CASE("header row found under titles, or given by the user", "[table_source]") {
  TempDir dir;
  write_file(dir / "titled.csv",
             "Table 1: Population of test areas\n"
             "\n"
             "Source: made up for a test\n"
             "Code,Name,Population,Density\n"
             "E06000001,Hartlepool,93861,1002\n"
             "E06000002,Middlesbrough,148285,2752\n"
             "\n"
             "E06000003,Redcar and Cleveland,137150,561\n"
             "Notes: figures are rounded to the nearest person\n");
  const data::LoadedTable t = data::load_table((dir / "titled.csv").string());
  CHECK(t.info.header_row == 4);
  CHECK(t.info.header_detected);
  REQUIRE(t.source.table.row_count == 3);
  CHECK(t.source.row_numbers == std::vector<std::size_t>{5, 6, 8});
  CHECK(any_note(t.info, "left out 1 note row(s)"));
  CHECK(column(t.source.table, "Population").values[2] == 137150);

  data::TableLoadOptions options;
  options.header_row = 5;  // a data row as header: the user's choice is kept
  const data::LoadedTable forced = data::load_table((dir / "titled.csv").string(), options);
  CHECK(forced.info.header_row == 5);
  CHECK_FALSE(forced.info.header_detected);
  CHECK(forced.source.table.columns[0].name == "E06000001");

  options.header_row = 99;
  CHECK_THROWS_WITH(data::load_table((dir / "titled.csv").string(), options),
                    Catch::Contains("header row 99 is outside the table (rows 1-9)"));
  options.header_row = 2;
  CHECK_THROWS_WITH(data::load_table((dir / "titled.csv").string(), options),
                    Catch::Contains("header row 2 is blank"));
}

TEST_CASE("bad tables: empty, header only, duplicate and missing names, mixed types",
          "[table_source]") {
  TempDir dir;
  write_file(dir / "empty.csv", "");
  CHECK_THROWS_WITH(data::load_table((dir / "empty.csv").string()),
                    Catch::Contains("empty.csv is empty (0 bytes)"));
  write_file(dir / "blank.csv", "\n , \n\n");
  CHECK_THROWS_WITH(data::load_table((dir / "blank.csv").string()),
                    Catch::Contains("blank.csv is empty: no cells"));
  write_file(dir / "header.csv", "code,name,value\n");
  CHECK_THROWS_WITH(
      data::load_table((dir / "header.csv").string()),
      Catch::Contains("has a header row (row 1: code, name, value) but no data rows"));

  write_file(dir / "dupes.csv",
             "code,value,value,,\nE06000001,1,2,3,\nE06000002,4,5,6,\nE06000003,7,8,9,\n");
  const data::LoadedTable d = data::load_table((dir / "dupes.csv").string());
  REQUIRE(d.source.table.columns.size() == 4);
  CHECK(d.source.table.columns[2].name == "value (2)");
  CHECK(d.source.table.columns[3].name == "value (D)");
  CHECK(any_note(d.info, "two columns are named 'value'"));
  CHECK(any_note(d.info, "column D has no header"));

  write_file(dir / "mixed.csv",
             "code,count,label\nE06000001,1,a\nE06000002,2,3\nE06000003,three,4\nE06000004,4,5\n"
             "E06000005,5,6\n");
  const data::LoadedTable m = data::load_table((dir / "mixed.csv").string());
  CHECK(column(m.source.table, "count").is_number());
  CHECK(column(m.source.table, "label").is_number());  // 4 of 5 numbers: "a" is unreadable
  REQUIRE(m.source.unreadable.size() == 2);
  CHECK(m.source.unreadable[0].row == 4);
  CHECK(m.source.unreadable[0].column == "count");
  CHECK(m.source.unreadable[0].text == "three");
  CHECK(m.source.unreadable[1].row == 2);
  CHECK(m.source.unreadable[1].column == "label");
  CHECK(any_note(m.info, "column 'count': 1 cell(s) are not numbers (first: row 4, 'three')"));

  CHECK_THROWS_WITH(data::load_table((dir / "missing.csv").string()),
                    Catch::Contains("missing.csv does not exist"));
  write_file(dir / "t.xls", "x");
  CHECK_THROWS_WITH(data::load_table((dir / "t.xls").string()),
                    Catch::Contains("old Excel .xls workbook; save it as .xlsx"));
  write_file(dir / "t.pdf", "x");
  CHECK_THROWS_WITH(data::load_table((dir / "t.pdf").string()),
                    Catch::Contains("tables must be CSV, TSV, TXT, XLSX or ODS"));
  data::TableLoadOptions sheet;
  sheet.sheet = "Data";
  CHECK_THROWS_WITH(data::load_table((dir / "mixed.csv").string(), sheet),
                    Catch::Contains("is a text table with no sheets"));
}

TEST_CASE("XLSX and ODS written by GDAL: sheets, text keys, numbers", "[table_source]") {
  TempDir dir;
  const SheetSpec notes{"Notes",
                        {"About this workbook"},
                        {OFTString},
                        {{"These are notes about the data in the other sheet."}}};
  const SheetSpec data{"Data",
                       {"code", "name", "population"},
                       {OFTString, OFTString, OFTReal},
                       {{"00123", "Hartlepool", "93861"},
                        {"E06000002", "Middlesbrough", "148285.5"},
                        {"E06000003", "Redcar", ""}}};
  for (const std::string driver : {"XLSX", "ODS"}) {
    DYNAMIC_SECTION(driver) {
      const auto path = dir / (driver == "XLSX" ? "book.xlsx" : "book.ods");
      write_with_gdal(driver, path, {notes, data});
      const data::LoadedTable t = data::load_table(path.string());
      CHECK(t.info.format == driver);
      CHECK(t.info.sheets == std::vector<std::string>{"Notes", "Data"});
      CHECK(t.info.sheet == "Data");
      CHECK(any_note(t.info, "read 'Data', the only one with a table"));
      CHECK(t.info.header_row == 1);
      REQUIRE(t.source.table.row_count == 3);
      CHECK(t.source.row_numbers == std::vector<std::size_t>{2, 3, 4});
      CHECK(column(t.source.table, "code").text[0] == "00123");
      const Column& pop = column(t.source.table, "population");
      REQUIRE(pop.is_number());
      CHECK(pop.values[1] == Approx(148285.5));
      CHECK(std::isnan(pop.values[2]));

      data::TableLoadOptions options;
      options.sheet = "notes";  // any case
      CHECK(data::load_table(path.string(), options).info.sheet == "Notes");
      options.sheet = "Nope";
      CHECK_THROWS_WITH(data::load_table(path.string(), options),
                        Catch::Contains("has no sheet 'Nope'; its sheets are 'Notes', 'Data'"));

      // Two sheets with tables and no choice: ambiguous, so the sheets are listed.
      SheetSpec data2 = data;
      data2.name = "Data 2";
      const auto two = dir / (driver == "XLSX" ? "two.xlsx" : "two.ods");
      write_with_gdal(driver, two, {notes, data, data2});
      CHECK_THROWS_WITH(data::load_table(two.string()),
                        Catch::Contains("has 2 sheets with tables ('Data', 'Data 2'); choose one"));
      try {
        data::load_table(two.string());
      } catch (const UserError& e) {
        CHECK(e.remedy() == Remedy::ChooseSheet);  // the front ends name their sheet control
      }
    }
  }
}

TEST_CASE("XLSX with titles above the table and merged header cells", "[table_source]") {
  TempDir dir;
  XlsxSheet sheet;
  sheet.name = "MYE";
  sheet.rows[1] = {"Population of test areas"};
  sheet.rows[2] = {"This worksheet contains one table."};
  sheet.rows[4] = {"Code", "Name", "Population", "", "Density"};
  sheet.rows[5] = {"", "", "mid-2011", "mid-2022", ""};
  sheet.rows[6] = {"E06000001", "Hartlepool", "92088", "93861", "1002"};
  sheet.rows[8] = {"E06000002", "Middlesbrough", "138368", "148285", "2752"};
  sheet.rows[9] = {"E06000003", "Redcar and Cleveland", "135177", "137150", "561"};
  sheet.merges = {"C4:D4", "E4:E5", "A4:A5", "B4:B5"};
  write_xlsx_by_hand(dir / "merged.xlsx", {sheet});

  const data::LoadedTable t = data::load_table((dir / "merged.xlsx").string());
  CHECK(t.info.header_row == 4);
  CHECK(any_note(t.info, "the header spans rows 4-5 (merged cells)"));
  std::vector<std::string> names;
  for (const Column& c : t.source.table.columns) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"Code", "Name", "Population mid-2011",
                                          "Population mid-2022", "Density"});
  CHECK(t.source.row_numbers == std::vector<std::size_t>{6, 8, 9});
  CHECK(column(t.source.table, "Population mid-2022").values[2] == 137150);

  // A merged header cell over two columns with no second header row.
  XlsxSheet wide;
  wide.name = "Sheet1";
  wide.rows[1] = {"Code", "Spend", "", "Name"};
  wide.rows[2] = {"E06000001", "1", "2", "Hartlepool"};
  wide.rows[3] = {"E06000002", "3", "4", "Middlesbrough"};
  wide.merges = {"B1:C1"};
  write_xlsx_by_hand(dir / "wide.xlsx", {wide});
  const data::LoadedTable w = data::load_table((dir / "wide.xlsx").string());
  CHECK(w.source.table.columns[2].name == "Spend (C)");
  CHECK(any_note(w.info, "column C has no header (a merged header cell?)"));
  CHECK(column(w.source.table, "Spend (C)").values[1] == 4);
}

TEST_CASE("real data: ONS population CSV and workbook join the LAD 2024 layer",
          "[table_source][real]") {
  const auto data = devomap::test::real_data_dir("table_source real data");
  if (!data) return;
  gdal::LoadOptions load;
  load.display = gdal::DisplayCrs::Source;
  const Layer layer =
      gdal::load_layer((*data / "lad_2024_uk_buc_shp" / "LAD_2024_UK_BUC.shp").string(), load);
  REQUIRE(layer.size() == 361);

  SECTION("CSV by code: all 361 match") {
    const data::LoadedTable csv = data::load_table((*data / "lad_population_mid2022.csv").string());
    CHECK(csv.source.table.row_count == 361);
    const JoinResult r = join_table(layer, csv.source);
    CHECK(r.report.mode == JoinMode::Code);
    CHECK(r.report.table_key == "lad_code");
    CHECK(r.report.matched == 361);
    CHECK(r.report.unmatched_layer.empty());
    CHECK(r.report.unmatched_table.empty());
    CHECK(r.report.duplicate_keys.empty());
    const Column& pop = column(r.attributes, "population_mid2022");
    double total = 0;
    for (double v : pop.values) total += v;
    CHECK(total == 67596281);
  }
  SECTION("workbook sheet MYE5: header on row 8 found, joined by code") {
    data::TableLoadOptions options;
    options.sheet = "MYE5";
    const data::LoadedTable book = data::load_table((*data / "mye22final.xlsx").string(), options);
    CHECK(book.info.header_row == 8);
    CHECK(book.info.header_detected);
    CHECK(book.source.table.columns[0].name == "Code");
    CHECK(book.source.row_numbers.front() == 9);
    CHECK(column(book.source.table, "Area (sq km)").text[0] == "242494.5701");
    const JoinResult r = join_table(layer, book.source);
    CHECK(r.report.matched == 361);
    CHECK(r.report.unmatched_layer.empty());
    // The UK, countries, regions and counties are rows with no district on the layer.
    CHECK(r.report.unmatched_table.size() == book.source.table.row_count - 361);
    CHECK(column(r.attributes, "Estimated Population mid-2022").is_number());

    // Without --sheet the workbook is ambiguous and the sheets are listed.
    CHECK_THROWS_WITH(data::load_table((*data / "mye22final.xlsx").string()),
                      Catch::Contains("sheets with tables") && Catch::Contains("'MYE5'"));
  }
  SECTION("by name only: at least 355 of 361") {
    const data::LoadedTable csv = data::load_table((*data / "lad_population_mid2022.csv").string());
    JoinOptions options;
    options.table_key = "lad_name";
    const JoinResult r = join_table(layer, csv.source, options);
    CHECK(r.report.mode == JoinMode::Name);
    CHECK(r.report.layer_key == "LAD24NM");
    CHECK(r.report.matched >= 355);
    // Names written as people write them still match.
    SourceTable messy = csv.source;
    Column& names = messy.table.columns[*messy.table.find("lad_name")];
    for (std::size_t i = 0; i < names.text.size(); ++i) {
      std::string& n = names.text[i];
      if (i % 3 == 0)
        for (char& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (i % 3 == 1) n = "  " + n + " Council";
      const auto and_at = n.find(" and ");
      if (and_at != std::string::npos) n.replace(and_at, 5, " & ");
    }
    const JoinResult m = join_table(layer, messy, options);
    CHECK(m.report.matched >= 355);
  }
}

TEST_CASE("XLSX cells formatted as percentages are read as the sheet shows them",
          "[table_source]") {
  TempDir dir;
  XlsxSheet sheet;
  sheet.name = "Rates";
  sheet.rows[1] = {"Code", "Name", "Absence", "Pupils"};
  sheet.rows[2] = {"E06000001", "Hartlepool", "0.05", "1000"};
  sheet.rows[3] = {"E06000002", "Middlesbrough", "0.125", "2000"};
  sheet.rows[4] = {"E06000003", "Redcar and Cleveland", "0.071", "3000"};
  sheet.number_formats = {{"C2", "0.0%"}, {"C3", "0.0%"}, {"C4", "0.0%"}, {"D2", "#,##0"}};
  write_xlsx_by_hand(dir / "rates.xlsx", {sheet});

  const data::LoadedTable t = data::load_table((dir / "rates.xlsx").string());
  const Column& absence = column(t.source.table, "Absence");
  CHECK(absence.values[0] == Approx(5.0));
  CHECK(absence.values[1] == Approx(12.5));
  CHECK(absence.text[0] == "5%");
  CHECK(column(t.source.table, "Pupils").values[0] == 1000);  // other formats stay as they are
  CHECK(any_note(t.info, "3 cells formatted as percentages are read as the sheet shows them"));

  // On a map the legend, tooltips and alt text then read percentages.
  Layer layer;
  layer.attributes = t.source.table;
  StyleSpec spec;
  spec.field = "Absence";
  CHECK(with_written_units(layer, spec).number_format.unit == NumberUnit::Percent);
  CHECK_FALSE(with_written_units(layer, spec).number_format.percent_of_one);
  spec.field = "Pupils";
  CHECK(with_written_units(layer, spec).number_format.unit == NumberUnit::Plain);
}

TEST_CASE("a table below a summary block takes its own header row", "[table_source]") {
  TempDir dir;
  write_file(dir / "summary.csv",
             "School workforce in England\n"
             "\n"
             "Measure,2021,2022,2023\n"
             "Teachers,461000,465000,468000\n"
             "Pupils,8900000,8950000,9000000\n"
             "\n"
             "Table 2: by local authority\n"
             "la_code,la_name,teachers,pupils,ratio,year\n"
             "E06000001,Hartlepool,1000,20000,20,2023\n"
             "E06000002,Middlesbrough,1500,28000,18.7,2023\n"
             "E06000003,Redcar and Cleveland,1200,22000,18.3,2023\n"
             "E06000004,Stockton-on-Tees,2000,36000,18,2023\n");
  const data::LoadedTable t = data::load_table((dir / "summary.csv").string());
  CHECK(t.info.header_row == 8);
  CHECK(t.source.table.columns[0].name == "la_code");
  CHECK(t.source.table.row_count == 4);
}

TEST_CASE("a workbook's sheets are listed for the window's sheet picker", "[table_source]") {
  TempDir dir;
  XlsxSheet a, b;
  a.name = "Contents";
  a.rows[1] = {"About this workbook"};
  b.name = "MYE2 - Persons";
  b.rows[1] = {"Code", "All ages"};
  write_xlsx_by_hand(dir / "two.xlsx", {a, b});
  CHECK(data::workbook_sheet_names((dir / "two.xlsx").string()) ==
        std::vector<std::string>{"Contents", "MYE2 - Persons"});
  write_file(dir / "plain.csv", "a,b\n1,2\n");
  CHECK(data::workbook_sheet_names((dir / "plain.csv").string()).empty());
  CHECK(data::workbook_sheet_names((dir / "missing.xlsx").string()).empty());
}

TEST_CASE("a pipe or device given as a table is refused at once, never read", "[table_source]") {
  TempDir dir;
  REQUIRE(::mkfifo((dir / "pipe.csv").c_str(), 0600) == 0);
  CHECK_THROWS_WITH(data::load_table((dir / "pipe.csv").string()),
                    Catch::Contains("pipe.csv is a named pipe"));
  CHECK_THROWS_WITH(data::load_table("/dev/zero"), Catch::Contains("/dev/zero is a device"));
  CHECK_THROWS_WITH(gdal::load_layer((dir / "pipe.csv").string()),
                    Catch::Contains("is a named pipe"));
  CHECK_THROWS_WITH(read_map_spec(dir / "pipe.csv"), Catch::Contains("is a named pipe"));
  CHECK_FALSE(is_map_spec_file(dir / "pipe.csv"));
}

TEST_CASE("CSV: a quote never closed is refused, a quote that swallowed rows is noted",
          "[table_source]") {
  TempDir dir;
  // Line 4 opens a quote that nothing closes: every later row would become one cell.
  write_file(dir / "open.csv",
             "code,name,value\n"
             "E06000001,Hartlepool,1\n"
             "E06000002,Middlesbrough,2\n"
             "E06000003,\"Redcar and Cleveland,3\n"
             "E06000004,Stockton-on-Tees,4\n"
             "E06000005,Darlington,5\n");
  CHECK_THROWS_WITH(data::load_table((dir / "open.csv").string()),
                    Catch::Contains("open.csv") &&
                        Catch::Contains("quote (\") opened on line 4 is never closed"));

  // Two stray quotes pair up: lines 3 to 5 become one cell. The table loads, with a note.
  write_file(dir / "paired.csv",
             "code,name,value\n"
             "E06000001,Hartlepool,1\n"
             "E06000002,\"Middlesbrough,2\n"
             "E06000003,Redcar and Cleveland,3\n"
             "E06000004,Stockton\",4\n"
             "E06000005,Darlington,5\n");
  const data::LoadedTable t = data::load_table((dir / "paired.csv").string());
  CHECK_THAT(t.info.notes, Catch::VectorContains(std::string(
                               "paired.csv: a quoted cell runs from line 3 to line 5 and holds "
                               "what look like rows; if those lines are rows, a quote is "
                               "unbalanced on line 3")));

  // A cell that legitimately spans lines, without the delimiter inside, gets no note.
  write_file(dir / "notes.csv", "code,note\nE06000001,\"two\nlines\"\n");
  CHECK(data::load_table((dir / "notes.csv").string()).info.notes.empty());
}
