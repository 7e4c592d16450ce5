#version 330 core
// Area fills. Positions are map units relative to the mesh origin; the camera centre arrives
// relative to the same origin (computed in double on the CPU) so floats keep their precision.
layout(location = 0) in vec2 a_position;
layout(location = 1) in uint a_area;

uniform vec2 u_centre;         // camera centre - mesh origin, map units
uniform vec2 u_map_to_ndc;     // 2 * pixels per map unit / viewport size
uniform sampler2D u_colors;    // RGBA per area, row-major, u_columns texels per row
uniform int u_columns;
uniform vec4 u_no_data;        // the legend's no-data colour (hatched); alpha < 0: none

flat out vec4 v_color;
flat out float v_hatched;

void main() {
  gl_Position = vec4((a_position - u_centre) * u_map_to_ndc, 0.0, 1.0);
  int area = int(a_area);
  vec4 color = texelFetch(u_colors, ivec2(area % u_columns, area / u_columns), 0);
  // Same 8-bit colour as the no-data entry (half a step of tolerance for the unorm conversion).
  v_hatched = all(lessThan(abs(color - u_no_data), vec4(0.5 / 255.0))) ? 1.0 : 0.0;
  v_color = color;
}
