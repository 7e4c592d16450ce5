#version 330 core
// Area fills. Positions are map units relative to the mesh origin; the camera centre arrives
// relative to the same origin (computed in double on the CPU) so floats keep their precision.
layout(location = 0) in vec2 a_position;
layout(location = 1) in uint a_area;

uniform vec2 u_centre;         // camera centre - mesh origin, map units
uniform vec2 u_map_to_ndc;     // 2 * pixels per map unit / viewport size
uniform sampler2D u_colors;    // RGBA per area, row-major, u_columns texels per row
uniform sampler2D u_hatched;   // R = 1 for areas drawn in the hatched no-data style
uniform int u_columns;
uniform int u_hovered;         // area index, or -1

flat out vec4 v_color;
flat out float v_hatched;

void main() {
  gl_Position = vec4((a_position - u_centre) * u_map_to_ndc, 0.0, 1.0);
  int area = int(a_area);
  ivec2 texel = ivec2(area % u_columns, area / u_columns);
  vec4 color = texelFetch(u_colors, texel, 0);
  if (area == u_hovered) color.rgb = mix(color.rgb, vec3(1.0), 0.35);
  v_color = color;
  v_hatched = texelFetch(u_hatched, texel, 0).r;
}
