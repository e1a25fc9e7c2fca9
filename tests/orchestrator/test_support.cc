#include "tests/orchestrator/test_support.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "db/database.h"

namespace reslab::orchestrator::testing {

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  auto path = std::filesystem::temp_directory_path() /
              ("reslab-orch-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  path_ = path.string();
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

v1::SweepSpec TinySweep(const std::string& name, int configs, std::vector<std::string> variants,
                        int seeds) {
  v1::SweepSpec spec;
  spec.set_name(name);
  for (int i = 0; i < configs; ++i) {
    v1::ModelConfig* config = spec.add_configs();
    config->set_name("c" + std::to_string(i));
    config->set_d_model(16 + 16 * i);
    config->set_n_layers(1);
    config->set_n_heads(2);
    config->set_block_size(16);
    config->set_batch_size(4);
    config->set_steps(20);
  }
  for (const auto& variant : variants) spec.add_variants(variant);
  for (int seed = 0; seed < seeds; ++seed) spec.add_seeds(seed);
  spec.mutable_data()->set_corpus("/nonexistent/corpus.txt");
  spec.mutable_data()->set_tokenizer("byte");
  return spec;
}

int64_t CountRows(const std::string& db_path, const std::string& table, const std::string& where) {
  db::Database db = db::Database::OpenReadOnly(db_path);
  db::Statement stmt = db.Prepare("SELECT count(*) FROM " + table + " WHERE " + where);
  stmt.Step();
  return stmt.ColumnInt(0);
}

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

ServerHarness::ServerHarness(ServerOptions options) : options_(std::move(options)) {
  options_.db_path = dir_.File("reslab.db");
  options_.listen_address = "127.0.0.1:0";
  StartServer();
}

void ServerHarness::StartServer() {
  server_ = std::make_unique<Server>(options_);
  server_->Start();
  client_ = NewClientStub();
}

void ServerHarness::Restart() {
  Stop();
  StartServer();
}

void ServerHarness::Stop() {
  if (server_) server_->Shutdown();
  client_.reset();
  server_.reset();
}

std::unique_ptr<v1::WorkerService::Stub> ServerHarness::NewWorkerStub() {
  grpc::ChannelArguments args;
  args.SetInt("grpc.use_local_subchannel_pool", 1);
  return v1::WorkerService::NewStub(
      grpc::CreateCustomChannel(server_->address(), grpc::InsecureChannelCredentials(), args));
}

std::unique_ptr<v1::ClientService::Stub> ServerHarness::NewClientStub() {
  return v1::ClientService::NewStub(
      grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
}

std::string ServerHarness::RegisterWorker(v1::WorkerService::Stub& stub,
                                          const std::string& hostname) {
  grpc::ClientContext context;
  v1::RegisterWorkerRequest request;
  request.set_hostname(hostname);
  request.set_device("cpu");
  request.set_pid(1234);
  v1::RegisterWorkerResponse response;
  grpc::Status status = stub.RegisterWorker(&context, request, &response);
  if (!status.ok()) throw std::runtime_error("RegisterWorker failed: " + status.error_message());
  return response.worker_id();
}

grpc::Status ServerHarness::Submit(const v1::SweepSpec& spec, v1::SubmitSweepResponse* response) {
  grpc::ClientContext context;
  v1::SubmitSweepRequest request;
  *request.mutable_spec() = spec;
  v1::SubmitSweepResponse ignored;
  return client_->SubmitSweep(&context, request, response ? response : &ignored);
}

v1::Run ServerHarness::GetRun(int64_t run_id) {
  grpc::ClientContext context;
  v1::GetRunRequest request;
  request.set_run_id(run_id);
  v1::GetRunResponse response;
  grpc::Status status = client_->GetRun(&context, request, &response);
  if (!status.ok()) throw std::runtime_error("GetRun failed: " + status.error_message());
  return response.run();
}

v1::LeaseRunResponse Lease(v1::WorkerService::Stub& stub, const std::string& worker_id,
                           grpc::Status* status) {
  grpc::ClientContext context;
  v1::LeaseRunRequest request;
  request.set_worker_id(worker_id);
  v1::LeaseRunResponse response;
  grpc::Status result = stub.LeaseRun(&context, request, &response);
  if (status) *status = result;
  return response;
}

grpc::Status Complete(v1::WorkerService::Stub& stub, const std::string& worker_id,
                      const v1::Lease& lease, double val_loss) {
  grpc::ClientContext context;
  v1::CompleteRunRequest request;
  request.set_worker_id(worker_id);
  request.set_run_id(lease.run_id());
  request.set_fencing_token(lease.fencing_token());
  request.mutable_result()->set_status("completed");
  request.mutable_result()->set_val_loss(val_loss);
  request.mutable_result()->set_steps(20);
  v1::CompleteRunResponse response;
  return stub.CompleteRun(&context, request, &response);
}

}  // namespace reslab::orchestrator::testing
