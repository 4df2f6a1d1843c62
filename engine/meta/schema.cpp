// The metadata schema as an append-only list of migrations.
//
// Records keep their full content in a `data` column, since "typed records" in the
// record codec's format (engine/meta/codec.hpp; before it, JSON), so that later features
// add fields without a migration; columns exist only for what is looked up, joined or
// kept unique (ids, names, references).
#include "engine/meta/database.hpp"

namespace tug::engine::meta {

const Migration kMigrations[] = {
    {"initial schema", R"sql(
CREATE TABLE namespaces (
    name    TEXT PRIMARY KEY,
    created INTEGER NOT NULL
);
CREATE TABLE images (
    namespace TEXT NOT NULL,
    id        TEXT NOT NULL,
    data      TEXT NOT NULL,
    created   INTEGER NOT NULL,
    PRIMARY KEY (namespace, id)
);
CREATE TABLE image_refs (
    namespace     TEXT NOT NULL,
    reference     TEXT NOT NULL,
    image_id      TEXT NOT NULL,
    target_digest TEXT,
    updated       INTEGER NOT NULL,
    PRIMARY KEY (namespace, reference)
);
CREATE INDEX image_refs_by_image ON image_refs (namespace, image_id);
CREATE TABLE containers (
    namespace TEXT NOT NULL,
    id        TEXT NOT NULL,
    name      TEXT NOT NULL,
    image_id  TEXT,
    data      TEXT NOT NULL,
    created   INTEGER NOT NULL,
    PRIMARY KEY (namespace, id),
    UNIQUE (namespace, name)
);
CREATE INDEX containers_by_image ON containers (namespace, image_id);
CREATE TABLE networks (
    namespace TEXT NOT NULL,
    id        TEXT NOT NULL,
    name      TEXT NOT NULL,
    data      TEXT NOT NULL,
    created   INTEGER NOT NULL,
    PRIMARY KEY (namespace, id),
    UNIQUE (namespace, name)
);
CREATE TABLE volumes (
    namespace TEXT NOT NULL,
    name      TEXT NOT NULL,
    data      TEXT NOT NULL,
    created   INTEGER NOT NULL,
    PRIMARY KEY (namespace, name)
);
CREATE TABLE snapshots (
    chain_id TEXT PRIMARY KEY,
    parent   TEXT,
    size     INTEGER NOT NULL DEFAULT 0,
    created  INTEGER NOT NULL
);
CREATE TABLE leases (
    id      TEXT PRIMARY KEY,
    expires INTEGER NOT NULL,
    data    TEXT NOT NULL
);
)sql"},
    // ps parses only this listing subset of each record (engine/container/brief.hpp).
    // Existing rows get it here, a little larger (whole Mounts and Networks) than
    // brief_of makes it, until their next write.
    {"container brief", R"sql(
ALTER TABLE containers ADD COLUMN brief TEXT;
UPDATE containers SET brief = json_object(
    'Id', data -> '$.Id', 'Name', data -> '$.Name', 'Created', data -> '$.Created',
    'Path', data -> '$.Path', 'Args', data -> '$.Args', 'Image', data -> '$.Image',
    'State', json_remove(data -> '$.State', '$.Health.Log'), 'Mounts', data -> '$.Mounts',
    'Config', json_object('Image', data -> '$.Config.Image', 'Labels', data -> '$.Config.Labels',
                          'ExposedPorts', data -> '$.Config.ExposedPorts'),
    'HostConfig', json_object('NetworkMode', data -> '$.HostConfig.NetworkMode',
                              'PortBindings', data -> '$.HostConfig.PortBindings'),
    'NetworkSettings', json_object('Ports', data -> '$.NetworkSettings.Ports',
                                   'Networks', data -> '$.NetworkSettings.Networks'));
)sql"},
    // Records become typed structs in the codec's format (engine/meta/codec.hpp), which
    // SQL cannot look into: what other areas query moves to columns and tables of its own
    // (a container's status, the volumes it uses), and each kind's stored format is kept
    // in record_formats. The records themselves are converted by the owning store on
    // first use (engine/meta/upgrade.hpp), from version 0, the JSON of before; a kind
    // without a row here (image, network, volume) is at version 0 too.
    {"typed records", R"sql(
ALTER TABLE containers ADD COLUMN status TEXT NOT NULL DEFAULT 'created';
ALTER TABLE containers ADD COLUMN health_log BLOB;
UPDATE containers SET status = coalesce(json_extract(data, '$.State.Status'), 'created')
    WHERE json_valid(data);
ALTER TABLE containers DROP COLUMN brief;
CREATE TABLE container_volumes (
    namespace    TEXT NOT NULL,
    container_id TEXT NOT NULL,
    volume       TEXT NOT NULL,
    PRIMARY KEY (namespace, container_id, volume)
);
CREATE INDEX container_volumes_by_volume ON container_volumes (namespace, volume);
INSERT OR IGNORE INTO container_volumes
    SELECT c.namespace, c.id, json_extract(m.value, '$.Name')
    FROM containers c, json_each(c.data, '$.Mounts') m
    WHERE json_valid(c.data) AND json_extract(m.value, '$.Type') = 'volume'
          AND json_extract(m.value, '$.Name') IS NOT NULL;
CREATE TABLE record_formats (
    kind    TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO record_formats VALUES ('container', 0);
)sql"},
};

const int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);

}  // namespace tug::engine::meta
