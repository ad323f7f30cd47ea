ALTER TABLE members DROP COLUMN description_html;
ALTER TABLE events DROP COLUMN body_html;
ALTER TABLE publications DROP COLUMN body_html;
