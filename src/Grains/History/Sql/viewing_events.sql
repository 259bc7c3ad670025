-- Viewing history: an append-only log of viewing and search events, one row per event.
-- Idempotent: safe to run at every silo start (IF NOT EXISTS everywhere; no data changes).
CREATE TABLE IF NOT EXISTS viewing_events (
    event_id          uuid             PRIMARY KEY,          -- replays are dropped by ON CONFLICT (event_id) DO NOTHING
    profile_id        uuid             NOT NULL,
    account_id        uuid             NOT NULL,
    sequence          bigint           NOT NULL,             -- per profile, assigned by the profile's grain
    kind              smallint         NOT NULL,             -- Marquee.History.ViewingEventKind
    title_id          text             NULL,
    session_id        uuid             NULL,
    occurred_at       timestamptz      NOT NULL,
    position_seconds  double precision NOT NULL,
    seconds_watched   double precision NOT NULL,
    completion        double precision NOT NULL,
    device            text             NOT NULL,
    local_hour        smallint         NOT NULL,
    country           char(2)          NULL,                 -- ISO 3166 alpha-2; NULL when unknown
    query             text             NULL,                 -- the search text of a search event
    node_id           text             NULL,
    recorded_at       timestamptz      NOT NULL DEFAULT now()
);

-- History pages, newest first, and the recent window a grain loads on activation.
CREATE INDEX IF NOT EXISTS viewing_events_profile_time ON viewing_events (profile_id, occurred_at DESC, sequence DESC);

-- Gap filling for stream consumers (events after a sequence number) and the last sequence on activation.
CREATE INDEX IF NOT EXISTS viewing_events_profile_sequence ON viewing_events (profile_id, sequence);
