#version 330 core
// Outline quads of constant pixel width: each vertex sits on the ring and is pushed along its
// unit normal by half the line width (wide GL lines do not exist in a forward-compatible core
// profile).
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec2 a_normal;

uniform vec2 u_centre;
uniform vec2 u_map_to_ndc;
uniform vec2 u_pixel_to_ndc;   // 2 / framebuffer viewport size in device px
uniform float u_half_width;    // device px

void main() {
  vec2 ndc = (a_position - u_centre) * u_map_to_ndc + a_normal * u_half_width * u_pixel_to_ndc;
  gl_Position = vec4(ndc, 0.0, 1.0);
}
