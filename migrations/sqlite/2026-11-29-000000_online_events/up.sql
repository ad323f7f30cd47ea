-- Events held online, or both in a room and online: the address of the meeting.

ALTER TABLE events ADD COLUMN online_url TEXT;
