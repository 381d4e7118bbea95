-- a message being handed to SMTP is leased to one sender until lease_until; others wait for the outcome
ALTER TABLE message_outbox ADD COLUMN lease_until DATETIME(3);
