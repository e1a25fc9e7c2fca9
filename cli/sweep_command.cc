// `reslab sweep FILE`: the whole experiment in one command. Starts an orchestrator in-process
// (or uses --orchestrator), submits the sweep, starts local workers, shows live progress, and
// prints and saves the report when every run is done. Ctrl-C stops cleanly; the same command
// resumes.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "cli/client.h"
#include "cli/command.h"
#include "cli/run_view.h"
#include "cli/sweep_progress.h"
#include "cli/worker_pool.h"
#include "orchestrator/errors.h"
#include "orchestrator/report_service.h"
#include "orchestrator/server.h"
#include "orchestrator/sweep_json.h"
#include "proto/client_channel.h"
#include "reslab/v1/report.grpc.pb.h"
#include "stats/plot.h"

namespace reslab::cli {
namespace {

namespace fs = std::filesystem;

struct SweepFlags {
  std::string file;
  int workers = 2;
  std::string db_path = "reslab.db";
  std::string orchestrator;
  std::string token_file;
  std::string worker_bin;
  std::string checkpoint_root;
  std::string output_dir;
  int threads = 1;
  int blas_threads = 0;
  double lease_ttl_seconds = 60;
  bool no_report = false;
};

// Returns the folder for the report, the plot, worker logs and checkpoints: beside the
// database, or the current folder when the orchestrator is remote.
fs::path OutputDir(const SweepFlags& flags) {
  if (!flags.output_dir.empty()) return flags.output_dir;
  if (!flags.orchestrator.empty()) return fs::current_path();
  fs::path parent = fs::absolute(flags.db_path).parent_path();
  return parent.empty() ? fs::current_path() : parent;
}

std::string FileStem(const std::string& sweep) {
  std::string stem = sweep;
  for (char& c : stem) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  }
  return stem;
}

// Blocks SIGINT and SIGTERM in this thread and every thread it starts later, so that they are
// taken only by WaitForStopSignal.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// Waits up to `timeout` for SIGINT or SIGTERM; returns the signal number or 0.
int WaitForStopSignal(const sigset_t& signals, std::chrono::milliseconds timeout) {
  timespec wait{static_cast<time_t>(timeout.count() / 1000),
                static_cast<long>((timeout.count() % 1000) * 1000000)};
  int number = sigtimedwait(&signals, nullptr, &wait);
  return number > 0 ? number : 0;
}

grpc::Status ListAllRuns(Client& client, const std::string& sweep, std::vector<v1::Run>* runs) {
  grpc::ClientContext context;
  client.Prepare(context);
  v1::ListRunsRequest request;
  request.set_sweep(sweep);
  v1::ListRunsResponse response;
  grpc::Status status = client.stub().ListRuns(&context, request, &response);
  if (status.ok()) runs->assign(response.runs().begin(), response.runs().end());
  return status;
}

bool AllFinished(const std::vector<v1::Run>& runs) {
  return std::all_of(runs.begin(), runs.end(),
                     [](const v1::Run& run) { return IsFinished(run.status()); });
}

bool AnyQueuedOrRunning(const std::vector<v1::Run>& runs) {
  return !AllFinished(runs);
}

// Redraws the progress frame in place on a terminal. Elsewhere it prints the counts line when
// the counts change, and every 30 s while they do not.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(int workers) : workers_(workers), tty_(isatty(STDOUT_FILENO)) {}

  void Show(const std::vector<v1::Run>& runs, const v1::SweepSpec& spec) {
    std::string frame = RenderSweepFrame(runs, spec, workers_);
    if (tty_) {
      if (lines_ > 0) std::cout << "\x1b[" << lines_ << "F\x1b[J";
      std::cout << frame << std::flush;
      lines_ = static_cast<int>(std::count(frame.begin(), frame.end(), '\n'));
      return;
    }
    std::string counts = frame.substr(0, frame.find('\n'));
    std::string without_eta = counts.substr(0, counts.find(" | ETA"));
    auto now = std::chrono::steady_clock::now();
    if (without_eta != last_counts_ || now - last_print_ > std::chrono::seconds(30)) {
      std::cout << counts << "\n" << std::flush;
      last_counts_ = without_eta;
      last_print_ = now;
    }
  }

 private:
  int workers_;
  bool tty_;
  int lines_ = 0;
  std::string last_counts_;
  std::chrono::steady_clock::time_point last_print_{};
};

