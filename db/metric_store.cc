#include "db/metric_store.h"

#include <cmath>
#include <limits>

#include "db/reset_guard.h"

namespace reslab::db {

MetricStore::MetricStore(Database& db)
    : db_(db),
      upsert_(db.Prepare("INSERT INTO metrics(run_id, step, name, value) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT(run_id, name, step) DO UPDATE SET value = excluded.value")),
      for_run_(db.Prepare(
          "SELECT step, name, value FROM metrics WHERE run_id = ? ORDER BY name, step")) {}

void MetricStore::Upsert(int64_t run_id, const std::vector<MetricRow>& metrics) {
  if (metrics.empty()) return;
  db_.Transaction([&] {
    for (const MetricRow& metric : metrics) {
      ResetGuard guard(upsert_);
      upsert_.Bind(1, run_id).Bind(2, metric.step).Bind(3, metric.name);
      if (std::isfinite(metric.value)) {
        upsert_.Bind(4, metric.value);
      } else {
        upsert_.BindNull(4);
      }
      upsert_.Run();
    }
  });
}

std::vector<MetricRow> MetricStore::ForRun(int64_t run_id) {
  ResetGuard guard(for_run_);
  for_run_.Bind(1, run_id);
  std::vector<MetricRow> metrics;
  while (for_run_.Step()) {
    MetricRow row;
    row.step = for_run_.ColumnInt(0);
    row.name = for_run_.ColumnText(1);
    row.value =
        for_run_.IsNull(2) ? std::numeric_limits<double>::quiet_NaN() : for_run_.ColumnDouble(2);
    metrics.push_back(std::move(row));
  }
  return metrics;
}

}  // namespace reslab::db
