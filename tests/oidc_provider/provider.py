"""A third-party OpenID Connect provider for the tests, built on Authlib: the authorization code flow with PKCE,
client authentication by private_key_jwt (the client's keys fetched from its registered jwks_uri), ID tokens signed
RS512, a userinfo endpoint, discovery and JWKS, and back-channel logout tokens sent to the client.

It stands in for NHS CIS2 (staff) and NHS login (patients), which are outside this machine. Authlib does the protocol;
this file holds the glue (storage in memory, the sign-in page) and switches that make it misbehave per client:

    bad_signature  the ID token is signed with a key the JWKS does not hold, under a kid the JWKS does hold
    unknown_kid    the ID token is signed with a key under a kid the JWKS never publishes
    wrong_audience the ID token's aud is another client
    expired        the ID token expired an hour ago
    wrong_nonce    the ID token carries a nonce the client did not send
    low_acr        the ID token says AAL1, whatever was asked

Run: python3 tests/oidc_provider/provider.py [--port 0]; it prints `listening on http://127.0.0.1:PORT` when ready.
Tests set it up over HTTP: POST /control/clients and /control/users (JSON), POST /control/logout to send a
back-channel logout token for a user to the client (the answer holds the token, for a test that sends it again),
POST /control/rotate to sign with a new key from then on.
"""
import argparse
import html
import json
import logging
import secrets
import signal
import sys
import threading
import time
import urllib.request
from urllib.parse import urlencode

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector, current_token
from authlib.oauth2.rfc6749 import ClientMixin, InvalidClientError, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

ALG = "RS512"
APP_ANSWER_WAIT = 120  # seconds the provider waits for the app (its keys, a logout token's answer)
# the keys the JWKS publishes, newest first; the newest signs (POST /control/rotate adds a new one, as a provider
# rotating its keys does, and keeps the old one published)
KEYS = [RSAKey.generate_key(2048, parameters={"kid": "provider-1", "alg": ALG, "use": "sig"})]
# a key the JWKS never holds: signs under the signing key's kid (bad_signature) or a kid of its own (unknown_kid)
STRANGER_KEY = RSAKey.generate_key(2048, parameters={"alg": ALG, "use": "sig"})

app = Flask(__name__)
CLIENTS: dict[str, "Client"] = {}
USERS: dict[str, dict] = {}
CODES: dict[str, "Code"] = {}
TOKENS: dict[str, dict] = {}
USED_ASSERTION_IDS: set[str] = set()
SESSIONS: dict[str, str] = {}  # sub -> sid of their latest sign-in
LOCK = threading.Lock()


ISSUER = {"url": ""}  # set once the port is known: the issuer is one fixed address, whatever Host a client sends


def issuer() -> str:
    return ISSUER["url"]


class Client(ClientMixin):
    """A registered relying party: its redirect URIs, its JWKS URL, its back-channel logout URL, its misbehaviour."""

    def __init__(self, data: dict):
        self.client_id = data["client_id"]
        self.redirect_uris = data["redirect_uris"]
        self.jwks_uri = data["jwks_uri"]
        self.backchannel_logout_uri = data.get("backchannel_logout_uri")
        self.misbehave = data.get("misbehave")

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope):
        return scope

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return False

    def check_endpoint_auth_method(self, method, endpoint):
        return method == "private_key_jwt"

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class Code:
    """An authorization code with what the sign-in asked for."""

    def __init__(self, code, client_id, redirect_uri, scope, user, nonce, challenge, method, acr):
        self.code, self.client_id, self.redirect_uri, self.scope = code, client_id, redirect_uri, scope
        self.user, self.nonce, self.code_challenge, self.code_challenge_method = user, nonce, challenge, method
        self.acr, self.auth_time, self.expires = acr, int(time.time()), time.time() + 60

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return self.acr

    def get_amr(self):
        return None


