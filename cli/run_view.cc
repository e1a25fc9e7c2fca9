#include "cli/run_view.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "cli/table.h"

namespace reslab::cli {
namespace {

constexpr int kDefaultBlockSize = 256;
constexpr int kDefaultBatchSize = 64;
constexpr const char* kStatusPrefix = "RUN_STATUS_";

const v1::ModelConfig* FindConfig(const v1::SweepSpec& spec, const std::string& name) {
  for (const v1::ModelConfig& config : spec.configs()) {
    if (config.name() == name) return &config;
  }
  return nullptr;
}

// Validation loss once a result exists, else the latest training loss.
std::string LossCell(const v1::Run& run) {
  if (run.has_result() && !run.result().status().empty()) {
    return FormatNumber(run.result().val_loss(), 4);
  }
  if (run.step() > 0) return FormatNumber(run.train_loss(), 4);
  return "-";
}

std::string RunStepCell(const v1::Run& run) {
  return std::to_string(run.step()) + "/" + std::to_string(run.steps());
}

double RunFraction(const v1::Run& run) {
  if (run.status() == v1::RUN_STATUS_COMPLETED) return 1.0;
  return run.steps() > 0 ? static_cast<double>(run.step()) / run.steps() : 0.0;
}

}  // namespace

std::string RunStatusName(v1::RunStatus status) {
  std::string name = v1::RunStatus_Name(status);
  if (name.rfind(kStatusPrefix, 0) == 0) name = name.substr(std::string(kStatusPrefix).size());
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

v1::RunStatus ParseRunStatus(const std::string& name) {
  std::string valid;
  for (int value = v1::RunStatus_MIN + 1; value <= v1::RunStatus_MAX; ++value) {
    if (!v1::RunStatus_IsValid(value)) continue;
    auto status = static_cast<v1::RunStatus>(value);
    if (RunStatusName(status) == name) return status;
    valid += (valid.empty() ? "" : ", ") + RunStatusName(status);
  }
  throw std::invalid_argument("unknown run status '" + name + "' (expected one of " + valid + ")");
}

bool IsFinished(v1::RunStatus status) {
  return status != v1::RUN_STATUS_QUEUED && status != v1::RUN_STATUS_RUNNING &&
         status != v1::RUN_STATUS_UNSPECIFIED;
}

std::string ProgressBar(double fraction, int width) {
  if (!std::isfinite(fraction)) fraction = 0.0;
  fraction = std::clamp(fraction, 0.0, 1.0);
  int filled = static_cast<int>(std::floor(fraction * width + 1e-9));
  char percent[8];
  std::snprintf(percent, sizeof(percent), "%4d%%", static_cast<int>(std::floor(fraction * 100)));
  return "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]" + percent;
}

std::string FormatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  auto total = static_cast<long long>(std::llround(seconds));
  char text[32];
  if (total < 60) {
    std::snprintf(text, sizeof(text), "%llds", total);
  } else if (total < 3600) {
    std::snprintf(text, sizeof(text), "%lldm%02llds", total / 60, total % 60);
  } else {
    std::snprintf(text, sizeof(text), "%lldh%02lldm", total / 3600, (total % 3600) / 60);
  }
  return text;
}

std::string FormatRate(double per_second) {
  if (!std::isfinite(per_second) || per_second <= 0) return "-";
  char text[32];
  if (per_second < 1e3) {
    std::snprintf(text, sizeof(text), "%.0f", per_second);
  } else if (per_second < 1e6) {
    std::snprintf(text, sizeof(text), "%.1fk", per_second / 1e3);
  } else {
    std::snprintf(text, sizeof(text), "%.2fM", per_second / 1e6);
  }
  return text;
}

std::string FormatNumber(double value, int precision) {
  if (!std::isfinite(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", precision, value);
  return text;
}

double EstimateSecondsLeft(const v1::Run& run, const v1::SweepSpec& spec) {
  if (run.status() != v1::RUN_STATUS_RUNNING || run.tokens_per_second() <= 0) return -1.0;
  const v1::ModelConfig* config = FindConfig(spec, run.config());
  if (config == nullptr) return -1.0;
  double block = config->block_size() > 0 ? config->block_size() : kDefaultBlockSize;
  double batch = config->batch_size() > 0 ? config->batch_size() : kDefaultBatchSize;
  double steps_left = std::max<int64_t>(0, run.steps() - run.step());
  return steps_left * block * batch / run.tokens_per_second();
}

std::string RenderProgressTable(const std::vector<v1::Run>& runs, const v1::SweepSpec& spec) {
  Table table(
      {"RUN", "CONFIG", "VARIANT", "SEED", "STATUS", "PROGRESS", "STEP", "LOSS", "TOK/S", "ETA"});
  for (size_t column : {0, 3, 6, 7, 8, 9}) table.AlignRight(column);
  for (const v1::Run& run : runs) {
    bool running = run.status() == v1::RUN_STATUS_RUNNING;
    table.AddRow({std::to_string(run.run_id()), run.config(), run.variant(),
                  std::to_string(run.seed()), RunStatusName(run.status()),
                  ProgressBar(RunFraction(run)), RunStepCell(run), LossCell(run),
                  running ? FormatRate(run.tokens_per_second()) : "-",
                  FormatDuration(EstimateSecondsLeft(run, spec))});
  }
  return table.Render();
}

std::string RenderCountsLine(const std::vector<v1::Run>& runs) {
  std::map<std::string, int> counts;
  for (const v1::Run& run : runs) ++counts[RunStatusName(run.status())];
  std::string line = std::to_string(runs.size()) + " runs";
  const char* kOrder[] = {"completed", "diverged", "failed_to_train", "running",
                          "queued",    "failed",   "cancelled"};
  bool first = true;
  for (const char* name : kOrder) {
    auto found = counts.find(name);
    if (found == counts.end()) continue;
    line += (first ? ": " : ", ") + std::to_string(found->second) + " " + name;
    first = false;
  }
  return line;
}

std::string RenderSweepsTable(const std::vector<v1::Sweep>& sweeps) {
  Table table(
      {"SWEEP", "PROGRESS", "TOTAL", "DONE", "RUNNING", "QUEUED", "FAILED", "CANCELLED", "STATE"});
  for (size_t column = 2; column <= 7; ++column) table.AlignRight(column);
  for (const v1::Sweep& sweep : sweeps) {
    const v1::RunCounts& counts = sweep.counts();
    int done = counts.completed() + counts.diverged() + counts.failed_to_train();
    int finished = done + counts.failed() + counts.cancelled();
    double fraction = counts.total() > 0 ? static_cast<double>(finished) / counts.total() : 0.0;
    std::string state = sweep.cancelled()            ? "cancelled"
                        : finished == counts.total() ? "finished"
                        : counts.running() > 0       ? "running"
                                                     : "queued";
    table.AddRow({sweep.name(), ProgressBar(fraction), std::to_string(counts.total()),
                  std::to_string(done), std::to_string(counts.running()),
                  std::to_string(counts.queued()), std::to_string(counts.failed()),
                  std::to_string(counts.cancelled()), state});
  }
  return table.Render();
}

std::string RenderRunsTable(const std::vector<v1::Run>& runs) {
  Table table({"RUN", "CONFIG", "VARIANT", "SEED", "STATUS", "ATTEMPT", "PARAMS", "STEP",
               "VAL_LOSS", "ECE", "SECONDS", "WORKER", "LAST_ERROR"});
  for (size_t column : {0, 3, 5, 6, 7, 8, 9, 10}) table.AlignRight(column);
  for (const v1::Run& run : runs) {
    bool has_result = run.has_result() && !run.result().status().empty();
    table.AddRow({std::to_string(run.run_id()), run.config(), run.variant(),
                  std::to_string(run.seed()), RunStatusName(run.status()),
                  std::to_string(run.attempt()), std::to_string(run.params()), RunStepCell(run),
                  has_result ? FormatNumber(run.result().val_loss(), 4) : "-",
                  has_result ? FormatNumber(run.result().ece(), 4) : "-",
                  has_result ? FormatNumber(run.result().seconds(), 1) : "-", run.worker_id(),
                  run.last_error()});
  }
  return table.Render();
}

std::string RenderRunsCsv(const std::vector<v1::Run>& runs) {
  std::string out = CsvLine({"run_id",
                             "sweep",
                             "config",
                             "variant",
                             "seed",
                             "status",
                             "attempt",
                             "params",
                             "d_model",
                             "step",
                             "steps",
                             "train_loss",
                             "tokens_per_second",
                             "val_loss",
                             "ece",
                             "tokens",
                             "seconds",
                             "micro_batch_size",
                             "worker_id",
                             "last_error"});
  for (const v1::Run& run : runs) {
    bool has_result = run.has_result() && !run.result().status().empty();
    auto result_number = [&](double value, int precision) {
      return has_result ? FormatNumber(value, precision) : std::string();
    };
    out += CsvLine({std::to_string(run.run_id()),
                    run.sweep(),
                    run.config(),
                    run.variant(),
                    std::to_string(run.seed()),
                    RunStatusName(run.status()),
                    std::to_string(run.attempt()),
                    std::to_string(run.params()),
                    std::to_string(run.d_model()),
                    std::to_string(run.step()),
                    std::to_string(run.steps()),
                    run.step() > 0 ? FormatNumber(run.train_loss(), 6) : "",
                    run.step() > 0 ? FormatNumber(run.tokens_per_second(), 1) : "",
                    result_number(run.result().val_loss(), 6),
                    result_number(run.result().ece(), 6),
                    has_result ? std::to_string(run.result().tokens()) : "",
                    result_number(run.result().seconds(), 3),
                    has_result ? std::to_string(run.result().micro_batch_size()) : "",
                    run.worker_id(),
                    run.last_error()});
  }
  return out;
}

std::string RenderRunsJson(const std::vector<v1::Run>& runs) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out = "[";
  for (size_t i = 0; i < runs.size(); ++i) {
    std::string json;
    auto status = google::protobuf::util::MessageToJsonString(runs[i], &json, options);
    if (!status.ok()) throw std::runtime_error("cannot print run as JSON: " + status.ToString());
    out += (i == 0 ? "\n  " : ",\n  ") + json;
  }
  out += runs.empty() ? "]\n" : "\n]\n";
  return out;
}

}  // namespace reslab::cli
