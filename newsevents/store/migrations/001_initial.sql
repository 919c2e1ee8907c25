-- 001: the first schema. One statement per ';'; applied in one transaction.
-- Keep in step with newsevents/store/schema.py (a test compares them).

CREATE TABLE documents (
    doc_id VARCHAR PRIMARY KEY,
    content_hash VARCHAR,
    duplicate_of VARCHAR,
    outlet VARCHAR,
    url VARCHAR,
    title VARCHAR,
    published VARCHAR,
    author VARCHAR,
    language VARCHAR,
    extraction VARCHAR,
    origin VARCHAR,
    text VARCHAR,
    meta VARCHAR,
    run_id VARCHAR,
    added_at TIMESTAMP
);
CREATE INDEX documents_hash ON documents (content_hash);

CREATE TABLE reports (
    event_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    outlet VARCHAR,
    published VARCHAR,
    block_key VARCHAR NOT NULL,
    date_start DATE,
    date_end DATE,
    cameo VARCHAR,
    cameo_root VARCHAR,
    source_key VARCHAR,
    target_key VARCHAR,
    modality VARCHAR,
    mentions INTEGER,
    evidence VARCHAR,
    data VARCHAR
);
CREATE INDEX reports_doc ON reports (doc_id);
CREATE INDEX reports_block ON reports (block_key);

CREATE TABLE mentions (
    report_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    doc_id VARCHAR NOT NULL,
    evidence VARCHAR,
    char_start INTEGER,
    char_end INTEGER,
    rule VARCHAR,
    outlet VARCHAR,
    published VARCHAR,
    PRIMARY KEY (report_id, idx)
);
CREATE INDEX mentions_doc ON mentions (doc_id);

CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY,
    block_key VARCHAR NOT NULL,
    day DATE,
    date_value VARCHAR,
    date_precision VARCHAR,
    source_name VARCHAR,
    source_code VARCHAR,
    source_country VARCHAR,
    source_agent VARCHAR,
    source_group VARCHAR,
    source_key VARCHAR,
    target_name VARCHAR,
    target_code VARCHAR,
    target_country VARCHAR,
    target_agent VARCHAR,
    target_group VARCHAR,
    target_key VARCHAR,
    dyad VARCHAR,
    cameo VARCHAR,
    cameo_root VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    plover_type VARCHAR,
    plover_mode VARCHAR,
    acled_event_type VARCHAR,
    acled_sub_event_type VARCHAR,
    location_name VARCHAR,
    location_admin1 VARCHAR,
    location_country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    geonameid BIGINT,
    location_feature VARCHAR,
    modality VARCHAR,
    claimed_by VARCHAR,
    num_mentions INTEGER,
    num_sources INTEGER,
    num_articles INTEGER,
    num_reports INTEGER,
    fatalities DOUBLE,
    injured DOUBLE,
    evidence VARCHAR,
    doc_id VARCHAR,
    source_url VARCHAR,
    outlets VARCHAR,
    confidence DOUBLE,
    first_published VARCHAR,
    date_added TIMESTAMP,
    data VARCHAR
);
CREATE INDEX events_block ON events (block_key);
CREATE INDEX events_day ON events (day);

CREATE TABLE event_reports (
    report_id VARCHAR PRIMARY KEY,
    event_id VARCHAR NOT NULL
);
CREATE INDEX event_reports_event ON event_reports (event_id);

CREATE TABLE actors (
    doc_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    name VARCHAR,
    text VARCHAR,
    country VARCHAR,
    agent VARCHAR,
    actor_group VARCHAR,
    code VARCHAR,
    kind VARCHAR,
    span_start INTEGER,
    span_end INTEGER,
    entry VARCHAR,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE places (
    doc_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    text VARCHAR,
    name VARCHAR,
    geonameid BIGINT,
    lat DOUBLE,
    lon DOUBLE,
    country VARCHAR,
    admin1 VARCHAR,
    feature VARCHAR,
    role VARCHAR,
    confidence DOUBLE,
    char_start INTEGER,
    char_end INTEGER,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE quotes (
    doc_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    text VARCHAR,
    char_start INTEGER,
    char_end INTEGER,
    speaker_name VARCHAR,
    speaker_code VARCHAR,
    speaker_country VARCHAR,
    speaker_text VARCHAR,
    verb VARCHAR,
    kind VARCHAR,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE rejections (
    rejection_id VARCHAR PRIMARY KEY,
    origin VARCHAR,
    reason VARCHAR,
    code VARCHAR,
    run_id VARCHAR,
    added_at TIMESTAMP
);

CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY,
    started TIMESTAMP,
    finished TIMESTAMP,
    batches INTEGER,
    documents INTEGER,
    reports INTEGER,
    rejections INTEGER
);

CREATE TABLE store_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
