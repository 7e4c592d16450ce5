#include "data/table_source.hpp"

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "core/atomic_file.hpp"
#include "core/crosswalk.hpp"
#include "core/error.hpp"
#include "core/number_parse.hpp"
#include "data/sheet_cache.hpp"
#include "data/xlsx_formats.hpp"
#include "gdal/gdal_env.hpp"

namespace devomap::data {

namespace {

// One row of the sheet as read: its spreadsheet number and its cells (trimmed text).
struct RawRow {
  std::size_t number = 0;
  std::vector<std::string> cells;

  std::size_t non_empty() const {
    return static_cast<std::size_t>(
        std::count_if(cells.begin(), cells.end(), [](const std::string& c) { return !c.empty(); }));
  }
  const std::string& cell(std::size_t i) const {
    static const std::string kEmpty;
    return i < cells.size() ? cells[i] : kEmpty;
  }
};

std::string lower_ascii(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// --- Text decoding ---

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool valid_utf8(const std::string& bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      extra = 1;
      cp = b & 0x1Fu;
    } else if ((b & 0xF0) == 0xE0) {
      extra = 2;
      cp = b & 0x0Fu;
    } else if ((b & 0xF8) == 0xF0) {
      extra = 3;
      cp = b & 0x07u;
    } else {
      return false;
    }
    if (i + extra >= bytes.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(bytes[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    // Overlong forms and surrogates are not UTF-8.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return false;
    i += extra + 1;
  }
  return true;
}

// Windows-1252 bytes 0x80..0x9F; 0 marks the five bytes the code page leaves undefined.
constexpr std::array<std::uint16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::string from_cp1252(const std::string& bytes, std::size_t& undefined) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) {
      out.push_back(ch);
    } else if (b < 0xA0) {
      const std::uint16_t cp = kCp1252High[b - 0x80];
      if (cp == 0) ++undefined;
      append_utf8(out, cp == 0 ? 0xFFFD : cp);
    } else {
      append_utf8(out, b);  // Latin-1 range: code point = byte
    }
  }
  return out;
}

std::string from_utf16(const std::string& bytes, bool little_endian) {
  std::string out;
  out.reserve(bytes.size());
  auto unit = [&](std::size_t i) -> std::uint32_t {
    const auto a = static_cast<unsigned char>(bytes[i]);
    const auto b = static_cast<unsigned char>(bytes[i + 1]);
    return little_endian ? (a | (b << 8)) : ((a << 8) | b);
  };
  for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) {
    std::uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < bytes.size()) {
      const std::uint32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    append_utf8(out, cp);
  }
  return out;
}

std::string read_bytes(const std::string& path) {
  if (!std::filesystem::exists(path) && path.rfind("/vsi", 0) != 0)
    throw UserError("table " + path + " does not exist; check the path");
  refuse_special_file(path, "table");
  gdal::ensure_registered();
  gdal::ErrorCapture errors;
  GByte* data = nullptr;
  vsi_l_offset size = 0;
  if (!VSIIngestFile(nullptr, path.c_str(), &data, &size, -1)) {
    const std::string why = errors.summary();
    throw UserError("cannot read table " + path + (why.empty() ? "" : ": " + why));
  }
  std::string bytes(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
  VSIFree(data);
  return bytes;
}

struct DecodedText {
  std::string text;
  std::string encoding;
  std::vector<std::string> notes;
};

DecodedText decode_text(const std::string& bytes, const std::string& path) {
  DecodedText out;
  if (bytes.size() >= 2 &&
      ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    const bool little = bytes[0] == '\xFF';
    out.text = from_utf16(bytes, little);
    out.encoding = little ? "UTF-16LE" : "UTF-16BE";
    out.notes.push_back(file_name(path) + " is " + out.encoding + " text; converted to UTF-8");
    return out;
  }
  if (bytes.find('\0') != std::string::npos)
    throw UserError(path +
                    " is not a text table (it contains binary data); save it as CSV, "
                    "XLSX or ODS");
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    out.text = bytes.substr(3);
    out.encoding = "UTF-8 with BOM";
    if (!valid_utf8(out.text))
      throw UserError(path +
                      " starts with a UTF-8 byte order mark but is not valid UTF-8; "
                      "save it again as CSV UTF-8");
    return out;
  }
  if (valid_utf8(bytes)) {
    out.text = bytes;
    out.encoding = "UTF-8";
    return out;
  }
  std::size_t undefined = 0;
  out.text = from_cp1252(bytes, undefined);
  out.encoding = "Windows-1252";
  std::string note = file_name(path) +
                     " is not UTF-8; read it as Windows-1252 (Excel's \"CSV\" on Windows) and "
                     "converted it to UTF-8";
  if (undefined > 0)
    note += "; " + std::to_string(undefined) +
            " byte(s) are not Windows-1252 either and show as \xEF\xBF\xBD: save the file as "
            "\"CSV UTF-8\" to be sure of the names";
  out.notes.push_back(note);
  return out;
}

