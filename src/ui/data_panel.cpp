// The sidebar's DATA section: a table the user brings (CSV, XLSX, ODS) joined onto the data
// layer, with the join report in full, so a poor match is seen and fixed, never hidden.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include "data/xlsx_formats.hpp"
#include "ui/panels.hpp"

namespace devomap::ui {
namespace {

const ImVec4 kMuted(0.42f, 0.45f, 0.50f, 1.0f);
const ImVec4 kWarning(0.62f, 0.32f, 0.05f, 1.0f);
constexpr std::size_t kListLimit = 200;  // rows listed per report section; the count says all

// A collapsible list for one part of the report, closed by default and absent when empty.
template <typename Items, typename Line>
void report_list(const char* title, const Items& items, Line line) {
  if (items.empty()) return;
  const std::string label = std::string(title) + " (" + std::to_string(items.size()) + ")";
  if (!ImGui::TreeNode(label.c_str())) return;
  std::size_t shown = 0;
  for (const auto& item : items) {
    if (shown++ == kListLimit) {
      ImGui::TextColored(kMuted, "... and %zu more", items.size() - kListLimit);
      break;
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(line(item).c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::TreePop();
}

// A combo of field names with "(detected)" first for "let devomap choose".
void key_combo(const char* id, const std::vector<std::string>& names, std::string& value) {
  const char* preview = value.empty() ? "(detected)" : value.c_str();
  if (!ImGui::BeginCombo(id, preview)) return;
  if (ImGui::Selectable("(detected)", value.empty())) value.clear();
  for (const std::string& n : names)
    if (ImGui::Selectable(n.c_str(), n == value)) value = n;
  ImGui::EndCombo();
}

std::vector<std::string> column_names(const Table& table) {
  std::vector<std::string> names;
  for (const Column& c : table.columns) names.push_back(c.name);
  return names;
}

void draw_report(const PanelContext& ctx, const MapDocument& document, DataForm& form,
                 UiActions& actions) {
  const auto& join = *document.table_join();
  const JoinReport& r = join.report;
  ImGui::PushFont(ctx.fonts.bold);
  ImGui::TextWrapped("%s", r.origin.c_str());
  ImGui::PopFont();
  ImGui::TextColored(kMuted, "header row %zu%s, %zu rows", join.info.header_row,
                     join.info.header_detected ? " (found)" : "", r.table_rows);
  const bool poor = poor_match(r);
  ImGui::TextColored(poor ? kWarning : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                     "Matched %zu of %zu areas", r.matched, r.layer_features);
  if (r.matched == 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarning);
    ImGui::TextWrapped("%s", no_match_hint(r).c_str());
    ImGui::PopStyleColor();
  } else if (poor) {
    ImGui::TextColored(kWarning, "Fewer than half the areas matched: the others show no data.");
  }
  ImGui::TextColored(kMuted, "by %s %s = %s", to_string(r.mode).c_str(), r.layer_key.c_str(),
                     r.table_key.c_str());
  // Named on the page's source line beside the file name.
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##table-source", "Published by (for the source line)",
                               &form.table_source))
    actions.table_source = form.table_source;
  if (r.suggested) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarning);
    ImGui::TextWrapped("'%s' on '%s' would match %zu areas.", r.suggested->table_column.c_str(),
                       r.suggested->layer_column.c_str(), r.suggested->would_match);
    ImGui::PopStyleColor();
    if (ImGui::SmallButton("Use it")) {
      form.layer_key = r.suggested->layer_column;
      form.table_key = r.suggested->table_column;
      actions.rejoin = std::make_pair(form.layer_key, form.table_key);
    }
  }

  const MapLayer* data = document.data_layer();
  row_label(ctx, "Area key");
  // The layer's own fields (joined columns are not keys).
  std::vector<std::string> layer_fields;
  for (const Column& c : data->layer->attributes.columns) {
    bool from_table = false;
    for (const std::string& added : r.added_columns) from_table |= added == c.name;
    if (!from_table) layer_fields.push_back(c.name);
  }
  key_combo("##layer-key", layer_fields, form.layer_key);
  row_label(ctx, "Table key");
  key_combo("##table-key", column_names(join.table->table), form.table_key);
  row_indent(ctx);
  if (ImGui::Button("Join again")) actions.rejoin = std::make_pair(form.layer_key, form.table_key);
  ImGui::SameLine();
  if (ImGui::Button("Remove table")) actions.remove_table = true;

