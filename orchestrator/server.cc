#include "orchestrator/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

namespace reslab::orchestrator {
namespace {

// Results carry the loss curve as JSON, which can exceed gRPC's 4 MB default.
constexpr int kMaxMessageBytes = 64 * 1024 * 1024;
constexpr std::chrono::seconds kShutdownGrace{5};

SchedulerOptions MakeSchedulerOptions(const ServerOptions& options) {
  SchedulerOptions scheduler;
  scheduler.lease_ttl = options.lease_ttl;
  scheduler.heartbeat_interval = options.heartbeat_interval;
  scheduler.retry_after = std::min(std::chrono::milliseconds(1000), options.heartbeat_interval);
  return scheduler;
}

std::chrono::milliseconds SweepInterval(const ServerOptions& options) {
  if (options.sweep_interval.count() > 0) return options.sweep_interval;
  auto quarter = options.lease_ttl / 4;
  return std::clamp(quarter, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
}

}  // namespace

Server::Server(ServerOptions options)
    : options_(std::move(options)),
      auth_(options_.bearer_token),
      store_(options_.db_path),
      scheduler_(store_, notifier_, MakeSchedulerOptions(options_)),
      sweeps_(store_, notifier_, options_.max_runs),
      client_service_(sweeps_, notifier_, auth_),
      worker_service_(scheduler_, auth_) {
  notifier_.Publish(store_.events().LastEventId());
}

Server::~Server() { Shutdown(); }

void Server::AddService(grpc::Service* service) {
  if (server_) throw std::logic_error("Server::AddService called after Start()");
  extra_services_.push_back(service);
}

void Server::Start() {
  if (server_) throw std::logic_error("Server::Start called twice");
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.listen_address, credentials, &port_);
  // Without this, gRPC sets SO_REUSEPORT and a second orchestrator on the same port would
  // start and split the calls with the first.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  builder.RegisterService(&client_service_);
  builder.RegisterService(&worker_service_);
  for (grpc::Service* service : extra_services_) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    server_.reset();
    throw std::runtime_error("cannot listen on " + options_.listen_address +
                             "; is the address valid and the port free?");
  }
  sweeper_ = std::make_unique<LeaseSweeper>(scheduler_, SweepInterval(options_));
  spdlog::info(
      "orchestrator started on {}: database {}, lease TTL {} ms, heartbeat {} ms, "
      "max {} runs per sweep, bearer token {}",
      address(), options_.db_path, options_.lease_ttl.count(), options_.heartbeat_interval.count(),
      options_.max_runs, options_.bearer_token.empty() ? "off" : "on");
}

void Server::Shutdown() {
  std::lock_guard<std::mutex> lock(shutdown_mutex_);
  if (stopped_ || !server_) return;
  stopped_ = true;
  notifier_.Close();
  server_->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
  sweeper_->Stop();
  spdlog::info("orchestrator on {} stopped", address());
}

void Server::Wait() {
  if (server_) server_->Wait();
}

std::string Server::address() const {
  const std::string& listen = options_.listen_address;
  size_t colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
  return host + ":" + std::to_string(port_);
}

}  // namespace reslab::orchestrator
