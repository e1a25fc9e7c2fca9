#include "cli/table.h"

#include <gtest/gtest.h>

namespace reslab::cli {
namespace {

TEST(Table, PadsColumnsToWidestCell) {
  Table table({"NAME", "N"});
  table.AlignRight(1);
  table.AddRow({"alpha", "7"});
  table.AddRow({"b", "1234"});
  EXPECT_EQ(table.Render(),
            "NAME      N\n"
            "alpha     7\n"
            "b      1234\n");
}

TEST(Table, FillsMissingCellsAndRejectsExtraOnes) {
  Table table({"A", "B"});
  table.AddRow({"x"});
  EXPECT_EQ(table.Render(), "A  B\nx\n");
  EXPECT_THROW(table.AddRow({"1", "2", "3"}), std::invalid_argument);
}

TEST(Table, CountsUtf8CodePointsAsOneColumn) {
  Table table({"X", "Y"});
  table.AddRow({"\xC3\xA9t\xC3\xA9", "1"});
  table.AddRow({"abcd", "2"});
  EXPECT_EQ(table.Render(), "X     Y\n\xC3\xA9t\xC3\xA9   1\nabcd  2\n");
}

TEST(Csv, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvLine({"1", "x,y", ""}), "1,\"x,y\",\n");
}

}  // namespace
}  // namespace reslab::cli