class ClientKeyJWT(JWTBearerClientAssertion):
    """private_key_jwt: the assertion's key is looked up in the JWKS the client registered, fetched from its URL."""

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def get_audiences(self):
        return [issuer() + "/token"]

    def resolve_client_public_key(self, client):
        # the app under test shares two cores with a whole test suite: allow it time to answer
        with urllib.request.urlopen(client.jwks_uri, timeout=APP_ANSWER_WAIT) as response:
            return KeySet.import_key_set(json.load(response))

    def process_assertion_claims(self, assertion, resolve_key):
        # CIS2 and NHS login take client assertions signed RS512, which joserfc does not allow unless asked
        try:
            token = jwt.decode(assertion, resolve_key, algorithms=["RS512", "RS256", "ES256"])
        except JoseError as error:
            raise InvalidClientError(description=error.description) from error
        self.verify_claims(token.claims)
        return token.claims

    def validate_jti(self, claims, jti):
        with LOCK:
            if jti in USED_ASSERTION_IDS:
                return False
            USED_ASSERTION_IDS.add(jti)
            return True


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["private_key_jwt"]

    def save_authorization_code(self, code, req):
        acr = USERS[req.user]["acr"]
        CODES[code] = Code(code, req.client.client_id, req.payload.redirect_uri, req.payload.scope, req.user,
                           req.payload.data.get("nonce"), req.payload.data.get("code_challenge"),
                           req.payload.data.get("code_challenge_method"), acr)

    def query_authorization_code(self, code, client):
        found = CODES.get(code)
        if found and found.client_id == client.client_id and found.expires > time.time():
            return found
        return None

    def delete_authorization_code(self, authorization_code):
        CODES.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return authorization_code.user


class IDToken(OpenIDCode):
    """The ID token: the standard claims, the user's own (acr, vot, NHS number for NHS login) and the client's switch."""

    def exists_nonce(self, nonce, req):
        return any(c.nonce == nonce and c.client_id == req.payload.client_id for c in CODES.values())

    def encode_id_token(self, token, req):
        client, code, user = req.client, req.authorization_code, USERS[req.user]
        now = int(time.time())
        sid = secrets.token_urlsafe(12)
        SESSIONS[req.user] = sid
        claims = {"iss": issuer(), "sub": req.user, "aud": client.client_id, "iat": now, "exp": now + 300,
                  "auth_time": code.auth_time, "nonce": code.nonce, "sid": sid, "acr": code.acr}
        claims.update(user.get("id_token_claims", {}))
        key = KEYS[0]
        kid = key.kid
        match client.misbehave:
            case "bad_signature":
                key = STRANGER_KEY
            case "unknown_kid":
                key, kid = STRANGER_KEY, "not-in-the-jwks"
            case "wrong_audience":
                claims["aud"] = "some-other-client"
            case "expired":
                claims["iat"], claims["exp"] = now - 7200, now - 3600
            case "wrong_nonce":
                claims["nonce"] = secrets.token_urlsafe(16)
            case "low_acr":
                claims["acr"] = "AAL1"
        return jwt.encode({"alg": ALG, "kid": kid}, claims, key, algorithms=[ALG])


def save_token(token, req):
    TOKENS[token["access_token"]] = {"user": req.user, "scope": token.get("scope", ""), "expires": time.time() + 300}


server = AuthorizationServer(app, query_client=CLIENTS.get, save_token=save_token)
server.register_client_auth_method(ClientKeyJWT.CLIENT_AUTH_METHOD, ClientKeyJWT())
server.register_grant(CodeGrant, [CodeChallenge(required=True), IDToken(require_nonce=True)])


class AccessTokens(BearerTokenValidator):
    def authenticate_token(self, token_string):
        found = TOKENS.get(token_string)
        if not found:
            return None
        return _Token(found)


class _Token:
    def __init__(self, data):
        self.data = data

    def is_expired(self):
        return self.data["expires"] < time.time()

    def is_revoked(self):
        return False

    def get_scope(self):
        return self.data["scope"]


protected = ResourceProtector()
protected.register_token_validator(AccessTokens())


