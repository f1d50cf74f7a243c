#!/usr/bin/python3
"""Independent check of a JWT bearer assertion with PyJWT, as Salesforce would check it.

usage: verify_jwt.py CERT_PEM AUDIENCE [--iss ISS] [--sub SUB] [--now EPOCH] < token

Verifies the RS256 signature with the certificate's public key, requires iss/sub/aud/exp,
checks aud (and iss/sub when given), and that exp is an integer at most 180 s after now
(--now, default the current time) and not in the past. Prints the claims as JSON and exits 0;
otherwise prints the reason on stderr and exits 1.
"""
import argparse
import json
import sys
import time

import jwt
from cryptography import x509

MAX_LIFETIME = 180


def fail(reason):
    print(f"verify_jwt: {reason}", file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cert")
    parser.add_argument("audience")
    parser.add_argument("--iss")
    parser.add_argument("--sub")
    parser.add_argument("--now", type=int)
    args = parser.parse_args()

    with open(args.cert, "rb") as f:
        public_key = x509.load_pem_x509_certificate(f.read()).public_key()
    token = sys.stdin.read().strip()

    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(
            token,
            public_key,
            algorithms=["RS256"],
            audience=args.audience,
            issuer=args.iss,
            # exp is checked below against --now, so a test may use a fixed clock.
            options={"require": ["iss", "sub", "aud", "exp"], "verify_exp": False},
        )
    except jwt.PyJWTError as e:
        fail(f"{type(e).__name__}: {e}")

    if header.get("alg") != "RS256" or header.get("typ") != "JWT":
        fail(f"unexpected header {header}")
    if args.sub is not None and claims["sub"] != args.sub:
        fail(f"sub is {claims['sub']!r}, expected {args.sub!r}")
    exp = claims["exp"]
    if not isinstance(exp, int) or isinstance(exp, bool):
        fail(f"exp is not an integer: {exp!r}")
    now = args.now if args.now is not None else int(time.time())
    if not now < exp <= now + MAX_LIFETIME:
        fail(f"exp {exp} is not within {MAX_LIFETIME} s after {now}")

    print(json.dumps(claims, sort_keys=True))


if __name__ == "__main__":
    main()
