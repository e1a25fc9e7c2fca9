// Orchestrator throughput over loopback against an in-process server with a real SQLite file:
//   1. the time to submit a 10,000-run sweep,
//   2. lease-and-complete cycles per second with 64 synthetic workers (threads with their own
//      gRPC channels), with p50 and p99 LeaseRun latency,
//   3. metric rows ingested per second through Heartbeat.
// Usage: orchestrator_bench [--workers N] [--runs N] [--metrics-per-heartbeat N]
//                           [--heartbeats-per-worker N] [--db PATH]
// Prints one line per measurement and whether it meets its target.
#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "orchestrator/server.h"
#include "proto/client_channel.h"
#include "reslab/v1/client.grpc.pb.h"
#include "reslab/v1/worker.grpc.pb.h"

namespace {

using reslab::v1::ClientService;
using reslab::v1::WorkerService;
using Clock = std::chrono::steady_clock;

struct BenchOptions {
  int workers = 64;
  int runs = 10000;
  int metrics_per_heartbeat = 1000;
  int heartbeats_per_worker = 20;
  std::string db_path;
};

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  size_t index = static_cast<size_t>(fraction * (values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

void Check(const grpc::Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "%s failed: %s\n", what, status.error_message().c_str());
  std::exit(1);
}

// A sweep of `runs` one-step runs: 10 configs x 2 variants x runs/20 seeds.
reslab::v1::SweepSpec SyntheticSweep(const std::string& name, int runs) {
  reslab::v1::SweepSpec spec;
  spec.set_name(name);
  int configs = runs >= 20 ? 10 : 1;
  int seeds = std::max(1, runs / (configs * 2));
  for (int i = 0; i < configs; ++i) {
    reslab::v1::ModelConfig* config = spec.add_configs();
    config->set_name("c" + std::to_string(i));
    config->set_d_model(16 * (i + 1));
    config->set_n_layers(1 + i % 4);
    config->set_n_heads(2);
    config->set_block_size(32);
    config->set_batch_size(4);
    config->set_steps(1);
  }
  spec.add_variants("standard");
  spec.add_variants("review");
  for (int seed = 0; seed < seeds; ++seed) spec.add_seeds(seed);
  spec.mutable_data()->set_corpus("/nonexistent/corpus.txt");
  spec.mutable_data()->set_tokenizer("byte");
  return spec;
}

std::string RegisterWorker(WorkerService::Stub& stub, int index) {
  reslab::v1::RegisterWorkerRequest request;
  request.set_hostname("bench-" + std::to_string(index));
  request.set_device("cpu");
  reslab::v1::RegisterWorkerResponse response;
  grpc::ClientContext context;
  Check(stub.RegisterWorker(&context, request, &response), "RegisterWorker");
  return response.worker_id();
}

void Report(const char* name, double value, const char* unit, const char* target, bool met) {
  std::printf("%-28s %12.3f %-10s target %-10s %s\n", name, value, unit, target,
              met ? "met" : "MISSED");
}

double MeasureSubmit(ClientService::Stub& client, const BenchOptions& options) {
  reslab::v1::SubmitSweepRequest request;
  *request.mutable_spec() = SyntheticSweep("bench-cycles", options.runs);
  reslab::v1::SubmitSweepResponse response;
  grpc::ClientContext context;
  auto start = Clock::now();
  Check(client.SubmitSweep(&context, request, &response), "SubmitSweep");
  double seconds = Seconds(Clock::now() - start);
  std::printf("submitted %d runs\n", response.sweep().counts().total());
  return seconds;
}

// Each worker thread leases and completes runs until nothing is queued.
void MeasureCycles(const std::string& address, const BenchOptions& options) {
  std::vector<std::vector<double>> latencies(options.workers);
  std::atomic<int64_t> cycles{0};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int i = 0; i < options.workers; ++i) {
    threads.emplace_back([&, i] {
      auto stub = WorkerService::NewStub(reslab::rpc::CreateOrchestratorChannel(address));
      std::string worker_id = RegisterWorker(*stub, i);
      while (true) {
        reslab::v1::LeaseRunRequest lease_request;
        lease_request.set_worker_id(worker_id);
        reslab::v1::LeaseRunResponse lease;
        grpc::ClientContext lease_context;
        auto lease_start = Clock::now();
        Check(stub->LeaseRun(&lease_context, lease_request, &lease), "LeaseRun");
        latencies[i].push_back(Seconds(Clock::now() - lease_start) * 1000.0);
        if (!lease.leased()) return;

        reslab::v1::CompleteRunRequest complete;
        complete.set_worker_id(worker_id);
        complete.set_run_id(lease.run().run_id());
        complete.set_fencing_token(lease.lease().fencing_token());
        reslab::v1::RunResult* result = complete.mutable_result();
        result->set_status("completed");
        result->set_val_loss(3.0);
        result->set_ece(0.01);
        result->set_steps(1);
        result->set_result_json("{}");
        reslab::v1::CompleteRunResponse done;
        grpc::ClientContext complete_context;
        Check(stub->CompleteRun(&complete_context, complete, &done), "CompleteRun");
        cycles.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  double seconds = Seconds(Clock::now() - start);

  std::vector<double> all;
  for (const auto& worker : latencies) all.insert(all.end(), worker.begin(), worker.end());
  double rate = cycles.load() / seconds;
  double p50 = Percentile(all, 0.50);
  double p99 = Percentile(all, 0.99);
  std::printf("%lld cycles in %.2f s with %d workers\n", static_cast<long long>(cycles.load()),
              seconds, options.workers);
  Report("lease+complete cycles", rate, "cycles/s", ">= 2000", rate >= 2000);
  Report("lease latency p50", p50, "ms", "-", true);
  Report("lease latency p99", p99, "ms", "< 20", p99 < 20);
}

// Each worker leases one run and sends heartbeats carrying fresh metric rows.
void MeasureMetrics(ClientService::Stub& client, const std::string& address,
                    const BenchOptions& options) {
  reslab::v1::SubmitSweepRequest submit;
  *submit.mutable_spec() = SyntheticSweep("bench-metrics", options.workers);
  reslab::v1::SubmitSweepResponse submitted;
  grpc::ClientContext submit_context;
  Check(client.SubmitSweep(&submit_context, submit, &submitted), "SubmitSweep");

  std::atomic<int64_t> rows{0};
  std::vector<std::thread> threads;
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  Clock::time_point start;
  for (int i = 0; i < options.workers; ++i) {
    threads.emplace_back([&, i] {
      auto stub = WorkerService::NewStub(reslab::rpc::CreateOrchestratorChannel(address));
      std::string worker_id = RegisterWorker(*stub, 1000 + i);
      reslab::v1::LeaseRunRequest lease_request;
      lease_request.set_worker_id(worker_id);
      reslab::v1::LeaseRunResponse lease;
      grpc::ClientContext lease_context;
      Check(stub->LeaseRun(&lease_context, lease_request, &lease), "LeaseRun");
      ready.fetch_add(1);
      while (!go.load()) std::this_thread::yield();
      if (!lease.leased()) return;
      for (int beat = 0; beat < options.heartbeats_per_worker; ++beat) {
        reslab::v1::HeartbeatRequest request;
        request.set_worker_id(worker_id);
        request.set_run_id(lease.run().run_id());
        request.set_fencing_token(lease.lease().fencing_token());
        int64_t first_step = static_cast<int64_t>(beat) * options.metrics_per_heartbeat / 4;
        for (int m = 0; m < options.metrics_per_heartbeat; ++m) {
          reslab::v1::Metric* metric = request.add_metrics();
          metric->set_step(first_step + m / 4);
          static const char* kNames[] = {"train_loss", "lr", "tokens_per_second", "grad_norm"};
          metric->set_name(kNames[m % 4]);
          metric->set_value(1.0 / (1 + m));
        }
        request.set_step(first_step + options.metrics_per_heartbeat / 4);
        reslab::v1::HeartbeatResponse response;
        grpc::ClientContext context;
        Check(stub->Heartbeat(&context, request, &response), "Heartbeat");
        rows.fetch_add(options.metrics_per_heartbeat);
      }
    });
  }
  while (ready.load() < options.workers) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  start = Clock::now();
  go.store(true);
  for (auto& thread : threads) thread.join();
  double seconds = Seconds(Clock::now() - start);
  double rate = rows.load() / seconds;
  std::printf("%lld metric rows in %.2f s\n", static_cast<long long>(rows.load()), seconds);
  Report("metric rows ingested", rate, "rows/s", ">= 50000", rate >= 50000);
}

BenchOptions ParseOptions(int argc, char** argv) {
  BenchOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "missing value for %s\n", flag.c_str());
      std::exit(2);
    }
    std::string value = argv[++i];
    if (flag == "--workers") {
      options.workers = std::stoi(value);
    } else if (flag == "--runs") {
      options.runs = std::stoi(value);
    } else if (flag == "--metrics-per-heartbeat") {
      options.metrics_per_heartbeat = std::stoi(value);
    } else if (flag == "--heartbeats-per-worker") {
      options.heartbeats_per_worker = std::stoi(value);
    } else if (flag == "--db") {
      options.db_path = value;
    } else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      std::exit(2);
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  BenchOptions options = ParseOptions(argc, argv);
  spdlog::set_level(spdlog::level::warn);
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("reslab-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  if (options.db_path.empty()) options.db_path = (dir / "bench.db").string();

  reslab::orchestrator::ServerOptions server_options;
  server_options.db_path = options.db_path;
  server_options.listen_address = "127.0.0.1:0";
  server_options.lease_ttl = std::chrono::minutes(10);
  server_options.max_runs = std::max<int64_t>(options.runs, server_options.max_runs);
  reslab::orchestrator::Server server(server_options);
  server.Start();
  std::string address = server.address();
  auto client = ClientService::NewStub(reslab::rpc::CreateOrchestratorChannel(address));

  std::printf("orchestrator_bench: %d workers, %d runs, db %s, %u hardware threads\n",
              options.workers, options.runs, options.db_path.c_str(),
              std::thread::hardware_concurrency());
  double submit_seconds = MeasureSubmit(*client, options);
  Report("submit 10,000-run sweep", submit_seconds, "s", "< 1", submit_seconds < 1.0);
  MeasureCycles(address, options);
  MeasureMetrics(*client, address, options);

  server.Shutdown();
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  return 0;
}
