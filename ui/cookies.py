"""The session cookie: read natively, written and deleted through a well-kept component.

Streamlit reads cookies (`st.context.cookies`, sent when the tab connects) but cannot set them;
extra-streamlit-components' cookie manager does, from a hidden frame of our own origin. We call
its declared component directly rather than its `CookieManager` class, because only the
component's return value says the browser really stored (or dropped) the cookie, and the class
would also read every cookie on each call. The component is imported when a cookie is first
written, not with the app: the package costs about 60 ms of a cold start, and the first screen
of a visitor who is not signed in writes none.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from coach.sessions import COOKIE

# An invitation's code, kept while the client signs in at their organisation: st.login leaves
# the app and comes back in a new session, which has only the browser's cookies.
INVITE_COOKIE = "backcoach_invite"


def session_cookie() -> str | None:
    """The token this browser sent when the tab connected, if any."""
    token = st.context.cookies.get(COOKIE)
    return token if isinstance(token, str) else None


def _served_over_https() -> bool:
    url = st.context.url
    proto = st.context.headers.get("X-Forwarded-Proto")
    return (isinstance(url, str) and url.startswith("https:")) or proto == "https"


def _cookie_frame(**kwargs: object) -> object:
    from extra_streamlit_components.CookieManager import _component_func

    return _component_func(**kwargs)


def _set(cookie: str, value: str, expires: datetime, same_site: str, key: str) -> bool:
    options = {"path": "/", "expires": expires.isoformat(), "sameSite": same_site}
    if _served_over_https():
        options["secure"] = True
    with st.sidebar:
        return bool(
            _cookie_frame(
                method="set", cookie=cookie, value=value, options=options, key=key, default=False
            )
        )


def write(token: str, expires: datetime) -> bool:
    """Store the token in the browser; True once the browser confirmed it."""
    return _set(COOKIE, token, expires, "strict", f"cookie_set_{token[:12]}")


def delete(generation: int) -> bool:
    """Drop the token from the browser; True once the browser confirmed it."""
    with st.sidebar:
        frame = _cookie_frame(
            method="delete", cookie=COOKIE, key=f"cookie_delete_{generation}", default=False
        )
    return bool(frame)


def pending_invite() -> str | None:
    """The invitation code this browser kept before leaving for organisation sign-in."""
    code = st.context.cookies.get(INVITE_COOKIE)
    return code if isinstance(code, str) and code else None


def keep_invite(code: str, expires: datetime) -> bool:
    """Keep an invitation's code in the browser until it returns; True once stored.

    Lax, not strict: the browser comes back through a redirect from the identity provider's
    site, and a strict cookie is withheld from a navigation that began on another site."""
    return _set(INVITE_COOKIE, code, expires, "lax", "cookie_set_invite")


def drop_invite() -> bool:
    """Forget the kept code (used, or refused); True once the browser confirmed it."""
    with st.sidebar:
        return bool(
            _cookie_frame(
                method="delete", cookie=INVITE_COOKIE, key="cookie_delete_invite", default=False
            )
        )