// --- Delimited text ---

// Splits decoded text into records, honouring quotes (a quoted field may hold the delimiter, a
// doubled quote and line breaks). Every line ending (\n, \r\n, \r) ends a record outside quotes.
// Where quotes look unbalanced: the line of a quote never closed, and the first quoted cell that
// runs over line breaks with the delimiter on its inner lines (rows swallowed by a stray quote
// that a later one happened to close). Lines count from 1; 0 = none.
struct QuoteCheck {
  std::size_t unclosed_line = 0;
  std::size_t spanning_from = 0;
  std::size_t spanning_to = 0;
};

std::vector<std::vector<std::string>> parse_records(const std::string& text, char delimiter,
                                                    std::size_t max_records = SIZE_MAX,
                                                    QuoteCheck* quotes = nullptr) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false;
  bool field_started = false;  // something was read for this record (so "" at EOF is a record)
  std::size_t i = 0;
  const std::size_t n = text.size();
  std::size_t line = 1, quote_line = 0;
  bool delimiter_inside = false;  // the open quoted cell holds a delimiter after a line break
  auto end_record = [&]() {
    record.push_back(std::move(field));
    field.clear();
    if (record.size() == 1 && record[0].empty()) record.clear();  // a blank line
    records.push_back(std::move(record));
    record.clear();
    field_started = false;
  };
  while (i < n && records.size() < max_records) {
    const char c = text[i];
    if (c == '\n' || (c == '\r' && !(i + 1 < n && text[i + 1] == '\n'))) ++line;
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < n && text[i + 1] == '"') {
          field.push_back('"');
          i += 2;
          continue;
        }
        in_quotes = false;
        if (quotes && delimiter_inside && !quotes->spanning_from) {
          quotes->spanning_from = quote_line;
          quotes->spanning_to = line;
        }
        ++i;
        continue;
      }
      if (c == delimiter && line > quote_line) delimiter_inside = true;
      field.push_back(c);
      ++i;
      continue;
    }
    if (c == '"' && field.find_first_not_of(" \t") == std::string::npos) {
      field.clear();  // spaces before an opening quote are not part of the value
      in_quotes = true;
      quote_line = line;
      delimiter_inside = false;
      field_started = true;
      ++i;
      continue;
    }
    if (c == delimiter) {
      record.push_back(std::move(field));
      field.clear();
      field_started = true;
      ++i;
      continue;
    }
    if (c == '\n' || c == '\r') {
      end_record();
      i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    field.push_back(c);
    field_started = true;
    ++i;
  }
  if (quotes && in_quotes && i >= n) quotes->unclosed_line = quote_line;
  if ((field_started || !field.empty() || !record.empty()) && records.size() < max_records)
    end_record();
  return records;
}

// Refuses text whose last quote never closes (every row after it would be one cell), and notes
// a quoted cell that swallowed what look like rows.
std::vector<std::vector<std::string>> parse_checked(const std::string& text, char delimiter,
                                                    const std::string& path,
                                                    std::vector<std::string>& notes) {
  QuoteCheck quotes;
  auto records = parse_records(text, delimiter, SIZE_MAX, &quotes);
  if (quotes.unclosed_line)
    throw UserError(path + ": the quote (\") opened on line " +
                    std::to_string(quotes.unclosed_line) +
                    " is never closed, so every row after it would be read as one cell; close "
                    "or remove that quote and load the table again");
  if (quotes.spanning_from)
    notes.push_back(file_name(path) + ": a quoted cell runs from line " +
                    std::to_string(quotes.spanning_from) + " to line " +
                    std::to_string(quotes.spanning_to) +
                    " and holds what look like rows; if those lines are rows, a quote is "
                    "unbalanced on line " +
                    std::to_string(quotes.spanning_from));
  return records;
}

