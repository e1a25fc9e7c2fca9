// Drives the real `reslab-worker train` binary in child processes.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/worker/trainer_test_util.h"
#include "worker/train/train_spec.h"

extern char** environ;

namespace reslab::train {
namespace {

using testing::SotuFolder;
using testing::TempFolder;
using testing::WriteText;

std::string WorkerBinary() { return std::string(RESLAB_BINARY_DIR) + "/worker/reslab-worker"; }

// Starts reslab-worker with `args`, stdout and stderr going to files. Returns the child's pid.
pid_t StartWorker(const std::vector<std::string>& args, const std::string& stdout_path,
                  const std::string& stderr_path) {
  std::vector<std::string> argv_strings = {WorkerBinary()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(error, 0) << "cannot start " << argv[0];
  return pid;
}

int WaitForExit(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Tiny byte-level run flags, with `steps` steps.
std::vector<std::string> TinyRunFlags(int64_t steps) {
  return {"train",          "--tokenizer", "byte", "--corpus", SotuFolder(),   "--d-model",
          "32",             "--layers",    "1",    "--heads",  "2",            "--block",
          "16",             "--batch",     "8",    "--steps",  std::to_string(steps),
          "--lr",           "3e-3",        "--warmup", "5",    "--seed",       "5",
          "--eval-windows", "8",           "--log-every", "1", "--device",     "cpu",
          "--threads",      "1",           "--blas-threads", "1"};
}

class TrainCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(WorkerBinary())) {
      GTEST_SKIP() << WorkerBinary() << " is not built; build the reslab-worker target";
    }
  }

  // Runs the worker to completion; returns its exit code.
  int Run(const std::vector<std::string>& args) {
    return WaitForExit(StartWorker(args, folder_.File("stdout"), folder_.File("stderr")));
  }

  TempFolder folder_{"train-command"};
};

TEST_F(TrainCommand, WritesResultToOutAndStdout) {
  std::vector<std::string> args = TinyRunFlags(3);
  args.insert(args.end(), {"--out", folder_.File("result.json")});
  ASSERT_EQ(Run(args), 0) << ReadText(folder_.File("stderr"));
  const TrainResult result =
      nlohmann::json::parse(ReadText(folder_.File("result.json"))).get<TrainResult>();
  EXPECT_EQ(result.steps, 3);
  EXPECT_EQ(result.loss_curve.size(), 3u);
  EXPECT_EQ(nlohmann::json::parse(ReadText(folder_.File("stdout"))), nlohmann::json(result));
}

TEST_F(TrainCommand, ReadsSpecFileAndFlagsOverrideIt) {
  TrainSpec spec = testing::TinyByteSpec(50);
  WriteText(folder_.File("spec.json"), nlohmann::json(spec).dump());
  ASSERT_EQ(Run({"train", "--spec", folder_.File("spec.json"), "--steps", "2", "--threads", "1"}),
            0)
      << ReadText(folder_.File("stderr"));
  const TrainResult result = nlohmann::json::parse(ReadText(folder_.File("stdout")));
  EXPECT_EQ(result.steps, 2);
}

TEST_F(TrainCommand, InvalidInputExitsTwo) {
  std::vector<std::string> args = TinyRunFlags(3);
  args.insert(args.end(), {"--micro-batch", "3"});
  EXPECT_EQ(Run(args), 2);
  EXPECT_NE(ReadText(folder_.File("stderr")).find("micro_batch_size 3"), std::string::npos);

  args = TinyRunFlags(3);
  args.insert(args.end(), {"--corpus", "/nonexistent/corpus"});
  EXPECT_EQ(Run(args), 2);
  EXPECT_NE(ReadText(folder_.File("stderr")).find("corpus not found: /nonexistent/corpus"),
            std::string::npos);

  WriteText(folder_.File("spec.json"), R"({"steps": 3, "stpes": 4})");
  EXPECT_EQ(Run({"train", "--spec", folder_.File("spec.json")}), 2);
  EXPECT_NE(ReadText(folder_.File("stderr")).find("unknown field stpes"), std::string::npos);

  EXPECT_EQ(Run({"train", "--variant", "residual"}), 2);
  EXPECT_NE(ReadText(folder_.File("stderr")).find("residual"), std::string::npos);
}

TEST_F(TrainCommand, ResumesAfterSigkill) {
  // Reference: the same run without interruption.
  std::vector<std::string> args = TinyRunFlags(60);
  ASSERT_EQ(Run(args), 0) << ReadText(folder_.File("stderr"));
  const TrainResult uninterrupted = nlohmann::json::parse(ReadText(folder_.File("stdout")));

  const std::string checkpoint_dir = folder_.File("checkpoints");
  args.insert(args.end(), {"--checkpoint-dir", checkpoint_dir, "--checkpoint-every", "20"});
  const pid_t child = StartWorker(args, folder_.File("killed.stdout"), folder_.File("killed.stderr"));
  const std::string checkpoint = checkpoint_dir + "/checkpoint.pt";
  // Kill the child as soon as its first checkpoint appears; give up after 60 s.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!std::filesystem::exists(checkpoint) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(child, SIGKILL);
  EXPECT_EQ(WaitForExit(child), 128 + SIGKILL);
  ASSERT_TRUE(std::filesystem::exists(checkpoint)) << ReadText(folder_.File("killed.stderr"));

  ASSERT_EQ(Run(args), 0) << ReadText(folder_.File("stderr"));
  const TrainResult resumed = nlohmann::json::parse(ReadText(folder_.File("stdout")));
  EXPECT_GT(resumed.resumed_from_step, 0);
  EXPECT_LT(resumed.resumed_from_step, 60);
  EXPECT_EQ(resumed.loss_curve, uninterrupted.loss_curve);
  EXPECT_EQ(resumed.val_loss, uninterrupted.val_loss);
}

TEST_F(TrainCommand, SigtermCheckpointsAndExitsZero) {
  std::vector<std::string> args = TinyRunFlags(100000);
  const std::string checkpoint_dir = folder_.File("checkpoints");
  args.insert(args.end(), {"--checkpoint-dir", checkpoint_dir, "--log-every", "1000000"});
  const pid_t child = StartWorker(args, folder_.File("stdout"), folder_.File("stderr"));
  // Wait until training runs (the start line is logged), at most 60 s.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (ReadText(folder_.File("stderr")).find("training start") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(child, SIGTERM);
  EXPECT_EQ(WaitForExit(child), 0) << ReadText(folder_.File("stderr"));
  const TrainResult result = nlohmann::json::parse(ReadText(folder_.File("stdout")));
  EXPECT_EQ(result.status, "interrupted");
  EXPECT_TRUE(std::filesystem::exists(checkpoint_dir + "/checkpoint.pt"));
}

}  // namespace
}  // namespace reslab::train
