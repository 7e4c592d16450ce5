#version 330 core
flat in vec4 v_color;
flat in float v_hatched;

uniform float u_hatch_period;  // device px along x between "/" hatch lines
uniform float u_hatch_width;   // device px along x of one line
uniform float u_hatch_offset;  // page x - y of this framebuffer's origin, so tiles line up

out vec4 frag_color;

void main() {
  vec4 color = v_color;
  // Screen-space "/" strokes in a darker shade, as the legend's no-data swatch (layout.cpp).
  float phase = mod(gl_FragCoord.x - gl_FragCoord.y + u_hatch_offset, u_hatch_period);
  if (v_hatched > 0.5 && phase < u_hatch_width)
    color.rgb *= 0.55;
  frag_color = color;
}
