-- write keys issued through /api/write-keys: only a SHA-256 of each key is kept; revoked keys stay listed
CREATE TABLE write_key (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(100) NOT NULL,
  key_hash    CHAR(64)     NOT NULL,
  key_prefix  VARCHAR(16)  NOT NULL,
  created_at  DATETIME(3)  NOT NULL,
  revoked_at  DATETIME(3),
  CONSTRAINT uk_write_key_hash UNIQUE (key_hash)
) ${table_options};
