// Plain row types of the store, shared by the repository classes and their callers. Times are
// milliseconds since the Unix epoch.
#ifndef RESLAB_DB_RECORDS_H_
#define RESLAB_DB_RECORDS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace reslab::db {

// Lifecycle of a run, stored as the lower-case name in runs.status.
enum class RunStatus {
  kQueued,
  kRunning,
  kCompleted,
  kDiverged,
  kFailedToTrain,
  kFailed,
  kCancelled,
};

// "queued", "running", "completed", "diverged", "failed_to_train", "failed", "cancelled".
std::string RunStatusName(RunStatus status);
// Throws db::Error for a name that is not one of RunStatusName's values.
RunStatus ParseRunStatus(const std::string& name);
// True for every status except queued and running.
bool IsFinal(RunStatus status);
// True for completed, diverged and failed_to_train: the outcomes a worker reports.
bool IsResult(RunStatus status);

struct SweepRecord {
  int64_t sweep_id = 0;
  std::string name;
  std::string description;
  // The submitted spec with defaults filled in, as canonical JSON.
  std::string spec_json;
  // "submitted" or "imported".
  std::string source = "submitted";
  int priority = 0;
  bool cancelled = false;
  int64_t created_unix_ms = 0;
};

// A run to insert when a sweep is submitted.
struct NewRun {
  std::string config;
  int config_index = 0;
  std::string variant;
  int64_t seed = 0;
  int64_t params = 0;
  int d_model = 0;
  int64_t steps = 0;
  int max_attempts = 3;
  int micro_batch_size = 0;
};

struct RunRecord {
  int64_t run_id = 0;
  int64_t sweep_id = 0;
  std::string sweep_name;
  std::string config;
  int config_index = 0;
  std::string variant;
  int64_t seed = 0;
  RunStatus status = RunStatus::kQueued;
  // Attempts started so far; the running attempt while status is running.
  int attempt = 0;
  int max_attempts = 3;
  std::optional<int64_t> params;
  std::optional<int> d_model;
  int64_t steps = 0;
  std::optional<int> micro_batch_size;
  std::optional<int64_t> lease_token;
  std::string lease_worker_id;
  std::optional<int64_t> lease_expires_unix_ms;
  int64_t step = 0;
  std::optional<double> train_loss;
  std::optional<double> tokens_per_second;
  std::optional<double> val_loss;
  std::optional<double> ece;
  std::optional<int64_t> final_steps;
  std::optional<int64_t> tokens;
  std::optional<double> seconds;
  std::string result_json;
  std::string last_error;
  int64_t created_unix_ms = 0;
  int64_t updated_unix_ms = 0;
};

// Filters for RunStore::List; unset or empty members match every run.
struct RunFilter {
  std::optional<int64_t> sweep_id;
  std::optional<RunStatus> status;
  std::string config;
  std::string variant;
};

// A training outcome reported by a worker.
struct RunOutcome {
  RunStatus status = RunStatus::kCompleted;
  std::optional<double> val_loss;
  std::optional<double> ece;
  int64_t params = 0;
  int64_t steps = 0;
  int64_t tokens = 0;
  double seconds = 0;
  int micro_batch_size = 0;
  std::string result_json;
};

struct AttemptRecord {
  int64_t run_id = 0;
  int attempt = 0;
  std::string worker_id;
  int64_t fencing_token = 0;
  int64_t started_unix_ms = 0;
  std::optional<int64_t> ended_unix_ms;
  // Empty while the attempt runs; then a result status, "crashed", "oom", "preempted",
  // "invalid_spec", "lost" or "cancelled".
  std::string outcome;
  std::string message;
};

struct MetricRow {
  int64_t step = 0;
  std::string name;
  double value = 0;
};

struct WorkerRecord {
  std::string worker_id;
  std::string hostname;
  std::string device;
  int64_t memory_bytes = 0;
  int pid = 0;
  std::string version;
  int64_t registered_unix_ms = 0;
  int64_t last_seen_unix_ms = 0;
};

struct EventRecord {
  int64_t event_id = 0;
  int64_t unix_ms = 0;
  std::string kind;
  std::optional<int64_t> sweep_id;
  std::optional<int64_t> run_id;
  std::string worker_id;
  std::string message;
};

// Number of runs per status; statuses without runs are absent.
using StatusCounts = std::map<RunStatus, int>;

}  // namespace reslab::db

#endif  // RESLAB_DB_RECORDS_H_
