// `reslab report SWEEP`: the paired statistics of a sweep as Markdown, CSV, JSON or LaTeX,
// optionally with the gap plot, from the local database or a running orchestrator.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/client.h"
#include "cli/command.h"
#include "db/database.h"
#include "orchestrator/errors.h"
#include "orchestrator/depth_report.h"
#include "orchestrator/report_builder.h"
#include "proto/client_channel.h"
#include "reslab/v1/report.grpc.pb.h"
#include "stats/plot.h"

namespace reslab::cli {
namespace {

struct ReportFlags {
  orchestrator::ReportRequest request;
  std::string plot_path;
  std::string out_path;
  // "paired" or "depth".
  std::string kind = "paired";
  std::string db_path = "reslab.db";
  ClientOptions client;
  // Set when --orchestrator (or RESLAB_ORCHESTRATOR) is given and --db is not.
  bool use_orchestrator = false;
};

struct FetchedReport {
  std::string text;
  nlohmann::json json;
};

int ExitCodeFor(const orchestrator::OrchestratorError& error) {
  switch (error.code()) {
    case orchestrator::ErrorCode::kNotFound:
      return kExitNotFound;
    case orchestrator::ErrorCode::kInvalidArgument:
    case orchestrator::ErrorCode::kAlreadyExists:
      return kExitInvalidInput;
    case orchestrator::ErrorCode::kFailedPrecondition:
      return kExitFailure;
  }
  return kExitFailure;
}

// Builds the report from the database file; returns an exit code, filling `report` on success.
int FetchLocally(const ReportFlags& flags, FetchedReport* report) {
  if (!std::filesystem::exists(flags.db_path)) {
    std::cerr << "error: database " << flags.db_path
              << " not found; import results with `reslab import` or pass --db\n";
    return kExitNotFound;
  }
  db::Database db = db::Database::OpenReadOnly(flags.db_path);
  try {
    if (flags.kind == "depth") {
      orchestrator::BuiltDepthReport built =
          orchestrator::BuildDepthReport(db, flags.request.sweep, flags.request.format);
      report->text = std::move(built.text);
      report->json = std::move(built.json);
    } else {
      orchestrator::BuiltReport built = orchestrator::BuildReport(db, flags.request);
      report->text = std::move(built.text);
      report->json = std::move(built.json);
    }
  } catch (const orchestrator::OrchestratorError& error) {
    std::cerr << "error: " << error.what() << "\n";
    return ExitCodeFor(error);
  }
  return kExitOk;
}

int FetchThroughOrchestrator(const ReportFlags& flags, FetchedReport* report) {
  auto stub = v1::ReportService::NewStub(rpc::CreateOrchestratorChannel(flags.client.orchestrator));
  std::string token =
      flags.client.token_file.empty() ? "" : rpc::ReadTokenFile(flags.client.token_file);
  grpc::ClientContext context;
  rpc::PrepareContext(context, token, std::chrono::seconds(120));
  v1::GetReportRequest request;
  request.set_sweep(flags.request.sweep);
  request.set_treatment(flags.request.treatment);
  for (const auto& baseline : flags.request.baselines) request.add_baselines(baseline);
  request.set_alpha(flags.request.alpha);
  request.set_correction(flags.request.correction);
  request.set_format(flags.request.format);
  request.set_kind(flags.kind);
  v1::GetReportResponse response;
  grpc::Status status = stub->GetReport(&context, request, &response);
  if (!status.ok()) {
    return ReportRpcError("report for sweep " + flags.request.sweep, status,
                          flags.client.orchestrator);
  }
  report->text = response.text();
  report->json = nlohmann::json::parse(response.json());
  return kExitOk;
}

int RunReport(const ReportFlags& flags) {
  FetchedReport report;
  int code = flags.use_orchestrator ? FetchThroughOrchestrator(flags, &report)
                                    : FetchLocally(flags, &report);
  if (code != kExitOk) return code;

  if (flags.out_path.empty()) {
    std::cout << report.text;
    if (!report.text.empty() && report.text.back() != '\n') std::cout << "\n";
  } else {
    std::ofstream out(flags.out_path, std::ios::binary);
    out << report.text;
    if (!report.text.empty() && report.text.back() != '\n') out << "\n";
    if (!out) {
      std::cerr << "error: cannot write " << flags.out_path << "\n";
      return kExitFailure;
    }
  }
  if (!flags.plot_path.empty() && flags.kind == "depth") {
    std::cerr << "error: --plot draws the paired gap plot; a depth report has no plot\n";
    return kExitInvalidInput;
  }
  if (!flags.plot_path.empty()) {
    try {
      stats::RenderGapPlot(report.json, flags.plot_path);
    } catch (const stats::PlotError& error) {
      std::cerr << "error: plot failed: " << error.what() << "\n";
      return kExitFailure;
    }
  }
  return kExitOk;
}

void InstallReport(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ReportFlags>();
  orchestrator::ReportRequest& request = flags->request;
  CLI::App* command = app.add_subcommand(
      "report",
      "Print the paired statistics of a sweep: mean loss per variant and config, per "
      "comparison the gap with its interval, paired t, Welch t, Wilcoxon, permutation, d_z, "
      "adjusted p and power, the trend with scale and the verdict.");
  command->add_option("SWEEP", request.sweep, "Sweep name")->required();

  command->add_option("--treatment", request.treatment,
                      "Variant whose advantage is tested (default: the sweep's treatment, "
                      "else review)");
  command->add_option("--baselines", request.baselines,
                      "Comma-separated variants compared against the treatment (default: the "
                      "sweep's baselines, else every other variant)")
      ->delimiter(',');
  command->add_option("--alpha", request.alpha, "Significance level, between 0 and 1")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command->add_option("--correction", request.correction,
                      "Multiple-comparison correction of the paired p-values")
      ->check(CLI::IsMember({"holm", "bh", "none"}))
      ->capture_default_str();
  command->add_option("--format", request.format, "Output format")
      ->check(CLI::IsMember({"md", "csv", "json", "latex"}))
      ->capture_default_str();

  command->add_option("--kind", flags->kind,
                      "paired: treatment against each baseline, paired by seed. depth: final "
                      "loss and first-to-last gradient-norm ratio per depth and variant (formats "
                      "md, csv, json)")
      ->check(CLI::IsMember({"paired", "depth"}))
      ->capture_default_str();
  command->add_option("--plot", flags->plot_path,
                      "Also draw the gap against parameters with gnuplot to FILE.png or FILE.svg");
  command->add_option("--out", flags->out_path, "Write the report to FILE instead of stdout");
  CLI::Option* db_option =
      command->add_option("--db", flags->db_path, "SQLite database file to read")
          ->capture_default_str();
  AddClientOptions(*command, flags->client);
  CLI::Option* orchestrator_option = command->get_option("--orchestrator");
  command->footer(
      "Without --orchestrator the report is built from --db directly, with no server running. "
      "Exit codes: 0 printed, 1 failure (storage, plot), 2 invalid option, 3 no such sweep, "
      "4 orchestrator unreachable.");

  command->callback([flags, exit_code, db_option, orchestrator_option] {
    flags->use_orchestrator = orchestrator_option->count() > 0 && db_option->count() == 0;
    try {
      *exit_code = RunReport(*flags);
    } catch (const std::invalid_argument& error) {
      std::cerr << "error: " << error.what() << "\n";
      *exit_code = kExitInvalidInput;
    } catch (const std::exception& error) {
      std::cerr << "error: report failed: " << error.what() << "\n";
      *exit_code = kExitFailure;
    }
  });
}

RESLAB_REGISTER_COMMAND(75, InstallReport);

}  // namespace
}  // namespace reslab::cli
