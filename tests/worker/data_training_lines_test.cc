#include "worker/data/training_lines.h"

#include <gtest/gtest.h>

#include <sstream>

namespace reslab::data {
namespace {

std::vector<std::string> Words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + " ";
  return text;
}

TEST(SplitIntoTrainingLines, PacksSentencesOfLongLine) {
  std::string speech;
  for (int i = 0; i < 400; ++i) speech += "Sentence number " + std::to_string(i) + " ends here. ";
  const std::vector<std::string> lines = SplitIntoTrainingLines(speech, 200);
  ASSERT_GT(lines.size(), 40u);
  for (const std::string& line : lines) {
    EXPECT_LE(line.size(), 200u);
    EXPECT_EQ(line.back(), '.') << "a sentence was cut: " << line;
  }
  EXPECT_EQ(Words(Join(lines)), Words(speech));
}

TEST(SplitIntoTrainingLines, KeepsParagraphsApart) {
  const std::vector<std::string> lines = SplitIntoTrainingLines("One. Two!\n\nThree?\nFour", 100);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "One. Two!");
  EXPECT_EQ(lines[1], "Three?");
  EXPECT_EQ(lines[2], "Four");
}

TEST(SplitIntoTrainingLines, CutsLongSentenceAtSpaces) {
  std::string sentence;
  for (int i = 0; i < 100; ++i) sentence += "word" + std::to_string(i) + " ";
  const std::vector<std::string> lines = SplitIntoTrainingLines(sentence, 50);
  for (const std::string& line : lines) EXPECT_LE(line.size(), 50u);
  EXPECT_EQ(Words(Join(lines)), Words(sentence));
}

TEST(SplitIntoTrainingLines, CutsSpacelessTextAtCharacterBoundary) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "\xC3\xA9";  // 'é', 2 bytes each
  const std::vector<std::string> lines = SplitIntoTrainingLines(text, 15);
  std::string rejoined;
  for (const std::string& line : lines) {
    EXPECT_LE(line.size(), 15u);
    EXPECT_EQ(line.size() % 2, 0u) << "a character was split";
    rejoined += line;
  }
  EXPECT_EQ(rejoined, text);
}

}  // namespace
}  // namespace reslab::data
