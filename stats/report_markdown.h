// The terminal report in Markdown: the mean-loss table, one row per comparison, the trend per
// baseline, the verdict and the notes.
#ifndef RESLAB_STATS_REPORT_MARKDOWN_H_
#define RESLAB_STATS_REPORT_MARKDOWN_H_

#include <string>

#include "stats/analysis.h"

namespace reslab::stats {

std::string RenderMarkdown(const std::string& sweep, const Analysis& analysis);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_REPORT_MARKDOWN_H_
