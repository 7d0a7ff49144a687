"""Back Coach guidance logic: pure functions and small dataclasses, no UI."""
