// Column alignment as Go's text/tabwriter does it for docker's tables
// (NewWriter(out, 10, 1, 3, ' ', 0)): tab-terminated cells, space padding.
#pragma once

#include <string>
#include <string_view>

namespace tug::cli::output {

// Aligns the tab-separated cells of text. Consecutive lines that have a cell in a
// column form a block; each cell of the block is padded to max(min_width, longest cell
// + padding) characters. The last cell of a line is not part of a column and is
// written unpadded, so lines without tabs pass through unchanged.
std::string tabwrite(std::string_view text, int min_width = 10, int padding = 3);

}  // namespace tug::cli::output