// The delimiter whose field count is the same, and above one, on most of the first lines.
char detect_delimiter(const std::string& text) {
  char best = ',';
  std::size_t best_score = 0;
  std::size_t best_fields = 0;
  for (char candidate : {',', ';', '\t', '|'}) {
    const auto records = parse_records(text, candidate, 60);
    std::map<std::size_t, std::size_t> counts;
    for (const auto& r : records)
      if (r.size() >= 2) ++counts[r.size()];
    std::size_t score = 0, fields = 0;
    for (const auto& [size, lines] : counts)
      if (lines > score || (lines == score && size > fields)) {
        score = lines;
        fields = size;
      }
    if (score > best_score || (score == best_score && score > 0 && fields > best_fields)) {
      best = candidate;
      best_score = score;
      best_fields = fields;
    }
  }
  return best;
}

std::string delimiter_name(char d) {
  switch (d) {
    case ',':
      return "comma";
    case ';':
      return "semicolon";
    case '\t':
      return "tab";
    case '|':
      return "pipe";
    default:
      return std::string(1, d);
  }
}

// --- Workbooks through GDAL (XLSX, ODS) ---

// XLSX keeps doubles as written by Excel ("242494.57010000001"); show the value people see.
std::string tidy_spreadsheet_number(const std::string& text) {
  std::size_t digits = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '.' && c != '-' && c != 'E' && c != 'e' && c != '+') {
      return text;
    }
  }
  if (digits <= 15 || text.find('.') == std::string::npos) return text;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (!end || *end != '\0' || !std::isfinite(v)) return text;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::vector<RawRow> read_layer_rows(OGRLayer& layer) {
  std::vector<RawRow> rows;
  layer.ResetReading();
  const int field_count = layer.GetLayerDefn()->GetFieldCount();
  std::size_t sequence = 0;
  while (gdal::FeaturePtr feature{layer.GetNextFeature()}) {
    ++sequence;
    RawRow row;
    // With headers disabled the FID is the sheet's row number (blank rows are kept as features).
    const GIntBig fid = feature->GetFID();
    row.number = fid > 0 ? static_cast<std::size_t>(fid) : sequence;
    row.cells.resize(static_cast<std::size_t>(field_count));
    for (int i = 0; i < field_count; ++i)
      if (feature->IsFieldSetAndNotNull(i))
        row.cells[static_cast<std::size_t>(i)] =
            tidy_spreadsheet_number(std::string(trim_cell(feature->GetFieldAsString(i))));
    while (!row.cells.empty() && row.cells.back().empty()) row.cells.pop_back();
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<RawRow> rows_from_records(std::vector<std::vector<std::string>> records,
                                      std::size_t first_number) {
  std::vector<RawRow> rows;
  rows.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    RawRow row;
    row.number = first_number + i;
    row.cells = std::move(records[i]);
    for (std::string& c : row.cells) c = std::string(trim_cell(c));
    while (!row.cells.empty() && row.cells.back().empty()) row.cells.pop_back();
    rows.push_back(std::move(row));
  }
  return rows;
}

bool is_number_or_code(const std::string& cell) {
  return parse_cell(cell).kind == CellKind::Number || looks_like_gss_code(cell);
}

// True when a sheet holds a table: at least two rows with two or more filled cells, one of them
// a number or a GSS code (cover, contents and notes sheets hold prose).
bool looks_like_data_sheet(const std::vector<RawRow>& rows) {
  std::size_t data_rows = 0;
  for (const RawRow& r : rows) {
    if (r.non_empty() < 2) continue;
    const bool has_value = std::any_of(r.cells.begin(), r.cells.end(), [](const std::string& c) {
      return !c.empty() && is_number_or_code(c);
    });
    if (has_value && ++data_rows >= 2) return true;
  }
  return false;
}

// --- Finding the header and building the table ---

bool is_header_text(const std::string& cell) {
  return !cell.empty() && !is_number_or_code(cell);
}

// The typical number of filled cells in a row of the table (the most common count among rows
// with at least two).
std::size_t typical_width(const std::vector<RawRow>& rows) {
  std::map<std::size_t, std::size_t> counts;
  for (const RawRow& r : rows) {
    const std::size_t n = r.non_empty();
    if (n >= 2) ++counts[n];
  }
  std::size_t best = 0, best_lines = 0;
  for (const auto& [n, lines] : counts)
    if (lines >= best_lines) {
      best = n;
      best_lines = lines;
    }
  return best;
}

// The first row that is mostly non-empty text and is followed by a data row.
// Cells that read as column names: text, and runs of consecutive whole numbers such as the
// single years of age ("0", "1", ... "89", "90+") or years ("2019", "2020") that head columns.
std::size_t header_like_cells(const RawRow& row) {
  auto whole = [](const std::string& c) -> std::optional<long> {
    std::string t = c;
    if (!t.empty() && t.back() == '+') t.pop_back();  // "90+"
    if (t.empty() || t.size() > 4) return std::nullopt;
    for (char ch : t)
      if (ch < '0' || ch > '9') return std::nullopt;
    return std::stol(t);
  };
  std::size_t count = 0;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const std::string& c = row.cells[i];
    if (is_header_text(c)) {
      ++count;
      continue;
    }
    const auto n = whole(c);
    if (!n) continue;
    const auto before = i > 0 ? whole(row.cells[i - 1]) : std::nullopt;
    const auto after = i + 1 < row.cells.size() ? whole(row.cells[i + 1]) : std::nullopt;
    if ((before && *before + 1 == *n) || (after && *n + 1 == *after)) ++count;
  }
  return count;
}

