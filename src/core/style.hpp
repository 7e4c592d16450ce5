#pragma once
// The style step of the pipeline: a layer + what the user asked for (field, method, classes,
// palette) -> one colour per area and the legend. Shared by the window, the CLI and exports so a
// map means the same everywhere.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/classify.hpp"
#include "core/color.hpp"
#include "core/layer.hpp"
#include "core/legend.hpp"
#include "core/number_format.hpp"
#include "core/palette.hpp"

namespace devomap {

struct StyleSpec {
  std::optional<std::string> field;  // nullopt: one neutral fill with outlines, no legend
  ClassMethod method = ClassMethod::Quantile;
  int classes = 5;
  std::string palette = kDefaultSequentialPalette;
  bool reverse = false;
  // Legend heading; empty means the field name.
  std::string legend_title;
  std::string units;  // e.g. "£ per head", shown after the title
  // A sentence under the legend saying how the figures were made where they are not as
  // published ("Authorities: population-weighted mean of district medians").
  std::string legend_note;
  // Text fields are always categorical (one class per value, up to 12). Values listed in
  // category_order come first in that order, the rest by text; category_colors fixes the colour
  // of a value (a tier keeps its colour whichever tiers a view shows), others take the palette.
  std::vector<std::string> category_order;
  std::map<std::string, Rgba> category_colors;
  // Numbers with areas set apart: where this text field is non-empty, the area is drawn in that
  // value's colour (category_colors, else a neutral grey), left out of the numeric classes and
  // listed as a class of its own after them, so a value of another kind (a devolved
  // government's whole budget beside English authorities' devolved funding) or a known state
  // ("No strategic authority") is never read as a class or as "No data". Unused for text fields.
  std::optional<std::string> fixed_category_field;
  // Manual method: the inner thresholds, strictly increasing (1..8 of them).
  std::vector<double> manual_breaks;
  // Locked breaks: when set, this classification's edges (or categories) are applied to the
  // field's values instead of classifying afresh (core recount()), so two maps compare. The
  // method, classes and manual_breaks above are then not used.
  std::optional<Classification> locked;
  // How the legend writes numbers; its automatic parts follow each classification's edges.
  NumberFormat number_format;
};

struct LayerStyle {
  std::vector<Rgba> fills;  // one per area
  Legend legend;
  bool has_legend = false;
  std::optional<Classification> classification;  // when a field is coloured
  // Per area, its fixed category (StyleSpec::fixed_category_field) or "" when it is classed.
  std::vector<std::string> fixed_categories;
  // The palette the fills use: the spec's, except where it cannot serve (text categories take
  // a qualitative one, numbers as categories one with enough colours).
  std::string palette;
};

// The colours used when nothing is classified, and for areas with no data.
inline constexpr Rgba kNeutralFill{205, 212, 222, 255};
inline constexpr Rgba kNoDataFill{236, 236, 236, 255};
// A fixed category without a colour of its own.
inline constexpr Rgba kFixedCategoryFill{189, 189, 189, 255};

// Throws UserError naming the field when it is missing or not numeric (listing numeric fields),
// and naming the palette when it is unknown or has no scheme for that many classes.
LayerStyle build_style(const Layer& layer, const StyleSpec& spec);

// The spec with its numbers read as they were written: a field whose cells are written as
// percentages ("5.0%", and spreadsheet cells formatted as percentages) reads "5.0%" in the
// legend, tooltips and alt text unless the spec asks for pounds or percentages itself.
StyleSpec with_written_units(const Layer& layer, StyleSpec spec);

// The spec for colouring another field (nullopt: none): the choices that suit any field stay
// (method, class count, palette, reversal), and what described the old field goes (legend
// title and units, its note, number format, categories and their colours, set-apart areas,
// manual and locked breaks), so a user's column keeps its own name and never borrows another
// measure's units. Manual and categorical become quantile: their classes were the old values'.
StyleSpec restyle_for_field(const StyleSpec& current, const std::optional<std::string>& field);

// Manual breaks that reproduce a classification's classes (its inner edges, strictly
// increasing, at most 8), so switching to manual starts from what is on the map. One class
// gives its midpoint; categorical or empty classifications give none.
std::vector<double> manual_breaks_from(const Classification& c);

// Names of the layer's numeric fields (including the derived area_km2), in table order.
std::vector<std::string> numeric_fields(const Layer& layer);

// Fields a map can be coloured by: numeric fields, and text fields with 1..12 distinct values
// (categories such as a devolution tier), in table order.
std::vector<std::string> colourable_fields(const Layer& layer);

}  // namespace devomap
