// Chooses a report renderer by format name.
#ifndef RESLAB_STATS_REPORT_RENDER_H_
#define RESLAB_STATS_REPORT_RENDER_H_

#include <string>

#include "stats/analysis.h"

namespace reslab::stats {

enum class ReportFormat { kMarkdown, kCsv, kJson, kLatex };

// Parses "md" (or "markdown"), "csv", "json" and "latex" (or "tex"); throws
// std::invalid_argument naming the value otherwise.
ReportFormat ParseReportFormat(const std::string& name);
// "md", "csv", "json" or "latex".
std::string ReportFormatName(ReportFormat format);

// Renders `analysis` of sweep `sweep` in `format`. JSON is indented by 2 spaces.
std::string RenderReport(ReportFormat format, const std::string& sweep, const Analysis& analysis);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_REPORT_RENDER_H_
