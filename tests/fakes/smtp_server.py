#!/usr/bin/python3
"""A real SMTP server on loopback for the email tests (Debian's python3-aiosmtpd).

Every message it accepts is written whole (as received, headers and MIME
parts) to DIR/<n>.eml, and decoded with the envelope to DIR/<n>.json. It can be
told to misbehave, so that the tests see how Wakala copes:

  --refuse-first N   answer the first N messages' DATA with 451 (try again later)
  --reject-rcpt ADDR answer RCPT TO:<ADDR> with 550 (no such mailbox: for good)
  --drop-first N     close the connection on the first N messages' DATA
  --auth USER:PASS   require AUTH PLAIN/LOGIN with these credentials
  --tls CERT:KEY     offer STARTTLS with this certificate, and require it

It writes its port to --port-file once it listens, and runs until killed.
"""
import argparse
import email
import email.policy
import json
import os
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = 0
        self.data_seen = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.args.reject_rcpt and address.lower() == self.args.reject_rcpt.lower():
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_seen += 1
            seen = self.data_seen
        if seen <= self.args.drop_first:
            session.transport.close()
            return "421 closing"  # never reaches the client: the connection is gone
        if seen <= self.args.drop_first + self.args.refuse_first:
            return "451 4.3.0 try again later"
        with self.lock:
            self.count += 1
            n = self.count
        path = os.path.join(self.args.dir, f"{n:04d}")
        with open(path + ".eml.tmp", "wb") as out:
            out.write(envelope.original_content or envelope.content)
        # What arrived, read back with Python's own MIME parser (not libcurl's
        # encoder): the tests check the decoded subject and both parts.
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        with open(path + ".json", "w") as out:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                       "tls": session.ssl is not None,
                       "auth": bool(session.authenticated),
                       "content_type": message.get_content_type(),
                       "headers": {k: str(v) for k, v in message.items()},
                       "text": text.get_content() if text else None,
                       "html": html.get_content() if html else None}, out)
        os.rename(path + ".eml.tmp", path + ".eml")
        return "250 2.0.0 accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--refuse-first", type=int, default=0)
    parser.add_argument("--drop-first", type=int, default=0)
    parser.add_argument("--reject-rcpt", default="")
    parser.add_argument("--auth", default="")
    parser.add_argument("--tls", default="")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    kwargs = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and \
                auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticate, auth_required=True,
                      auth_require_tls=bool(args.tls))
    if args.tls:
        cert, key = args.tls.split(":", 1)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        kwargs.update(tls_context=context, require_starttls=True)

    # aiosmtpd's Controller cannot listen on port 0: take a free port first.
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(args), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    with open(args.port_file + ".tmp", "w") as out:
        out.write(str(port))
    os.rename(args.port_file + ".tmp", args.port_file)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