// The header row at least `needed` cells wide, or nullopt.
std::optional<std::size_t> header_of_width(const std::vector<RawRow>& rows, std::size_t needed) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const RawRow& row = rows[i];
    const std::size_t filled = row.non_empty();
    if (filled < needed) continue;
    const std::size_t text = header_like_cells(row);
    if (static_cast<double>(text) < 0.8 * static_cast<double>(filled)) continue;
    // Followed by data: one of the next few non-blank rows is about as full as the header.
    std::size_t looked = 0;
    for (std::size_t j = i + 1; j < rows.size() && looked < 3; ++j) {
      const std::size_t n = rows[j].non_empty();
      if (n == 0) continue;
      ++looked;
      if (n >= std::max<std::size_t>(2, (filled + 1) / 2)) return i;
    }
  }
  return std::nullopt;
}

// The table's header: first a row about as wide as the table's rows, so a summary block above
// the table (a few label/value pairs with a small header of their own) is passed over; else the
// first mostly-text row at least half as wide.
std::optional<std::size_t> detect_header(const std::vector<RawRow>& rows) {
  const std::size_t width = typical_width(rows);
  if (const auto full = header_of_width(rows, std::max<std::size_t>(2, (width * 4 + 4) / 5)))
    return full;
  return header_of_width(rows, std::max<std::size_t>(2, (width + 1) / 2));
}

