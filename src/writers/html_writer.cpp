// Interactive HTML export: the SVG page inline in one self-contained file (no external URL, so
// it opens offline and can be mailed or attached to a report), with a small script that shows
// each area's name, code and value under the pointer.
#include <cstdio>
#include <string>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "writers/page_export.hpp"
#include "writers/page_geometry.hpp"

namespace devomap::writers {

namespace {

constexpr const char* kStyle = R"(body{margin:0;padding:16px;background:#fff;color:#222;
font-family:"DejaVu Sans",Verdana,sans-serif}
figure{margin:0 auto}
figure svg{display:block;width:100%;height:auto}
path[data-code],path[data-name]{cursor:default}
path.hover{stroke:#222;stroke-width:2px}
.no-data-hatching,#labels{pointer-events:none}
figcaption{margin-top:8px;font-size:13px;line-height:1.4;color:#444}
#tooltip{position:fixed;z-index:1;pointer-events:none;max-width:320px;padding:6px 9px;
background:#fff;border:1px solid #999;border-radius:3px;box-shadow:0 1px 4px rgba(0,0,0,.25);
font-size:13px;line-height:1.4}
#tooltip[hidden]{display:none}
#tooltip .name{font-weight:bold}
#tooltip .code{color:#666}
)";

// Finds the area under the pointer by its data attributes; the browser's own tooltips (the
// paths' <title>s, kept in the file for readers without script) would double ours.
constexpr const char* kScript = R"((function () {
  var figure = document.querySelector('figure');
  var svg = figure.querySelector('svg');
  var tip = document.getElementById('tooltip');
  var field = figure.getAttribute('data-field') || 'Value';
  var current = null;
  svg.querySelectorAll('path > title').forEach(function (t) { t.remove(); });
  function line(cls, text) {
    var d = document.createElement('div');
    d.className = cls;
    d.textContent = text;
    return d;
  }
  function hide() {
    if (current) current.classList.remove('hover');
    current = null;
    tip.hidden = true;
  }
  function show(p, x, y) {
    if (p !== current) {
      if (current) current.classList.remove('hover');
      current = p;
      p.classList.add('hover');
      var name = p.getAttribute('data-name'), code = p.getAttribute('data-code');
      var value = p.getAttribute('data-value');
      tip.replaceChildren(line('name', name || code || 'Area'));
      if (name && code) tip.appendChild(line('code', code));
      if (value) tip.appendChild(line('value', field + ': ' + value));
    }
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = x + 14 + w > window.innerWidth ? x - 14 - w : x + 14;
    var top = y + 14 + h > window.innerHeight ? y - 14 - h : y + 14;
    tip.style.left = Math.max(0, left) + 'px';
    tip.style.top = Math.max(0, top) + 'px';
  }
  svg.addEventListener('mousemove', function (e) {
    var p = e.target.closest && e.target.closest('path[data-code],path[data-name]');
    if (p) show(p, e.clientX, e.clientY); else hide();
  });
  svg.addEventListener('mouseleave', hide);
})();
)";

}  // namespace

std::string html_document(const Scene& scene, const PageLayout& page, const FontSet& fonts,
                          const ExportOptions& options) {
  std::string svg = svg_document(scene, page, fonts, options);
  // Inline SVG needs no XML declaration or namespace: the HTML parser supplies both, and the
  // file then names no URL at all.
  if (svg.rfind("<?xml", 0) == 0) svg.erase(0, svg.find('\n') + 1);
  const std::string ns = " xmlns=\"http://www.w3.org/2000/svg\"";
  if (const auto at = svg.find(ns); at != std::string::npos) svg.erase(at, ns.size());
  std::string aria = " role=\"img\"";
  if (!options.alt_text.empty()) aria += " aria-label=\"" + xml_escape(options.alt_text) + "\"";
  svg.insert(4, aria);  // after "<svg"

  const std::string title = options.title.empty() ? "Map" : options.title;
  const std::string field = scene.legend ? scene.legend->title : std::string();
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"devomap\">\n";
  out += "<title>" + xml_escape(title) + "</title>\n";
  if (!options.alt_text.empty())
    out += "<meta name=\"description\" content=\"" + xml_escape(options.alt_text) + "\">\n";
  out += "<style>\n" + std::string(kStyle) +
         "figure{max-width:" + std::to_string(page.page.width_px) +
         "px}\n</style>\n</head>\n<body>\n";
  out += "<figure";
  if (!field.empty()) out += " data-field=\"" + xml_escape(field) + "\"";
  out += ">\n" + svg;
  if (!options.alt_text.empty())
    out += "<figcaption id=\"map-description\">" + xml_escape(options.alt_text) + "</figcaption>\n";
  out += "</figure>\n<div id=\"tooltip\" role=\"tooltip\" hidden></div>\n";
  out += "<script>\n" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return out;
}

void write_html(const std::filesystem::path& path, const Scene& scene, const PageLayout& page,
                const FontSet& fonts, const ExportOptions& options) {
  write_file_atomically(path, html_document(scene, page, fonts, options), options.overwrite);
}

}  // namespace devomap::writers
