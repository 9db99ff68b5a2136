#!/usr/bin/python3
"""A local fake of Safaricom's Daraja API (M-Pesa B2C) for the payout tests.

It speaks the documented protocol on loopback:

  GET  /oauth/v1/generate?grant_type=client_credentials   (HTTP Basic: key:secret)
       -> {"access_token": "...", "expires_in": "3599"}
  POST /mpesa/b2c/v3/paymentrequest                         (Bearer token)
       -> {"ConversationID", "OriginatorConversationID", "ResponseCode": "0", ...}
          then, later, the Result posted to the request's ResultURL
  POST /mpesa/transactionstatus/v1/query                    (Bearer token)
       -> accepted, then the status Result posted to the query's ResultURL

The SecurityCredential of every request is really decrypted with the test
RSA key (PKCS#1 v1.5) and compared with the initiator's password; a wrong one
gives result code 2001, as Daraja does. OriginatorConversationID is the
idempotency key: a request repeated with the same id is answered with the
first one's ConversationID and pays nothing a second time.

What each payment does is told through a plan: POST /__control/plan with a
list of steps, one used per new payment request (then the default: success).
A step is an object of:

  "http_status": 500       answer the request with this error (and pay nothing
                           unless "then_process" is true: the answer is lost,
                           the payment is made)
  "then_process": true
  "result_code": 1         the Result's code (1: insufficient balance)
  "delay": 0.5             seconds before the Result is posted
  "lose_callback": true    post no Result at all (a status query finds it)
  "queue_timeout": true    post to QueueTimeOutURL instead of the Result
  "hang": 3                hold the HTTP answer this many seconds (a timeout)
  "duplicate_callback": true  post the Result twice

GET /__control/payments lists what was paid ({"OriginatorConversationID",
"Amount", "PartyB", "receipt", "times_paid", "result_code", ...}) and
GET /__control/requests every request as it arrived. The balance of the
paying account is --balance shillings; a payment over it gives result code 1.

It writes its port to --port-file once it listens, and the certificate the
caller encrypts with to --cert-out, and runs until killed.
"""
import argparse
import base64
import datetime
import json
import os
import random
import string
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

COMMANDS = {"SalaryPayment", "BusinessPayment", "PromotionPayment"}


class Fake:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.tokens = {}
        self.plan = []
        self.payments = {}  # OriginatorConversationID -> record
        self.requests = []
        self.balance = args.balance
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "daraja-fake")])
        now = datetime.datetime.utcnow()
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=30))
                .sign(self.key, hashes.SHA256()))
        with open(args.cert_out + ".tmp", "wb") as out:
            out.write(cert.public_bytes(serialization.Encoding.PEM))
        os.rename(args.cert_out + ".tmp", args.cert_out)

    def credential_ok(self, credential):
        try:
            password = self.key.decrypt(base64.b64decode(credential, validate=True), padding.PKCS1v15())
        except Exception:  # noqa: BLE001 - any undecryptable credential is simply wrong
            return False
        return password.decode("utf-8", "replace") == self.args.initiator_password

    def new_token(self):
        token = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(28))
        with self.lock:
            self.tokens[token] = time.time() + self.args.token_seconds
        return token

    def token_ok(self, header):
        if not header or not header.startswith("Bearer "):
            return False
        with self.lock:
            expiry = self.tokens.get(header[len("Bearer "):])
        return expiry is not None and expiry > time.time()


def receipt():
    return "S" + "".join(random.choice(string.ascii_uppercase + string.digits) for _ in range(9))


def post_json(url, body):
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except Exception:  # noqa: BLE001 - a callback that does not arrive is what Daraja sees too
        return 0


