// `devomap classify (--layer PATH | --table PATH) --field F --method M [--classes N]
// [--breaks a,b,c] [--json]`: the class breaks, counts and goodness of fit the map would use,
// so users (and scripts) can see and share them.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "cli/table_options.hpp"
#include "core/classify.hpp"
#include "core/error.hpp"
#include "core/join.hpp"
#include "core/legend_builder.hpp"
#include "data/table_source.hpp"
#include "gdal/layer_source.hpp"

namespace devomap::cli {

namespace {

struct ClassifyCliOptions {
  std::string layer;
  int assume_epsg = 0;  // --assume-crs; 0 = none
  std::string table;
  std::string sheet;
  std::vector<std::string> filter;  // COLUMN=VALUE rows of a long table
  int header_row = 0;
  std::string field;
  std::string method;
  int classes = 5;
  std::string breaks;
  std::string centre = "mean";
  double hinge = 1.5;
  std::string number_format = "plain";
  bool json = false;
};

// Columns line up by characters, not bytes: labels hold en dashes, minus and pound signs.
std::size_t display_width(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char ch : text) n += (ch & 0xC0) != 0x80;
  return n;
}

std::string method_list() {
  std::string out;
  for (const std::string& name : class_method_names()) out += (out.empty() ? "" : ", ") + name;
  return out;
}

void print_text(const Classification& c, const ClassifyCliOptions& cli, const std::string& source,
                std::size_t areas) {
  LegendOptions legend_options;
  legend_options.title = cli.field;
  if (const auto unit = parse_number_unit(cli.number_format))
    legend_options.number_format.unit = *unit;
  const std::vector<std::string> labels = class_labels(c, legend_options.number_format);
  std::cout << cli.field << " in " << source << " (" << areas << (areas == 1 ? " row" : " rows")
            << ")\n";
  std::cout << display_name(c.method) << ", ";
  if (c.is_categorical()) {
    std::cout << c.categories.size() << (c.categories.size() == 1 ? " value" : " values") << "\n";
  } else {
    char gvf[32];
    std::snprintf(gvf, sizeof gvf, "%.4f", c.gvf);
    std::cout << c.class_count() << (c.class_count() == 1 ? " class" : " classes")
              << ", goodness of variance fit " << gvf << "\n";
  }
  std::vector<std::pair<std::string, std::size_t>> rows;
  for (std::size_t i = 0; i < labels.size(); ++i) rows.emplace_back(labels[i], c.counts[i]);
  rows.emplace_back("No data", c.no_data - c.non_positive);
  if (c.non_positive > 0) rows.emplace_back("<= 0 (left out of the log scale)", c.non_positive);
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, display_width(row.first));
  for (const auto& [label, count] : rows)
    std::cout << "  " << label << std::string(width - display_width(label) + 2, ' ') << count
              << "\n";
  if (!c.is_categorical())
    std::cout << (c.whole_numbers ? whole_number_rule_text() : boundary_rule_text()) << "\n";
  if (!c.note.empty()) std::cout << "Note: " << c.note << "\n";
}

