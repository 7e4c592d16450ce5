#include "render/gl_objects.hpp"

#include <stdexcept>
#include <vector>

namespace devomap::render::gl {

namespace {

std::string shader_log(GLuint shader) {
  GLint length = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  std::vector<char> log(static_cast<std::size_t>(length > 0 ? length : 1), '\0');
  glGetShaderInfoLog(shader, static_cast<GLsizei>(log.size()), nullptr, log.data());
  return log.data();
}

std::string program_log(GLuint program) {
  GLint length = 0;
  glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
  std::vector<char> log(static_cast<std::size_t>(length > 0 ? length : 1), '\0');
  glGetProgramInfoLog(program, static_cast<GLsizei>(log.size()), nullptr, log.data());
  return log.data();
}

// A compiled shader stage, deleted once linked into the program.
class Stage {
 public:
  Stage(GLenum type, const char* source, const std::string& what) : id_(glCreateShader(type)) {
    glShaderSource(id_, 1, &source, nullptr);
    glCompileShader(id_);
    GLint ok = GL_FALSE;
    glGetShaderiv(id_, GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
      const std::string log = shader_log(id_);
      glDeleteShader(id_);
      throw std::runtime_error("compiling the " + what + " shader failed: " + log);
    }
  }
  ~Stage() { glDeleteShader(id_); }
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;
  GLuint id() const { return id_; }

 private:
  GLuint id_;
};

}  // namespace

Program build_program(const char* name, const char* vertex_source, const char* fragment_source) {
  Program program;
  if (!program.id()) throw std::runtime_error("glCreateProgram failed for " + std::string(name));
  const Stage vertex(GL_VERTEX_SHADER, vertex_source, std::string(name) + " vertex");
  const Stage fragment(GL_FRAGMENT_SHADER, fragment_source, std::string(name) + " fragment");
  glAttachShader(program.id(), vertex.id());
  glAttachShader(program.id(), fragment.id());
  glLinkProgram(program.id());
  GLint ok = GL_FALSE;
  glGetProgramiv(program.id(), GL_LINK_STATUS, &ok);
  glDetachShader(program.id(), vertex.id());
  glDetachShader(program.id(), fragment.id());
  if (ok != GL_TRUE)
    throw std::runtime_error("linking the " + std::string(name) +
                             " shader program failed: " + program_log(program.id()));
  return program;
}

GLint uniform(const Program& program, const char* name) {
  const GLint location = glGetUniformLocation(program.id(), name);
  if (location < 0)
    throw std::runtime_error("shader program has no active uniform '" + std::string(name) + "'");
  return location;
}

}  // namespace devomap::render::gl
