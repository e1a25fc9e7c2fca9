// The schema as an ordered list of migrations. Migration i (1-based) moves user_version from
// i-1 to i. Append new migrations; never edit a released one.
#ifndef RESLAB_DB_MIGRATIONS_H_
#define RESLAB_DB_MIGRATIONS_H_

#include <string>
#include <vector>

namespace reslab::db {

const std::vector<std::string>& Migrations();

}  // namespace reslab::db

#endif  // RESLAB_DB_MIGRATIONS_H_
