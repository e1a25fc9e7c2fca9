// The report as CSV: one row per comparison (config × baseline) with the scalar fields of the
// JSON report's "comparisons" entries, for spreadsheets and plotting scripts.
#ifndef RESLAB_STATS_REPORT_CSV_H_
#define RESLAB_STATS_REPORT_CSV_H_

#include <string>
#include <vector>

#include "stats/analysis.h"

namespace reslab::stats {

// The CSV columns, in order. Each is a field of a JSON comparison (docs/report-json.md), plus
// "sweep" first.
const std::vector<std::string>& ReportCsvColumns();

// Undefined statistics are empty fields; numbers keep their full precision.
std::string RenderCsv(const std::string& sweep, const Analysis& analysis);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_REPORT_CSV_H_
