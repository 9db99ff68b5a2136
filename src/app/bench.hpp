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

struct CatchUpBenchOptions {
  int agents = 1'000;
  std::int64_t lines = 100'000;
};

// Times a scheduler catch-up in memory: `agents` bronze agents share `lines`
// invoice lines (talk time and setup fees) paid in January and February, all
// are made affiliates on 1 March, and one advance to 1 June runs the 90 days
// (maturations, closes, warnings and every agent's affiliate rule).
int RunCatchUpBench(const CatchUpBenchOptions& options);

struct RenewalBenchOptions {
  int subscriptions = 50'000;
  int agents = 100;
  std::string database_url;  // "" = a fresh SQLite file in a temp dir
};

// Built-in billing at scale: `subscriptions` active monthly services fall due
// together; times the scheduler's billing pass (a renewal invoice each), then
// paying every one through the commission engine, against plain inserts of
// the same invoice rows in the same batches.
int RunRenewalBench(const RenewalBenchOptions& options);

struct DocumentBenchOptions {
  int documents = 200;
  int lines = 60;  // movements on each statement (60: a busy agent's month, two pages)
};

// PDFs: `documents` monthly statements of `lines` movements each rendered to
// PDF (Pango layout, Cairo PDF in memory), against writing the same
// statements as JSON; prints the time per document and the ratio.
int RunDocumentBench(const DocumentBenchOptions& options);

}  // namespace wakala::app
