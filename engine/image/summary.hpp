// Helpers shared by the local image operations (list, remove, prune, df, inspect).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/image.hpp"
#include "engine/content/store.hpp"
#include "engine/image/store.hpp"

namespace tug::engine::meta {
class Database;
}

namespace tug::engine::image {

// docker's short form of a normalized reference ("alpine:latest").
std::string familiar(const std::string& normalized);
// The image config JSON (empty object when the blob is missing or not JSON).
nlohmann::json read_config(const content::Store& cs, const std::string& id);
ImageSummary summarize(const ImageRecord& r, const std::vector<RefRow>& refs, const content::Store& cs,
                       int64_t containers);
// Summaries of every image of the store's namespace, newest first.
std::vector<ImageSummary> all_summaries(ImageStore& store);
// Containers per image id in a namespace.
std::map<std::string, int64_t> container_counts(meta::Database& db, const std::string& ns);
// "key" or "key=value" against labels.
bool label_matches(const std::map<std::string, std::string>& labels, const std::string& want);
// docker's until= value: a unix timestamp, an RFC 3339 time or a duration ("24h")
// before now. InvalidArgument otherwise.
int64_t parse_until(const std::string& v);

}  // namespace tug::engine::image
