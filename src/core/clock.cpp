#include "core/clock.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace wakala {

std::string FormatRfc3339(Timestamp t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", t);
}

}  // namespace wakala
