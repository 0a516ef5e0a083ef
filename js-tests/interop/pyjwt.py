"""PyJWT's side of the interoperability matrix.

Reads one JSON request on stdin:
  {"sign": [{"alg", "key" (PEM or secret), "payload"}], "verify": [{"alg", "key", "token"}]}
and writes {"signed": [token, ...], "verified": [{"payload": ...} | {"error": "..."}, ...]}.
"""
import json
import sys

import jwt


def main():
    request = json.load(sys.stdin)
    signed = [jwt.encode(item["payload"], item["key"], algorithm=item["alg"]) for item in request.get("sign", [])]
    verified = []
    for item in request.get("verify", []):
        try:
            payload = jwt.decode(item["token"], item["key"], algorithms=[item["alg"]], options={"verify_iat": False})
            verified.append({"payload": payload})
        except Exception as error:  # every failure is a result to report, not a crash
            verified.append({"error": f"{type(error).__name__}: {error}"})
    json.dump({"signed": signed, "verified": verified}, sys.stdout)


if __name__ == "__main__":
    main()
