#include "worker/loop/loop_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "proto/client_channel.h"
#include "worker/loop/worker_loop.h"
#include "worker/train/device.h"
#include "worker/train/stop_request.h"
#include "worker/train/heap_tuning.h"
#include "worker/train/threads.h"

namespace reslab::loop {
namespace {

struct LoopFlags {
  std::string orchestrator;
  std::string device = "auto";
  std::string checkpoint_root = "reslab-checkpoints";
  std::string cache_dir;
  int64_t max_runs = 0;
  double exit_when_idle_s = 0.0;
  std::string token_file;
  int threads = 0;
  int blas_threads = 0;
  bool keep_checkpoints = false;
};

int64_t HostMemoryBytes() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<int64_t>(pages) * page_size : 0;
}

int RunLoop(const LoopFlags& flags) {
  if (flags.max_runs < 0) {
    spdlog::error("--max-runs must be 0 or more, got {}", flags.max_runs);
    return 2;
  }
  if (flags.exit_when_idle_s < 0) {
    spdlog::error("--exit-when-idle must be 0 or more seconds, got {}", flags.exit_when_idle_s);
    return 2;
  }
  LoopOptions options;
  options.orchestrator = flags.orchestrator;
  if (!flags.token_file.empty()) {
    try {
      options.token = rpc::ReadTokenFile(flags.token_file);
    } catch (const std::exception& error) {
      spdlog::error("--token-file: {}", error.what());
      return 2;
    }
  }
  try {
    // "auto" resolves to "cuda:0" when LibTorch finds a GPU, else to "cpu".
    options.train.device = train::ResolveDevice(flags.device).str();
  } catch (const std::invalid_argument& error) {
    spdlog::error("--device: {}", error.what());
    return 2;
  }
  train::ConfigureThreads({flags.threads, flags.blas_threads});
  train::TuneHeapForTraining();
  options.train.checkpoint_root = flags.checkpoint_root;
  options.train.cache_dir = flags.cache_dir;
  // NOTE: CUDA workers report host memory too; LibTorch's C++ API has no device-memory query.
  options.memory_bytes = HostMemoryBytes();
  options.max_runs = flags.max_runs;
  options.exit_when_idle =
      std::chrono::milliseconds(static_cast<int64_t>(flags.exit_when_idle_s * 1000.0));
  options.delete_finished_checkpoints = !flags.keep_checkpoints;

  train::InstallTrainStopHandlers();
  WorkerLoop loop(std::move(options));
  return loop.Run();
}

}  // namespace

void AddLoopOptions(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<LoopFlags>();
  app.add_option("--orchestrator", flags->orchestrator,
                 "HOST:PORT of the orchestrator to lease runs from (worker loop mode)")
      ->envname("RESLAB_ORCHESTRATOR");
  app.add_option("--device", flags->device,
                 "Training device: auto (CUDA when visible, else CPU), cpu, cuda or cuda:N")
      ->capture_default_str();
  app.add_option("--checkpoint-root", flags->checkpoint_root,
                 "Folder for checkpoints; run R of sweep S checkpoints into ROOT/S/R, so a "
                 "retried run resumes there")
      ->capture_default_str();
  app.add_option("--cache-dir", flags->cache_dir,
                 "Folder for cached tokenizers and token streams (default: the trainer's)");
  app.add_option("--max-runs", flags->max_runs, "Exit after leasing this many runs; 0: no limit")
      ->capture_default_str();
  app.add_option("--exit-when-idle", flags->exit_when_idle_s,
                 "Exit after this many seconds without a run to lease (or without reaching "
                 "the orchestrator); 0: wait forever")
      ->capture_default_str();
  app.add_option("--token-file", flags->token_file,
                 "File holding the bearer token the orchestrator requires")
      ->check(CLI::ExistingFile);
  app.add_option("--threads", flags->threads, "LibTorch intra-op threads; 0 means 1")
      ->capture_default_str();
  app.add_option("--blas-threads", flags->blas_threads, "OpenBLAS threads; 0 means one per hardware thread")
      ->capture_default_str();
  app.add_flag("--keep-checkpoints", flags->keep_checkpoints,
               "Keep a run's checkpoint after its result is stored (deleted by default)");
  app.footer(
      "Worker loop: registers with the orchestrator, leases runs and trains them until "
      "--max-runs or --exit-when-idle ends it. SIGTERM, SIGINT or SIGUSR1 checkpoints the current "
      "run, reports it preempted and exits with status 130; a second signal kills the process.");

  app.callback([&app, flags, exit_code] {
    if (!app.get_subcommands().empty()) return;
    if (flags->orchestrator.empty()) {
      std::cerr << app.help() << "\nerror: give --orchestrator HOST:PORT or a subcommand\n";
      *exit_code = 2;
      return;
    }
    *exit_code = RunLoop(*flags);
  });
}

}  // namespace reslab::loop
