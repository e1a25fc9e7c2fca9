// Submitting, listing, ordering and watching sweeps over a real gRPC server and a real SQLite
// file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "orchestrator/errors.h"
#include "orchestrator/sweep_json.h"
#include "tests/orchestrator/test_support.h"

namespace reslab::orchestrator {
namespace {

using testing::Complete;
using testing::CountRows;
using ::testing::HasSubstr;
using testing::Lease;
using testing::ServerHarness;
using testing::TinySweep;

// Row counts of every table that a submission writes.
std::vector<int64_t> TableCounts(const std::string& db_path) {
  return {CountRows(db_path, "sweeps"), CountRows(db_path, "runs"), CountRows(db_path, "events")};
}

TEST(ServerSweep, SubmitStoresRuns) {
  ServerHarness harness;
  v1::SubmitSweepResponse response;
  ASSERT_TRUE(harness.Submit(TinySweep("s", 2, {"standard", "review"}, 3), &response).ok());
  EXPECT_TRUE(response.created());
  EXPECT_EQ(response.sweep().counts().total(), 12);
  EXPECT_EQ(response.sweep().counts().queued(), 12);
  EXPECT_EQ(response.sweep().spec().configs(0).batch_size(), 4);
  EXPECT_EQ(response.sweep().spec().max_attempts(), 3);
  EXPECT_EQ(CountRows(harness.db_path(), "runs", "status = 'queued'"), 12);

  grpc::ClientContext context;
  v1::ListRunsRequest request;
  request.set_sweep("s");
  request.set_variant("review");
  request.set_config("c1");
  v1::ListRunsResponse runs;
  ASSERT_TRUE(harness.client().ListRuns(&context, request, &runs).ok());
  ASSERT_EQ(runs.runs_size(), 3);
  for (const v1::Run& run : runs.runs()) {
    EXPECT_EQ(run.variant(), "review");
    EXPECT_EQ(run.config(), "c1");
    EXPECT_EQ(run.status(), v1::RUN_STATUS_QUEUED);
    EXPECT_GT(run.params(), 0);
  }
}

TEST(ServerSweep, InvalidSweepsRejectedAndNothingStored) {
  ServerHarness harness;
  ASSERT_TRUE(harness.Submit(TinySweep("existing", 1, {"standard"}, 1)).ok());
  std::vector<int64_t> before = TableCounts(harness.db_path());

  struct Case {
    v1::SweepSpec spec;
    std::string field;
  };
  std::vector<Case> cases;
  {
    v1::SweepSpec spec = TinySweep("heads");
    spec.mutable_configs(1)->set_d_model(100);
    spec.mutable_configs(1)->set_n_heads(3);
    cases.push_back({spec, "configs[1].d_model: 100 is not divisible by n_heads 3"});
  }
  {
    v1::SweepSpec spec = TinySweep("seeds");
    spec.clear_seeds();
    cases.push_back({spec, "seeds:"});
  }
  {
    v1::SweepSpec spec = TinySweep("steps");
    spec.mutable_configs(0)->set_steps(-5);
    cases.push_back({spec, "configs[0].steps: -5"});
  }
  cases.push_back({TinySweep("grid", 10, {"standard", "review", "highway"}, 400), "grid:"});
  for (const Case& invalid : cases) {
    grpc::Status status = harness.Submit(invalid.spec);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << invalid.field;
    EXPECT_THAT(status.error_message(), HasSubstr(invalid.field));
  }
  EXPECT_EQ(TableCounts(harness.db_path()), before);
}

TEST(ServerSweep, UnknownFieldInSweepFileNamed) {
  const std::string json = R"({
    "name": "typo",
    "configs": [{"name": "c", "d_model": 16, "n_layers": 1, "n_heads": 2, "stepz": 20}],
    "variants": ["standard"], "seeds": [0], "data": {"tokenizer": "byte", "corpus": "x"}
  })";
  try {
    ParseSweepJson(json);
    FAIL() << "the misspelt field stepz was accepted";
  } catch (const OrchestratorError& error) {
    EXPECT_THAT(error.what(), HasSubstr("stepz"));
  }
}

TEST(ServerSweep, ResubmitIsIdempotentAndDifferentSpecRejected) {
  ServerHarness harness;
  v1::SweepSpec spec = TinySweep("same");
  ASSERT_TRUE(harness.Submit(spec).ok());
  std::vector<int64_t> before = TableCounts(harness.db_path());

  v1::SubmitSweepResponse again;
  ASSERT_TRUE(harness.Submit(spec, &again).ok());
  EXPECT_FALSE(again.created());
  EXPECT_EQ(again.sweep().counts().total(), 8);
  // Spelling out a default gives the same canonical spec.
  spec.set_max_attempts(3);
  ASSERT_TRUE(harness.Submit(spec, &again).ok());
  EXPECT_FALSE(again.created());
  EXPECT_EQ(TableCounts(harness.db_path()), before);

  spec.add_seeds(7);
  grpc::Status status = harness.Submit(spec);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr("'same'"));
  EXPECT_EQ(TableCounts(harness.db_path()), before);
}

