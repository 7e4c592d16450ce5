#pragma once
// Checks of option values that need no file or data: a malformed value is a usage error, exit
// 2, with CLI11's "--option: why" message, the same in every command (README, "Exit codes").
namespace CLI {
class Validator;
}

namespace devomap::cli {

CLI::Validator class_method_check();  // --method: a classification method's name
CLI::Validator classes_check();       // --classes: 2 to 9
CLI::Validator breaks_check();        // --breaks: numbers separated by commas
CLI::Validator palette_check();       // --palette: a ColorBrewer palette, any case
CLI::Validator centre_check();        // --centre: mean, median or a number
CLI::Validator epsg_check();          // --assume-crs: an EPSG code, 1 to 999999
CLI::Validator http_url_check();      // --mirror: http(s)://host[:port][/path]
CLI::Validator header_row_check();    // --header-row: a row number from 1, as a sheet shows

}  // namespace devomap::cli