def make_handler(fake):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):  # quiet: the tests read /__control instead
            pass

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def error(self, status, code, message):
            self.reply(status, {"requestId": f"fake-{random.randint(1, 10**9)}", "errorCode": code,
                                "errorMessage": message})

        def body(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                return json.loads(raw or b"null")
            except ValueError:
                return None

        def do_GET(self):
            url = urlparse(self.path)
            if url.path == "/__control/payments":
                with fake.lock:
                    return self.reply(200, list(fake.payments.values()))
            if url.path == "/__control/requests":
                with fake.lock:
                    return self.reply(200, fake.requests)
            if url.path == "/oauth/v1/generate":
                if parse_qs(url.query).get("grant_type") != ["client_credentials"]:
                    return self.error(400, "400.008.02", "Invalid grant type passed")
                expected = base64.b64encode(
                    f"{fake.args.consumer_key}:{fake.args.consumer_secret}".encode()).decode()
                if self.headers.get("Authorization") != "Basic " + expected:
                    return self.error(400, "400.008.01", "Invalid Authentication passed")
                return self.reply(200, {"access_token": fake.new_token(),
                                        "expires_in": str(fake.args.token_seconds)})
            return self.error(404, "404.001.01", "Resource not found")

        def do_POST(self):
            url = urlparse(self.path)
            body = self.body()
            if url.path == "/__control/plan":
                with fake.lock:
                    fake.plan.extend(body or [])
                return self.reply(200, {"planned": len(fake.plan)})
            if url.path == "/__control/replay":
                # Posts a payment's last Result again: a duplicated callback.
                with fake.lock:
                    payment = fake.payments.get((body or {}).get("OriginatorConversationID"))
                if not payment or "last_result" not in payment:
                    return self.reply(404, {"error": "no such result"})
                status = post_json(payment["ResultURL"], payment["last_result"])
                return self.reply(200, {"status": status})
            if url.path not in ("/mpesa/b2c/v3/paymentrequest", "/mpesa/transactionstatus/v1/query"):
                return self.error(404, "404.001.01", "Resource not found")
            with fake.lock:
                fake.requests.append({"path": url.path, "body": body})
            if not fake.token_ok(self.headers.get("Authorization")):
                return self.error(401, "404.001.03", "Invalid Access Token")
            if not isinstance(body, dict):
                return self.error(400, "400.002.02", "Bad Request - Invalid JSON")
            if url.path == "/mpesa/b2c/v3/paymentrequest":
                return self.payment(body)
            return self.status_query(body)

        def payment(self, body):
            missing = [key for key in ("OriginatorConversationID", "InitiatorName", "SecurityCredential",
                                       "CommandID", "Amount", "PartyA", "PartyB", "Remarks",
                                       "QueueTimeOutURL", "ResultURL") if key not in body]
            if missing:
                return self.error(400, "400.002.02", "Bad Request - Invalid " + missing[0])
            amount = body["Amount"]
            if isinstance(amount, bool) or not isinstance(amount, int) or amount < 10 or amount > 250000:
                return self.error(400, "400.002.02", "Bad Request - Invalid Amount")
            if body["CommandID"] not in COMMANDS:
                return self.error(400, "400.002.02", "Bad Request - Invalid CommandID")
            if str(body["PartyA"]) != fake.args.shortcode:
                return self.error(400, "400.002.02", "Bad Request - Invalid PartyA")
            party_b = str(body["PartyB"])
            if not (len(party_b) == 12 and party_b.startswith("254") and party_b.isdigit()):
                return self.error(400, "400.002.02", "Bad Request - Invalid PartyB")
            originator = str(body["OriginatorConversationID"])
            with fake.lock:
                existing = fake.payments.get(originator)
                if existing is not None:
                    existing["requests"] += 1
                    return self.reply(200, {"ConversationID": existing["ConversationID"],
                                            "OriginatorConversationID": originator, "ResponseCode": "0",
                                            "ResponseDescription": "Accept the service request successfully."})
                step = fake.plan.pop(0) if fake.plan else {}
                conversation = "AG_" + time.strftime("%Y%m%d") + "_" + "".join(
                    random.choice("0123456789abcdef") for _ in range(20))
                payment = {"OriginatorConversationID": originator, "ConversationID": conversation,
                           "Amount": amount, "PartyB": party_b, "ResultURL": body["ResultURL"],
                           "QueueTimeOutURL": body["QueueTimeOutURL"], "times_paid": 0, "requests": 1,
                           "credential_ok": fake.credential_ok(body["SecurityCredential"]),
                           "InitiatorName": body["InitiatorName"], "step": step}
                fake.payments[originator] = payment
            if step.get("hang"):
                time.sleep(step["hang"])
            if step.get("http_status"):
                if step.get("then_process"):
                    self.process_later(payment, step)
                return self.error(step["http_status"], "500.003.02", "System is busy")
            self.reply(200, {"ConversationID": conversation, "OriginatorConversationID": originator,
                             "ResponseCode": "0",
                             "ResponseDescription": "Accept the service request successfully."})
            self.process_later(payment, step)

        def process_later(self, payment, step):
            threading.Thread(target=self.process, args=(payment, step), daemon=True).start()

        def process(self, payment, step):
            time.sleep(step.get("delay", 0.05))
            with fake.lock:
                code = step.get("result_code")
                if code is None:
                    if not payment["credential_ok"] or payment["InitiatorName"] != fake.args.initiator:
                        code = 2001
                    elif payment["Amount"] > fake.balance:
                        code = 1
                    else:
                        code = 0
                payment["result_code"] = code
                if code == 0:
                    payment["times_paid"] += 1
                    payment["receipt"] = receipt()
                    fake.balance -= payment["Amount"]
                result = result_of(payment, code, fake.balance)
                payment["last_result"] = result
            if step.get("lose_callback"):
                return
            if step.get("queue_timeout"):
                post_json(payment["QueueTimeOutURL"], {"Result": {
                    "ResultType": 1, "ResultCode": 1, "ResultDesc": "The request timed out in the queue.",
                    "OriginatorConversationID": payment["OriginatorConversationID"],
                    "ConversationID": payment["ConversationID"], "TransactionID": ""}})
                return
            post_json(payment["ResultURL"], result)
            if step.get("duplicate_callback"):
                post_json(payment["ResultURL"], result)

        def status_query(self, body):
            missing = [key for key in ("Initiator", "SecurityCredential", "CommandID", "PartyA",
                                       "IdentifierType", "ResultURL", "QueueTimeOutURL", "Remarks")
                       if key not in body]
            if missing:
                return self.error(400, "400.002.02", "Bad Request - Invalid " + missing[0])
            if body["CommandID"] != "TransactionStatusQuery":
                return self.error(400, "400.002.02", "Bad Request - Invalid CommandID")
            original = str(body.get("OriginalConversationID") or "")
            credential_ok = fake.credential_ok(body["SecurityCredential"])
            query_id = "".join(random.choice(string.digits) for _ in range(10))
            conversation = "AG_" + time.strftime("%Y%m%d") + "_" + query_id
            self.reply(200, {"OriginatorConversationID": query_id, "ConversationID": conversation,
                             "ResponseCode": "0",
                             "ResponseDescription": "Accept the service request successfully."})

            def answer():
                time.sleep(0.05)
                with fake.lock:
                    payment = fake.payments.get(original)
                    if not credential_ok:
                        result = {"ResultType": 0, "ResultCode": 2001,
                                  "ResultDesc": "The initiator information is invalid."}
                    elif payment is None or "result_code" not in payment:
                        result = {"ResultType": 0, "ResultCode": 2032,
                                  "ResultDesc": "The transaction does not exist."}
                    else:
                        completed = payment["result_code"] == 0
                        params = [{"Key": "ReceiptNo", "Value": payment.get("receipt", "")},
                                  {"Key": "Amount", "Value": payment["Amount"]},
                                  {"Key": "TransactionStatus", "Value": "Completed" if completed else "Failed"},
                                  {"Key": "ResultCode", "Value": payment["result_code"]},
                                  {"Key": "OriginatorConversationID", "Value": original},
                                  {"Key": "CreditPartyName", "Value": payment["PartyB"] + " - Agent"}]
                        result = {"ResultType": 0, "ResultCode": 0,
                                  "ResultDesc": "The service request is processed successfully.",
                                  "TransactionID": payment.get("receipt", ""),
                                  "ResultParameters": {"ResultParameter": params}}
                result.update({"OriginatorConversationID": query_id, "ConversationID": conversation})
                post_json(body["ResultURL"], {"Result": result})

            threading.Thread(target=answer, daemon=True).start()

    return Handler


def result_of(payment, code, balance):
    base = {"ResultType": 0, "ResultCode": code,
            "OriginatorConversationID": payment["OriginatorConversationID"],
            "ConversationID": payment["ConversationID"]}
    if code == 0:
        base.update({
            "ResultDesc": "The service request is processed successfully.",
            "TransactionID": payment["receipt"],
            "ResultParameters": {"ResultParameter": [
                {"Key": "TransactionAmount", "Value": payment["Amount"]},
                {"Key": "TransactionReceipt", "Value": payment["receipt"]},
                {"Key": "B2CRecipientIsRegisteredCustomer", "Value": "Y"},
                {"Key": "ReceiverPartyPublicName", "Value": payment["PartyB"] + " - Agent"},
                {"Key": "TransactionCompletedDateTime", "Value": time.strftime("%d.%m.%Y %H:%M:%S")},
                {"Key": "B2CUtilityAccountAvailableFunds", "Value": balance},
            ]}})
    else:
        descriptions = {1: "The balance is insufficient for the transaction.",
                        2001: "The initiator information is invalid."}
        base.update({"ResultDesc": descriptions.get(code, "The service request failed."),
                     "TransactionID": "NLJ0000000"})
    return {"Result": base}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--cert-out", required=True)
    parser.add_argument("--consumer-key", default="test-key")
    parser.add_argument("--consumer-secret", default="test-secret")
    parser.add_argument("--initiator", default="wakala_api")
    parser.add_argument("--initiator-password", default="Initiator#2026")
    parser.add_argument("--shortcode", default="600981")
    parser.add_argument("--balance", type=int, default=10_000_000)
    parser.add_argument("--token-seconds", type=int, default=3599)
    args = parser.parse_args()
    fake = Fake(args)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(fake))
    with open(args.port_file + ".tmp", "w") as out:
        out.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
