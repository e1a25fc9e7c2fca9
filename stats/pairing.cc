#include "stats/pairing.h"

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

namespace reslab::stats {
namespace {

std::map<int64_t, const RunRow*> BySeed(const std::vector<const RunRow*>& rows) {
  std::map<int64_t, const RunRow*> by_seed;
  for (const RunRow* row : rows) {
    if (!by_seed.emplace(row->seed, row).second) {
      throw std::invalid_argument("duplicate run: config " + row->config + ", variant " +
                                  row->variant + ", seed " + std::to_string(row->seed) +
                                  " appears more than once");
    }
  }
  return by_seed;
}

}  // namespace

bool IsUsable(const RunRow& row) {
  return row.status == "completed" && std::isfinite(row.loss);
}

std::string ExclusionReason(const RunRow& row) {
  if (row.status != "completed") return "status " + row.status;
  if (!std::isfinite(row.loss)) return "loss is not finite";
  return "";
}

SeedPairing PairBySeed(const std::vector<const RunRow*>& treatment,
                       const std::vector<const RunRow*>& baseline) {
  std::map<int64_t, const RunRow*> treatment_by_seed = BySeed(treatment);
  std::map<int64_t, const RunRow*> baseline_by_seed = BySeed(baseline);
  std::set<int64_t> seeds;
  for (const auto& [seed, row] : treatment_by_seed) seeds.insert(seed);
  for (const auto& [seed, row] : baseline_by_seed) seeds.insert(seed);

  SeedPairing pairing;
  for (int64_t seed : seeds) {
    auto in_treatment = treatment_by_seed.find(seed);
    auto in_baseline = baseline_by_seed.find(seed);
    bool has_treatment = in_treatment != treatment_by_seed.end();
    bool has_baseline = in_baseline != baseline_by_seed.end();
    bool treatment_usable = has_treatment && IsUsable(*in_treatment->second);
    bool baseline_usable = has_baseline && IsUsable(*in_baseline->second);

    if ((has_treatment && !treatment_usable) || (has_baseline && !baseline_usable)) {
      pairing.excluded.push_back(seed);
    } else if (!has_baseline) {
      pairing.only_in_treatment.push_back(seed);
    } else if (!has_treatment) {
      pairing.only_in_baseline.push_back(seed);
    } else {
      double treatment_loss = in_treatment->second->loss;
      double baseline_loss = in_baseline->second->loss;
      pairing.seeds.push_back(seed);
      pairing.treatment_losses.push_back(treatment_loss);
      pairing.baseline_losses.push_back(baseline_loss);
      pairing.gaps.push_back(baseline_loss - treatment_loss);
    }
  }
  return pairing;
}

}  // namespace reslab::stats
