// Registry client operations on blobs: existence checks, resumable downloads into the
// content store, uploads (mount, monolithic, chunked).
#include <algorithm>

#include "engine/base/error.hpp"
#include "engine/base/log.hpp"
#include "engine/registry/client.hpp"
#include "engine/registry/session.hpp"

namespace tug::engine::registry {
namespace {

// Blobs up to this size go in one PUT; larger ones in PATCH chunks of this size, so a
// failure costs at most one chunk's progress reporting and proxies with body limits
// still pass.
constexpr int64_t kChunkSize = 64 << 20;
constexpr int kMaxAttempts = 3;

std::string blob_url(const Endpoint& ep, const std::string& repo, const std::string& digest) {
    return ep.base_url + "/" + repo + "/blobs/" + digest;
}

std::string with_query(const std::string& url, const std::string& param) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
}

// Range start in "bytes 100-199/200" (Content-Range) or -1.
int64_t content_range_start(const std::string& v) {
    const size_t sp = v.find(' ');
    if (sp == std::string::npos) return -1;
    return std::atoll(v.c_str() + sp + 1);
}

}  // namespace

std::optional<int64_t> Client::blob_exists(const std::string& repo, const std::string& digest) {
    const std::string op = "check blob " + digest;
    HttpResponse resp =
        impl_->send(Capability::Pull, {pull_scope(repo)}, op, [&](const Endpoint& ep) {
            HttpRequest req;
            req.method = "HEAD";
            req.url = blob_url(ep, repo, digest);
            req.follow_redirects = true;
            return req;
        });
    if (resp.status == 404) return std::nullopt;
    if (resp.status != 200) throw http_error(op, resp.status, resp.body);
    const std::string len = resp.header("content-length");
    return len.empty() ? int64_t{-1} : std::atoll(len.c_str());
}

void Client::fetch_blob(const std::string& repo, const content::Descriptor& desc,
                        content::Writer& writer, const ProgressFn& progress) {
    const std::string op = "fetch blob " + desc.digest;
    if (writer.already_exists()) {
        if (progress) progress(desc.size, desc.size);
        return;
    }
    const int64_t total = desc.size;
    int failures = 0;
    for (;;) {
        const int64_t start = writer.committed_size();
        if (total >= 0 && start == total) break;  // everything arrived before an interruption
        if (progress) progress(start, total);
        HttpResponse resp;
        try {
            resp = impl_->send(Capability::Pull, {pull_scope(repo)}, op, [&](const Endpoint& ep) {
                HttpRequest req;
                req.url = blob_url(ep, repo, desc.digest);
                req.follow_redirects = true;
                const int64_t from = writer.committed_size();
                if (from > 0) req.headers.push_back("Range: bytes=" + std::to_string(from) + "-");
                req.on_headers = [&writer, from](const HttpResponse& r) {
                    if (r.status == 200 && from > 0) {
                        writer.truncate();  // the server ignored Range: start over
                    } else if (r.status == 206) {
                        const int64_t got = content_range_start(r.header("content-range"));
                        if (got != from) {
                            throw Error(Errc::Internal,
                                        "registry answered range " + std::to_string(got) +
                                            " for a request from " + std::to_string(from));
                        }
                    }
                };
                req.sink = [&writer, &progress, total](const char* data, size_t len) {
                    writer.write(data, len);
                    if (progress) progress(writer.committed_size(), total);
                };
                return req;
            });
        } catch (const Error& e) {
            // A transfer that dropped midway resumes from what arrived, as long as it
            // keeps making progress.
            const bool progressed = writer.committed_size() > start;
            if (e.code() != Errc::Unavailable && e.code() != Errc::DeadlineExceeded) throw;
            if (!progressed && ++failures >= kMaxAttempts) throw;
            base::log_debug("registry: " + e.message() + "; resuming at " +
                            std::to_string(writer.committed_size()));
            continue;
        }
        if (resp.status == 416 && start > 0) {
            writer.truncate();
            continue;
        }
        if (resp.status != 200 && resp.status != 206) throw http_error(op, resp.status, resp.body);
        if (total >= 0 && writer.committed_size() < total) {
            // The connection closed early without curl noticing (no Content-Length).
            if (writer.committed_size() == start && ++failures >= kMaxAttempts) {
                throw Error(Errc::Unavailable, op + ": transfer ended early");
            }
            continue;
        }
        break;
    }
    with_context(op, [&] { writer.commit(); });
}

