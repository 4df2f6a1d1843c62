// UTF-8 as Go's unicode/utf8 reads and writes it, for the output code that must count,
// cut and quote strings exactly as docker's Go templates do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tug::cli::output {

// Decodes the sequence at s[i] (i < s.size()) and moves i past it. An invalid byte (a
// bad lead, a short or overlong sequence, a surrogate, past U+10FFFF) gives -1 and
// moves i by one byte, as Go's utf8.DecodeRuneInString yields RuneError with width 1.
long decode_utf8(std::string_view s, size_t& i);

// Appends cp's encoding; a surrogate or a value past U+10FFFF appends U+FFFD, as Go's
// utf8.AppendRune does.
void append_utf8(std::string& out, uint32_t cp);

// Number of characters in s, an invalid byte counting as one (Go's RuneCountInString).
size_t utf8_length(std::string_view s);

// The length in bytes of s's first n characters (all of s when it has fewer).
size_t utf8_prefix(std::string_view s, size_t n);

}  // namespace tug::cli::output
