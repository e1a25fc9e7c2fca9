// Shared fixtures for the orchestrator tests: a temporary folder, a tiny sweep spec, and a
// real orchestrator::Server on 127.0.0.1 with plain gRPC stubs acting as client and workers.
#ifndef RESLAB_TESTS_ORCHESTRATOR_TEST_SUPPORT_H_
#define RESLAB_TESTS_ORCHESTRATOR_TEST_SUPPORT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "orchestrator/server.h"
#include "reslab/v1/client.grpc.pb.h"
#include "reslab/v1/worker.grpc.pb.h"

namespace reslab::orchestrator::testing {

// A fresh folder under the system temp folder, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A valid sweep of `configs` tiny configs ("c0", "c1", ... growing in d_model) x the given
// variants x `seeds` seeds (0, 1, ...), byte tokenizer.
v1::SweepSpec TinySweep(const std::string& name, int configs = 2,
                        std::vector<std::string> variants = {"standard", "review"}, int seeds = 2);

// Number of rows in `table` of the database at `path`, read over a separate connection.
int64_t CountRows(const std::string& db_path, const std::string& table,
                  const std::string& where = "1 = 1");

// Polls `condition` every 20 ms until it is true or `limit` passes. Returns its last value.
bool WaitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds limit = std::chrono::seconds(20));

// A started server on 127.0.0.1 port 0 over a database in a temp folder, with stubs.
class ServerHarness {
 public:
  explicit ServerHarness(ServerOptions options = {});
  // Starts another server on the same database file (the previous one must be stopped).
  void Restart();
  void Stop();

  Server& server() { return *server_; }
  const std::string& db_path() const { return options_.db_path; }
  v1::ClientService::Stub& client() { return *client_; }
  // A new stub on its own channel, as a separate worker process would have.
  std::unique_ptr<v1::WorkerService::Stub> NewWorkerStub();
  std::unique_ptr<v1::ClientService::Stub> NewClientStub();

  // RegisterWorker through `stub`; returns the worker id.
  std::string RegisterWorker(v1::WorkerService::Stub& stub, const std::string& hostname);
  // SubmitSweep; returns the status and fills `response` when given.
  grpc::Status Submit(const v1::SweepSpec& spec, v1::SubmitSweepResponse* response = nullptr);
  v1::Run GetRun(int64_t run_id);

 private:
  void StartServer();

  TempDir dir_;
  ServerOptions options_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<v1::ClientService::Stub> client_;
};

// Leases one run for `worker_id`; returns the response (leased may be false).
v1::LeaseRunResponse Lease(v1::WorkerService::Stub& stub, const std::string& worker_id,
                           grpc::Status* status = nullptr);
// Completes a lease with status "completed" and the given val_loss.
grpc::Status Complete(v1::WorkerService::Stub& stub, const std::string& worker_id,
                      const v1::Lease& lease, double val_loss);

}  // namespace reslab::orchestrator::testing

#endif  // RESLAB_TESTS_ORCHESTRATOR_TEST_SUPPORT_H_
