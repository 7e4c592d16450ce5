#include "core/palette.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

#include "core/error.hpp"

namespace devomap {

namespace {

// kViridis and kCividis: the published 256-step definitions, embedded at build time.
#include "../../assets/palettes/viridis_cividis.inc"

// ColorBrewer 2.0 colour schemes, by Cynthia Brewer, Mark Harrower and The Pennsylvania State
// University (colorbrewer2.org), Apache License 2.0. Colours per class count "n:rrggbb ...";
// qualitative schemes list their longest version once ("*:"), shorter ones take its first n.
// Suitability per class count from 3 up (1 good, 2 maybe, 0 bad; one value covers every count;
// counts past the end of a list take its last value), in the order colour-blind, print,
// photocopy, screen.
struct SchemeData {
  const char* name;
  PaletteKind kind;
  const char* colors;
  std::array<const char*, 4> suitability;
};

constexpr PaletteKind kSeq = PaletteKind::Sequential;
constexpr PaletteKind kDiv = PaletteKind::Diverging;
constexpr PaletteKind kQual = PaletteKind::Qualitative;

// clang-format off
const SchemeData kSchemes[] = {
// --- sequential, multi-hue ---
{"YlGn", kSeq,
 "3:f7fcb9 addd8e 31a354|4:ffffcc c2e699 78c679 238443|5:ffffcc c2e699 78c679 31a354 006837|"
 "6:ffffcc d9f0a3 addd8e 78c679 31a354 006837|7:ffffcc d9f0a3 addd8e 78c679 41ab5d 238443 005a32|"
 "8:ffffe5 f7fcb9 d9f0a3 addd8e 78c679 41ab5d 238443 005a32|"
 "9:ffffe5 f7fcb9 d9f0a3 addd8e 78c679 41ab5d 238443 006837 004529",
 {"1", "1,1,1,0,0,0,0", "1,2,0,0,0,0,0", "1,1,1,0,0,0,0"}},
{"YlGnBu", kSeq,
 "3:edf8b1 7fcdbb 2c7fb8|4:ffffcc a1dab4 41b6c4 225ea8|5:ffffcc a1dab4 41b6c4 2c7fb8 253494|"
 "6:ffffcc c7e9b4 7fcdbb 41b6c4 2c7fb8 253494|7:ffffcc c7e9b4 7fcdbb 41b6c4 1d91c0 225ea8 0c2c84|"
 "8:ffffd9 edf8b1 c7e9b4 7fcdbb 41b6c4 1d91c0 225ea8 0c2c84|"
 "9:ffffd9 edf8b1 c7e9b4 7fcdbb 41b6c4 1d91c0 225ea8 253494 081d58",
 {"1", "1,1,1,2,2,2,0", "1,2,0,0,0,0,0", "1,1,2,0,0,0,0"}},
{"GnBu", kSeq,
 "3:e0f3db a8ddb5 43a2ca|4:f0f9e8 bae4bc 7bccc4 2b8cbe|5:f0f9e8 bae4bc 7bccc4 43a2ca 0868ac|"
 "6:f0f9e8 ccebc5 a8ddb5 7bccc4 43a2ca 0868ac|7:f0f9e8 ccebc5 a8ddb5 7bccc4 4eb3d3 2b8cbe 08589e|"
 "8:f7fcf0 e0f3db ccebc5 a8ddb5 7bccc4 4eb3d3 2b8cbe 08589e|"
 "9:f7fcf0 e0f3db ccebc5 a8ddb5 7bccc4 4eb3d3 2b8cbe 0868ac 084081",
 {"1", "1,1,1,2,2,2,0", "1,2,0,0,0,0,0", "1,1,2,0,0,0,0"}},
{"BuGn", kSeq,
 "3:e5f5f9 99d8c9 2ca25f|4:edf8fb b2e2e2 66c2a4 238b45|5:edf8fb b2e2e2 66c2a4 2ca25f 006d2c|"
 "6:edf8fb ccece6 99d8c9 66c2a4 2ca25f 006d2c|7:edf8fb ccece6 99d8c9 66c2a4 41ae76 238b45 005824|"
 "8:f7fcfd e5f5f9 ccece6 99d8c9 66c2a4 41ae76 238b45 005824|"
 "9:f7fcfd e5f5f9 ccece6 99d8c9 66c2a4 41ae76 238b45 006d2c 00441b",
 {"1", "1,1,2,0,0,0,0", "1,2,0,0,0,0,0", "1,2,0,0,0,0,0"}},
{"PuBuGn", kSeq,
 "3:ece2f0 a6bddb 1c9099|4:f6eff7 bdc9e1 67a9cf 02818a|5:f6eff7 bdc9e1 67a9cf 1c9099 016c59|"
 "6:f6eff7 d0d1e6 a6bddb 67a9cf 1c9099 016c59|7:f6eff7 d0d1e6 a6bddb 67a9cf 3690c0 02818a 016450|"
 "8:fff7fb ece2f0 d0d1e6 a6bddb 67a9cf 3690c0 02818a 016450|"
 "9:fff7fb ece2f0 d0d1e6 a6bddb 67a9cf 3690c0 02818a 016c59 014636",
 {"1", "1,2,2,0,0,0,0", "1,2,0,0,0,0,0", "1,1,2,0,0,0,0"}},
{"PuBu", kSeq,
 "3:ece7f2 a6bddb 2b8cbe|4:f1eef6 bdc9e1 74a9cf 0570b0|5:f1eef6 bdc9e1 74a9cf 2b8cbe 045a8d|"
 "6:f1eef6 d0d1e6 a6bddb 74a9cf 2b8cbe 045a8d|7:f1eef6 d0d1e6 a6bddb 74a9cf 3690c0 0570b0 034e7b|"
 "8:fff7fb ece7f2 d0d1e6 a6bddb 74a9cf 3690c0 0570b0 034e7b|"
 "9:fff7fb ece7f2 d0d1e6 a6bddb 74a9cf 3690c0 0570b0 045a8d 023858",
 {"1", "1,2,2,0,0,0,0", "1,2,0,0,0,0,0", "1,1,2,0,0,0,0"}},
{"BuPu", kSeq,
 "3:e0ecf4 9ebcda 8856a7|4:edf8fb b3cde3 8c96c6 88419d|5:edf8fb b3cde3 8c96c6 8856a7 810f7c|"
 "6:edf8fb bfd3e6 9ebcda 8c96c6 8856a7 810f7c|7:edf8fb bfd3e6 9ebcda 8c96c6 8c6bb1 88419d 6e016b|"
 "8:f7fcfd e0ecf4 bfd3e6 9ebcda 8c96c6 8c6bb1 88419d 6e016b|"
 "9:f7fcfd e0ecf4 bfd3e6 9ebcda 8c96c6 8c6bb1 88419d 810f7c 4d004b",
 {"1", "1,1,2,2,0,0,0", "1,2,0,0,0,0,0", "1,1,1,0,0,0,0"}},
{"RdPu", kSeq,
 "3:fde0dd fa9fb5 c51b8a|4:feebe2 fbb4b9 f768a1 ae017e|5:feebe2 fbb4b9 f768a1 c51b8a 7a0177|"
 "6:feebe2 fcc5c0 fa9fb5 f768a1 c51b8a 7a0177|7:feebe2 fcc5c0 fa9fb5 f768a1 dd3497 ae017e 7a0177|"
 "8:fff7f3 fde0dd fcc5c0 fa9fb5 f768a1 dd3497 ae017e 7a0177|"
 "9:fff7f3 fde0dd fcc5c0 fa9fb5 f768a1 dd3497 ae017e 7a0177 49006a",
 {"1", "1,1,1,2,0,0,0", "1,2,0,0,0,0,0", "1,1,1,0,0,0,0"}},
{"PuRd", kSeq,
 "3:e7e1ef c994c7 dd1c77|4:f1eef6 d7b5d8 df65b0 ce1256|5:f1eef6 d7b5d8 df65b0 dd1c77 980043|"
 "6:f1eef6 d4b9da c994c7 df65b0 dd1c77 980043|7:f1eef6 d4b9da c994c7 df65b0 e7298a ce1256 91003f|"
 "8:f7f4f9 e7e1ef d4b9da c994c7 df65b0 e7298a ce1256 91003f|"
 "9:f7f4f9 e7e1ef d4b9da c994c7 df65b0 e7298a ce1256 980043 67001f",
 {"1", "1,1,1,0,0,0,0", "1,2,0,0,0,0,0", "1,1,1,0,0,0,0"}},
{"OrRd", kSeq,
 "3:fee8c8 fdbb84 e34a33|4:fef0d9 fdcc8a fc8d59 d7301f|5:fef0d9 fdcc8a fc8d59 e34a33 b30000|"
 "6:fef0d9 fdd49e fdbb84 fc8d59 e34a33 b30000|7:fef0d9 fdd49e fdbb84 fc8d59 ef6548 d7301f 990000|"
 "8:fff7ec fee8c8 fdd49e fdbb84 fc8d59 ef6548 d7301f 990000|"
 "9:fff7ec fee8c8 fdd49e fdbb84 fc8d59 ef6548 d7301f b30000 7f0000",
 {"1", "1,1,0,0,0,0,0", "1,1,2,0,0,0,0", "1,1,1,0,0,0,0"}},
{"YlOrRd", kSeq,
 "3:ffeda0 feb24c f03b20|4:ffffb2 fecc5c fd8d3c e31a1c|5:ffffb2 fecc5c fd8d3c f03b20 bd0026|"
 "6:ffffb2 fed976 feb24c fd8d3c f03b20 bd0026|7:ffffb2 fed976 feb24c fd8d3c fc4e2a e31a1c b10026|"
 "8:ffffcc ffeda0 fed976 feb24c fd8d3c fc4e2a e31a1c b10026|"
 "9:ffffcc ffeda0 fed976 feb24c fd8d3c fc4e2a e31a1c bd0026 800026",
 {"1", "1,1,2,2,0,0,0", "1,2,2,0,0,0,0", "1,2,2,0,0,0,0"}},
{"YlOrBr", kSeq,
 "3:fff7bc fec44f d95f0e|4:ffffd4 fed98e fe9929 cc4c02|5:ffffd4 fed98e fe9929 d95f0e 993404|"
 "6:ffffd4 fee391 fec44f fe9929 d95f0e 993404|7:ffffd4 fee391 fec44f fe9929 ec7014 cc4c02 8c2d04|"
 "8:ffffe5 fff7bc fee391 fec44f fe9929 ec7014 cc4c02 8c2d04|"
 "9:ffffe5 fff7bc fee391 fec44f fe9929 ec7014 cc4c02 993404 662506",
 {"1", "1,1,2,0,0,0,0", "1,2,2,0,0,0,0", "1,2,0,0,0,0,0"}},
// --- sequential, single hue ---
{"Purples", kSeq,
 "3:efedf5 bcbddc 756bb1|4:f2f0f7 cbc9e2 9e9ac8 6a51a3|5:f2f0f7 cbc9e2 9e9ac8 756bb1 54278f|"
 "6:f2f0f7 dadaeb bcbddc 9e9ac8 756bb1 54278f|7:f2f0f7 dadaeb bcbddc 9e9ac8 807dba 6a51a3 4a1486|"
 "8:fcfbfd efedf5 dadaeb bcbddc 9e9ac8 807dba 6a51a3 4a1486|"
 "9:fcfbfd efedf5 dadaeb bcbddc 9e9ac8 807dba 6a51a3 54278f 3f007d",
 {"1", "1,0,0,0,0,0,0", "1,2,0,0,0,0,0", "1,0,0,0,0,0,0"}},
{"Blues", kSeq,
 "3:deebf7 9ecae1 3182bd|4:eff3ff bdd7e7 6baed6 2171b5|5:eff3ff bdd7e7 6baed6 3182bd 08519c|"
 "6:eff3ff c6dbef 9ecae1 6baed6 3182bd 08519c|7:eff3ff c6dbef 9ecae1 6baed6 4292c6 2171b5 084594|"
 "8:f7fbff deebf7 c6dbef 9ecae1 6baed6 4292c6 2171b5 084594|"
 "9:f7fbff deebf7 c6dbef 9ecae1 6baed6 4292c6 2171b5 08519c 08306b",
 {"1", "1,2,0,0,0,0,0", "1,0,0,0,0,0,0", "1,2,0,0,0,0,0"}},
{"Greens", kSeq,
 "3:e5f5e0 a1d99b 31a354|4:edf8e9 bae4b3 74c476 238b45|5:edf8e9 bae4b3 74c476 31a354 006d2c|"
 "6:edf8e9 c7e9c0 a1d99b 74c476 31a354 006d2c|7:edf8e9 c7e9c0 a1d99b 74c476 41ab5d 238b45 005a32|"
 "8:f7fcf5 e5f5e0 c7e9c0 a1d99b 74c476 41ab5d 238b45 005a32|"
 "9:f7fcf5 e5f5e0 c7e9c0 a1d99b 74c476 41ab5d 238b45 006d2c 00441b",
 {"1", "1,0,0,0,0,0,0", "1,2,0,0,0,0,0", "1,2,0,0,0,0,0"}},
{"Oranges", kSeq,
 "3:fee6ce fdae6b e6550d|4:feedde fdbe85 fd8d3c d94701|5:feedde fdbe85 fd8d3c e6550d a63603|"
 "6:feedde fdd0a2 fdae6b fd8d3c e6550d a63603|7:feedde fdd0a2 fdae6b fd8d3c f16913 d94801 8c2d04|"
 "8:fff5eb fee6ce fdd0a2 fdae6b fd8d3c f16913 d94801 8c2d04|"
 "9:fff5eb fee6ce fdd0a2 fdae6b fd8d3c f16913 d94801 a63603 7f2704",
 {"1", "1,2,0,0,0,0,0", "1,2,2,0,0,0,0", "1,1,1,0,0,0,0"}},
{"Reds", kSeq,
 "3:fee0d2 fc9272 de2d26|4:fee5d9 fcae91 fb6a4a cb181d|5:fee5d9 fcae91 fb6a4a de2d26 a50f15|"
 "6:fee5d9 fcbba1 fc9272 fb6a4a de2d26 a50f15|7:fee5d9 fcbba1 fc9272 fb6a4a ef3b2c cb181d 99000d|"
 "8:fff5f0 fee0d2 fcbba1 fc9272 fb6a4a ef3b2c cb181d 99000d|"
 "9:fff5f0 fee0d2 fcbba1 fc9272 fb6a4a ef3b2c cb181d a50f15 67000d",
 {"1", "1,2,2,0,0,0,0", "1,2,0,0,0,0,0", "1,2,0,0,0,0,0"}},
{"Greys", kSeq,
 "3:f0f0f0 bdbdbd 636363|4:f7f7f7 cccccc 969696 525252|5:f7f7f7 cccccc 969696 636363 252525|"
 "6:f7f7f7 d9d9d9 bdbdbd 969696 636363 252525|7:f7f7f7 d9d9d9 bdbdbd 969696 737373 525252 252525|"
 "8:ffffff f0f0f0 d9d9d9 bdbdbd 969696 737373 525252 252525|"
 "9:ffffff f0f0f0 d9d9d9 bdbdbd 969696 737373 525252 252525 000000",
 {"1", "1,1,2,0,0,0,0", "1,0,0,0,0,0,0", "1,2,0,0,0,0,0"}},
// --- diverging ---
{"PuOr", kDiv,
 "3:f1a340 f7f7f7 998ec3|4:e66101 fdb863 b2abd2 5e3c99|5:e66101 fdb863 f7f7f7 b2abd2 5e3c99|"
 "6:b35806 f1a340 fee0b6 d8daeb 998ec3 542788|7:b35806 f1a340 fee0b6 f7f7f7 d8daeb 998ec3 542788|"
 "8:b35806 e08214 fdb863 fee0b6 d8daeb b2abd2 8073ac 542788|"
 "9:b35806 e08214 fdb863 fee0b6 f7f7f7 d8daeb b2abd2 8073ac 542788|"
 "10:7f3b08 b35806 e08214 fdb863 fee0b6 d8daeb b2abd2 8073ac 542788 2d004b|"
 "11:7f3b08 b35806 e08214 fdb863 fee0b6 f7f7f7 d8daeb b2abd2 8073ac 542788 2d004b",
 {"1", "1,1,2,2,0,0,0,0,0", "1,1,0,0,0,0,0,0,0", "1,1,1,1,0,0,0,0,0"}},
{"BrBG", kDiv,
 "3:d8b365 f5f5f5 5ab4ac|4:a6611a dfc27d 80cdc1 018571|5:a6611a dfc27d f5f5f5 80cdc1 018571|"
 "6:8c510a d8b365 f6e8c3 c7eae5 5ab4ac 01665e|7:8c510a d8b365 f6e8c3 f5f5f5 c7eae5 5ab4ac 01665e|"
 "8:8c510a bf812d dfc27d f6e8c3 c7eae5 80cdc1 35978f 01665e|"
 "9:8c510a bf812d dfc27d f6e8c3 f5f5f5 c7eae5 80cdc1 35978f 01665e|"
 "10:543005 8c510a bf812d dfc27d f6e8c3 c7eae5 80cdc1 35978f 01665e 003c30|"
 "11:543005 8c510a bf812d dfc27d f6e8c3 f5f5f5 c7eae5 80cdc1 35978f 01665e 003c30",
 {"1", "1,1,1,1,0,0,0,0,0", "0", "1,1,1,1,0,0,0,0,0"}},
{"PRGn", kDiv,
 "3:af8dc3 f7f7f7 7fbf7b|4:7b3294 c2a5cf a6dba0 008837|5:7b3294 c2a5cf f7f7f7 a6dba0 008837|"
 "6:762a83 af8dc3 e7d4e8 d9f0d3 7fbf7b 1b7837|7:762a83 af8dc3 e7d4e8 f7f7f7 d9f0d3 7fbf7b 1b7837|"
 "8:762a83 9970ab c2a5cf e7d4e8 d9f0d3 a6dba0 5aae61 1b7837|"
 "9:762a83 9970ab c2a5cf e7d4e8 f7f7f7 d9f0d3 a6dba0 5aae61 1b7837|"
 "10:40004b 762a83 9970ab c2a5cf e7d4e8 d9f0d3 a6dba0 5aae61 1b7837 00441b|"
 "11:40004b 762a83 9970ab c2a5cf e7d4e8 f7f7f7 d9f0d3 a6dba0 5aae61 1b7837 00441b",
 {"1", "1,1,1,1,0,0,0,0,0", "0", "1,1,2,2,0,0,0,0,0"}},
{"PiYG", kDiv,
 "3:e9a3c9 f7f7f7 a1d76a|4:d01c8b f1b6da b8e186 4dac26|5:d01c8b f1b6da f7f7f7 b8e186 4dac26|"
 "6:c51b7d e9a3c9 fde0ef e6f5d0 a1d76a 4d9221|7:c51b7d e9a3c9 fde0ef f7f7f7 e6f5d0 a1d76a 4d9221|"
 "8:c51b7d de77ae f1b6da fde0ef e6f5d0 b8e186 7fbc41 4d9221|"
 "9:c51b7d de77ae f1b6da fde0ef f7f7f7 e6f5d0 b8e186 7fbc41 4d9221|"
 "10:8e0152 c51b7d de77ae f1b6da fde0ef e6f5d0 b8e186 7fbc41 4d9221 276419|"
 "11:8e0152 c51b7d de77ae f1b6da fde0ef f7f7f7 e6f5d0 b8e186 7fbc41 4d9221 276419",
 {"1", "1,1,2,0,0,0,0,0,0", "0", "1,1,2,0,0,0,0,0,0"}},
{"RdBu", kDiv,
 "3:ef8a62 f7f7f7 67a9cf|4:ca0020 f4a582 92c5de 0571b0|5:ca0020 f4a582 f7f7f7 92c5de 0571b0|"
 "6:b2182b ef8a62 fddbc7 d1e5f0 67a9cf 2166ac|7:b2182b ef8a62 fddbc7 f7f7f7 d1e5f0 67a9cf 2166ac|"
 "8:b2182b d6604d f4a582 fddbc7 d1e5f0 92c5de 4393c3 2166ac|"
 "9:b2182b d6604d f4a582 fddbc7 f7f7f7 d1e5f0 92c5de 4393c3 2166ac|"
 "10:67001f b2182b d6604d f4a582 fddbc7 d1e5f0 92c5de 4393c3 2166ac 053061|"
 "11:67001f b2182b d6604d f4a582 fddbc7 f7f7f7 d1e5f0 92c5de 4393c3 2166ac 053061",
 {"1", "1,1,1,1,0,0,0,0,0", "0", "1,1,1,0,0,0,0,0,0"}},
{"RdGy", kDiv,
 "3:ef8a62 ffffff 999999|4:ca0020 f4a582 bababa 404040|5:ca0020 f4a582 ffffff bababa 404040|"
 "6:b2182b ef8a62 fddbc7 e0e0e0 999999 4d4d4d|7:b2182b ef8a62 fddbc7 ffffff e0e0e0 999999 4d4d4d|"
 "8:b2182b d6604d f4a582 fddbc7 e0e0e0 bababa 878787 4d4d4d|"
 "9:b2182b d6604d f4a582 fddbc7 ffffff e0e0e0 bababa 878787 4d4d4d|"
 "10:67001f b2182b d6604d f4a582 fddbc7 e0e0e0 bababa 878787 4d4d4d 1a1a1a|"
 "11:67001f b2182b d6604d f4a582 fddbc7 ffffff e0e0e0 bababa 878787 4d4d4d 1a1a1a",
 {"2", "1,1,1,2,0,0,0,0,0", "0", "1,1,2,0,0,0,0,0,0"}},
{"RdYlBu", kDiv,
 "3:fc8d59 ffffbf 91bfdb|4:d7191c fdae61 abd9e9 2c7bb6|5:d7191c fdae61 ffffbf abd9e9 2c7bb6|"
 "6:d73027 fc8d59 fee090 e0f3f8 91bfdb 4575b4|7:d73027 fc8d59 fee090 ffffbf e0f3f8 91bfdb 4575b4|"
 "8:d73027 f46d43 fdae61 fee090 e0f3f8 abd9e9 74add1 4575b4|"
 "9:d73027 f46d43 fdae61 fee090 ffffbf e0f3f8 abd9e9 74add1 4575b4|"
 "10:a50026 d73027 f46d43 fdae61 fee090 e0f3f8 abd9e9 74add1 4575b4 313695|"
 "11:a50026 d73027 f46d43 fdae61 fee090 ffffbf e0f3f8 abd9e9 74add1 4575b4 313695",
 {"1", "1,1,1,1,2,0,0,0,0", "0", "1,1,1,2,0,0,0,0,0"}},
{"Spectral", kDiv,
 "3:fc8d59 ffffbf 99d594|4:d7191c fdae61 abdda4 2b83ba|5:d7191c fdae61 ffffbf abdda4 2b83ba|"
 "6:d53e4f fc8d59 fee08b e6f598 99d594 3288bd|7:d53e4f fc8d59 fee08b ffffbf e6f598 99d594 3288bd|"
 "8:d53e4f f46d43 fdae61 fee08b e6f598 abdda4 66c2a5 3288bd|"
 "9:d53e4f f46d43 fdae61 fee08b ffffbf e6f598 abdda4 66c2a5 3288bd|"
 "10:9e0142 d53e4f f46d43 fdae61 fee08b e6f598 abdda4 66c2a5 3288bd 5e4fa2|"
 "11:9e0142 d53e4f f46d43 fdae61 fee08b ffffbf e6f598 abdda4 66c2a5 3288bd 5e4fa2",
 {"2,2,2,0,0,0,0,0,0", "1,1,1,0,0,0,0,0,0", "1,1,1,0,0,0,0,0,0", "1,1,2,0,0,0,0,0,0"}},
{"RdYlGn", kDiv,
 "3:fc8d59 ffffbf 91cf60|4:d7191c fdae61 a6d96a 1a9641|5:d7191c fdae61 ffffbf a6d96a 1a9641|"
 "6:d73027 fc8d59 fee08b d9ef8b 91cf60 1a9850|7:d73027 fc8d59 fee08b ffffbf d9ef8b 91cf60 1a9850|"
 "8:d73027 f46d43 fdae61 fee08b d9ef8b a6d96a 66bd63 1a9850|"
 "9:d73027 f46d43 fdae61 fee08b ffffbf d9ef8b a6d96a 66bd63 1a9850|"
 "10:a50026 d73027 f46d43 fdae61 fee08b d9ef8b a6d96a 66bd63 1a9850 006837|"
 "11:a50026 d73027 f46d43 fdae61 fee08b ffffbf d9ef8b a6d96a 66bd63 1a9850 006837",
 {"2,2,2,0,0,0,0,0,0", "1,1,1,2,0,0,0,0,0", "0", "1,1,1,0,0,0,0,0,0"}},
// --- qualitative ---
{"Accent", kQual, "*:7fc97f beaed4 fdc086 ffff99 386cb0 f0027f bf5b17 666666",
 {"2,0,0,0,0,0,0", "1,1,2,2,2,2", "0", "1,1,1,2,2,2"}},
{"Dark2", kQual, "*:1b9e77 d95f02 7570b3 e7298a 66a61e e6ab02 a6761d 666666",
 {"1,2,2,2,0,0", "1", "0", "1"}},
{"Paired", kQual,
 "*:a6cee3 1f78b4 b2df8a 33a02c fb9a99 e31a1c fdbf6f ff7f00 cab2d6 6a3d9a ffff99 b15928",
 {"1,1,2,2,2,2,0,0,0", "1,1,1,1,1,2,2,2,2", "0", "1,1,1,1,1,1,1,1,2"}},
{"Pastel1", kQual, "*:fbb4ae b3cde3 ccebc5 decbe4 fed9a6 ffffcc e5d8bd fddaec f2f2f2",
 {"2,0,0,0,0,0,0", "2,2,2,0,0,0,0", "0", "2,2,2,2,0,0,0"}},
{"Pastel2", kQual, "*:b3e2cd fdcdac cbd5e8 f4cae4 e6f5c9 fff2ae f1e2cc cccccc",
 {"2,0,0,0,0,0", "2,0,0,0,0,0", "0", "2,2,0,0,0,0"}},
{"Set1", kQual, "*:e41a1c 377eb8 4daf4a 984ea3 ff7f00 ffff33 a65628 f781bf 999999",
 {"2", "1", "0", "1"}},
{"Set2", kQual, "*:66c2a5 fc8d62 8da0cb e78ac3 a6d854 ffd92f e5c494 b3b3b3",
 {"1,2,2,2,0,0,0", "1,1,1,2,2,2", "0", "1,1,2,2,2,2"}},
{"Set3", kQual,
 "*:8dd3c7 ffffb3 bebada fb8072 80b1d3 fdb462 b3de69 fccde5 d9d9d9 bc80bd ccebc5 ffed6f",
 {"2,2,0,0,0,0,0,0,0,0", "1,1,1,1,1,1,2,0,0,0", "1,2,2,2,2,2,2,0,0,0",
  "1,1,1,2,2,2,0,0,0,0"}},
};
// clang-format on

constexpr int kFirstRatedCount = 3;  // ColorBrewer's suitability lists start at 3 classes

struct Scheme {
  PaletteInfo info;
  std::map<int, std::vector<Rgba>> colors;  // by class count
  std::vector<Rgba> continuous;             // viridis/cividis: 256 steps to sample
  std::array<std::vector<Suitability>, 4> suitability;
};

Rgba hex_color(const std::string& hex) {
  Rgba c;
  parse_hex("#" + hex, c);
  return c;
}

std::vector<Rgba> parse_color_list(const std::string& text) {
  std::vector<Rgba> out;
  std::istringstream in(text);
  std::string hex;
  while (in >> hex) out.push_back(hex_color(hex));
  return out;
}

std::vector<Suitability> parse_ratings(const char* text) {
  std::vector<Suitability> out;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const int v = std::atoi(item.c_str());
    out.push_back(v == 1 ? Suitability::Good : v == 2 ? Suitability::Maybe : Suitability::Bad);
  }
  return out;
}

Scheme parse_scheme(const SchemeData& d) {
  Scheme s;
  s.info.name = d.name;
  s.info.kind = d.kind;
  std::istringstream in(d.colors);
  std::string part;
  while (std::getline(in, part, '|')) {
    const auto colon = part.find(':');
    const std::string count = part.substr(0, colon);
    std::vector<Rgba> colors = parse_color_list(part.substr(colon + 1));
    if (count == "*") {
      for (std::size_t n = kFirstRatedCount; n <= colors.size(); ++n)
        s.colors[static_cast<int>(n)] = {colors.begin(), colors.begin() + static_cast<long>(n)};
    } else {
      s.colors[std::atoi(count.c_str())] = std::move(colors);
    }
  }
  s.info.min_classes = s.colors.begin()->first;
  s.info.max_classes = s.colors.rbegin()->first;
  for (std::size_t i = 0; i < 4; ++i) s.suitability[i] = parse_ratings(d.suitability[i]);
  return s;
}

Scheme continuous_scheme(const char* name, const float (&table)[256][3]) {
  Scheme s;
  s.info = {name, PaletteKind::Sequential, kFirstRatedCount, 12};
  auto byte = [](float f) { return static_cast<std::uint8_t>(std::lround(f * 255.0f)); };
  for (const auto& rgb : table) s.continuous.push_back({byte(rgb[0]), byte(rgb[1]), byte(rgb[2])});
  // Designed for colour-blind readers and monotone in lightness: good in every medium.
  for (auto& ratings : s.suitability) ratings = {Suitability::Good};
  return s;
}

const std::vector<Scheme>& schemes() {
  static const std::vector<Scheme> all = [] {
    std::vector<Scheme> out;
    for (const SchemeData& d : kSchemes) out.push_back(parse_scheme(d));
    out.push_back(continuous_scheme("viridis", kViridis));
    out.push_back(continuous_scheme("cividis", kCividis));
    return out;
  }();
  return all;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lo = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lo(a[i]) != lo(b[i])) return false;
  }
  return true;
}

