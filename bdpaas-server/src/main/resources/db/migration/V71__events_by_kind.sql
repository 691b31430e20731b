-- The overview's warnings and errors: the newest events of some kinds, of any resource.
CREATE INDEX events_kind ON events (kind, id);
