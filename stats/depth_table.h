// The depth-stability report: final loss and the first-to-last gradient-norm ratio per depth and
// variant, with the runs that failed to train marked. Built from plain rows, like every report.
#ifndef RESLAB_STATS_DEPTH_TABLE_H_
#define RESLAB_STATS_DEPTH_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace reslab::stats {

// One finished run of a depth sweep.
struct DepthRun {
  int64_t n_layers = 0;
  std::string variant;
  int64_t seed = 0;
  // "completed", "diverged" or "failed_to_train"; other statuses are left out.
  std::string status;
  // Final validation loss; NaN when the run diverged.
  double val_loss = 0;
  // Training loss at the first and the last logged step.
  double first_train_loss = 0;
  double last_train_loss = 0;
  // Gradient norm of the first sublayer divided by that of the last, at the first logged step
  // (close to initialisation) and the median over every logged step. NaN when not logged.
  double grad_ratio_initial = 0;
  double grad_ratio_median = 0;
};

// Summary of one (depth, variant) cell.
struct DepthCell {
  int64_t n_layers = 0;
  std::string variant;
  int runs = 0;
  int trained = 0;  // status completed
  int failed_to_train = 0;
  int diverged = 0;
  // Means over the runs where the value is finite; NaN when there are none.
  double mean_val_loss = 0;
  double mean_loss_drop = 0;  // first minus last logged training loss
  double mean_grad_ratio_initial = 0;
  double mean_grad_ratio_median = 0;
};

struct DepthReport {
  std::vector<DepthCell> cells;  // by depth, then variant
  // Per variant: the largest depth at which every run trained, and the smallest at which one
  // did not (0 when none).
  struct VariantLimit {
    std::string variant;
    int64_t deepest_all_trained = 0;
    int64_t shallowest_failure = 0;
  };
  std::vector<VariantLimit> limits;
  // One sentence per variant, such as "review trained at every depth (4-32 layers)".
  std::vector<std::string> findings;
};

DepthReport SummariseDepth(const std::vector<DepthRun>& runs);

std::string RenderDepthMarkdown(const DepthReport& report, const std::string& sweep);
std::string RenderDepthCsv(const DepthReport& report);
nlohmann::json DepthReportJson(const DepthReport& report, const std::string& sweep);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_DEPTH_TABLE_H_