const Scheme* find_scheme(std::string_view name) {
  for (const Scheme& s : schemes())
    if (iequals(s.info.name, name)) return &s;
  return nullptr;
}

const Scheme& require_scheme(std::string_view name) {
  if (const Scheme* s = find_scheme(name)) return *s;
  std::string known;
  for (const Scheme& s : schemes()) known += (known.empty() ? "" : ", ") + s.info.name;
  throw UserError("unknown palette '" + std::string(name) + "'; known palettes: " + known);
}

void require_count(const Scheme& s, int n) {
  if (n < s.info.min_classes || n > s.info.max_classes)
    throw UserError("palette " + s.info.name + " has colours for " +
                    std::to_string(s.info.min_classes) + " to " +
                    std::to_string(s.info.max_classes) + " classes, not " + std::to_string(n) +
                    "; choose another palette or class count");
}

double to_linear(std::uint8_t v) {
  const double c = v / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

std::uint8_t from_linear(double v) {
  v = std::clamp(v, 0.0, 1.0);
  const double c = v <= 0.0031308 ? v * 12.92 : 1.055 * std::pow(v, 1.0 / 2.4) - 0.055;
  return static_cast<std::uint8_t>(std::lround(c * 255.0));
}

using Matrix3 = std::array<std::array<double, 3>, 3>;

// Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
// vision deficiency", IEEE TVCG 15(6), severity 1.0.
constexpr Matrix3 kProtanopia = {{{0.152286, 1.052583, -0.204868},
                                  {0.114503, 0.786281, 0.099216},
                                  {-0.003882, -0.048116, 1.051998}}};
constexpr Matrix3 kDeuteranopia = {{{0.367322, 0.860646, -0.227968},
                                    {0.280085, 0.672501, 0.047413},
                                    {-0.011820, 0.042940, 0.968881}}};
constexpr Matrix3 kTritanopia = {{{1.255528, -0.076749, -0.178779},
                                  {-0.078411, 0.930809, 0.147602},
                                  {0.004733, 0.691367, 0.303900}}};

}  // namespace

