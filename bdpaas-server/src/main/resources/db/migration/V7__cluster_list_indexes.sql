-- Lists of clusters are ordered newest first, for everyone (admins) or for one owner: the order by
-- an index instead of a sort of the whole table.
CREATE INDEX clusters_created ON clusters (created_at, id);
CREATE INDEX clusters_owner_created ON clusters (owner_id, created_at, id);