int PrintAndSaveReport(const std::string& address, const std::string& token_file,
                       const v1::SweepSpec& spec, const fs::path& output_dir) {
  const std::string& sweep = spec.name();
  bool depth = spec.report_kind() == "depth";
  auto stub = v1::ReportService::NewStub(rpc::CreateOrchestratorChannel(address));
  grpc::ClientContext context;
  std::string token = token_file.empty() ? "" : rpc::ReadTokenFile(token_file);
  rpc::PrepareContext(context, token, std::chrono::seconds(120));
  v1::GetReportRequest request;
  request.set_sweep(sweep);
  request.set_format("md");
  request.set_kind(depth ? "depth" : "paired");
  v1::GetReportResponse response;
  grpc::Status status = stub->GetReport(&context, request, &response);
  if (!status.ok()) return ReportRpcError("building the report", status, address);

  std::cout << "\n" << response.text();
  fs::path report_path = output_dir / (FileStem(sweep) + "-report.md");
  std::ofstream(report_path) << response.text();
  std::cout << "\nreport written to " << report_path.string() << "\n";

  if (depth) return kExitOk;
  fs::path plot_path = output_dir / (FileStem(sweep) + "-gap.png");
  try {
    stats::RenderGapPlot(nlohmann::json::parse(response.json()), plot_path.string());
    std::cout << "plot written to " << plot_path.string() << "\n";
  } catch (const std::exception& error) {
    // A sweep whose comparisons have no defined gap has nothing to plot, and the report states
    // the reason.
    std::cout << "no plot: " << error.what() << "\n";
  }
  return kExitOk;
}

int SubmitSweep(Client& client, const v1::SweepSpec& spec) {
  grpc::ClientContext context;
  client.Prepare(context);
  v1::SubmitSweepRequest request;
  *request.mutable_spec() = spec;
  v1::SubmitSweepResponse response;
  grpc::Status status = client.stub().SubmitSweep(&context, request, &response);
  if (!status.ok()) return ReportRpcError("submitting " + spec.name(), status, client.address());
  const v1::RunCounts& counts = response.sweep().counts();
  int done = counts.completed() + counts.diverged() + counts.failed_to_train();
  if (response.created()) {
    std::cout << "submitted sweep " << spec.name() << ": " << counts.total() << " runs\n";
  } else {
    std::cout << "resuming sweep " << spec.name() << ": " << done << " of " << counts.total()
              << " runs done\n";
  }
  return kExitOk;
}

std::vector<std::string> WorkerArguments(const SweepFlags& flags, const std::string& address,
                                         const fs::path& output_dir) {
  fs::path checkpoints =
      flags.checkpoint_root.empty() ? output_dir / "checkpoints" : fs::path(flags.checkpoint_root);
  std::vector<std::string> arguments = {"--orchestrator", address, "--checkpoint-root",
                                        checkpoints.string(), "--threads",
                                        std::to_string(flags.threads)};
  int blas = flags.blas_threads;
  if (blas <= 0) {
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    blas = std::max(1, static_cast<int>(cores) / std::max(1, flags.workers));
  }
  arguments.insert(arguments.end(), {"--blas-threads", std::to_string(blas)});
  if (!flags.token_file.empty()) arguments.insert(arguments.end(), {"--token-file", flags.token_file});
  return arguments;
}

// Trains until every run is finished or a stop signal arrives. Returns the exit code.
int Supervise(const SweepFlags& flags, const v1::SweepSpec& spec, const std::string& address,
              const sigset_t& stop_signals, const fs::path& output_dir) {
  ClientOptions client_options;
  client_options.orchestrator = address;
  client_options.token_file = flags.token_file;
  Client client(client_options);
  if (int code = SubmitSweep(client, spec); code != kExitOk) return code;

  std::vector<v1::Run> runs;
  if (grpc::Status status = ListAllRuns(client, spec.name(), &runs); !status.ok()) {
    return ReportRpcError("listing runs", status, address);
  }

  std::optional<WorkerPool> pool;
  constexpr int kMaxRespawnsPerWorker = 3;
  int respawns = 0;
  if (!AllFinished(runs) && flags.workers > 0) {
    WorkerPoolOptions pool_options;
    pool_options.binary = FindWorkerBinary(flags.worker_bin);
    pool_options.arguments = WorkerArguments(flags, address, output_dir);
    pool_options.log_dir = (output_dir / "logs").string();
    pool_options.environment = {"OMP_NUM_THREADS=" + std::to_string(flags.threads)};
    pool.emplace(pool_options);
    pool->Start(flags.workers);
    std::cout << "started " << flags.workers << " workers; logs in " << pool_options.log_dir
              << "\n";
  }

  ProgressPrinter printer(std::max(1, flags.workers));
  while (true) {
    if (grpc::Status status = ListAllRuns(client, spec.name(), &runs); status.ok()) {
      printer.Show(runs, spec);
      if (AllFinished(runs)) break;
    } else {
      spdlog::warn("listing runs failed: {}", status.error_message());
    }

    if (pool) {
      int abnormal = 0;
      pool->Reap(&abnormal);
      for (int slot : pool->ExitedSlots()) {
        if (!AnyQueuedOrRunning(runs)) break;
        if (respawns >= kMaxRespawnsPerWorker * flags.workers) {
          std::cerr << "error: workers keep exiting; see " << pool->LogPath(slot) << "\n";
          pool->Stop(std::chrono::seconds(60));
          return kExitFailure;
        }
        spdlog::warn("worker {} exited; starting a replacement (see {})", slot,
                     pool->LogPath(slot));
        pool->Respawn(slot);
        ++respawns;
      }
    }

    if (int signal_number = WaitForStopSignal(stop_signals, std::chrono::milliseconds(1000))) {
      std::cout << "\n" << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
                << ": stopping workers (each checkpoints its run)...\n"
                << std::flush;
      if (pool) pool->Stop(std::chrono::seconds(120));
      std::cout << "stopped; run the same command again to resume\n";
      return kExitInterrupted;
    }
  }

  if (pool) pool->Stop(std::chrono::seconds(30));
  int failed = static_cast<int>(std::count_if(runs.begin(), runs.end(), [](const v1::Run& run) {
    return run.status() == v1::RUN_STATUS_FAILED;
  }));
  std::cout << "sweep " << spec.name() << " finished: " << RenderCountsLine(runs) << "\n";
  int code = kExitOk;
  if (!flags.no_report) code = PrintAndSaveReport(address, flags.token_file, spec, output_dir);
  if (failed > 0) {
    std::cerr << failed << " runs failed; `reslab runs " << spec.name()
              << " --status failed` lists them and `reslab requeue " << spec.name()
              << "` retries them\n";
    return kExitFailure;
  }
  return code;
}

