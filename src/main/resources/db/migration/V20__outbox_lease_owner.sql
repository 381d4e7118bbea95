-- who holds the send lease: a sender whose lease expired mid-send must not overwrite the outcome of the one that took over
ALTER TABLE message_outbox ADD COLUMN lease_owner VARCHAR(36);