  report_list("Areas without a row", r.unmatched_layer, [](const UnmatchedFeature& u) {
    return u.key + (u.name.empty() ? "" : "  " + u.name);
  });
  report_list("Rows matching no area", r.unmatched_table, [](const UnmatchedRow& u) {
    return "row " + std::to_string(u.row) + ": " + (u.key.empty() ? "(blank)" : u.key) +
           (u.reason.empty() ? "" : " - " + u.reason);
  });
  report_list("Duplicate keys", r.duplicate_keys, [](const DuplicateKey& d) {
    std::string rows;
    for (std::size_t row : d.rows) rows += (rows.empty() ? "" : ", ") + std::to_string(row);
    return d.key + " (rows " + rows + "; the first is used)";
  });
  report_list("Codes translated", r.translated, [](const TranslatedKey& t) {
    return t.from + " -> " + t.to + " (row " + std::to_string(t.row) + ")";
  });
  report_list("Unreadable cells", r.unreadable, [](const UnreadableCell& u) {
    return "row " + std::to_string(u.row) + ", " + u.column + ": '" + u.text + "'";
  });
  // Every note the command line prints: reading the table (title rows, percent cells, rows left
  // out, no-data markers), then joining it.
  std::vector<std::string> notes = join.info.notes;
  notes.insert(notes.end(), r.notes.begin(), r.notes.end());
  report_list("Notes", notes, [](const std::string& n) { return n; });
  if (!r.added_columns.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
    const std::size_t n = r.added_columns.size();
    ImGui::TextWrapped("%zu column%s added; pick one under Field to colour it.", n,
                       n == 1 ? "" : "s");
    ImGui::PopStyleColor();
  }
}

}  // namespace

void draw_data_panel(const PanelContext& ctx, const MapDocument& document, bool table_loading,
                     DataForm& form, UiActions& actions) {
  section_title(ctx, "DATA");
  if (document.table_join()) {
    draw_report(ctx, document, form, actions);
    ImGui::Spacing();
  }
  row_label(ctx, "Table");
  const bool enter = ImGui::InputTextWithHint("##table-path", "CSV, XLSX or ODS file", &form.path,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  // A workbook's sheets to pick from, read again whenever the path changes.
  if (form.sheets_of != form.path) {
    form.sheets_of = form.path;
    form.sheets = data::workbook_sheet_names(form.path);
    if (!form.sheets.empty() &&
        std::find(form.sheets.begin(), form.sheets.end(), form.sheet) == form.sheets.end())
      form.sheet.clear();
  }
  row_label(ctx, "Sheet");
  if (form.sheets.empty()) {
    ImGui::InputTextWithHint("##sheet", "(the only sheet with a table)", &form.sheet);
  } else if (ImGui::BeginCombo("##sheet", form.sheet.empty() ? "(the only sheet with a table)"
                                                             : form.sheet.c_str())) {
    if (ImGui::Selectable("(the only sheet with a table)", form.sheet.empty())) form.sheet.clear();
    for (const std::string& s : form.sheets)
      if (ImGui::Selectable(s.c_str(), s == form.sheet)) form.sheet = s;
    ImGui::EndCombo();
  }
  row_label(ctx, "Header");
  ImGui::InputInt("##header-row", &form.header_row);
  if (form.header_row < 0) form.header_row = 0;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Row of the column names, counting from 1; 0 finds it automatically.");
  row_label(ctx, "Rows");
  ImGui::InputTextWithHint("##rows", "all (or Indicator=...; Period=...)", &form.rows);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "For a long table (one row per area and indicator or period): the rows to\n"
        "map, as COLUMN=VALUE separated by ';'. Values of one column are\n"
        "alternatives; different columns must all match.");
  row_indent(ctx);
  ImGui::BeginDisabled(table_loading || form.path.empty());
  const bool add = ImGui::Button(document.table_join() ? "Replace table" : "Add table");
  ImGui::EndDisabled();
  if (table_loading) {
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "Reading...");
  }
  if ((add || enter) && !table_loading && !form.path.empty()) {
    form.layer_key.clear();
    form.table_key.clear();
    actions.add_table = TableRequest{form.path, form.sheet, form.header_row, form.rows};
  }
}

}  // namespace devomap::ui
