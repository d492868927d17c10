#!/usr/bin/env python3
"""Print the current TOTP code for a base32 secret (RFC 6238: HMAC-SHA1, 6 digits, 30 s).

Usage: python3 scripts/totp.py SECRET
Standard library only, so it runs on any python3.
"""
import base64
import hashlib
import hmac
import struct
import sys
import time


def totp(secret_base32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The code for `secret_base32` at time `at` (default: now)."""
    secret = secret_base32.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))  # authenticator apps drop the padding
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F  # RFC 4226 dynamic truncation
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 scripts/totp.py SECRET")
    print(totp(sys.argv[1]))
