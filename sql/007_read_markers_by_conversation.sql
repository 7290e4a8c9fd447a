-- The conversation list shows the other side's read markers (receipts after a reload): they are looked
-- up by conversation. conversation_id never changes in a marker row, so the writer's marker updates
-- stay HOT (no index entry is written when only seq moves).
create index read_markers_conversation on read_markers (conversation_id);
