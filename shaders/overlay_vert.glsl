#version 330 core
// Legend boxes, hatch strokes and text, in device pixels with the origin at the top left.
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec2 a_uv;     // atlas coordinates; negative = solid colour
layout(location = 2) in vec4 a_color;

uniform vec2 u_viewport;               // device px

out vec2 v_uv;
out vec4 v_color;

void main() {
  vec2 ndc = vec2(a_position.x / u_viewport.x * 2.0 - 1.0, 1.0 - a_position.y / u_viewport.y * 2.0);
  gl_Position = vec4(ndc, 0.0, 1.0);
  v_uv = a_uv;
  v_color = a_color;
}
