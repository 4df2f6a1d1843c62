// Dropping the process's mappings of clean code and read-only data pages.
#pragma once

namespace tug::base {

// Unmaps, from this process only, the pages of every loaded object's read-only segments
// (code, read-only data): they stay in the page cache and fault back in when used again.
// A long-lived, mostly idle process (a container's monitor) calls it once it settles, so
// that it keeps mapped only the code its idle loop runs, not everything start-up touched
// (fault-around maps file pages 64 kB at a time). Writable segments, relocated read-only
// data (RELRO) included, are left alone: their pages are private copies.
void drop_clean_code_pages();

}  // namespace tug::base