TEST(ServerSweep, LeasesByPriorityThenSize) {
  ServerHarness harness;
  v1::SweepSpec low = TinySweep("low", 2, {"standard"}, 1);
  v1::SweepSpec high = TinySweep("high", 2, {"standard", "review"}, 1);
  high.set_priority(5);
  // Config c1 is listed first but is the larger one.
  high.mutable_configs()->SwapElements(0, 1);
  ASSERT_TRUE(harness.Submit(low).ok());
  ASSERT_TRUE(harness.Submit(high).ok());

  auto stub = harness.NewWorkerStub();
  std::string worker = harness.RegisterWorker(*stub, "w");
  std::vector<v1::RunSpec> order;
  for (int i = 0; i < 6; ++i) {
    v1::LeaseRunResponse lease = Lease(*stub, worker);
    ASSERT_TRUE(lease.leased());
    order.push_back(lease.run());
  }
  for (int i = 0; i < 4; ++i) EXPECT_EQ(order[i].sweep(), "high") << i;
  for (int i = 4; i < 6; ++i) EXPECT_EQ(order[i].sweep(), "low") << i;
  for (int i = 1; i < 6; ++i) {
    if (order[i].sweep() == order[i - 1].sweep()) {
      EXPECT_LE(order[i - 1].params(), order[i].params()) << i;
    }
  }
  EXPECT_EQ(order[0].config().name(), "c0");
  EXPECT_EQ(order[0].variant(), "standard");
  EXPECT_EQ(order[4].config().name(), "c0");
}

TEST(ServerSweep, LeaseCarriesRunSpec) {
  ServerHarness harness;
  v1::SweepSpec spec = TinySweep("spec", 1, {"review"}, 1);
  spec.set_checkpoint_every(7);
  ASSERT_TRUE(harness.Submit(spec).ok());
  auto stub = harness.NewWorkerStub();
  std::string worker = harness.RegisterWorker(*stub, "w");
  v1::LeaseRunResponse lease = Lease(*stub, worker);
  ASSERT_TRUE(lease.leased());
  const v1::RunSpec& run = lease.run();
  EXPECT_EQ(run.run_id(), lease.lease().run_id());
  EXPECT_EQ(run.sweep(), "spec");
  EXPECT_EQ(run.variant(), "review");
  EXPECT_EQ(run.config().d_model(), 16);
  EXPECT_EQ(run.d_model(), 16);
  EXPECT_EQ(run.config().warmup_steps(), 20);
  EXPECT_EQ(run.data().tokenizer(), "byte");
  EXPECT_EQ(run.data().vocab_size(), 256);
  EXPECT_EQ(run.checkpoint_every(), 7);
  EXPECT_EQ(run.log_every(), 10);
  EXPECT_EQ(run.micro_batch_size(), 4);
  EXPECT_EQ(run.attempt(), 1);
  EXPECT_GT(run.params(), 0);
}

TEST(ServerSweep, WatchStreamsSnapshotThenEvents) {
  ServerOptions options;
  options.lease_ttl = std::chrono::seconds(600);
  ServerHarness harness(options);
  ASSERT_TRUE(harness.Submit(TinySweep("watch", 1, {"standard"}, 2)).ok());

  auto watcher = harness.NewClientStub();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::WatchSweepRequest request;
  request.set_name("watch");
  auto reader = watcher->WatchSweep(&context, request);
  std::vector<v1::RunEvent> events;
  v1::RunEvent event;
  for (int i = 0; i < 2 && reader->Read(&event); ++i) events.push_back(event);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind(), "snapshot");
  EXPECT_EQ(events[1].kind(), "snapshot");

  auto stub = harness.NewWorkerStub();
  std::string worker = harness.RegisterWorker(*stub, "w");
  for (int i = 0; i < 2; ++i) {
    v1::LeaseRunResponse lease = Lease(*stub, worker);
    ASSERT_TRUE(lease.leased());
    ASSERT_TRUE(Complete(*stub, worker, lease.lease(), 1.0).ok());
  }
  // The stream ends by itself once both runs are final.
  while (reader->Read(&event)) events.push_back(event);
  ASSERT_TRUE(reader->Finish().ok());

  std::vector<std::string> kinds;
  for (size_t i = 2; i < events.size(); ++i) kinds.push_back(events[i].kind());
  EXPECT_EQ(kinds, (std::vector<std::string>{"leased", "completed", "leased", "completed"}));
  EXPECT_EQ(events.back().run().status(), v1::RUN_STATUS_COMPLETED);
}

TEST(ServerSweep, WatchUnknownSweepNotFound) {
  ServerHarness harness;
  grpc::ClientContext context;
  v1::WatchSweepRequest request;
  request.set_name("missing");
  auto reader = harness.client().WatchSweep(&context, request);
  v1::RunEvent event;
  EXPECT_FALSE(reader->Read(&event));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(ServerSweep, BearerTokenRequiredWhenSet) {
  ServerOptions options;
  options.bearer_token = "s3cret";
  ServerHarness harness(options);
  v1::ListSweepsRequest request;
  v1::ListSweepsResponse response;
  {
    grpc::ClientContext context;
    EXPECT_EQ(harness.client().ListSweeps(&context, request, &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer wrong");
    EXPECT_EQ(harness.client().ListSweeps(&context, request, &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer s3cret");
  EXPECT_TRUE(harness.client().ListSweeps(&context, request, &response).ok());
}

TEST(ServerSweep, StartFailsOnTakenPort) {
  ServerHarness harness;
  ServerOptions options;
  testing::TempDir dir;
  options.db_path = dir.File("other.db");
  options.listen_address = harness.server().address();
  Server second(options);
  EXPECT_THROW(second.Start(), std::runtime_error);
}

}  // namespace
}  // namespace reslab::orchestrator
