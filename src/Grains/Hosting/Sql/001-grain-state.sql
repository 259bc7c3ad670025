-- Marquee schema, step 001: grain state for Microsoft.Orleans.Persistence.AdoNet on PostgreSQL (invariant "Npgsql").
--
-- Written for Marquee from the provider's query contract (docs/architecture.md, "The PostgreSQL schema"):
-- at silo start the provider reads its statements from OrleansQuery (keys WriteToStorageKey, ReadFromStorageKey,
-- ClearStorageKey and, optionally, DeleteStorageKey) and runs them with these parameters:
--   @GrainIdHash int, @GrainTypeHash int        hashes of the key and the type, for a narrow index
--   @GrainIdN0 bigint, @GrainIdN1 bigint        the numeric key (Guid halves, or 0 and the integer key)
--   @GrainIdExtensionString text                the string key or key extension (NULL when there is none)
--   @GrainTypeString text, @ServiceId text      the grain type and Orleans ServiceId
--   @GrainStateVersion int                      the version (etag) the grain holds; NULL = it saw no row
--   @PayloadBinary bytea                        the serialized state (writes only)
-- and reads back: read -> zero or one row with columns "PayloadBinary" and "Version";
-- write -> exactly one row with "NewGrainStateVersion"; clear/delete -> exactly one row whose first column is the
-- new version. A NULL version back means "nothing matched the version the grain held": the provider turns it into
-- an InconsistentStateException (optimistic concurrency, e.g. a duplicate activation).
--
-- Every statement is idempotent (IF NOT EXISTS, OR REPLACE, upserts): PostgresSchema applies steps once under an
-- advisory lock, and a database prepared by hand with this file is still accepted.

-- The provider selects from this table with unquoted names, so PostgreSQL folds them to lower case:
-- it must be created unquoted too.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id      text        NOT NULL,
    grain_type_hash integer     NOT NULL,
    grain_type      text        NOT NULL,
    grain_id_hash   integer     NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    -- '' when the key has no string part, so the natural key holds no NULL and stays unique.
    grain_id_string text        NOT NULL,
    -- NULL after a clear: the row keeps counting versions, so an old etag can never match again.
    payload         bytea,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per grain. The text parts are hashed in the index so that string keys of any length fit a btree entry;
-- every lookup still compares the full values.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_key ON orleans_grain_state
    (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, md5(grain_type), md5(grain_id_string), md5(service_id));

CREATE OR REPLACE FUNCTION orleans_read_grain_state(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type text, p_grain_id_string text, p_service_id text)
    RETURNS TABLE (state_payload bytea, state_version integer)
    LANGUAGE sql STABLE
AS $$
    SELECT s.payload, s.version
    FROM orleans_grain_state s
    WHERE s.grain_id_hash = p_grain_id_hash AND s.grain_type_hash = p_grain_type_hash
      AND s.grain_id_n0 = p_grain_id_n0 AND s.grain_id_n1 = p_grain_id_n1
      AND s.grain_type = p_grain_type AND s.grain_id_string = coalesce(p_grain_id_string, '')
      AND s.service_id = p_service_id;
$$;

-- Returns the new version, or NULL when the version the grain held does not match the stored one.
CREATE OR REPLACE FUNCTION orleans_write_grain_state(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type text, p_grain_id_string text, p_service_id text, p_expected_version integer, p_payload bytea)
    RETURNS integer
    LANGUAGE plpgsql
AS $$
DECLARE
    written integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- The grain saw no row: only the first writer may create it; a row written meanwhile is a conflict.
        INSERT INTO orleans_grain_state AS s
            (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_string, payload, version)
        VALUES (p_service_id, p_grain_type_hash, p_grain_type, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1,
                coalesce(p_grain_id_string, ''), p_payload, 1)
        ON CONFLICT (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, md5(grain_type), md5(grain_id_string), md5(service_id))
            DO NOTHING
        RETURNING s.version INTO written;
    ELSE
        UPDATE orleans_grain_state s
        SET payload = p_payload, version = s.version + 1, modified_at = now()
        WHERE s.grain_id_hash = p_grain_id_hash AND s.grain_type_hash = p_grain_type_hash
          AND s.grain_id_n0 = p_grain_id_n0 AND s.grain_id_n1 = p_grain_id_n1
          AND s.grain_type = p_grain_type AND s.grain_id_string = coalesce(p_grain_id_string, '')
          AND s.service_id = p_service_id
          AND s.version = p_expected_version
        RETURNING s.version INTO written;
    END IF;
    RETURN written;
END;
$$;

-- Clear keeps the row (payload NULL, version + 1); returns the new version or NULL on a version conflict.
CREATE OR REPLACE FUNCTION orleans_clear_grain_state(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type text, p_grain_id_string text, p_service_id text, p_expected_version integer)
    RETURNS integer
    LANGUAGE sql
AS $$
    UPDATE orleans_grain_state s
    SET payload = NULL, version = s.version + 1, modified_at = now()
    WHERE s.grain_id_hash = p_grain_id_hash AND s.grain_type_hash = p_grain_type_hash
      AND s.grain_id_n0 = p_grain_id_n0 AND s.grain_id_n1 = p_grain_id_n1
      AND s.grain_type = p_grain_type AND s.grain_id_string = coalesce(p_grain_id_string, '')
      AND s.service_id = p_service_id
      AND s.version = p_expected_version
    RETURNING s.version;
$$;

-- Delete (the provider's DeleteStateOnClear option) removes the row; it returns the version after the one deleted,
-- which the provider only compares with the etag it held, or NULL on a version conflict.
CREATE OR REPLACE FUNCTION orleans_delete_grain_state(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type text, p_grain_id_string text, p_service_id text, p_expected_version integer)
    RETURNS integer
    LANGUAGE sql
AS $$
    DELETE FROM orleans_grain_state s
    WHERE s.grain_id_hash = p_grain_id_hash AND s.grain_type_hash = p_grain_type_hash
      AND s.grain_id_n0 = p_grain_id_n0 AND s.grain_id_n1 = p_grain_id_n1
      AND s.grain_type = p_grain_type AND s.grain_id_string = coalesce(p_grain_id_string, '')
      AND s.service_id = p_service_id
      AND s.version = p_expected_version
    RETURNING s.version + 1;
$$;

-- The statements the provider runs, wrapped so that each returns exactly the shape it reads.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
    ('ReadFromStorageKey', $q$
        SELECT state_payload AS "PayloadBinary", state_version AS "Version"
        FROM orleans_read_grain_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
                                      @GrainTypeString, @GrainIdExtensionString, @ServiceId);
    $q$),
    ('WriteToStorageKey', $q$
        SELECT orleans_write_grain_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
                                         @GrainTypeString, @GrainIdExtensionString, @ServiceId,
                                         @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion";
    $q$),
    ('ClearStorageKey', $q$
        SELECT orleans_clear_grain_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
                                         @GrainTypeString, @GrainIdExtensionString, @ServiceId,
                                         @GrainStateVersion) AS "NewGrainStateVersion";
    $q$),
    ('DeleteStorageKey', $q$
        SELECT orleans_delete_grain_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
                                          @GrainTypeString, @GrainIdExtensionString, @ServiceId,
                                          @GrainStateVersion) AS "NewGrainStateVersion";
    $q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
