// The machine-readable report: every number of an Analysis as JSON. docs/report-json.md
// documents each field.
#ifndef RESLAB_STATS_REPORT_JSON_H_
#define RESLAB_STATS_REPORT_JSON_H_

#include <string>

#include <nlohmann/json.hpp>

#include "stats/analysis.h"

namespace reslab::stats {

// Version of the JSON layout, stored in its "schema" field. Bump it when a field changes
// meaning or is removed; adding fields keeps it.
inline constexpr char kReportJsonSchema[] = "reslab.report.v1";

// Builds the JSON report of `analysis` for sweep `sweep`. Statistics that are not defined are
// null, with the reason in the comparison's "undefined" object.
nlohmann::json ReportJson(const std::string& sweep, const Analysis& analysis);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_REPORT_JSON_H_