int RunSweep(const SweepFlags& flags) {
  v1::SweepSpec spec;
  try {
    spec = orchestrator::ReadSweepFile(flags.file);
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return kExitInvalidInput;
  }
  if (flags.workers < 0 || flags.workers > 256) {
    std::cerr << "error: --workers " << flags.workers << " is out of range 0-256\n";
    return kExitInvalidInput;
  }
  fs::path output_dir = OutputDir(flags);
  fs::create_directories(output_dir / "logs");
  // The terminal shows the progress view; the orchestrator's one line per lease, completion
  // and error goes to a log file beside the worker logs.
  fs::path log_path = output_dir / "logs" / "orchestrator.log";
  spdlog::set_default_logger(spdlog::basic_logger_mt("reslab-sweep", log_path.string()));
  spdlog::flush_every(std::chrono::seconds(2));

  sigset_t stop_signals = BlockStopSignals();
  try {
    if (!flags.orchestrator.empty()) {
      return Supervise(flags, spec, flags.orchestrator, stop_signals, output_dir);
    }
    orchestrator::ServerOptions options;
    options.db_path = flags.db_path;
    options.listen_address = "127.0.0.1:0";
    options.lease_ttl =
        std::chrono::milliseconds(static_cast<int64_t>(flags.lease_ttl_seconds * 1000));
    options.heartbeat_interval = std::min(std::chrono::milliseconds(5000), options.lease_ttl / 4);
    orchestrator::Server server(options);
    orchestrator::ReportServiceImpl report_service(server.store(), server.auth());
    server.AddService(&report_service);
    server.Start();
    std::cout << "orchestrator on " << server.address() << ", database " << flags.db_path
              << ", log " << log_path.string() << "\n";
    int code = Supervise(flags, spec, server.address(), stop_signals, output_dir);
    server.Shutdown();
    return code;
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return kExitFailure;
  }
}

void InstallSweepCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<SweepFlags>();
  CLI::App* command = app.add_subcommand(
      "sweep",
      "Run a whole sweep here: orchestrator, local workers, live progress, then the report");
  command->add_option("FILE", flags->file, "Sweep file (JSON form of SweepSpec)")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--workers", flags->workers, "Local reslab-worker processes to start")
      ->capture_default_str();
  command->add_option("--db", flags->db_path, "SQLite database of the in-process orchestrator")
      ->capture_default_str();
  command->add_option("--orchestrator", flags->orchestrator,
                      "HOST:PORT of a running orchestrator to use instead of an in-process one");
  command->add_option("--token-file", flags->token_file,
                      "Bearer token file for --orchestrator (also given to the workers)");
  command->add_option("--worker-bin", flags->worker_bin,
                      "Path of reslab-worker (default: beside reslab, or on PATH)");
  command->add_option("--checkpoint-root", flags->checkpoint_root,
                      "Folder for run checkpoints (default: checkpoints/ beside the database)");
  command->add_option("--output-dir", flags->output_dir,
                      "Folder for the report, the plot and worker logs (default: beside the "
                      "database)");
  command->add_option("--threads", flags->threads, "LibTorch threads per worker")
      ->capture_default_str();
  command->add_option("--blas-threads", flags->blas_threads,
                      "OpenBLAS threads per worker (default: cores / workers)");
  command->add_option("--lease-ttl", flags->lease_ttl_seconds,
                      "Seconds without a heartbeat before a run is requeued (in-process "
                      "orchestrator)")
      ->capture_default_str();
  command->add_flag("--no-report", flags->no_report, "Do not print or write the report");
  command->callback([flags, exit_code] { *exit_code = RunSweep(*flags); });
}

}  // namespace

RESLAB_REGISTER_COMMAND(15, InstallSweepCommand);

}  // namespace reslab::cli
