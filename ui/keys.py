"""Session-state key names, in one place: session state holds ids and plain values only."""

CLIENT_ID = "client_id"
CLIENT_PICKER = "sidebar_client_picker"
OWNER_ID = "owner_id"
IS_DEMO = "is_demo"
LAST_SEEN = "last_seen"
NOTICE = "notice"
MODE = "sidebar_mode"
