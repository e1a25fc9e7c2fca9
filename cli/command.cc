#include "cli/command.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace reslab::cli {
namespace {

std::vector<std::pair<int, CommandInstaller>>& Registry() {
  static std::vector<std::pair<int, CommandInstaller>> registry;
  return registry;
}

}  // namespace

bool RegisterCommand(int order, CommandInstaller installer) {
  Registry().emplace_back(order, std::move(installer));
  return true;
}

void InstallCommands(CLI::App& app, int* exit_code) {
  auto& registry = Registry();
  std::stable_sort(registry.begin(), registry.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [order, installer] : registry) installer(app, exit_code);
}

}  // namespace reslab::cli
