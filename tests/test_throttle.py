"""Failed sign-ins per client address: a sliding window, other addresses untouched, bounded."""

from datetime import datetime, timedelta

from coach import throttle
from coach.throttle import AddressThrottle

NOW = datetime(2026, 6, 1, 9, 0)


def test_an_address_is_refused_after_the_limit_until_the_window_passes():
    limiter = AddressThrottle(limit=3)
    for _ in range(3):
        assert limiter.allowed("203.0.113.7", NOW)
        limiter.failed("203.0.113.7", NOW)
    assert not limiter.allowed("203.0.113.7", NOW + timedelta(minutes=14))
    assert limiter.allowed("198.51.100.2", NOW)
    assert limiter.allowed("203.0.113.7", NOW + throttle.WINDOW)


def test_memory_stays_bounded_by_forgetting_the_oldest_addresses(monkeypatch):
    monkeypatch.setattr(throttle, "MAX_ADDRESSES", 3)
    limiter = AddressThrottle(limit=1)
    for n in range(5):
        limiter.failed(f"10.0.0.{n}", NOW)
    assert len(limiter._failures) == 3
    assert limiter.allowed("10.0.0.0", NOW)
    assert not limiter.allowed("10.0.0.4", NOW)
