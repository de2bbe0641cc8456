-- Covering indexes for the office's views over 100,000 parts, each in the order its query groups
-- by, so neither backend sorts: the warning board (open parts by unit, matters by leader), the
-- statistics (parts by unit and day assigned; the trend by day assigned and day closed), the source
-- menu, and the list pages ordered by deadline.
CREATE INDEX tracked_board ON tracked_items(unit_id, state, warning);
CREATE INDEX tracked_board_leader ON tracked_items(parent_id, leader_id, state, warning);
CREATE INDEX tracked_stats ON tracked_items(unit_id, assigned_on, state, due, closed_on, extension_count, close_days, kind);
CREATE INDEX tracked_assigned ON tracked_items(assigned_on, unit_id);
CREATE INDEX tracked_closed ON tracked_items(state, closed_on, unit_id);
CREATE INDEX tracked_sources ON tracked_items(parent_id, source_title);
CREATE INDEX tracked_list ON tracked_items(parent_id, due, created_ms);
CREATE INDEX tracked_unit_due ON tracked_items(unit_id, due, created_ms);
