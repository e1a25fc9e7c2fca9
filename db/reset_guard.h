// Resets a cached prepared statement on entry and on exit, so a reused statement starts with
// no bindings and never keeps a read transaction open after its caller returns.
#ifndef RESLAB_DB_RESET_GUARD_H_
#define RESLAB_DB_RESET_GUARD_H_

#include "db/database.h"

namespace reslab::db {

class ResetGuard {
 public:
  explicit ResetGuard(Statement& statement) : statement_(statement) { statement_.Reset(); }
  ~ResetGuard() { statement_.Reset(); }
  ResetGuard(const ResetGuard&) = delete;
  ResetGuard& operator=(const ResetGuard&) = delete;

 private:
  Statement& statement_;
};

}  // namespace reslab::db

#endif  // RESLAB_DB_RESET_GUARD_H_
