// The report as LaTeX: two booktabs tables (mean loss per variant and config; the paired and
// Welch tests per comparison) for a paper. Needs \usepackage{booktabs} in the preamble.
#ifndef RESLAB_STATS_REPORT_LATEX_H_
#define RESLAB_STATS_REPORT_LATEX_H_

#include <string>

#include "stats/analysis.h"

namespace reslab::stats {

std::string RenderLatex(const std::string& sweep, const Analysis& analysis);

// Escapes the characters that are special in LaTeX text mode.
std::string EscapeLatex(const std::string& text);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_REPORT_LATEX_H_