std::string to_string(PaletteKind kind) {
  switch (kind) {
    case PaletteKind::Sequential:
      return "sequential";
    case PaletteKind::Diverging:
      return "diverging";
    case PaletteKind::Qualitative:
      return "qualitative";
  }
  return "unknown";
}

std::string to_string(Suitability s) {
  switch (s) {
    case Suitability::Good:
      return "good";
    case Suitability::Maybe:
      return "maybe";
    case Suitability::Bad:
      return "bad";
  }
  return "unknown";
}

std::vector<PaletteInfo> list_palettes() {
  std::vector<PaletteInfo> out;
  for (const Scheme& s : schemes()) out.push_back(s.info);
  return out;
}

std::vector<PaletteInfo> list_palettes(PaletteKind kind) {
  std::vector<PaletteInfo> out;
  for (const Scheme& s : schemes())
    if (s.info.kind == kind) out.push_back(s.info);
  return out;
}

std::optional<PaletteInfo> find_palette(std::string_view name) {
  if (const Scheme* s = find_scheme(name)) return s->info;
  return std::nullopt;
}

std::vector<Rgba> palette_colors(std::string_view name, int n, bool reverse) {
  const Scheme& s = require_scheme(name);
  require_count(s, n);
  std::vector<Rgba> out;
  if (!s.continuous.empty()) {
    // Evenly spaced samples that include both ends of the 256-step definition.
    for (int i = 0; i < n; ++i)
      out.push_back(s.continuous[static_cast<std::size_t>(std::lround(255.0 * i / (n - 1)))]);
  } else {
    out = s.colors.at(n);
  }
  if (reverse) std::reverse(out.begin(), out.end());
  return out;
}