std::string collapse_spaces(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

struct HeaderResult {
  std::vector<std::string> names;    // one per column kept
  std::vector<std::size_t> columns;  // which raw column each name reads
  std::size_t data_start = 0;        // index into rows of the first data row
};

HeaderResult build_header(const std::vector<RawRow>& rows, std::size_t header_index,
                          bool headerless, const std::string& where,
                          std::vector<std::string>& notes) {
  std::size_t width = 0;
  for (std::size_t i = header_index; i < rows.size(); ++i)
    width = std::max(width, rows[i].cells.size());

  HeaderResult out;
  std::vector<std::string> top(width), sub(width);
  out.data_start = header_index + (headerless ? 0 : 1);
  if (!headerless) {
    for (std::size_t c = 0; c < width; ++c) top[c] = collapse_spaces(rows[header_index].cell(c));
    // A second header row under merged cells: its first column is blank where the header's is
    // not, it fills a column whose header is blank or continues a group, and a data row follows.
    std::size_t next = header_index + 1;
    while (next < rows.size() && rows[next].non_empty() == 0) ++next;
    if (next + 1 < rows.size() && !top[0].empty() && rows[next].cell(0).empty() &&
        !rows[next + 1].cell(0).empty()) {
      bool fills_blank_header = false;
      for (std::size_t c = 1; c < width; ++c)
        if (!rows[next].cell(c).empty() && top[c].empty()) fills_blank_header = true;
      if (fills_blank_header) {
        for (std::size_t c = 0; c < width; ++c) sub[c] = collapse_spaces(rows[next].cell(c));
        out.data_start = next + 1;
        notes.push_back(
            where + ": the header spans rows " + std::to_string(rows[header_index].number) + "-" +
            std::to_string(rows[next].number) + " (merged cells); columns named from both rows");
      }
    }
  }

  std::vector<bool> has_data(width, false);
  for (std::size_t i = out.data_start; i < rows.size(); ++i)
    for (std::size_t c = 0; c < rows[i].cells.size(); ++c)
      if (!rows[i].cells[c].empty()) has_data[c] = true;

  std::string group;  // the header text a merged cell spreads to the right
  std::map<std::string, int> seen;
  for (std::size_t c = 0; c < width; ++c) {
    std::string name;
    if (!top[c].empty()) {
      group = top[c];
      name = sub[c].empty() ? top[c] : top[c] + " " + sub[c];
    } else if (!sub[c].empty() && !group.empty()) {
      name = group + " " + sub[c];
    } else if (!sub[c].empty()) {
      name = sub[c];
    } else if (has_data[c]) {
      if (headerless) {
        name = "Column " + column_letters(c);
      } else if (!group.empty()) {
        name = group + " (" + column_letters(c) + ")";
        notes.push_back(where + ": column " + column_letters(c) +
                        " has no header (a merged header cell?); named '" + name + "'");
      } else {
        name = "Column " + column_letters(c);
        notes.push_back(where + ": column " + column_letters(c) + " has no header; named '" + name +
                        "'");
      }
    } else {
      continue;  // no header and no data: not a column
    }
    const int count = ++seen[lower_ascii(name)];
    if (count > 1) {
      const std::string renamed = name + " (" + std::to_string(count) + ")";
      notes.push_back(where + ": two columns are named '" + name + "'; column " +
                      column_letters(c) + " is '" + renamed + "'");
      name = renamed;
    }
    out.names.push_back(name);
    out.columns.push_back(c);
  }
  return out;
}

// A note under the table ("Source: ...", "Figures may not sum ..."): one filled cell of prose.
bool is_note_row(const RawRow& row) {
  if (row.non_empty() != 1) return false;
  std::string text;
  for (const std::string& c : row.cells)
    if (!c.empty()) text = c;
  if (looks_like_gss_code(text) || parse_cell(text).kind == CellKind::Number) return false;
  const std::string lower = lower_ascii(text);
  if (lower.rfind("source", 0) == 0 || lower.rfind("note", 0) == 0 || lower.rfind("[note", 0) == 0)
    return true;
  return text.size() >= 15 && text.find(' ') != std::string::npos;
}

// Text cells that say "no data" ("null", "N/A", "..", "[c]") are no data, not a category of
// their own; the note says how many and which.
void blank_text_markers(Table& table, const std::string& where, std::vector<std::string>& notes) {
  for (Column& column : table.columns) {
    if (column.is_number()) continue;
    std::size_t blanked = 0;
    std::string first;
    for (std::string& cell : column.text) {
      if (cell.empty() || !is_text_no_data_marker(cell)) continue;
      if (blanked++ == 0) first = cell;
      cell.clear();
    }
    if (blanked > 0)
      notes.push_back(where + ": column '" + column.name + "': " + std::to_string(blanked) +
                      " cell(s) such as '" + first + "' read as no data");
  }
}

LoadedTable build_table(const std::vector<RawRow>& rows, const TableLoadOptions& options,
                        const std::string& where, TableLoadInfo info) {
  std::size_t first_filled = rows.size();
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].non_empty() > 0) {
      first_filled = i;
      break;
    }
  if (first_filled == rows.size())
    throw UserError(where + " is empty: no cells to read; check the file" +
                        (info.sheet.empty() ? std::string() : " or choose another sheet"),
                    info.sheet.empty() ? Remedy::None : Remedy::ChooseSheet);

  std::size_t header_index = 0;
  bool headerless = false;
  if (options.header_row) {
    const int wanted = *options.header_row;
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const RawRow& r) {
      return static_cast<int>(r.number) == wanted;
    });
    if (wanted < 1 || it == rows.end())
      throw UserError(where + ": header row " + std::to_string(wanted) +
                      " is outside the table (rows " + std::to_string(rows.front().number) + "-" +
                      std::to_string(rows.back().number) + ")");
    if (it->non_empty() == 0)
      throw UserError(where + ": header row " + std::to_string(wanted) +
                      " is blank; give the row that holds the column names");
    header_index = static_cast<std::size_t>(it - rows.begin());
  } else if (const auto found = detect_header(rows)) {
    header_index = *found;
    info.header_detected = true;
  } else {
    header_index = first_filled;
    const RawRow& first = rows[first_filled];
    std::size_t data_like = 0;
    for (const std::string& c : first.cells)
      if (!c.empty() && is_number_or_code(c)) ++data_like;
    headerless = data_like > 0;
    info.header_detected = true;
    info.notes.push_back(
        where +
        (headerless ? ": no header row found (row " + std::to_string(first.number) +
                          " already holds data); columns are named Column A, Column B, ..."
                    : ": no clear header row; used row " + std::to_string(first.number)) +
        " (choose the header row if that is wrong)");
  }
  info.header_row = rows[header_index].number;
  for (std::size_t i = 0; i < header_index; ++i) {
    std::string line;
    for (const std::string& c : rows[i].cells)
      if (!c.empty()) line += (line.empty() ? "" : " ") + c;
    if (!line.empty()) info.title_lines.push_back(line);
  }

  HeaderResult header = build_header(rows, header_index, headerless, where, info.notes);

  // Data rows: after the header, blank rows skipped, notes under the table dropped.
  std::vector<std::size_t> data;
  for (std::size_t i = header.data_start; i < rows.size(); ++i)
    if (rows[i].non_empty() > 0) data.push_back(i);
  std::size_t notes_dropped = 0;
  while (!data.empty() && header.names.size() >= 3 && is_note_row(rows[data.back()])) {
    data.pop_back();
    ++notes_dropped;
  }
  if (notes_dropped > 0)
    info.notes.push_back(where + ": left out " + std::to_string(notes_dropped) +
                         " note row(s) under the table");
  if (data.empty()) {
    std::string names;
    for (std::size_t i = 0; i < header.names.size() && i < 6; ++i)
      names += (i ? ", " : "") + header.names[i];
    throw UserError(where + " has a header row (row " + std::to_string(info.header_row) + ": " +
                    names + ") but no data rows below it");
  }

  LoadedTable out;
  SourceTable& source = out.source;
  source.origin = where;
  Table& table = source.table;
  table.row_count = data.size();
  for (std::size_t k = 0; k < header.names.size(); ++k) {
    Column column;
    column.name = header.names[k];
    column.kind = ColumnKind::Text;
    column.source_type = "String";
    column.text.reserve(data.size());
    for (std::size_t i : data) column.text.push_back(rows[i].cell(header.columns[k]));
    table.columns.push_back(std::move(column));
  }
  source.row_numbers.reserve(data.size());
  for (std::size_t i : data) source.row_numbers.push_back(rows[i].number);

  ColumnTypingReport typing = assign_column_kinds(table, source.row_numbers);
  source.unreadable = std::move(typing.unreadable);
  for (std::string& n : typing.notes) info.notes.push_back(where + ": " + n);
  blank_text_markers(table, where, info.notes);
  out.info = std::move(info);
  return out;
}

