// `reslab import FILE.csv --sweep NAME`: stores a table of finished runs as an imported sweep,
// all rows or none, in the local database or through a running orchestrator.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/client.h"
#include "cli/command.h"
#include "db/results_store.h"
#include "proto/client_channel.h"
#include "reslab/v1/report.grpc.pb.h"

namespace reslab::cli {
namespace {

struct ImportFlags {
  std::string file;
  std::string sweep;
  std::string db_path = "reslab.db";
  ClientOptions client;
  // Set when --orchestrator (or RESLAB_ORCHESTRATOR) is given and --db is not.
  bool use_orchestrator = false;
};

std::string ReadWholeFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::invalid_argument("cannot read " + path + ": no such file or not readable");
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

// "1 config", "3 configs".
std::string Count(int n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// "FILE:LINE: message", or "FILE: message" for errors about the whole file.
std::string Located(const std::string& file, int line, const std::string& message) {
  return line > 0 ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
}

int PrintSummary(const ImportFlags& flags, const db::ImportSummary& summary) {
  switch (summary.outcome) {
    case db::ImportOutcome::kCreated:
      std::cout << "imported " << summary.stored << " runs from " << flags.file
                << " into sweep " << flags.sweep << " (" << summary.layout << " layout: "
                << Count(summary.configs, "config") << ", " << Count(summary.variants, "variant")
                << ", " << Count(summary.seeds, "seed") << ")\n";
      return kExitOk;
    case db::ImportOutcome::kUnchanged:
      std::cout << "sweep " << flags.sweep << " already holds the " << summary.rows
                << " runs of " << flags.file << "; nothing changed\n";
      return kExitOk;
    case db::ImportOutcome::kInvalid:
      for (const auto& error : summary.errors) {
        std::cerr << Located(flags.file, error.line, error.message) << "\n";
      }
      std::cerr << "error: " << flags.file << " has "
                << Count(static_cast<int>(summary.errors.size()), "error")
                << "; nothing was imported\n";
      return kExitInvalidInput;
    case db::ImportOutcome::kConflict:
      for (const auto& error : summary.errors) {
        std::cerr << "error: " << Located(flags.file, error.line, error.message) << "\n";
      }
      return kExitInvalidInput;
  }
  return kExitFailure;
}

int ImportLocally(const ImportFlags& flags, const std::string& csv) {
  db::Database db = db::Database::Open(flags.db_path);
  db::ResultsStore store(db);
  return PrintSummary(flags, store.Import(flags.sweep, csv));
}

int ImportThroughOrchestrator(const ImportFlags& flags, const std::string& csv) {
  auto stub = v1::ReportService::NewStub(rpc::CreateOrchestratorChannel(flags.client.orchestrator));
  std::string token =
      flags.client.token_file.empty() ? "" : rpc::ReadTokenFile(flags.client.token_file);
  grpc::ClientContext context;
  rpc::PrepareContext(context, token, std::chrono::seconds(60));
  v1::ImportResultsRequest request;
  request.set_sweep(flags.sweep);
  request.set_csv(csv);
  v1::ImportResultsResponse response;
  grpc::Status status = stub->ImportResults(&context, request, &response);
  if (!status.ok()) {
    return ReportRpcError("importing " + flags.file + " as sweep " + flags.sweep, status,
                          flags.client.orchestrator);
  }

  db::ImportSummary summary;
  summary.outcome = response.outcome() == "created"     ? db::ImportOutcome::kCreated
                    : response.outcome() == "unchanged" ? db::ImportOutcome::kUnchanged
                                                        : db::ImportOutcome::kInvalid;
  summary.layout = response.layout();
  summary.rows = response.rows();
  summary.stored = response.stored();
  summary.configs = response.configs();
  summary.variants = response.variants();
  summary.seeds = response.seeds();
  for (const auto& error : response.errors()) {
    summary.errors.push_back({error.line(), error.message()});
  }
  return PrintSummary(flags, summary);
}

int RunImport(const ImportFlags& flags) {
  std::string csv = ReadWholeFile(flags.file);
  return flags.use_orchestrator ? ImportThroughOrchestrator(flags, csv)
                                : ImportLocally(flags, csv);
}

void InstallImport(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* command = app.add_subcommand(
      "import",
      "Import a CSV table of finished runs as a new sweep, all rows or none. Reads the "
      "published per-run layout (size, variant, seed, params_M, steps, val_loss, ece, minutes) "
      "and the generic layout of docs/import-csv.md. Importing the same file again changes "
      "nothing.");
  command->add_option("FILE", flags->file, "CSV file to import")->required();
  command->add_option("--sweep", flags->sweep, "Name of the sweep to create")->required();
  CLI::Option* db_option =
      command->add_option("--db", flags->db_path, "SQLite database file, created when missing")
          ->capture_default_str();
  AddClientOptions(*command, flags->client);
  CLI::Option* orchestrator_option = command->get_option("--orchestrator");
  command->footer(
      "Without --orchestrator the file is imported into --db directly, with no server running. "
      "Exit codes: 0 imported or unchanged, 1 storage failure, 2 invalid file or sweep name "
      "taken, 4 orchestrator unreachable.");
  command->callback([flags, exit_code, db_option, orchestrator_option] {
    flags->use_orchestrator = orchestrator_option->count() > 0 && db_option->count() == 0;
    try {
      *exit_code = RunImport(*flags);
    } catch (const std::invalid_argument& error) {
      std::cerr << "error: " << error.what() << "\n";
      *exit_code = kExitInvalidInput;
    } catch (const std::exception& error) {
      std::cerr << "error: import failed: " << error.what() << "\n";
      *exit_code = kExitFailure;
    }
  });
}

RESLAB_REGISTER_COMMAND(70, InstallImport);

}  // namespace
}  // namespace reslab::cli
