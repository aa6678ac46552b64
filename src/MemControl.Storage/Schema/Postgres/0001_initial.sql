-- Schema version 1 (PostgreSQL). Tables mirror the concepts one to one, as optuna's RDB storage does.
CREATE TABLE IF NOT EXISTS version_info (
    version_info_id INTEGER PRIMARY KEY CHECK (version_info_id = 1),
    schema_version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS studies (
    study_id SERIAL PRIMARY KEY,
    study_name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS study_directions (
    study_id INTEGER NOT NULL REFERENCES studies(study_id),
    objective INTEGER NOT NULL,
    direction INTEGER NOT NULL,
    PRIMARY KEY (study_id, objective)
);
CREATE TABLE IF NOT EXISTS study_system_attributes (
    study_id INTEGER NOT NULL REFERENCES studies(study_id),
    key TEXT NOT NULL,
    value_json TEXT NOT NULL,
    PRIMARY KEY (study_id, key)
);
CREATE TABLE IF NOT EXISTS trials (
    trial_id BIGSERIAL PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(study_id),
    number INTEGER NOT NULL,
    state INTEGER NOT NULL,
    worker TEXT,
    started DOUBLE PRECISION,
    finished DOUBLE PRECISION,
    heartbeat DOUBLE PRECISION,
    fail_reason TEXT,
    UNIQUE (study_id, number)
);
CREATE INDEX IF NOT EXISTS ix_trials_study_state ON trials (study_id, state);
CREATE TABLE IF NOT EXISTS trial_params (
    trial_id BIGINT NOT NULL REFERENCES trials(trial_id),
    name TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    distribution_json TEXT NOT NULL,
    PRIMARY KEY (trial_id, name)
);
CREATE TABLE IF NOT EXISTS trial_values (
    trial_id BIGINT NOT NULL REFERENCES trials(trial_id),
    objective INTEGER NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (trial_id, objective)
);
CREATE TABLE IF NOT EXISTS trial_user_attributes (
    trial_id BIGINT NOT NULL REFERENCES trials(trial_id),
    key TEXT NOT NULL,
    value_json TEXT NOT NULL,
    PRIMARY KEY (trial_id, key)
);
CREATE TABLE IF NOT EXISTS trial_system_attributes (
    trial_id BIGINT NOT NULL REFERENCES trials(trial_id),
    key TEXT NOT NULL,
    value_json TEXT NOT NULL,
    PRIMARY KEY (trial_id, key)
);
