-- 精文简会 counts the 催报 of missed feedback cycles by when they were sent.
CREATE INDEX reminders_sent ON reminders(sent_ms, occasion, item_id);
