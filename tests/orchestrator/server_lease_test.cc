// Leases, fencing, expiry, retries, cancel, requeue and restart over a real gRPC server and a
// real SQLite file, with plain stubs acting as workers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "db/database.h"
#include "tests/orchestrator/test_support.h"

namespace reslab::orchestrator {
namespace {

using testing::Complete;
using testing::CountRows;
using ::testing::HasSubstr;
using testing::Lease;
using testing::ServerHarness;
using testing::TinySweep;
using testing::WaitUntil;

ServerOptions ShortLeases() {
  ServerOptions options;
  options.lease_ttl = std::chrono::milliseconds(200);
  options.heartbeat_interval = std::chrono::milliseconds(50);
  options.sweep_interval = std::chrono::milliseconds(20);
  return options;
}

grpc::Status Heartbeat(v1::WorkerService::Stub& stub, const std::string& worker_id,
                       const v1::Lease& lease, int64_t step,
                       const std::vector<std::pair<std::string, double>>& metrics,
                       v1::HeartbeatResponse* response) {
  grpc::ClientContext context;
  v1::HeartbeatRequest request;
  request.set_worker_id(worker_id);
  request.set_run_id(lease.run_id());
  request.set_fencing_token(lease.fencing_token());
  request.set_step(step);
  for (const auto& [name, value] : metrics) {
    v1::Metric* metric = request.add_metrics();
    metric->set_step(step);
    metric->set_name(name);
    metric->set_value(value);
  }
  return stub.Heartbeat(&context, request, response);
}

grpc::Status Fail(v1::WorkerService::Stub& stub, const std::string& worker_id,
                  const v1::Lease& lease, v1::FailureClass failure_class,
                  v1::FailRunResponse* response, int micro_batch_size = 0) {
  grpc::ClientContext context;
  v1::FailRunRequest request;
  request.set_worker_id(worker_id);
  request.set_run_id(lease.run_id());
  request.set_fencing_token(lease.fencing_token());
  request.set_failure_class(failure_class);
  request.set_message("synthetic failure");
  request.set_micro_batch_size(micro_batch_size);
  return stub.FailRun(&context, request, response);
}

TEST(ServerLease, StaleCompletionRejectedAfterExpiry) {
  ServerHarness harness(ShortLeases());
  ASSERT_TRUE(harness.Submit(TinySweep("fence", 1, {"standard"}, 1)).ok());
  auto stub_a = harness.NewWorkerStub();
  auto stub_b = harness.NewWorkerStub();
  std::string worker_a = harness.RegisterWorker(*stub_a, "a");
  std::string worker_b = harness.RegisterWorker(*stub_b, "b");

  v1::LeaseRunResponse lease_a = Lease(*stub_a, worker_a);
  ASSERT_TRUE(lease_a.leased());
  // A stops heartbeating; B polls until the expired run is handed to it.
  v1::LeaseRunResponse lease_b;
  ASSERT_TRUE(WaitUntil([&] {
    lease_b = Lease(*stub_b, worker_b);
    return lease_b.leased();
  }));
  EXPECT_EQ(lease_b.lease().run_id(), lease_a.lease().run_id());
  EXPECT_EQ(lease_b.lease().attempt(), 2);
  EXPECT_GT(lease_b.lease().fencing_token(), lease_a.lease().fencing_token());

  grpc::Status late = Complete(*stub_a, worker_a, lease_a.lease(), 1.0);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), HasSubstr("stale"));
  v1::HeartbeatResponse heartbeat;
  EXPECT_EQ(Heartbeat(*stub_a, worker_a, lease_a.lease(), 5, {}, &heartbeat).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  ASSERT_TRUE(Complete(*stub_b, worker_b, lease_b.lease(), 2.5).ok());
  v1::Run run = harness.GetRun(lease_b.lease().run_id());
  EXPECT_EQ(run.status(), v1::RUN_STATUS_COMPLETED);
  EXPECT_DOUBLE_EQ(run.result().val_loss(), 2.5);
  EXPECT_EQ(run.attempt(), 2);
  EXPECT_EQ(CountRows(harness.db_path(), "attempts"), 2);
  EXPECT_EQ(CountRows(harness.db_path(), "attempts", "outcome = 'lost'"), 1);
}

TEST(ServerLease, ConcurrentLeasesGiveEachRunOnce) {
  ServerOptions options;
  options.lease_ttl = std::chrono::seconds(600);
  ServerHarness harness(options);
  ASSERT_TRUE(harness.Submit(TinySweep("race", 2, {"standard", "review"}, 3)).ok());

  constexpr int kThreads = 32;
  std::mutex mutex;
  std::multiset<int64_t> leased_runs;
  std::set<int64_t> tokens;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto stub = harness.NewWorkerStub();
      std::string worker = harness.RegisterWorker(*stub, "t" + std::to_string(i));
      // Each thread leases until the queue is empty; 12 runs bound the loop.
      for (int tries = 0; tries < 13; ++tries) {
        grpc::Status status;
        v1::LeaseRunResponse response = Lease(*stub, worker, &status);
        if (!status.ok()) {
          ++errors;
          return;
        }
        if (!response.leased()) return;
        std::lock_guard<std::mutex> lock(mutex);
        leased_runs.insert(response.lease().run_id());
        tokens.insert(response.lease().fencing_token());
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(leased_runs.size(), 12u);
  EXPECT_EQ(std::set<int64_t>(leased_runs.begin(), leased_runs.end()).size(), 12u);
  EXPECT_EQ(tokens.size(), 12u);
  EXPECT_EQ(CountRows(harness.db_path(), "runs", "status = 'running'"), 12);
  EXPECT_EQ(CountRows(harness.db_path(), "attempts"), 12);
}

TEST(ServerLease, ExpiryUpToMaxAttemptsFailsRun) {
  ServerHarness harness(ShortLeases());
  v1::SweepSpec spec = TinySweep("expire", 1, {"standard"}, 1);
  spec.set_max_attempts(2);
  ASSERT_TRUE(harness.Submit(spec).ok());
  auto stub = harness.NewWorkerStub();
  std::string worker = harness.RegisterWorker(*stub, "w");

  v1::LeaseRunResponse first = Lease(*stub, worker);
  ASSERT_TRUE(first.leased());
  v1::LeaseRunResponse second;
  ASSERT_TRUE(WaitUntil([&] {
    second = Lease(*stub, worker);
    return second.leased();
  }));
  EXPECT_EQ(second.lease().attempt(), 2);
  EXPECT_EQ(second.run().attempt(), 2);
  int64_t run_id = first.lease().run_id();
  ASSERT_TRUE(WaitUntil([&] { return harness.GetRun(run_id).status() == v1::RUN_STATUS_FAILED; }));

  v1::Run run = harness.GetRun(run_id);
  EXPECT_EQ(run.attempt(), 2);
  EXPECT_THAT(run.last_error(), HasSubstr("lease expired"));
  EXPECT_EQ(CountRows(harness.db_path(), "attempts", "run_id = " + std::to_string(run_id)), 2);
  EXPECT_EQ(CountRows(harness.db_path(), "attempts", "outcome = 'lost'"), 2);
  EXPECT_FALSE(Lease(*stub, worker).leased());
}

TEST(ServerLease, HeartbeatsKeepLeaseAlive) {
  ServerHarness harness(ShortLeases());
  ASSERT_TRUE(harness.Submit(TinySweep("alive", 1, {"standard"}, 1)).ok());
  auto stub = harness.NewWorkerStub();
  std::string worker = harness.RegisterWorker(*stub, "w");
  v1::LeaseRunResponse lease = Lease(*stub, worker);
  ASSERT_TRUE(lease.leased());
  // Ten heartbeats 50 ms apart span more than twice the 200 ms TTL.
  for (int step = 1; step <= 10; ++step) {
    v1::HeartbeatResponse response;
    ASSERT_TRUE(
        Heartbeat(*stub, worker, lease.lease(), step, {{"train_loss", 5.0 - step}}, &response).ok())
        << "step " << step;
    EXPECT_EQ(response.action(), v1::HeartbeatResponse::ACTION_CONTINUE);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  v1::Run run = harness.GetRun(lease.lease().run_id());
  EXPECT_EQ(run.status(), v1::RUN_STATUS_RUNNING);
  EXPECT_EQ(run.attempt(), 1);
  EXPECT_EQ(run.step(), 10);
  EXPECT_DOUBLE_EQ(run.train_loss(), -5.0);
  ASSERT_TRUE(Complete(*stub, worker, lease.lease(), 1.5).ok());
}

TEST(ServerLease, RetriesByFailureClass) {
  ServerOptions options;
  options.lease_ttl = std::chrono::seconds(600);
  ServerHarness harness(options);
  ASSERT_TRUE(harness.Submit(TinySweep("retry", 1, {"standard"}, 4)).ok());
  auto stub = harness.NewWorkerStub();
  std::string worker = harness.RegisterWorker(*stub, "w");

  std::map<int64_t, v1::LeaseRunResponse> first;
  for (int i = 0; i < 4; ++i) {
    v1::LeaseRunResponse lease = Lease(*stub, worker);
    ASSERT_TRUE(lease.leased());
    first[lease.run().seed()] = lease;
  }
  v1::FailRunResponse crashed;
  ASSERT_TRUE(Fail(*stub, worker, first[0].lease(), v1::FAILURE_CLASS_CRASHED, &crashed).ok());
  EXPECT_TRUE(crashed.requeued());
  v1::FailRunResponse invalid;
  ASSERT_TRUE(Fail(*stub, worker, first[1].lease(), v1::FAILURE_CLASS_INVALID_SPEC, &invalid).ok());
  EXPECT_FALSE(invalid.requeued());
  v1::FailRunResponse oom;
  ASSERT_TRUE(Fail(*stub, worker, first[2].lease(), v1::FAILURE_CLASS_OOM, &oom, 2).ok());
  EXPECT_TRUE(oom.requeued());
  {
    grpc::ClientContext context;
    v1::CompleteRunRequest request;
    request.set_worker_id(worker);
    request.set_run_id(first[3].lease().run_id());
    request.set_fencing_token(first[3].lease().fencing_token());
    request.mutable_result()->set_status("diverged");
    request.mutable_result()->set_val_loss(std::nan(""));
    v1::CompleteRunResponse response;
    ASSERT_TRUE(stub->CompleteRun(&context, request, &response).ok());
  }

  EXPECT_EQ(harness.GetRun(first[1].lease().run_id()).status(), v1::RUN_STATUS_FAILED);
  EXPECT_EQ(harness.GetRun(first[3].lease().run_id()).status(), v1::RUN_STATUS_DIVERGED);
  std::map<int64_t, v1::LeaseRunResponse> second;
  for (int i = 0; i < 2; ++i) {
    v1::LeaseRunResponse lease = Lease(*stub, worker);
    ASSERT_TRUE(lease.leased());
    second[lease.run().seed()] = lease;
  }
  EXPECT_FALSE(Lease(*stub, worker).leased());
  ASSERT_EQ(second.count(0), 1u);
  ASSERT_EQ(second.count(2), 1u);
  EXPECT_EQ(second[0].lease().attempt(), 2);
  EXPECT_EQ(second[0].run().micro_batch_size(), 4);
  EXPECT_EQ(second[2].run().micro_batch_size(), 2);
  EXPECT_EQ(CountRows(harness.db_path(), "attempts", "outcome = 'oom'"), 1);
  EXPECT_EQ(CountRows(harness.db_path(), "attempts", "outcome = 'invalid_spec'"), 1);
}

TEST(ServerLease, RejectsBadReports) {
  ServerHarness harness;
  ASSERT_TRUE(harness.Submit(TinySweep("bad", 1, {"standard"}, 1)).ok());
  auto stub = harness.NewWorkerStub();
  grpc::Status status;
  Lease(*stub, "nobody", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  std::string worker = harness.RegisterWorker(*stub, "w");
  v1::LeaseRunResponse lease = Lease(*stub, worker);
  ASSERT_TRUE(lease.leased());

  grpc::ClientContext context;
  v1::CompleteRunRequest request;
  request.set_worker_id(worker);
  request.set_run_id(lease.lease().run_id());
  request.set_fencing_token(lease.lease().fencing_token());
  request.mutable_result()->set_status("done");
  v1::CompleteRunResponse response;
  status = stub->CompleteRun(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("result.status: 'done'"));

  v1::FailRunResponse oom;
  status = Fail(*stub, worker, lease.lease(), v1::FAILURE_CLASS_OOM, &oom, 0);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("micro_batch_size: 0"));
  EXPECT_EQ(harness.GetRun(lease.lease().run_id()).status(), v1::RUN_STATUS_RUNNING);
}

TEST(ServerLease, CancelStopsQueuedAndRunningRuns) {
  ServerOptions options;
  options.lease_ttl = std::chrono::seconds(600);
  ServerHarness harness(options);
  ASSERT_TRUE(harness.Submit(TinySweep("cancel", 1, {"standard"}, 3)).ok());
  auto stub = harness.NewWorkerStub();
  std::string worker = harness.RegisterWorker(*stub, "w");
  v1::LeaseRunResponse lease = Lease(*stub, worker);
  ASSERT_TRUE(lease.leased());

  grpc::ClientContext context;
  v1::CancelSweepRequest request;
  request.set_name("cancel");
  v1::CancelSweepResponse response;
  ASSERT_TRUE(harness.client().CancelSweep(&context, request, &response).ok());
  EXPECT_EQ(response.cancelled_runs(), 2);
  EXPECT_EQ(response.running_runs(), 1);
  EXPECT_FALSE(Lease(*stub, worker).leased());

  v1::HeartbeatResponse heartbeat;
  ASSERT_TRUE(Heartbeat(*stub, worker, lease.lease(), 3, {}, &heartbeat).ok());
  EXPECT_EQ(heartbeat.action(), v1::HeartbeatResponse::ACTION_CANCEL);
  EXPECT_EQ(harness.GetRun(lease.lease().run_id()).status(), v1::RUN_STATUS_CANCELLED);
  EXPECT_EQ(Complete(*stub, worker, lease.lease(), 1.0).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(CountRows(harness.db_path(), "runs", "status = 'cancelled'"), 3);
}

TEST(ServerLease, RequeueFailedGivesFreshAttempts) {
  ServerOptions options;
  options.lease_ttl = std::chrono::seconds(600);
  ServerHarness harness(options);
  v1::SweepSpec spec = TinySweep("requeue", 1, {"standard"}, 2);
  spec.set_max_attempts(1);
  ASSERT_TRUE(harness.Submit(spec).ok());
  auto stub = harness.NewWorkerStub();
  std::string worker = harness.RegisterWorker(*stub, "w");
  v1::LeaseRunResponse lease = Lease(*stub, worker);
  ASSERT_TRUE(lease.leased());
  v1::FailRunResponse failed;
  ASSERT_TRUE(Fail(*stub, worker, lease.lease(), v1::FAILURE_CLASS_CRASHED, &failed).ok());
  EXPECT_FALSE(failed.requeued());
  EXPECT_EQ(harness.GetRun(lease.lease().run_id()).status(), v1::RUN_STATUS_FAILED);
  {
    grpc::ClientContext context;
    v1::CancelSweepRequest request;
    request.set_name("requeue");
    v1::CancelSweepResponse response;
    ASSERT_TRUE(harness.client().CancelSweep(&context, request, &response).ok());
  }

  grpc::ClientContext context;
  v1::RequeueFailedRequest request;
  request.set_name("requeue");
  v1::RequeueFailedResponse response;
  ASSERT_TRUE(harness.client().RequeueFailed(&context, request, &response).ok());
  EXPECT_EQ(response.requeued_runs(), 2);

  std::set<int64_t> attempts;
  for (int i = 0; i < 2; ++i) {
    v1::LeaseRunResponse again = Lease(*stub, worker);
    ASSERT_TRUE(again.leased());
    attempts.insert(again.lease().attempt());
    ASSERT_TRUE(Complete(*stub, worker, again.lease(), 1.0).ok());
  }
  EXPECT_EQ(attempts, (std::set<int64_t>{1, 2}));
  EXPECT_EQ(CountRows(harness.db_path(), "runs", "status = 'completed'"), 2);
  EXPECT_EQ(CountRows(harness.db_path(), "attempts"), 3);
}

TEST(ServerLease, RestartResumesSweepWithoutLossOrDuplicates) {
  ServerHarness harness(ShortLeases());
  ASSERT_TRUE(harness.Submit(TinySweep("restart", 2, {"standard", "review"}, 2)).ok());
  std::set<int64_t> completed;
  v1::LeaseRunResponse abandoned;
  {
    auto stub = harness.NewWorkerStub();
    std::string worker = harness.RegisterWorker(*stub, "before");
    for (int i = 0; i < 3; ++i) {
      v1::LeaseRunResponse lease = Lease(*stub, worker);
      ASSERT_TRUE(lease.leased());
      ASSERT_TRUE(Complete(*stub, worker, lease.lease(), 1.0 + i).ok());
      completed.insert(lease.lease().run_id());
    }
    // Leased but never finished: the worker dies with the orchestrator.
    abandoned = Lease(*stub, worker);
    ASSERT_TRUE(abandoned.leased());
  }

  harness.Restart();
  auto stub = harness.NewWorkerStub();
  std::string worker = harness.RegisterWorker(*stub, "after");
  std::multiset<int64_t> finished_after;
  // The loop ends once every run is final; 8 runs plus the wait for one expiry bound it.
  ASSERT_TRUE(WaitUntil([&] {
    v1::LeaseRunResponse lease = Lease(*stub, worker);
    if (lease.leased()) {
      EXPECT_TRUE(Complete(*stub, worker, lease.lease(), 3.0).ok());
      finished_after.insert(lease.lease().run_id());
    }
    return CountRows(harness.db_path(), "runs", "status = 'completed'") == 8;
  }));

  EXPECT_EQ(finished_after.size(), 5u);
  for (int64_t run_id : finished_after) {
    EXPECT_EQ(completed.count(run_id), 0u) << "run " << run_id << " ran twice";
    EXPECT_EQ(finished_after.count(run_id), 1u);
  }
  EXPECT_EQ(finished_after.count(abandoned.lease().run_id()), 1u);
  EXPECT_EQ(harness.GetRun(abandoned.lease().run_id()).attempt(), 2);
  EXPECT_EQ(CountRows(harness.db_path(), "runs"), 8);
  EXPECT_EQ(CountRows(harness.db_path(), "attempts"), 9);

  harness.Stop();
  db::Database db = db::Database::Open(harness.db_path());
  db::Statement check = db.Prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.Step());
  EXPECT_EQ(check.ColumnText(0), "ok");
}

TEST(ServerLease, MetricsUpsertByStepAndName) {
  ServerOptions options;
  options.lease_ttl = std::chrono::seconds(600);
  ServerHarness harness(options);
  ASSERT_TRUE(harness.Submit(TinySweep("metrics", 1, {"standard"}, 1)).ok());
  auto stub = harness.NewWorkerStub();
  std::string worker = harness.RegisterWorker(*stub, "w");
  v1::LeaseRunResponse lease = Lease(*stub, worker);
  ASSERT_TRUE(lease.leased());

  v1::HeartbeatResponse response;
  ASSERT_TRUE(
      Heartbeat(*stub, worker, lease.lease(), 10, {{"train_loss", 4.0}, {"lr", 1e-4}}, &response)
          .ok());
  // A resent heartbeat for the same step replaces the values.
  ASSERT_TRUE(
      Heartbeat(*stub, worker, lease.lease(), 10, {{"train_loss", 3.5}, {"lr", 1e-4}}, &response)
          .ok());
  ASSERT_TRUE(Heartbeat(*stub, worker, lease.lease(), 20, {{"train_loss", 3.0}}, &response).ok());

  grpc::ClientContext context;
  v1::GetRunRequest request;
  request.set_run_id(lease.lease().run_id());
  v1::GetRunResponse run;
  ASSERT_TRUE(harness.client().GetRun(&context, request, &run).ok());
  ASSERT_EQ(run.metrics_size(), 3);
  std::map<std::pair<std::string, int64_t>, double> values;
  for (const v1::Metric& metric : run.metrics())
    values[{metric.name(), metric.step()}] = metric.value();
  EXPECT_DOUBLE_EQ((values[{"train_loss", 10}]), 3.5);
  EXPECT_DOUBLE_EQ((values[{"train_loss", 20}]), 3.0);
  EXPECT_DOUBLE_EQ((values[{"lr", 10}]), 1e-4);
  EXPECT_EQ(CountRows(harness.db_path(), "metrics"), 3);
}

}  // namespace
}  // namespace reslab::orchestrator