@app.get("/.well-known/openid-configuration")
def discovery():
    base = issuer()
    return jsonify({
        "issuer": base, "authorization_endpoint": base + "/authorize", "token_endpoint": base + "/token",
        "userinfo_endpoint": base + "/userinfo", "jwks_uri": base + "/jwks",
        "response_types_supported": ["code"], "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [ALG], "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS512", "ES256"],
        "code_challenge_methods_supported": ["S256"], "acr_values_supported": ["AAL1", "AAL2", "AAL3"],
        "backchannel_logout_supported": True, "backchannel_logout_session_supported": True,
        "scopes_supported": ["openid", "profile", "email", "nationalrbacaccess"],
    })


@app.get("/jwks")
def jwks():
    return jsonify({"keys": [key.as_dict(private=False) for key in KEYS]})


@app.route("/authorize", methods=["GET", "POST"])
def authorize():
    """The provider's own sign-in page: pick a person and press Sign in (the tests' smartcard)."""
    if request.method == "GET":
        try:
            server.get_consent_grant(end_user=None)
        except Exception as error:  # an invalid request: say so, as a provider does, and send nobody back
            return f"<h1>Sign-in request refused</h1><p>{html.escape(str(error))}</p>", 400
        options = "".join(f'<option value="{html.escape(sub)}">{html.escape(u["name"])}</option>' for sub, u in USERS.items())
        return (
            "<!doctype html><html lang=en><title>Test identity provider</title><h1>Test identity provider</h1>"
            f'<form method=post action="/authorize?{html.escape(request.query_string.decode())}">'
            f'<label for=user>Who is signing in</label><select id=user name=user>{options}</select>'
            "<button type=submit>Sign in</button></form>"
        )
    user = request.form.get("user", "")
    if user not in USERS:
        return "<h1>No such person</h1>", 400
    return server.create_authorization_response(grant_user=user)


@app.post("/token")
def issue_token():
    return server.create_token_response()


@app.get("/userinfo")
@protected()
def userinfo():
    sub = current_token.data["user"]
    return jsonify({"sub": sub, **USERS[sub].get("userinfo", {})})


@app.post("/control/clients")
def add_client():
    data = request.get_json()
    CLIENTS[data["client_id"]] = Client(data)
    return jsonify({"ok": True})


@app.post("/control/users")
def add_user():
    data = request.get_json()
    USERS[data["sub"]] = data
    return jsonify({"ok": True})


@app.post("/control/logout")
def send_logout():
    """Sends the client a back-channel logout token for a user, as the provider does when they sign out there."""
    data = request.get_json()
    client, sub = CLIENTS[data["client_id"]], data["sub"]
    now = int(time.time())
    claims = {"iss": issuer(), "aud": client.client_id, "iat": now, "exp": now + 120, "jti": secrets.token_urlsafe(16),
              "sub": sub, "events": {"http://schemas.openid.net/event/backchannel-logout": {}}}
    if sub in SESSIONS:
        claims["sid"] = SESSIONS[sub]
    token = jwt.encode({"alg": ALG, "kid": KEYS[0].kid, "typ": "logout+jwt"}, claims, KEYS[0], algorithms=[ALG])
    body = urlencode({"logout_token": token}).encode()
    sent = urllib.request.Request(client.backchannel_logout_uri, data=body, method="POST",
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(sent, timeout=APP_ANSWER_WAIT) as response:
            return jsonify({"status": response.status, "token": token})
    except urllib.error.HTTPError as error:
        return jsonify({"status": error.code, "body": error.read().decode(errors="replace"), "token": token})


@app.post("/control/rotate")
def rotate_keys():
    """Rotates the signing key: a new key under a new kid signs from now on; the old one stays published."""
    with LOCK:
        KEYS.insert(0, RSAKey.generate_key(2048, parameters={"kid": f"provider-{len(KEYS) + 1}", "alg": ALG, "use": "sig"}))
    return jsonify({"kid": KEYS[0].kid})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    # a parent that blocks or ignores SIGTERM (a test runner) passes that on to its children: stop when asked all the same
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    httpd = make_server("127.0.0.1", args.port, app, threaded=True)
    ISSUER["url"] = f"http://127.0.0.1:{httpd.server_port}"
    print(f"listening on {ISSUER['url']}", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