void run_classify(const ClassifyCliOptions& cli, bool classes_given) {
  if (cli.layer.empty() == cli.table.empty())
    throw CLI::ValidationError("give exactly one of --layer PATH or --table PATH");
  if (!parse_number_unit(cli.number_format))
    throw CLI::ValidationError("--number-format", "'" + cli.number_format +
                                                      "' is not known; use plain, pounds or "
                                                      "percent");
  ClassifyRequest request;
  request.method = cli.method;
  if (classes_given) request.classes = cli.classes;
  request.breaks = cli.breaks;
  request.centre = cli.centre;
  request.hinge = cli.hinge;
  const ClassifyOptions options = parse_classify_request(request);

  Table table;
  std::string source;
  if (!cli.layer.empty()) {
    gdal::LoadOptions layer_options;
    layer_options.display = gdal::DisplayCrs::Source;  // only its values are classified
    if (cli.assume_epsg > 0) layer_options.assume_epsg = cli.assume_epsg;
    Layer layer = gdal::load_layer(cli.layer, layer_options);
    print_load_report(layer);
    table = std::move(layer.attributes);
    source = cli.layer;
  } else {
    data::TableLoadOptions table_options;
    if (!cli.sheet.empty()) table_options.sheet = cli.sheet;
    if (cli.header_row < 0)
      throw CLI::ValidationError("--header-row", std::to_string(cli.header_row) +
                                                     ": rows count from 1, as a spreadsheet "
                                                     "shows them");
    if (cli.header_row > 0) table_options.header_row = cli.header_row;
    data::LoadedTable loaded = data::load_table(cli.table, table_options);
    std::map<std::string, std::vector<std::string>> filters;
    for (const std::string& text : cli.filter) {
      const auto filter = parse_filter(text);
      if (!filter)
        throw CLI::ValidationError("--filter", text + ": write COLUMN=VALUE, e.g. Period=2023");
      filters[filter->first].push_back(filter->second);
    }
    if (!filters.empty()) loaded.source = filter_rows(loaded.source, filters);
    table = std::move(loaded.source.table);
    source = loaded.source.origin.empty() ? cli.table : loaded.source.origin;
  }
  const Classification c = classify_field(table, cli.field, options, source);
  if (cli.json)
    std::cout << classification_json(c,
                                     classes_given ? std::optional<int>(cli.classes) : std::nullopt)
              << "\n";
  else
    print_text(c, cli, source, table.row_count);
}

}  // namespace

void register_classify(CLI::App& app, const GlobalOptions& /*global*/) {
  auto cli = std::make_shared<ClassifyCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "classify", "Class breaks, counts and goodness of variance fit for one numeric field");
  auto* layer = sub->add_option("--layer", cli->layer,
                                "Boundary layer (Shapefile, GeoPackage, GeoJSON, .zip, folder)");
  sub->add_option("--assume-crs", cli->assume_epsg,
                  "EPSG code to assume for a --layer that has no CRS")
      ->check(CLI::Range(1, 999999));
  auto* table = sub->add_option("--table", cli->table, "Table of values (CSV/TSV, XLSX or ODS)");
  layer->excludes(table);
  sub->add_option("--filter", cli->filter,
                  "Rows of a long --table to classify, COLUMN=VALUE (repeatable), e.g. "
                  "--filter 'Indicator=Employment rate'");
  sub->add_option("--sheet", cli->sheet, "Workbook sheet for --table (default: the only one)")
      ->needs(table);
  sub->add_option("--header-row", cli->header_row,
                  "Row of the column names in --table, counting from 1 (default: found)")
      ->check(header_row_check());
  sub->add_option("--field", cli->field, "Field to classify (area_km2 is always there)")
      ->required();
  sub->add_option("--method", cli->method, "One of: " + method_list())
      ->required()
      ->check(class_method_check());
  auto* classes =
      sub->add_option(
             "--classes", cli->classes,
             "Number of classes, 2-9 (ignored by percentile, box, headtail, manual, categorical)")
          ->check(classes_check());
  sub->add_option("--breaks", cli->breaks, "Manual breaks between classes, e.g. 10,20,30")
      ->check(breaks_check());
  sub->add_option("--centre", cli->centre,
                  "stddev: centre the classes on mean, median or a number (default mean)")
      ->check(centre_check());
  sub->add_option("--hinge", cli->hinge, "box: outliers lie beyond hinge x IQR (default 1.5)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--number-format", cli->number_format,
                  "Labels in text output: plain, pounds or percent (default plain)");
  sub->add_flag("--json", cli->json, "Print JSON instead of text");
  sub->callback([cli, classes] { run_classify(*cli, classes->count() > 0); });
}

}  // namespace devomap::cli
