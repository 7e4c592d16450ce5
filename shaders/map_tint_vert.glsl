#version 330 core
// One area's fill triangles in a single colour, blended over what is drawn: the hover tint
// (white at 35 %), drawn over the finished map so hovering never re-draws the whole layer.
layout(location = 0) in vec2 a_position;

uniform vec2 u_centre;
uniform vec2 u_map_to_ndc;

void main() { gl_Position = vec4((a_position - u_centre) * u_map_to_ndc, 0.0, 1.0); }
