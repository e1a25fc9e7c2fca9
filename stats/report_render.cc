#include "stats/report_render.h"

#include <stdexcept>

#include "stats/report_csv.h"
#include "stats/report_json.h"
#include "stats/report_latex.h"
#include "stats/report_markdown.h"

namespace reslab::stats {

ReportFormat ParseReportFormat(const std::string& name) {
  if (name == "md" || name == "markdown") return ReportFormat::kMarkdown;
  if (name == "csv") return ReportFormat::kCsv;
  if (name == "json") return ReportFormat::kJson;
  if (name == "latex" || name == "tex") return ReportFormat::kLatex;
  throw std::invalid_argument("invalid report format `" + name +
                              "`: expected md, csv, json or latex");
}

std::string ReportFormatName(ReportFormat format) {
  switch (format) {
    case ReportFormat::kMarkdown:
      return "md";
    case ReportFormat::kCsv:
      return "csv";
    case ReportFormat::kJson:
      return "json";
    case ReportFormat::kLatex:
      return "latex";
  }
  return "md";
}

std::string RenderReport(ReportFormat format, const std::string& sweep,
                         const Analysis& analysis) {
  switch (format) {
    case ReportFormat::kMarkdown:
      return RenderMarkdown(sweep, analysis);
    case ReportFormat::kCsv:
      return RenderCsv(sweep, analysis);
    case ReportFormat::kJson:
      return ReportJson(sweep, analysis).dump(2) + "\n";
    case ReportFormat::kLatex:
      return RenderLatex(sweep, analysis);
  }
  return {};
}

}  // namespace reslab::stats
