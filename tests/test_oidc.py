"""Organisation sign-in (OIDC), a fake identity: verified e-mails only, sign-out that sticks."""

from datetime import UTC, datetime, timedelta

import pytest
from conftest import NOW, ROOT
from streamlit.testing.v1 import AppTest

import ui
from coach import accounts, store
from coach.profiles import Profile

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "back-coach", "client_secret": "secret",
        "server_metadata_url": "https://id.example/.well-known/openid-configuration"}  # fmt: skip


@pytest.fixture
def organisation(app_db):
    db = store.open_db(app_db)
    account = accounts.create_account(
        db, "alex", "a long enough password", "Alex", email="alex@example.com", now=NOW
    )
    store.add_client(db, store.Viewer(account.owner_id), Profile("Only Alex's client", 40), NOW)
    return account


def visitor(**claims) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.secrets["auth"] = AUTH
    app.user = {"is_logged_in": True, **claims}
    return app.run()


def test_a_verified_e_mail_signs_in_to_its_account(organisation):
    app = visitor(email="alex@example.com", email_verified=True)
    assert not app.exception
    assert app.session_state[ui.OWNER_ID] == organisation.owner_id
    assert app.sidebar.selectbox(key=ui.CLIENT_PICKER).options == ["Only Alex's client"]


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "alex@example.com", "email_verified": False},
        {"email": "alex@example.com"},
        {"email": "alex@example.com", "email_verified": "true"},
        {"email": " Alex@Example.com ", "email_verified": True},
        {"email": "alex@example.com bob@example.com", "email_verified": True},
    ],
    ids=["unverified", "no claim", "string claim", "spaces", "two addresses"],
)
def test_an_unverified_or_untidy_e_mail_maps_to_nobody(organisation, claims):
    app = visitor(**claims)
    assert not app.exception
    assert ui.OWNER_ID not in app.session_state
    assert "has not verified it" in app.error[0].value
    assert "Only Alex's client" not in str(app)


def test_case_alone_is_normalised(organisation):
    app = visitor(email="ALEX@Example.COM", email_verified=True)
    assert app.session_state[ui.OWNER_ID] == organisation.owner_id


def test_sign_out_ends_the_organisation_session_and_stays_signed_out(organisation):
    app = visitor(email="alex@example.com", email_verified=True)
    app.sidebar.button(key="sidebar_sign_out").click().run()
    assert app.user == {"is_logged_in": False}
    app.run()
    assert ui.OWNER_ID not in app.session_state
    assert app.title[0].value == "Back Coach"


def test_idle_expiry_ends_the_organisation_session_too(organisation):
    app = visitor(email="alex@example.com", email_verified=True)
    app.session_state[ui.LAST_SEEN] = datetime.now(UTC) - timedelta(minutes=31)
    app.run()
    assert app.user == {"is_logged_in": False}
    app.run()
    assert ui.OWNER_ID not in app.session_state
    assert app.title[0].value == "Back Coach"