std::string extension_of(const std::string& path) {
  return lower_ascii(std::filesystem::path(path).extension().string());
}

// Cells the workbook formats as percentages hold fractions (0.05 shown as 5%): read as the
// percentages the sheet shows, so they print "5%" and never "0.05%".
void read_percent_cells(const std::string& path, GDALDataset& dataset, OGRLayer& sheet,
                        std::vector<RawRow>& rows, const std::string& where,
                        std::vector<std::string>& notes) {
  std::size_t index = 0;
  for (int i = 0; i < dataset.GetLayerCount(); ++i)
    if (dataset.GetLayer(i) == &sheet) index = static_cast<std::size_t>(i);
  const auto percent = xlsx_percent_cells(path, index);
  if (percent.empty()) return;
  std::size_t changed = 0;
  for (RawRow& row : rows)
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      if (!percent.count({row.number, c})) continue;
      char* end = nullptr;
      const double v = std::strtod(row.cells[c].c_str(), &end);
      if (row.cells[c].empty() || !end || *end != '\0' || !std::isfinite(v)) continue;
      row.cells[c] = percent_text(v);
      ++changed;
    }
  if (changed > 0)
    notes.push_back(where + ": " + std::to_string(changed) +
                    " cells formatted as percentages are read as the sheet shows them "
                    "(0.05 as 5%)");
}

