#pragma once

#include <cstdint>
#include <string>

namespace wakala::app {

struct IngestBenchOptions {
  std::int64_t lines = 200'000;
  std::string database_url;  // "" = a fresh SQLite file in a temp dir
  int agents = 1'000;
  int clients = 50'000;
  int batch_events = 1'000;
};

// Ingests generated invoice lines through the real engine and store, then
// inserts the same number of plain rows into the same store in the same
// batches, and prints both rates and their ratio. Returns the exit status.
int RunIngestBench(const IngestBenchOptions& options);

struct EvaluateBenchOptions {
  int agents = 10'000;
  std::int64_t lines = 1'000'000;
};

// Times a quarter close (evaluation of every agent, then reassignment) over
// `lines` invoice lines paid during the quarter, in memory.
int RunEvaluateBench(const EvaluateBenchOptions& options);

}  // namespace wakala::app
