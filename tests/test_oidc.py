"""Organisation sign-in (OIDC), a fake identity: verified e-mails only, sign-out that sticks."""

from datetime import UTC, datetime, timedelta

import pytest
import streamlit as st
from conftest import NOW, ROOT, picker, submit_form
from streamlit.testing.v1 import AppTest

import ui
from coach import accounts, invitations, store
from coach.profiles import Profile
from ui import cookies
from ui.clock import utc_now

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
    assert picker(app).options == ["Only Alex's client"]


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


# ---------------------------------------------------------------- an invitation redeemed this way


@pytest.fixture
def invitation(organisation, app_db) -> str:
    db = store.open_db(app_db)
    workspace = store.Viewer(organisation.owner_id)
    casey = store.add_client(db, workspace, Profile("Casey Client", 34), NOW)
    return invitations.invite(db, workspace, casey.id, utc_now()).code


def invited_visitor(code: str, configured: bool) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if configured:
        app.secrets["auth"] = AUTH
        app.user = {"is_logged_in": False}
    app.query_params[invitations.INVITE_PARAMETER] = code
    return app.run()


def form_buttons(app: AppTest) -> list[str]:
    return [b.label for b in app.button if b.form_id == "start_invite"]


def test_the_invitation_offers_organisation_sign_in_only_where_it_is_configured(invitation):
    assert form_buttons(invited_visitor(invitation, False)) == ["Create my account"]
    assert form_buttons(invited_visitor(invitation, True)) == [
        "Create my account",
        "Use my organisation sign-in",
    ]


def test_choosing_organisation_sign_in_keeps_the_code_then_leaves(invitation, monkeypatch, app_db):
    kept, logins = [], []
    monkeypatch.setattr(cookies, "keep_invite", lambda code, expires: kept.append(code) or True)
    monkeypatch.setattr(st, "login", lambda *a: logins.append(a))
    app = invited_visitor(invitation, True)
    submit_form(app, "start_invite", "Use my organisation sign-in")
    assert kept == [invitation] and len(logins) == 1
    assert ui.OWNER_ID not in app.session_state
    opened = store.open_db(app_db).scalar("SELECT COUNT(*) FROM invitations WHERE redeemed IS NULL")
    assert opened == 1  # kept, not used: it is used when the browser comes back


def test_a_refused_code_never_leaves_for_organisation_sign_in(invitation, monkeypatch):
    kept = []
    monkeypatch.setattr(cookies, "keep_invite", lambda code, expires: kept.append(code) or True)
    app = invited_visitor("not-a-real-code", True)
    submit_form(app, "start_invite", "Use my organisation sign-in")
    assert "already used" in app.error[0].value
    assert kept == []


def test_back_from_organisation_sign_in_the_client_account_is_made_and_linked_once(
    invitation, monkeypatch, app_db
):
    monkeypatch.setattr(cookies, "pending_invite", lambda: invitation)
    app = visitor(email="casey@example.com", email_verified=True, name="Casey C")
    assert not app.exception
    assert app.title[0].value == "My check-in"
    db = store.open_db(app_db)
    account = accounts.account_for_email(db, "casey@example.com")
    assert app.session_state[ui.keys.ACCOUNT_ID] == account.id
    assert store.owner_kind(db, account.owner_id) == invitations.CLIENT_KIND
    assert store.owner_name(db, account.owner_id) == "Casey C"
    assert store.client_link(db, account.id) is not None
    with pytest.raises(accounts.SignInRefused):
        accounts.sign_in(db, account.username, accounts.NO_PASSWORD, NOW)
    again = visitor(email="someone@example.com", email_verified=True)
    assert "already used" in again.error[0].value
    assert ui.OWNER_ID not in again.session_state
    assert accounts.account_for_email(db, "someone@example.com") is None


def test_an_unverified_e_mail_redeems_nothing(invitation, monkeypatch, app_db):
    monkeypatch.setattr(cookies, "pending_invite", lambda: invitation)
    app = visitor(email="casey@example.com", email_verified=False)
    assert ui.OWNER_ID not in app.session_state
    db = store.open_db(app_db)
    assert db.scalar("SELECT COUNT(*) FROM invitations WHERE redeemed IS NULL") == 1
