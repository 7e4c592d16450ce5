#version 330 core
in vec2 v_uv;
in vec4 v_color;

uniform sampler2D u_atlas;  // glyph coverage in R

out vec4 frag_color;

void main() {
  if (v_uv.x < 0.0)
    frag_color = v_color;
  else
    frag_color = vec4(v_color.rgb, v_color.a * texture(u_atlas, v_uv).r);
}
