#include "agents/evidence_files.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <sstream>

#include "agents/records.hpp"
#include "core/text.hpp"

namespace wakala::agents {

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string hex(digest.size() * 2, '0');
  sodium_bin2hex(hex.data(), hex.size() + 1, digest.data(), digest.size());
  return hex;
}

Result<void> WriteFileDurably(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return Fail(Error::Internal("cannot create " + path.parent_path().string() + ": " + ec.message()));
  const std::filesystem::path partial = path.string() + ".part";
  const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(Error::Internal("cannot write " + partial.string()));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) {
      ::close(fd);
      std::filesystem::remove(partial, ec);
      return Fail(Error::Internal("cannot write " + partial.string()));
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return Fail(Error::Internal("cannot sync " + partial.string()));
  std::filesystem::rename(partial, path, ec);
  if (ec) return Fail(Error::Internal("cannot rename " + partial.string() + ": " + ec.message()));
  return {};
}

Result<std::string> ReadStoredFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::Internal("stored file " + path.string() + " is missing"));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Result<std::string> CheckEvidenceUpload(std::string_view bytes, const std::string& declared_type,
                                        const std::string& original_name) {
  if (bytes.empty()) return Fail(Error::Invalid("the file is empty", {{"body", "is empty"}}));
  if (auto control = ControlCharacterProblem(original_name); !control.empty()) {
    return Fail(Error::Invalid("the file name cannot be kept as given", {{"X-File-Name", control}}));
  }
  const auto sniffed = SniffEvidenceType(bytes);
  if (!sniffed) {
    return Fail(Error::Invalid("only PDF, PNG and JPEG files are accepted",
                               {{"body", "is not a PDF, PNG or JPEG file (judged by its content)"}}));
  }
  if (declared_type != *sniffed) {
    return Fail(
        Error::Invalid("the file's content does not match its Content-Type",
                       {{"Content-Type", "says " + declared_type + " but the content is " + *sniffed}}));
  }
  return *sniffed;
}

}  // namespace wakala::agents
