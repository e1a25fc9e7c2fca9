// Number formatting and small helpers shared by the report renderers (Markdown, CSV, LaTeX).
#ifndef RESLAB_STATS_REPORT_FORMAT_H_
#define RESLAB_STATS_REPORT_FORMAT_H_

#include <string>
#include <utility>
#include <vector>

#include "stats/analysis.h"

namespace reslab::stats {

// Text shown in place of a statistic that is not defined (the notes give the reason).
inline constexpr char kNotDefined[] = "n/a";

// `value` with `decimals` digits after the point; kNotDefined when it is not finite.
std::string FormatFixed(double value, int decimals);
// As FormatFixed with an explicit sign ("+0.0094", "-0.0012").
std::string FormatSigned(double value, int decimals);
// A p-value: 4 decimals, or 2 significant digits in scientific form below 0.0001.
std::string FormatP(double p);
// A parameter count in millions with 2 decimals ("589.28M").
std::string FormatParams(double params);

// The statistics of `comparison` that are not defined, each as (test name, reason), in the
// order the tables show them.
std::vector<std::pair<std::string, std::string>> UndefinedTests(const Comparison& comparison);

// The notes of a comparison and the reasons of its undefined tests, without repeats.
std::vector<std::string> ComparisonNotes(const Comparison& comparison);

// Every note of the analysis: the sweep-wide notes, undefined trends, then each distinct
// comparison note once, followed by the comparisons it applies to ("(60M vs highway, 1B vs
// standard)").
std::vector<std::string> AllNotes(const Analysis& analysis);

// Variant names in the column order of the mean-loss table: the treatment, the baselines,
// then the other variants, as they first appear in `analysis.configs`.
std::vector<std::string> VariantColumns(const Analysis& analysis);

// The variant's loss summary at `config`, or nullptr when the config has no such variant.
const VariantSummary* FindVariant(const ConfigSummary& config, const std::string& variant);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_REPORT_FORMAT_H_
