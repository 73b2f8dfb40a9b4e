-- What a running import is doing: reading its files into staging, or merging them into the
-- register (one transaction that can last a while, during which the heartbeat keeps beating).
ALTER TABLE imports ADD COLUMN phase text CHECK (phase IN ('reading', 'merging'));
