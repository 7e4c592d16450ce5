#pragma once
// Small RAII owners for OpenGL object names and a shader-program builder. Internal to render/;
// every function needs a current context whose functions glad has loaded.
#include <glad/gl.h>

#include <string>
#include <utility>

namespace devomap::render::gl {

// Owns one GL name; `Traits` says how to create and delete it. Movable, not copyable.
template <typename Traits>
class Object {
 public:
  Object() { id_ = Traits::create(); }
  ~Object() { reset(); }
  Object(Object&& other) noexcept : id_(std::exchange(other.id_, 0)) {}
  Object& operator=(Object&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, 0);
    }
    return *this;
  }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  GLuint id() const { return id_; }

 private:
  void reset() {
    if (id_) Traits::destroy(id_);
    id_ = 0;
  }
  GLuint id_ = 0;
};

struct BufferTraits {
  static GLuint create() {
    GLuint id = 0;
    glGenBuffers(1, &id);
    return id;
  }
  static void destroy(GLuint id) { glDeleteBuffers(1, &id); }
};
struct VertexArrayTraits {
  static GLuint create() {
    GLuint id = 0;
    glGenVertexArrays(1, &id);
    return id;
  }
  static void destroy(GLuint id) { glDeleteVertexArrays(1, &id); }
};
struct TextureTraits {
  static GLuint create() {
    GLuint id = 0;
    glGenTextures(1, &id);
    return id;
  }
  static void destroy(GLuint id) { glDeleteTextures(1, &id); }
};
struct ProgramTraits {
  static GLuint create() { return glCreateProgram(); }
  static void destroy(GLuint id) { glDeleteProgram(id); }
};

using Buffer = Object<BufferTraits>;
using VertexArray = Object<VertexArrayTraits>;
using Texture = Object<TextureTraits>;
using Program = Object<ProgramTraits>;

// Compiles and links a vertex + fragment shader pair. Throws std::runtime_error with the
// driver's log and `name` when either stage fails.
Program build_program(const char* name, const char* vertex_source, const char* fragment_source);

// Uniform location by name; throws std::runtime_error when the program has no such active
// uniform (a typo here would otherwise draw silently wrong).
GLint uniform(const Program& program, const char* name);

}  // namespace devomap::render::gl
