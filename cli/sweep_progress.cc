#include "cli/sweep_progress.h"

#include <algorithm>
#include <map>

#include "cli/run_view.h"

namespace reslab::cli {
namespace {

struct ConfigCost {
  double finished_seconds = 0;
  int finished = 0;
  double tokens_per_second = 0;
  int running = 0;
};

double TokensPerRun(const v1::SweepSpec& spec, const std::string& config_name) {
  for (const auto& config : spec.configs()) {
    if (config.name() != config_name) continue;
    double block = config.block_size() > 0 ? config.block_size() : 256;
    double batch = config.batch_size() > 0 ? config.batch_size() : 64;
    return block * batch * config.steps();
  }
  return 0;
}

}  // namespace

double EstimateSweepSecondsLeft(const std::vector<v1::Run>& runs, const v1::SweepSpec& spec,
                                int workers) {
  std::map<std::string, ConfigCost> costs;
  for (const v1::Run& run : runs) {
    ConfigCost& cost = costs[run.config()];
    if (IsFinished(run.status()) && run.result().seconds() > 0) {
      cost.finished_seconds += run.result().seconds();
      ++cost.finished;
    } else if (run.status() == v1::RUN_STATUS_RUNNING && run.tokens_per_second() > 0) {
      cost.tokens_per_second += run.tokens_per_second();
      ++cost.running;
    }
  }

  double work_seconds = 0;
  bool known = false;
  for (const v1::Run& run : runs) {
    if (IsFinished(run.status())) continue;
    const ConfigCost& cost = costs[run.config()];
    double fraction_left =
        run.steps() > 0 ? 1.0 - std::clamp(double(run.step()) / run.steps(), 0.0, 1.0) : 1.0;
    if (cost.finished > 0) {
      work_seconds += fraction_left * cost.finished_seconds / cost.finished;
      known = true;
    } else if (cost.running > 0) {
      double rate = cost.tokens_per_second / cost.running;
      work_seconds += fraction_left * TokensPerRun(spec, run.config()) / rate;
      known = true;
    }
  }
  if (!known) return -1;
  return work_seconds / std::max(1, workers);
}

std::string RenderSweepFrame(const std::vector<v1::Run>& runs, const v1::SweepSpec& spec,
                             int workers) {
  std::vector<v1::Run> running;
  for (const v1::Run& run : runs) {
    if (run.status() == v1::RUN_STATUS_RUNNING) running.push_back(run);
  }
  std::string frame = spec.name() + ": " + RenderCountsLine(runs) +
                      " | ETA " + FormatDuration(EstimateSweepSecondsLeft(runs, spec, workers)) +
                      "\n";
  if (!running.empty()) frame += RenderProgressTable(running, spec);
  return frame;
}

}  // namespace reslab::cli
