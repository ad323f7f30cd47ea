-- The HTML of a body (a member's description), rendered and sanitized when the body is written: a detail no longer
-- renders Markdown each time it is read. NULL until then (rows written before this
-- migration): the reader renders it. A change to the renderer or to its allow-list comes
-- with a migration that sets these columns back to NULL.

ALTER TABLE publications ADD COLUMN body_html TEXT;
ALTER TABLE events ADD COLUMN body_html TEXT;
ALTER TABLE members ADD COLUMN description_html TEXT;