// A sheet read before (data/sheet_cache.hpp), read again by devomap's own rules.
LoadedTable table_from_cache(CachedSheet cached, const std::string& path,
                             const TableLoadOptions& options, const std::string& format) {
  TableLoadInfo info;
  info.format = format;
  info.sheets = std::move(cached.sheets);
  info.sheet = std::move(cached.sheet);
  info.notes = std::move(cached.notes);
  std::vector<RawRow> rows(cached.rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].number = cached.rows[i].first;
    rows[i].cells = std::move(cached.rows[i].second);
  }
  const std::string where = file_name(path) + ", sheet '" + info.sheet + "'";
  return build_table(rows, options, where, std::move(info));
}

void cache_sheet(const std::string& key, const TableLoadInfo& info,
                 const std::vector<RawRow>& rows) {
  CachedSheet cached;
  cached.sheets = info.sheets;
  cached.sheet = info.sheet;
  cached.notes = info.notes;
  cached.rows.reserve(rows.size());
  for (const RawRow& row : rows) cached.rows.emplace_back(row.number, row.cells);
  write_cached_sheet(key, cached);
}

LoadedTable load_workbook(const std::string& path, const TableLoadOptions& options,
                          const std::string& format) {
  if (!std::filesystem::exists(path) && path.rfind("/vsi", 0) != 0)
    throw UserError("table " + path + " does not exist; check the path");
  refuse_special_file(path, "table");
  const auto cache_key = sheet_cache_key(path, format, options.sheet);
  if (cache_key)
    if (auto cached = read_cached_sheet(*cache_key))
      return table_from_cache(std::move(*cached), path, options, format);
  gdal::ensure_registered();
  gdal::ErrorCapture errors;
  // Raw rows as text: no header guessing, no type guessing (keys keep leading zeros).
  CPLConfigOptionSetter xlsx_headers("OGR_XLSX_HEADERS", "DISABLE", false);
  CPLConfigOptionSetter xlsx_types("OGR_XLSX_FIELD_TYPES", "STRING", false);
  CPLConfigOptionSetter ods_headers("OGR_ODS_HEADERS", "DISABLE", false);
  CPLConfigOptionSetter ods_types("OGR_ODS_FIELD_TYPES", "STRING", false);
  const char* drivers[] = {format.c_str(), nullptr};
  const char* xlsx_options[] = {"HEADERS=DISABLE", "FIELD_TYPES=STRING", nullptr};
  GDALDatasetH handle = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                                   format == "XLSX" ? xlsx_options : nullptr, nullptr);
  gdal::DatasetPtr dataset(GDALDataset::FromHandle(handle));
  if (!dataset) {
    const std::string why = errors.summary();
    throw UserError(
        "cannot open " + path + " as " + format +
        (why.empty() ? std::string(" (damaged or not really ") + format + "?)" : ": " + why));
  }

  TableLoadInfo info;
  info.format = format;
  for (int i = 0; i < dataset->GetLayerCount(); ++i)
    info.sheets.push_back(dataset->GetLayer(i)->GetName());
  auto sheet_list = [&](const std::vector<std::string>& names) {
    std::string list;
    for (const std::string& s : names) list += (list.empty() ? "'" : ", '") + s + "'";
    return list;
  };
  if (info.sheets.empty()) throw UserError(path + " has no sheets");

  OGRLayer* chosen = nullptr;
  std::vector<RawRow> rows;
  if (options.sheet) {
    for (int pass = 0; pass < 2 && !chosen; ++pass)
      for (int i = 0; i < dataset->GetLayerCount() && !chosen; ++i) {
        const std::string name = dataset->GetLayer(i)->GetName();
        const bool same = pass == 0 ? name == *options.sheet
                                    : lower_ascii(std::string(trim_cell(name))) ==
                                          lower_ascii(std::string(trim_cell(*options.sheet)));
        if (same) chosen = dataset->GetLayer(i);
      }
    if (!chosen)
      throw UserError(path + " has no sheet '" + *options.sheet + "'; its sheets are " +
                      sheet_list(info.sheets));
    rows = read_layer_rows(*chosen);
  } else if (info.sheets.size() == 1) {
    chosen = dataset->GetLayer(0);
    rows = read_layer_rows(*chosen);
  } else {
    std::vector<std::string> with_tables;
    for (int i = 0; i < dataset->GetLayerCount(); ++i) {
      std::vector<RawRow> sheet_rows = read_layer_rows(*dataset->GetLayer(i));
      if (!looks_like_data_sheet(sheet_rows)) continue;
      with_tables.push_back(dataset->GetLayer(i)->GetName());
      if (!chosen) {
        chosen = dataset->GetLayer(i);
        rows = std::move(sheet_rows);
      }
    }
    if (with_tables.size() > 1)
      throw UserError(path + " has " + std::to_string(with_tables.size()) +
                          " sheets with tables (" + sheet_list(with_tables) + "); choose one",
                      Remedy::ChooseSheet);
    if (!chosen) {
      chosen = dataset->GetLayer(0);
      rows = read_layer_rows(*chosen);
      info.notes.push_back(file_name(path) +
                           ": no sheet looks like a table of numbers or codes; "
                           "read the first, '" +
                           std::string(chosen->GetName()) +
                           "'; name another sheet to read that one");
    } else {
      info.notes.push_back(file_name(path) + " has " + std::to_string(info.sheets.size()) +
                           " sheets; read '" + std::string(chosen->GetName()) +
                           "', the only one with a table; name another sheet to read that one");
    }
  }
  info.sheet = chosen->GetName();
  const std::string where = file_name(path) + ", sheet '" + info.sheet + "'";
  if (format == "XLSX") read_percent_cells(path, *dataset, *chosen, rows, where, info.notes);
  if (cache_key) cache_sheet(*cache_key, info, rows);
  return build_table(rows, options, where, std::move(info));
}

}  // namespace

