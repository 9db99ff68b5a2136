#pragma once

#include <cstdint>
#include <string>

namespace wakala::sim {

struct GeneratorOptions {
  int agents = 12;
  int clients = 40;
  int events = 400;  // besides the month/quarter closes the clock passes through
};

// A random but valid program history (scenario JSON) from a seed: agents of
// every tier, clients, associations of every source, invoices of every
// category, partial and full refunds and chargebacks, webhook retries,
// certifications, overrides, violations, terminations, withdrawals paid and
// rejected, spread over about a year so that holds mature and months and
// quarters close. The same seed always gives the same text.
std::string GenerateScenario(std::uint64_t seed, const GeneratorOptions& options = {});

}  // namespace wakala::sim
