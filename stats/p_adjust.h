#ifndef RESLAB_STATS_P_ADJUST_H_
#define RESLAB_STATS_P_ADJUST_H_

#include <string>
#include <vector>

namespace reslab::stats {

enum class Correction { kHolm, kBenjaminiHochberg, kNone };

// "holm", "bh" or "none".
std::string CorrectionName(Correction correction);

// Parses "holm", "bh" or "none"; throws std::invalid_argument naming the value otherwise.
Correction ParseCorrection(const std::string& name);

// Adjusted p-values in the input order, as statsmodels' multipletests ("holm", "fdr_bh")
// computes them: Holm's step-down maximum of (m − i) · p(i), Benjamini–Hochberg's step-up
// minimum of m / i · p(i), both capped at 1. Throws std::invalid_argument for a non-finite p or
// one outside [0, 1].
std::vector<double> AdjustPValues(const std::vector<double>& p, Correction correction);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_P_ADJUST_H_