std::string column_letters(std::size_t index) {
  std::string out;
  ++index;
  while (index > 0) {
    const std::size_t rem = (index - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + rem));
    index = (index - 1) / 26;
  }
  return out;
}

std::vector<std::vector<std::string>> read_csv_records(const std::string& path, char delimiter) {
  const DecodedText decoded = decode_text(read_bytes(path), path);
  std::vector<std::string> notes;  // our own tables: a stray quote is refused, notes unused
  return parse_checked(decoded.text, delimiter ? delimiter : detect_delimiter(decoded.text), path,
                       notes);
}

LoadedTable load_table(const std::string& path, const TableLoadOptions& options) {
  const std::string ext = extension_of(path);
  if (ext == ".xlsx" || ext == ".xlsm") return load_workbook(path, options, "XLSX");
  if (ext == ".ods") return load_workbook(path, options, "ODS");
  if (ext == ".xls")
    throw UserError(path +
                    " is an old Excel .xls workbook; save it as .xlsx (or CSV) and load that");
  if (!(ext == ".csv" || ext == ".tsv" || ext == ".txt" || ext == ".tab" || ext.empty()))
    throw UserError(path + ": tables must be CSV, TSV, TXT, XLSX or ODS (not '" + ext + "')");
  if (options.sheet)
    throw UserError("the sheet " + *options.sheet + " was asked for, but " + path +
                    " is a text table with no sheets; read it without naming a sheet");

  const std::string bytes = read_bytes(path);
  if (bytes.empty()) throw UserError(path + " is empty (0 bytes); nothing to join");
  DecodedText decoded = decode_text(bytes, path);
  TableLoadInfo info;
  info.format = "CSV";
  info.encoding = decoded.encoding;
  info.notes = std::move(decoded.notes);

  // Excel's "sep=;" first line names the delimiter and is not a row of the table.
  std::size_t first_number = 1;
  std::string& text = decoded.text;
  char delimiter = 0;
  if (text.size() >= 5 && lower_ascii(text.substr(0, 4)) == "sep=" &&
      (text.size() == 5 || text[5] == '\n' || text[5] == '\r')) {
    delimiter = text[4];
    const std::size_t eol = text.find_first_of("\r\n");
    std::size_t next = eol == std::string::npos ? text.size() : eol + 1;
    if (eol != std::string::npos && text[eol] == '\r' && next < text.size() && text[next] == '\n')
      ++next;
    text.erase(0, next);
  }
  if (!delimiter) delimiter = ext == ".tsv" || ext == ".tab" ? '\t' : detect_delimiter(text);
  info.delimiter = delimiter;
  if (delimiter != ',')
    info.notes.push_back(file_name(path) + ": columns are separated by " +
                         delimiter_name(delimiter) + "s");
  std::vector<RawRow> rows =
      rows_from_records(parse_checked(text, delimiter, path, info.notes), first_number);
  return build_table(rows, options, file_name(path), std::move(info));
}

}  // namespace devomap::data