std::vector<Rgba> class_colors(std::string_view name, int n, bool reverse) {
  const Scheme& s = require_scheme(name);
  if (n == 0) return {};  // nothing to colour (every value missing)
  if (n >= 1 && n < kFirstRatedCount && s.info.min_classes == kFirstRatedCount) {
    const std::vector<Rgba> three = palette_colors(name, kFirstRatedCount, reverse);
    if (n == 1) return {three[1]};
    return {three.front(), three.back()};
  }
  return palette_colors(name, n, reverse);
}

PaletteSuitability palette_suitability(std::string_view name, int n) {
  const Scheme& s = require_scheme(name);
  const int rated = std::max(n, kFirstRatedCount);
  require_count(s, rated);
  auto pick = [&](const std::vector<Suitability>& ratings) {
    const auto i = static_cast<std::size_t>(rated - kFirstRatedCount);
    return ratings[std::min(i, ratings.size() - 1)];
  };
  return {pick(s.suitability[0]), pick(s.suitability[1]), pick(s.suitability[2]),
          pick(s.suitability[3])};
}

bool colorblind_safe(std::string_view name, int n) {
  return palette_suitability(name, n).colorblind == Suitability::Good;
}

std::vector<std::string> colorblind_safe_palettes(PaletteKind kind, int n) {
  std::vector<std::string> out;
  for (const Scheme& s : schemes()) {
    if (s.info.kind != kind) continue;
    const int rated = std::max(n, kFirstRatedCount);
    if (rated > s.info.max_classes) continue;
    if (colorblind_safe(s.info.name, n)) out.push_back(s.info.name);
  }
  return out;
}

