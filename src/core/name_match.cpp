#include "core/name_match.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace devomap {

namespace {

// Base letters for U+00C0..U+00FF and U+0100..U+017F; '?' marks the few that need two letters
// or are not letters (×, ÷), handled in fold_code_point.
constexpr std::string_view kLatin1Fold =
    "AAAAAA?CEEEEIIII"
    "DNOOOOO?OUUUUY??"
    "aaaaaa?ceeeeiiii"
    "dnooooo?ouuuuy?y";
constexpr std::string_view kLatinExtendedAFold =
    "AaAaAaCcCcCcCcDd"
    "DdEeEeEeEeEeGgGg"
    "GgGgHhHhIiIiIiIi"
    "Ii??JjKkkLlLlLlL"
    "lLlNnNnNnnNnOoOo"
    "Oo??RrRrRrSsSsSs"
    "SsTtTtTtUuUuUuUu"
    "UuUuWwYyYZzZzZzs";

// Appends the folded form of one code point, or returns false to keep its bytes.
bool fold_code_point(std::uint32_t cp, std::string& out) {
  switch (cp) {
    case 0xC6:
      out += "AE";
      return true;
    case 0xE6:
      out += "ae";
      return true;
    case 0xDE:
      out += "TH";
      return true;
    case 0xFE:
      out += "th";
      return true;
    case 0xDF:
      out += "ss";
      return true;
    case 0x132:
      out += "IJ";
      return true;
    case 0x133:
      out += "ij";
      return true;
    case 0x152:
      out += "OE";
      return true;
    case 0x153:
      out += "oe";
      return true;
    default:
      break;
  }
  char base = '?';
  if (cp >= 0xC0 && cp <= 0xFF) base = kLatin1Fold[cp - 0xC0];
  if (cp >= 0x100 && cp <= 0x17F) base = kLatinExtendedAFold[cp - 0x100];
  if (base == '?') return false;
  out.push_back(base);
  return true;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    if (c == ' ') {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// "Bristol, City of" -> "City of Bristol"; "Wirral, The" -> "The Wirral". Only a trailing part
// that ends in "of" (or is "the") is moved, so lists such as "Newry, Mourne and Down" stay.
std::string undo_inversion(const std::string& name) {
  const std::size_t comma = name.rfind(',');
  if (comma == std::string::npos) return name;
  const std::string_view head = trim_spaces(std::string_view(name).substr(0, comma));
  const std::string_view tail = trim_spaces(std::string_view(name).substr(comma + 1));
  const std::string lower_tail = lower_ascii(tail);
  const bool ends_with_of =
      lower_tail.size() > 3 && lower_tail.compare(lower_tail.size() - 3, 3, " of") == 0;
  if (head.empty() || !(ends_with_of || lower_tail == "the")) return name;
  return std::string(tail) + " " + std::string(head);
}

}  // namespace

std::string fold_diacritics(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    // Two-byte sequences cover U+0080..U+07FF, which holds every letter folded here.
    if ((byte & 0xE0) == 0xC0 && i + 1 < text.size() &&
        (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
      const std::uint32_t cp =
          ((byte & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      if (!fold_code_point(cp, out)) out.append(text.substr(i, 2));
      i += 2;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

std::string name_key(std::string_view name) {
  const std::string folded = undo_inversion(fold_diacritics(name));
  std::string spaced;
  spaced.reserve(folded.size() + 8);
  for (std::size_t i = 0; i < folded.size();) {
    const std::string_view rest = std::string_view(folded).substr(i);
    // Curly apostrophes U+2018/U+2019 are dropped like straight ones: "King’s" = "Kings".
    if (rest.substr(0, 3) == "\xE2\x80\x98" || rest.substr(0, 3) == "\xE2\x80\x99") {
      i += 3;
      continue;
    }
    // En and em dashes separate words like a hyphen.
    if (rest.substr(0, 3) == "\xE2\x80\x93" || rest.substr(0, 3) == "\xE2\x80\x94") {
      spaced.push_back(' ');
      i += 3;
      continue;
    }
    const char c = folded[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      spaced.push_back(c);  // other non-ASCII text is kept as it is
    } else if (c == '\'' || c == '`') {
      // dropped
    } else if (c == '&') {
      spaced += " and ";
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      spaced.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      spaced.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      spaced.push_back(' ');
    }
    ++i;
  }
  std::vector<std::string> words = split_words(spaced);
  for (std::string& w : words)
    if (w == "saint") w = "st";
  return join_words(words);
}

std::string loose_name_key(std::string_view name) {
  const std::string exact = name_key(name);
  std::vector<std::string> words = split_words(exact);
  // "London Borough of Camden" -> "Camden" (plain "London" stays a word elsewhere).
  if (words.size() > 3 && words[0] == "london" && words[1] == "borough" && words[2] == "of")
    words.erase(words.begin(), words.begin() + 3);
  static const std::array<std::string_view, 17> kKindWords = {
      "council", "district",  "borough",   "city", "county", "metropolitan", "royal", "of", "the",
      "unitary", "authority", "municipal", "mbc",  "dc",     "bc",           "cc",    "ua"};
  std::vector<std::string> kept;
  for (const std::string& w : words) {
    bool kind_word = false;
    for (std::string_view k : kKindWords)
      if (w == k) kind_word = true;
    if (!kind_word) kept.push_back(w);
  }
  if (kept.empty()) return exact;
  return join_words(kept);
}

}  // namespace devomap
