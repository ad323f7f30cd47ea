-- When the reminder before the event left for a registration; none: not yet.
ALTER TABLE registrations ADD COLUMN reminded_at TIMESTAMP;
