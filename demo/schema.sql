-- The demo application's tables: every table regions.yaml names in a tier, with the
-- columns its residency rule reads (country, home_region).
CREATE TABLE IF NOT EXISTS users        (id bigint PRIMARY KEY, country text, name text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS sessions     (id bigint PRIMARY KEY, country text, user_id bigint NOT NULL, token_digest text NOT NULL);
CREATE TABLE IF NOT EXISTS payments     (id bigint PRIMARY KEY, country text, user_id bigint NOT NULL, amount numeric(12,2) NOT NULL);
CREATE TABLE IF NOT EXISTS orders       (id bigint PRIMARY KEY, country text, user_id bigint NOT NULL, total numeric(12,2) NOT NULL);
CREATE TABLE IF NOT EXISTS user_content (id bigint PRIMARY KEY, home_region text, body text NOT NULL);
CREATE TABLE IF NOT EXISTS app_logs     (id bigint PRIMARY KEY, message text NOT NULL);
CREATE TABLE IF NOT EXISTS audit_events (id bigint PRIMARY KEY, country text, action text NOT NULL);
