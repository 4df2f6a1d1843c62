// One layer of a pull: download, and unpack while streaming when the driver allows.
#include "engine/image/layer_fetch.hpp"

#include <fcntl.h>

#include <exception>
#include <thread>

#include "engine/base/error.hpp"
#include "engine/image/store.hpp"
#include "engine/snapshot/file_tail.hpp"

namespace tug::engine::image {

namespace {

// The data file of digest's ingest. The content store renames it into the store on
// commit; a FileTail's fd keeps reading the same bytes throughout.
std::string ingest_data_path(const content::Store& store, const std::string& digest) {
    return store.root() + "/ingest/" + content::digest_hex(digest) + "/data";
}

snapshot::LayerUnpack unpack_spec(FetchContext& ctx, const LayerJob& job, const std::string& id,
                                  const std::atomic<bool>* download_done) {
    snapshot::LayerUnpack lu;
    lu.chain_id = job.chain_id;
    lu.parent_chain_id = job.parent_chain_id;
    lu.diff_id = job.diff_id;
    lu.layer_digest = job.desc.digest;
    const int64_t total = job.desc.size;
    lu.on_progress = [&ctx, id, total, download_done](uint64_t consumed) {
        // While the download runs, its bar is the interesting one.
        if (download_done && !download_done->load()) return;
        ctx.progress.status(id, ProgressStatus::Extracting, static_cast<int64_t>(consumed), total);
    };
    return lu;
}

bool is_canceled(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const Error& err) {
        return err.code() == Errc::Canceled;
    } catch (...) {
        return false;
    }
}

}  // namespace

void unpack_layer_from_blob(FetchContext& ctx, const LayerJob& job) {
    const std::string id = short_id(job.desc.digest);
    content::Reader reader = ctx.content.open_reader(job.desc.digest);
    snapshot::FdSource src(reader.fd());
    ctx.progress.status(id, ProgressStatus::Extracting, 0, job.desc.size);
    ctx.snapshots.unpack(unpack_spec(ctx, job, id, nullptr), src);
    ctx.progress.status(id, ProgressStatus::PullComplete);
}

bool fetch_layer(FetchContext& ctx, const LayerJob& job) {
    const std::string id = short_id(job.desc.digest);
    const bool want_snapshot = job.unpack && !job.chain_id.empty();
    const bool have_snapshot = want_snapshot && ctx.snapshots.exists(job.chain_id);
    const bool can_stream = want_snapshot && !have_snapshot && ctx.snapshots.independent_layers();

    auto from_store = [&]() -> bool {
        if (!want_snapshot || have_snapshot) {
            ctx.progress.status(id, ProgressStatus::AlreadyExists);
            return have_snapshot;
        }
        if (!can_stream) {
            ctx.progress.status(id, ProgressStatus::DownloadComplete);
            return false;  // the native driver unpacks in order, after all downloads
        }
        unpack_layer_from_blob(ctx, job);
        return true;
    };
    if (ctx.content.exists(job.desc.digest)) return from_store();

    content::Writer writer = ctx.content.writer(job.desc.digest, job.desc.size);
    if (writer.already_exists()) return from_store();  // another process just finished it

    auto on_bytes = [&](snapshot::FileTail* tail) {
        return [&ctx, &job, id, tail](int64_t done, int64_t total) {
            if (ctx.cancel.load() || (tail && tail->aborted())) throw Error(Errc::Canceled, "pull canceled");
            if (tail) tail->notify();
            ctx.progress.status(id, ProgressStatus::Downloading, done, total > 0 ? total : job.desc.size);
        };
    };

    if (!can_stream) {
        ctx.client.fetch_blob(ctx.repo, job.desc, writer, on_bytes(nullptr));
        ctx.progress.status(id, ProgressStatus::VerifyingChecksum);
        ctx.progress.status(id, ProgressStatus::DownloadComplete);
        if (have_snapshot) ctx.progress.status(id, ProgressStatus::PullComplete);
        return have_snapshot;
    }

    snapshot::FileTail tail(base::open_fd(ingest_data_path(ctx.content, job.desc.digest).c_str(), O_RDONLY));
    std::atomic<bool> download_done{false};
    std::exception_ptr unpack_error;
    std::thread unpacker([&] {
        try {
            ctx.snapshots.unpack(unpack_spec(ctx, job, id, &download_done), tail);
        } catch (...) {
            unpack_error = std::current_exception();
            tail.abort();
        }
    });
    try {
        ctx.client.fetch_blob(ctx.repo, job.desc, writer, on_bytes(&tail));
    } catch (const Error& e) {
        tail.fail(e.message());
        unpacker.join();
        // A rejected layer aborts its own download: report why, not the abort.
        if (unpack_error && !is_canceled(unpack_error)) std::rethrow_exception(unpack_error);
        throw;
    }
    ctx.progress.status(id, ProgressStatus::VerifyingChecksum);
    ctx.progress.status(id, ProgressStatus::DownloadComplete);
    download_done = true;
    ctx.progress.status(id, ProgressStatus::Extracting, 0, job.desc.size);
    tail.finish();
    unpacker.join();
    if (unpack_error) {
        // The stream was cut under the unpacker (the server ignored Range and the
        // download restarted): the blob is complete now, unpack it from the store.
        if (!is_canceled(unpack_error)) std::rethrow_exception(unpack_error);
        unpack_layer_from_blob(ctx, job);
        return true;
    }
    ctx.progress.status(id, ProgressStatus::PullComplete);
    return true;
}

}  // namespace tug::engine::image