std::string Client::fetch_blob_bytes(const std::string& repo, const content::Descriptor& desc,
                                     size_t max_size) {
    const std::string op = "fetch blob " + desc.digest;
    if (desc.size > static_cast<int64_t>(max_size)) {
        throw Error(Errc::InvalidArgument,
                    op + ": too large (" + std::to_string(desc.size) + " bytes)");
    }
    HttpResponse resp =
        impl_->send(Capability::Pull, {pull_scope(repo)}, op, [&](const Endpoint& ep) {
            HttpRequest req;
            req.url = blob_url(ep, repo, desc.digest);
            req.follow_redirects = true;
            return req;
        });
    if (resp.status != 200) throw http_error(op, resp.status, resp.body);
    if (resp.body.size() > max_size) throw Error(Errc::InvalidArgument, op + ": too large");
    const std::string got = content::sha256_digest(resp.body);
    if (got != desc.digest)
        throw Error(Errc::InvalidArgument, op + ": digest mismatch: got " + got);
    return std::move(resp.body);
}

PushResult Client::push_blob(const std::string& repo, const content::Descriptor& desc,
                             content::Reader& reader, const ProgressFn& progress,
                             const std::optional<std::string>& mount_from) {
    const std::string op = "upload blob " + desc.digest;
    if (auto have = blob_exists(repo, desc.digest)) {
        if (progress) progress(desc.size, desc.size);
        return PushResult::Exists;
    }
    const int64_t size = desc.size >= 0 ? desc.size : reader.size();
    Scopes scopes = {push_scope(repo)};
    if (mount_from && *mount_from != repo) scopes.push_back(pull_scope(*mount_from));

    for (int attempt = 1;; ++attempt) {
        try {
            // Start an upload session, or mount the blob from a sibling repository.
            HttpResponse start = impl_->send(Capability::Push, scopes, op, [&](const Endpoint& ep) {
                HttpRequest req;
                req.method = "POST";
                req.url = ep.base_url + "/" + repo + "/blobs/uploads/";
                if (mount_from && *mount_from != repo) {
                    req.url +=
                        "?mount=" + url_escape(desc.digest) + "&from=" + url_escape(*mount_from);
                }
                return req;
            });
            if (start.status == 201) {
                if (progress) progress(size, size);
                return PushResult::Mounted;
            }
            if (start.status != 202) throw http_error(op, start.status, start.body);
            std::string location = resolve_url(start.url, start.header("location"));
            if (location.empty())
                throw Error(Errc::Internal, op + ": registry gave no upload location");

            reader.seek(0);
            int64_t sent = 0;
            auto body_request = [&](const std::string& method, const std::string& url,
                                    int64_t len) {
                HttpRequest req;
                req.method = method;
                req.url = url;
                req.headers.push_back("Content-Type: application/octet-stream");
                req.has_body = true;
                req.body_length = len;
                req.body_source = [&, remaining = len](char* buf, size_t want) mutable -> size_t {
                    const size_t n = reader.read(buf, static_cast<size_t>(std::min<int64_t>(
                                                          remaining, static_cast<int64_t>(want))));
                    remaining -= static_cast<int64_t>(n);
                    sent += static_cast<int64_t>(n);
                    if (progress) progress(sent, size);
                    return n;
                };
                return req;
            };
            // Bodies are streams: these requests are not replayed inside send(); the
            // whole upload restarts instead.
            if (size <= kChunkSize) {
                HttpResponse put = impl_->send(
                    Capability::Push, scopes, op,
                    [&](const Endpoint&) {
                        return body_request(
                            "PUT", with_query(location, "digest=" + url_escape(desc.digest)), size);
                    },
                    false);
                if (put.status != 201 && put.status != 204)
                    throw http_error(op, put.status, put.body);
            } else {
                for (int64_t off = 0; off < size; off += kChunkSize) {
                    const int64_t len = std::min(kChunkSize, size - off);
                    HttpResponse patch = impl_->send(
                        Capability::Push, scopes, op,
                        [&](const Endpoint&) {
                            HttpRequest req = body_request("PATCH", location, len);
                            req.headers.push_back("Content-Range: " + std::to_string(off) + "-" +
                                                  std::to_string(off + len - 1));
                            return req;
                        },
                        false);
                    if (patch.status != 202) throw http_error(op, patch.status, patch.body);
                    if (const std::string loc = patch.header("location"); !loc.empty()) {
                        location = resolve_url(patch.url, loc);
                    }
                }
                HttpResponse put = impl_->send(Capability::Push, scopes, op, [&](const Endpoint&) {
                    HttpRequest req;
                    req.method = "PUT";
                    req.url = with_query(location, "digest=" + url_escape(desc.digest));
                    req.has_body = true;
                    req.body_length = 0;
                    return req;
                });
                if (put.status != 201 && put.status != 204)
                    throw http_error(op, put.status, put.body);
            }
            return PushResult::Uploaded;
        } catch (const Error& e) {
            if ((e.code() != Errc::Unavailable && e.code() != Errc::DeadlineExceeded) ||
                attempt >= kMaxAttempts)
                throw;
            base::log_debug("registry: " + e.message() + "; restarting the upload");
            backoff(attempt, nullptr);
        }
    }
}

}  // namespace tug::engine::registry
