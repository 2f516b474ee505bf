//===- FlagRangeTest.cpp - flagRangeError ---------------------------------===//

#include "rasp/Support/Diagnostics.h"
#include "gtest/gtest.h"

using namespace rasp;

TEST(FlagRange, BoundsAreInclusive) {
  EXPECT_EQ(flagRangeError("--n", 10, 10, 20), "");
  EXPECT_EQ(flagRangeError("--n", 20, 10, 20), "");
  EXPECT_EQ(flagRangeError("--n", 9, 10, 20), "--n must be between 10 and 20");
  EXPECT_EQ(flagRangeError("--n", 21, 10, 20), "--n must be between 10 and 20");
}

TEST(FlagRange, WideValues) {
  EXPECT_EQ(flagRangeError("--max-list-size", 1000000001, 1, 1000000000),
            "--max-list-size must be between 1 and 1000000000");
  EXPECT_EQ(flagRangeError("--x", UINT64_MAX, 0, UINT64_MAX), "");
}
