// The metadata schema as an append-only list of migrations.
//
// Records keep their full content as JSON in a `data` column, so that later features
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
};

const int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);

}  // namespace tug::engine::meta
