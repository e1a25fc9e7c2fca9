// Formatting of runs and sweeps for the client commands: status names, progress bars, ETAs,
// and the tables and CSV/JSON listings built from Run messages.
#ifndef RESLAB_CLI_RUN_VIEW_H_
#define RESLAB_CLI_RUN_VIEW_H_

#include <string>
#include <vector>

#include "reslab/v1/client.pb.h"
#include "reslab/v1/run.pb.h"
#include "reslab/v1/sweep.pb.h"

namespace reslab::cli {

// "queued", "running", "completed", "diverged", "failed_to_train", "failed", "cancelled".
std::string RunStatusName(v1::RunStatus status);
// Inverse of RunStatusName. Throws std::invalid_argument listing the valid names.
v1::RunStatus ParseRunStatus(const std::string& name);
// True for every status except queued and running.
bool IsFinished(v1::RunStatus status);

// "[#####...............]  25%" with `width` cells between the brackets; `fraction` is clamped
// to [0, 1].
std::string ProgressBar(double fraction, int width = 20);
// "42s", "3m05s", "2h07m" or "-" when `seconds` is negative or not finite.
std::string FormatDuration(double seconds);
// Compact rate such as "950", "12.3k", "4.56M".
std::string FormatRate(double per_second);
// Fixed-point with `precision` digits, or "-" when `value` is not finite.
std::string FormatNumber(double value, int precision);

// Seconds left for a running run, from its throughput and the tokens per optimizer step of its
// config in `spec`; negative when unknown.
double EstimateSecondsLeft(const v1::Run& run, const v1::SweepSpec& spec);

// One row per run with a progress bar, loss, tokens/s and ETA (`reslab status SWEEP`).
std::string RenderProgressTable(const std::vector<v1::Run>& runs, const v1::SweepSpec& spec);
// Counts line such as "8 runs: 3 completed, 2 running, 3 queued".
std::string RenderCountsLine(const std::vector<v1::Run>& runs);
// One row per sweep with its progress (`reslab status`).
std::string RenderSweepsTable(const std::vector<v1::Sweep>& sweeps);

// `reslab runs` in its three formats.
std::string RenderRunsTable(const std::vector<v1::Run>& runs);
std::string RenderRunsCsv(const std::vector<v1::Run>& runs);
// A JSON array of Run messages with proto field names and every field present.
std::string RenderRunsJson(const std::vector<v1::Run>& runs);

}  // namespace reslab::cli

#endif  // RESLAB_CLI_RUN_VIEW_H_
