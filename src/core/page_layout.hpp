#pragma once
// Page layout of an exported map: page size from paper and DPI, and where the map frame, title,
// subtitle, legend, scale bar, north arrow and source line go, in page pixels (origin top-left,
// y down). The PNG (OpenGL), SVG and PDF writers all draw this one PageLayout, so the three
// formats look the same. No GL here.
//
// Drawing order: page background, the map clipped to `frame` (filled with the scene's
// background first), the `inset` map clipped to its frame (likewise), `frame_border`, then
// `legend` (core/layout.hpp order), then the furniture: `boxes`, `lines`, `polygons`, `texts`,
// and the `labels`' texts.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/camera.hpp"
#include "core/color.hpp"
#include "core/font.hpp"
#include "core/inset.hpp"
#include "core/labels.hpp"
#include "core/layer.hpp"
#include "core/layout.hpp"
#include "core/scene.hpp"

namespace devomap {

enum class Paper { A4, A3, Slide };

// "a4", "A3", "slide" (any case); nullopt for anything else.
std::optional<Paper> parse_paper(std::string_view name);

struct PageSpec {
  std::optional<Paper> paper;  // nullopt: exactly width_px x height_px
  int width_px = 1600;
  int height_px = 1200;
  int dpi = 96;            // type sizes and line widths scale by dpi / 96; paper size in pixels too
  bool landscape = false;  // paper only; the slide is always landscape (16:9)
  friend bool operator==(const PageSpec&, const PageSpec&) = default;
};

inline constexpr int kMinDpi = 72;
inline constexpr int kMaxDpi = 600;

struct PageSize {
  int width_px = 0;
  int height_px = 0;
  double dpi = 96;
  double scale = 1;  // dpi / 96: output pixels per logical pixel
  double width_pt() const { return width_px * 72.0 / dpi; }  // for PDF
  double height_pt() const { return height_px * 72.0 / dpi; }
};

// Pixel size of the page. A4 is 210 x 297 mm, A3 297 x 420 mm, the slide 13.333 x 7.5 in.
// Throws UserError for a DPI outside 72..600 or a size below 1 px.
PageSize page_size(const PageSpec& spec);

struct LayoutSpec {
  std::string title;
  std::string subtitle;
  std::string source;  // the user's own source line ("" for none)
  // The caller says the boundaries drawn are official ONS/OS ones: the attribution that the
  // Open Government Licence requires is then added to the source line.
  bool official_boundaries = false;
  std::optional<int> boundary_year;  // copyright year: the boundaries' vintage, if known
  bool legend = true;
  bool scale_bar = true;
  bool north_arrow = true;
  double margin = 28;  // logical px around the page's content
  Rgba background{255, 255, 255, 255};
  bool frame_border = true;  // a thin line around the map frame
  // An enlarged inset of London on maps of Great Britain (core/inset.hpp), where there is room.
  bool london_inset = true;
  // Area names placed without collisions (core/labels.hpp); off by default as dense layers
  // leave most areas unlabelled.
  bool labels = false;
  friend bool operator==(const LayoutSpec&, const LayoutSpec&) = default;
};

// The source line: the user's text, then the OS/ONS attribution for official boundaries.
// Without a year the attribution says "Crown copyright and database right" with no year.
std::string attribution_text(const LayoutSpec& spec);

// What one display unit is, for the scale bar.
enum class MapUnits { Metres, WebMercator, Unknown };
// EPSG:27700 and other metre grids we know -> Metres; EPSG:3857 -> WebMercator; else Unknown.
MapUnits map_units_of(const CrsInfo& crs);

// A filled polygon that is star-shaped from its first point (renderers may draw it as a fan).
struct LayoutPolygon {
  std::vector<Vec2> points;
  Rgba fill;
};

struct PageLayout {
  PageSize page;
  Rgba background;
  LayoutRect frame;                        // where the map is drawn (clipped)
  Camera camera;                           // map units -> frame pixels (width/height = frame size)
  std::optional<LayoutRect> frame_border;  // stroke of 1 logical px (scaled), inside the page
  double frame_border_width = 0;
  Rgba frame_border_color{176, 176, 176, 255};
  LegendLayout legend;  // in page pixels
  // Furniture: title, subtitle, source, scale bar and north arrow.
  std::vector<LayoutBox> boxes;
  std::vector<LayoutLine> lines;
  std::vector<LayoutPolygon> polygons;
  std::vector<LayoutText> texts;

  // Where each part went (empty rect: not drawn), for tests and hit-testing.
  LayoutRect title_box, legend_box, scale_bar_box, north_arrow_box, source_box;
  // The London inset: renderers draw the scene again in its frame through its camera, after the
  // main map; its frame, locator and caption are already in boxes and texts.
  std::optional<MapInset> inset;
  // Area labels, on the main map and in the inset; drawn with the page's texts.
  std::vector<MapLabel> labels;
  double scale_bar_km = 0;  // length the scale bar stands for (0: no scale bar)
  std::string scale_bar_label;
  // Why a part was left out or moved ("scale bar omitted: ..."), for the CLI to print.
  std::vector<std::string> notes;

  // Camera of the map for the whole page: map units -> page pixels.
  Vec2 map_to_page(Vec2 m) const {
    const Vec2 s = camera.map_to_screen(m);
    return {s.x + frame.x, s.y + frame.y};
  }
};

// A round scale-bar length (1, 2 or 5 x 10^n km) no longer than `max_km`; 0 if max_km <= 0.
double round_scale_length_km(double max_km);

// Lays out the page for `scene` showing `map_bounds` (display CRS) with `units`. Parts go
// inside the map frame at a corner where they cover no area of the scene; when no corner is
// free the legend moves beside or below the map, whichever leaves the map larger, and the scale
// bar and north arrow move below it. Throws UserError when the page is too small for the map.
PageLayout layout_page(const Scene& scene, const Bounds& map_bounds, MapUnits units,
                       const PageSpec& page, const LayoutSpec& spec, const FontSet& fonts);

}  // namespace devomap