std::optional<ColorVision> parse_color_vision(std::string_view name) {
  for (ColorVision v : {ColorVision::Normal, ColorVision::Protanopia, ColorVision::Deuteranopia,
                        ColorVision::Tritanopia, ColorVision::Greyscale})
    if (iequals(name, to_string(v))) return v;
  if (iequals(name, "grayscale")) return ColorVision::Greyscale;
  return std::nullopt;
}

std::string to_string(ColorVision v) {
  switch (v) {
    case ColorVision::Normal:
      return "normal";
    case ColorVision::Protanopia:
      return "protanopia";
    case ColorVision::Deuteranopia:
      return "deuteranopia";
    case ColorVision::Tritanopia:
      return "tritanopia";
    case ColorVision::Greyscale:
      return "greyscale";
  }
  return "unknown";
}

Rgba simulate_color_vision(Rgba c, ColorVision vision) {
  if (vision == ColorVision::Normal) return c;
  const std::array<double, 3> lin = {to_linear(c.r), to_linear(c.g), to_linear(c.b)};
  if (vision == ColorVision::Greyscale) {
    const std::uint8_t y = from_linear(0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]);
    return {y, y, y, c.a};
  }
  const Matrix3& m = vision == ColorVision::Protanopia     ? kProtanopia
                     : vision == ColorVision::Deuteranopia ? kDeuteranopia
                                                           : kTritanopia;
  std::array<std::uint8_t, 3> out{};
  for (std::size_t row = 0; row < 3; ++row)
    out[row] = from_linear(m[row][0] * lin[0] + m[row][1] * lin[1] + m[row][2] * lin[2]);
  return {out[0], out[1], out[2], c.a};
}

std::vector<Rgba> simulate_color_vision(const std::vector<Rgba>& colors, ColorVision vision) {
  std::vector<Rgba> out;
  out.reserve(colors.size());
  for (Rgba c : colors) out.push_back(simulate_color_vision(c, vision));
  return out;
}

}  // namespace devomap
