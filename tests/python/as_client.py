#!/usr/bin/env python3
"""Plays the original ActionScript client (AmfSocket / AmfRpcSocket) against the conformance
server (examples/conformance), with PyAMF (PyPI package `py3amf`, imported as `pyamf`).

    python3 tests/python/as_client.py --port P [--policy-port Q]

It speaks the protocol of shared/PROTOCOL.md as the ActionScript client does: length-prefixed
AMF3 frames, each encoded on its own (fresh reference tables), anonymous dynamic objects for the
envelopes, messageIds "<ms since epoch>:<9 digits>:<9 digits>", pings answered with "pong". It
applies the client's validation rules to every frame it receives (messageId a String, command a
String, params an Object and not null, a response carrying the key `result` even when null), and
ignores what fails them, as the client does; this script also counts every ignored frame as a
failure of the server, since a conforming server never sends one.

Every step prints `PASS <step>` or `FAIL <step>: <why>`; the exit status is 1 if any step failed.
Every socket read has a deadline, so the script always ends (in about 12 s, most of it waiting
for the server's pings).
"""

import argparse
import math
import random
import socket
import struct
import sys
import time
import traceback

try:
    import pyamf
    import pyamf.amf3
except ImportError:  # pragma: no cover - the Rust test installs it first
    print("FAIL setup: PyAMF is missing (python3 -m pip install py3amf)", flush=True)
    sys.exit(3)

POLICY_REQUEST = b"<policy-file-request/>\0"
POLICY_ANSWER = (
    b'<?xml version="1.0"?><cross-domain-policy>'
    b'<allow-access-from domain="*" to-ports="*"/></cross-domain-policy>\0'
)
PING_COMMAND = "amf_socket_ping"
BODY_KEYS = {"rpcRequest": "request", "rpcResponse": "response", "rpcMessage": "message"}
# An anonymous dynamic object with no sealed members: object marker, inline traits
# (dynamic, 0 sealed), empty class name.
ANONYMOUS_DYNAMIC = b"\x0a\x0b\x01"


# ---- typed objects ---------------------------------------------------------------------------


class Typed:
    """Value semantics for the registered classes: same class, same attributes."""

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)

    def __repr__(self):
        return "%s(%r)" % (type(self).__name__, vars(self))


class User(Typed):
    """com.example.User {id:int, name:String, tags:Array}, sealed as a Flash class is."""

    class __amf__:
        static = ("id", "name", "tags")
        dynamic = False

    def __init__(self, id=None, name=None, tags=None):
        self.id, self.name, self.tags = id, name, tags


class Point(Typed):
    """com.example.Point {x:Number, y:Number}, sealed."""

    class __amf__:
        static = ("x", "y")
        dynamic = False

    def __init__(self, x=None, y=None):
        self.x, self.y = x, y


class Other(Typed):
    """com.example.Other: an alias the server does not register, dynamic members only."""

    def __init__(self, **members):
        self.__dict__.update(members)


pyamf.register_class(User, "com.example.User")
pyamf.register_class(Point, "com.example.Point")
pyamf.register_class(Other, "com.example.Other")

UNKNOWN_ALIASES = []


def unknown_alias_loader(alias):
    """Decodes an alias nobody registered as a typed dynamic object (as Flash decodes it as a
    plain object), instead of PyAMF's default of importing the alias as a Python module path."""
    UNKNOWN_ALIASES.append(alias)
    return type("Unknown", (Typed,), {"alias": alias})


pyamf.register_class_loader(unknown_alias_loader)


# ---- frames and envelopes --------------------------------------------------------------------


def encode(value):
    """One AMF3 value, encoded on its own (a fresh context: empty reference tables)."""
    return pyamf.encode(value, encoding=pyamf.AMF3).getvalue()


def frame(value):
    payload = encode(value)
    return struct.pack(">I", len(payload)) + payload


def decode_with_traits(payload):
    """The one AMF3 value of a frame (a fresh decoder, so fresh reference tables), and the
    traits it was written with: (class name, encoding, sealed member names) for each traits
    definition in the frame, in order. Encodings: 0 sealed only, 1 externalizable, 2 dynamic."""
    decoder = pyamf.get_decoder(pyamf.AMF3, bytes(payload), use_ext=False)
    value = decoder.readElement()
    if not decoder.stream.at_eof():
        raise ValueError("%d bytes left after the frame's value" % decoder.stream.remaining())
    refs = decoder.context.class_ref
    traits = []
    for ref in sorted(refs):
        name = refs[ref].alias.alias if refs[ref].alias.klass is not pyamf.ASObject else ""
        traits.append((name or "", refs[ref].encoding, tuple(refs[ref].static_properties)))
    return value, traits


def decode_payload(payload):
    """The one AMF3 value of a frame (a fresh decoder, so fresh reference tables)."""
    return decode_with_traits(payload)[0]


_used_ids = set()


def new_message_id():
    """The ActionScript client's format: "<ms since epoch>:<9 digits>:<9 digits>"."""
    while True:
        mid = "%d:%09d:%09d" % (
            int(time.time() * 1000),
            random.randrange(10**9),
            random.randrange(10**9),
        )
        if mid not in _used_ids:
            _used_ids.add(mid)
            return mid


def request_envelope(mid, command, params):
    return {"type": "rpcRequest", "request": {"messageId": mid, "command": command, "params": params}}


def message_envelope(mid, command, params):
    return {"type": "rpcMessage", "message": {"messageId": mid, "command": command, "params": params}}


def response_envelope(mid, result):
    return {"type": "rpcResponse", "response": {"messageId": mid, "result": result}}


def is_object(value):
    """An ActionScript Object, and not null: an anonymous object or a typed one."""
    return isinstance(value, (dict, Typed))


class Invalid(Exception):
    """A frame the ActionScript client ignores."""


def validate(envelope):
    """The ActionScript client's checks; returns (type, body) or raises Invalid."""
    if not isinstance(envelope, pyamf.ASObject):
        raise Invalid("frame is not an anonymous object: %r" % (envelope,))
    kind = envelope.get("type")
    if kind not in BODY_KEYS:
        raise Invalid("`type` is %r" % (kind,))
    body = envelope.get(BODY_KEYS[kind])
    if not isinstance(body, pyamf.ASObject):
        raise Invalid("%s without an object `%s`: %r" % (kind, BODY_KEYS[kind], body))
    if not isinstance(body.get("messageId"), str):
        raise Invalid("messageId is not a String: %r" % (body.get("messageId"),))
    if kind == "rpcResponse":
        if "result" not in body:
            raise Invalid("response without the key `result`: %r" % (body,))
    else:
        if not isinstance(body.get("command"), str):
            raise Invalid("command is not a String: %r" % (body.get("command"),))
        if not is_object(body.get("params")):
            raise Invalid("params is not an Object: %r" % (body.get("params"),))
    return kind, body


# ---- the client ------------------------------------------------------------------------------


class Closed(Exception):
    """The server closed the connection."""


class Client:
    """One connection, as AmfRpcSocket runs it: requests matched by messageId, pings answered
    with "pong", incoming requests passed to handlers, messages queued, invalid frames and
    responses to unknown ids ignored (and noted)."""

    def __init__(self, port, timeout=5.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.pending = set()
        self.responses = {}
        self.messages = []
        self.pings = []  # (monotonic time, request body)
        self.requests_in = []  # request bodies other than pings
        self.handlers = {}
        self.ignored = []  # why each ignored frame was ignored
        self.unknown_responses = []
        self.response_traits = {}  # messageId -> the traits its response frame was written with

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send_raw(self, data):
        self.sock.settimeout(5.0)  # pump() leaves whatever was left of its deadline
        self.sock.sendall(data)

    def request_frame(self, command, params):
        """A request frame, its messageId entered as pending."""
        mid = new_message_id()
        self.pending.add(mid)
        return mid, frame(request_envelope(mid, command, params))

    def request(self, command, params, timeout=5.0):
        """Sends a request and returns its response body (validated)."""
        mid, data = self.request_frame(command, params)
        self.send_raw(data)
        return self.wait_response(mid, timeout)

    def wait_response(self, mid, timeout=5.0):
        if not self.pump(lambda: mid in self.responses, timeout):
            self.pending.discard(mid)
            raise AssertionError("no response to %s within %.1f s" % (mid, timeout))
        return self.responses.pop(mid)

    def send_message(self, command, params):
        self.send_raw(frame(message_envelope(new_message_id(), command, params)))

    def pump(self, done, timeout):
        """Reads and handles frames until done() holds (True) or the time is up (False)."""
        deadline = time.monotonic() + timeout
        while True:
            self._handle_buffered()
            if done():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except ConnectionResetError:
                raise Closed("connection reset by the server")
            if not data:
                raise Closed("the server closed the connection")
            self.buf += data

    def _handle_buffered(self):
        while len(self.buf) >= 4:
            (length,) = struct.unpack(">I", self.buf[:4])
            if len(self.buf) < 4 + length:
                return
            payload = bytes(self.buf[4 : 4 + length])
            del self.buf[: 4 + length]
            self._handle_frame(payload)

    def _handle_frame(self, payload):
        try:
            envelope, traits = decode_with_traits(payload)
        except Exception as e:  # noqa: BLE001 - any decode failure is an ignored frame
            self.ignored.append("undecodable frame (%s): %s" % (e, payload[:64].hex()))
            return
        if payload[:3] != ANONYMOUS_DYNAMIC:
            self.ignored.append("envelope is not an anonymous dynamic object: %s" % payload[:16].hex())
            return
        try:
            kind, body = validate(envelope)
        except Invalid as e:
            self.ignored.append(str(e))
            return
        mid = body["messageId"]
        if kind == "rpcResponse":
            if mid in self.pending:
                self.pending.discard(mid)
                self.responses[mid] = body
                self.response_traits[mid] = traits
            else:
                self.unknown_responses.append(mid)  # ignored, as the client does
        elif kind == "rpcMessage":
            self.messages.append(body)
        elif body["command"] == PING_COMMAND:
            self.pings.append((time.monotonic(), body))
            self.send_raw(frame(response_envelope(mid, "pong")))
        else:
            self.requests_in.append(body)
            handler = self.handlers.get(body["command"])
            if handler is not None:
                self.send_raw(frame(response_envelope(mid, handler(body["params"]))))


# ---- checks ----------------------------------------------------------------------------------


def same(expected, actual, path="result"):
    """Deep comparison with types (int stays int, typed objects keep their class)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or isinstance(actual, Typed):
            raise AssertionError("%s: expected an anonymous object, got %r" % (path, actual))
        if set(expected) != set(actual):
            raise AssertionError("%s: keys %s, expected %s" % (path, sorted(actual), sorted(expected)))
        for key in expected:
            same(expected[key], actual[key], "%s.%s" % (path, key))
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            raise AssertionError("%s: expected %r, got %r" % (path, expected, actual))
        for i, (e, a) in enumerate(zip(expected, actual)):
            same(e, a, "%s[%d]" % (path, i))
    elif isinstance(expected, Typed):
        if type(actual) is not type(expected):
            raise AssertionError(
                "%s: expected a %s, got %r" % (path, type(expected).__name__, actual)
            )
        same(vars(expected), vars(actual), path)
    else:
        if type(actual) is not type(expected) or actual != expected:
            if not (isinstance(expected, float) and math.isnan(expected) and math.isnan(actual)):
                raise AssertionError("%s: expected %r, got %r" % (path, expected, actual))


def ok_result(body):
    """The result of a successful reply (no `error`)."""
    if body.get("error") is not None:
        raise AssertionError("error reply: %r" % (body["error"],))
    return body["result"]


def error_of(body):
    """The {code, message} of an error reply, checked as the compatible extension says."""
    if body["result"] is not None:
        raise AssertionError("error reply with a non-null result: %r" % (body["result"],))
    error = body.get("error")
    if not isinstance(error, dict):
        raise AssertionError("no `error` object in the reply: %r" % (body,))
    code, message = error.get("code"), error.get("message")
    if not (isinstance(code, str) and code and isinstance(message, str) and message):
        raise AssertionError("error is not {code: String, message: String}: %r" % (error,))
    return code, message


def read_until_closed(sock, timeout):
    """Everything the server sends until it closes; AssertionError if it does not close in time."""
    deadline = time.monotonic() + timeout
    data = bytearray()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError("the server did not close the connection within %.1f s" % timeout)
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except ConnectionResetError:
            return bytes(data), True
        if not chunk:
            return bytes(data), False
        data += chunk


# ---- the scenario ----------------------------------------------------------------------------


class Scenario:
    def __init__(self, port, policy_port):
        self.port = port
        self.policy_port = policy_port
        self.client = None
        self.failures = 0

    def run_step(self, name, fn):
        watched = self.client
        ignored_before = len(watched.ignored) if watched else 0
        unknown_before = len(watched.unknown_responses) if watched else 0
        try:
            note = fn()
            watched = watched or self.client
            if watched is not None and len(watched.ignored) > ignored_before:
                raise AssertionError(
                    "the server sent frames the ActionScript client ignores: %s"
                    % watched.ignored[ignored_before:]
                )
            if watched is not None and len(watched.unknown_responses) > unknown_before:
                raise AssertionError(
                    "responses to unknown messageIds: %s" % watched.unknown_responses[unknown_before:]
                )
            print("PASS %s%s" % (name, " (%s)" % note if note else ""), flush=True)
        except Exception as e:  # noqa: BLE001 - a step fails on anything
            self.failures += 1
            why = str(e) if isinstance(e, (AssertionError, Closed)) else repr(e)
            watched = watched or self.client
            if watched is not None and len(watched.ignored) > ignored_before:
                why += "; frames ignored as the ActionScript client ignores them: %s" % (
                    watched.ignored[ignored_before:]
                )
            print("FAIL %s: %s" % (name, why), flush=True)
            if not isinstance(e, (AssertionError, Closed)):
                traceback.print_exc(file=sys.stderr)

    def need_client(self):
        if self.client is None:
            raise AssertionError("no connection (step `echo` failed to connect)")
        return self.client

    # 1
    def policy(self):
        ports = [("main", self.port)]
        if self.policy_port:
            ports.append(("policy", self.policy_port))
        for name, port in ports:
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            try:
                sock.sendall(POLICY_REQUEST)
                data, reset = read_until_closed(sock, 5.0)
            finally:
                sock.close()
            if reset:
                raise AssertionError("%s port: connection reset instead of a clean close" % name)
            if data != POLICY_ANSWER:
                raise AssertionError("%s port answered %r, expected %r" % (name, data, POLICY_ANSWER))
        return "ports: " + ", ".join(name for name, _ in ports)

    # 2
    def echo(self):
        self.client = Client(self.port)
        point = Point(1.5, -2.25)
        params = {
            "text": "héllo, wörld ✓",
            "empty": "",
            "count": 42,
            "negative": -7,
            "big": 2**40,  # beyond int29: travels as a double
            "ratio": 3.25,
            "yes": True,
            "nothing": None,
            "nested": {"level": 2, "inner": {"flag": False, "empty": {}}},
            "list": [1, "two", 3.5, None, True, {"k": "v"}, []],
            "user": User(7, "ann", ["admin", "dev"]),
            "point": point,
            "again": point,  # an object reference within the frame
            "users": [User(1, "bob", []), User(2, "cy", ["x"])],
            "other": Other(k="v", n=3, where=Point(0.0, 1.0)),
        }
        mid, data = self.client.request_frame("echo", params)
        self.client.send_raw(data)
        result = ok_result(self.client.wait_response(mid))
        # What PyAMF itself makes of the params (ints beyond int29 come back as floats).
        expected, sent_traits = decode_with_traits(encode(params))
        same(expected, result)
        # The traits too: sealed classes stay sealed with their members in order (Flash throws
        # on a dynamic member of a sealed class), anonymous objects stay dynamic.
        got_traits = self.client.response_traits.pop(mid)
        for name in ("com.example.User", "com.example.Point", "com.example.Other"):
            sent = sorted({t for t in sent_traits if t[0] == name})
            got = sorted({t for t in got_traits if t[0] == name})
            if sent != got:
                raise AssertionError("traits of %s: sent %s, echoed %s" % (name, sent, got))
        anonymous = {t for t in got_traits if t[0] == ""}
        if anonymous != {("", 2, ())}:
            raise AssertionError("anonymous objects not all dynamic without sealed members: %s" % anonymous)
        for key, cls in [("user", User), ("point", Point), ("other", Other)]:
            if type(result[key]) is not cls:
                raise AssertionError("result.%s is a %s, not a %s" % (key, type(result[key]), cls))
        if UNKNOWN_ALIASES:
            raise AssertionError("the server sent aliases nobody registered: %s" % UNKNOWN_ALIASES)
        return "typed objects User, Point and Other came back with their classes"

    # 3
    def add_and_errors(self):
        client = self.need_client()
        result = ok_result(client.request("add", {"a": 2, "b": 3.5}))
        if result != 5.5 or isinstance(result, bool):
            raise AssertionError("add {a: 2, b: 3.5} = %r, expected 5.5" % (result,))
        codes = []
        for params in [{"a": 2}, {"a": 1, "b": "x"}]:
            code, _message = error_of(client.request("add", params))
            codes.append(code)
        code, message = error_of(client.request("noSuchCommand", {}))
        if code != "unknown_command":
            raise AssertionError("unknown command answered with code %r (%s)" % (code, message))
        return "bad add params -> codes %s; unknown command -> unknown_command" % codes

    # 4
    def notify(self):
        client = self.need_client()
        before = len(client.messages)
        client.send_message("notify", {"text": "hi"})
        if not client.pump(lambda: len(client.messages) > before, 5.0):
            raise AssertionError("no message within 5 s")
        body = client.messages[before]
        if body["command"] != "notified":
            raise AssertionError("message %r, expected `notified`" % (body["command"],))
        same({"text": "hi"}, body["params"], "params")
        return "messageId %s" % body["messageId"]

    # 5
    def call_me(self):
        client = self.need_client()
        calls = []

        def whoami(params):
            calls.append(params)
            return {"name": "py", "q": params.get("q")}

        client.handlers["whoami"] = whoami
        result = ok_result(
            client.request("callMe", {"command": "whoami", "params": {"q": 1}})
        )
        if len(calls) != 1:
            raise AssertionError("the server sent `whoami` %d times" % len(calls))
        same({"q": 1}, calls[0], "whoami params")
        same({"name": "py", "q": 1}, result)
        return "server request messageId %s" % client.requests_in[-1]["messageId"]

    # 6
    def pipelined(self):
        client = self.need_client()
        expected = {}
        frames = []
        for i in range(50):
            if i % 2:
                mid, data = client.request_frame("add", {"a": i, "b": 0.5})
                expected[mid] = i + 0.5
            else:
                params = {"i": i, "s": "x" * i, "p": Point(float(i), -1.0)}
                mid, data = client.request_frame("echo", params)
                expected[mid] = decode_payload(encode(params))
            frames.append(data)
        order = list(expected)
        client.send_raw(b"".join(frames))  # 50 frames in one write
        arrived = []

        def all_in():
            for mid in list(client.responses):
                if mid in expected and mid not in arrived:
                    arrived.append(mid)
            return len(arrived) == len(expected)

        if not client.pump(all_in, 10.0):
            raise AssertionError("%d of 50 responses within 10 s" % len(arrived))
        for mid in arrived:
            same(expected[mid], ok_result(client.responses.pop(mid)), "result of %s" % mid)
        return "50 responses, %s order" % ("request" if arrived == order else "another")

    # 7
    def byte_at_a_time(self):
        client = self.need_client()
        params = {"slow": "one byte per write", "n": 7, "p": Point(3.0, 4.5)}
        mid, data = client.request_frame("echo", params)
        for i in range(len(data)):  # bounded: one frame of about 100 bytes
            client.send_raw(data[i : i + 1])
            time.sleep(0.002)
        same(decode_payload(encode(params)), ok_result(client.wait_response(mid)))
        return "%d writes" % len(data)

    # 8
    def ping(self):
        client = self.need_client()
        checked = []
        while True:
            seen = len(client.pings)
            if not client.pump(lambda: len(client.pings) > seen, 7.0):
                raise AssertionError("no %s request within 7 s" % PING_COMMAND)
            for _when, body in client.pings[seen:]:
                params = body["params"]
                now = time.time()
                for key in ("time", "latency"):
                    v = params.get(key)
                    if isinstance(v, bool) or not isinstance(v, (int, float)):
                        raise AssertionError("ping params.%s is not a Number: %r" % (key, params))
                if abs(params["time"] - now) > 60:
                    raise AssertionError("ping time %r is not seconds since the epoch" % params["time"])
                if not 0 <= params["latency"] < 5:
                    raise AssertionError("ping latency %r out of range" % params["latency"])
                checked.append(params["latency"])
            # The ping after one we answered carries the round trip of our "pong".
            if len(client.pings) >= 2:
                latency = client.pings[-1][1]["params"]["latency"]
                if not latency > 0:
                    raise AssertionError(
                        "after our pong, the next ping still reports latency %r" % (latency,)
                    )
                return "answered %d pings with \"pong\"; measured latency %.6f s" % (
                    len(client.pings),
                    latency,
                )

    # 9
    def bad_input(self):
        client = self.need_client()
        cases = [
            ("garbage", struct.pack(">I", 6) + b"\xff\xfe\xfd\xfc\xfb\xfa"),
            ("truncated AMF3", struct.pack(">I", 3) + b"\x0a\x0b\x01"),
            ("a string, not an envelope", frame("just a string")),
            ("an array, not an envelope", frame([1, 2, 3])),
            ("unknown type", frame({"type": "rpcNope", "request": {}})),
            ("request without body", frame({"type": "rpcRequest"})),
            ("params null", frame(request_envelope(new_message_id(), "echo", None))),
            ("params a string", frame(request_envelope(new_message_id(), "echo", "x"))),
            ("messageId not a string", frame(request_envelope(12, "echo", {}))),
            ("command not a string", frame(message_envelope(new_message_id(), 5, {}))),
            ("response without result", frame({"type": "rpcResponse", "response": {"messageId": "1"}})),
            ("huge length prefix", b"\x7f\xff\xff\xff" + b"\x0a" * 16),
            ("16 MiB + 1 length prefix", struct.pack(">I", (16 << 20) + 1) + b"\x0a\x0b\x01"),
        ]
        for name, data in cases:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            try:
                try:
                    sock.sendall(data)
                except (BrokenPipeError, ConnectionResetError):
                    continue  # already closed by the server
                try:
                    received, _reset = read_until_closed(sock, 5.0)
                except AssertionError as e:
                    raise AssertionError("%s: %s" % (name, e))
            finally:
                sock.close()
            if received:
                raise AssertionError("%s: the server sent %r before closing" % (name, received[:64]))
        # The first connection is unharmed.
        params = {"still": "alive"}
        same(params, ok_result(client.request("echo", params)))
        return "%d bad connections closed; the first connection still works" % len(cases)

    def run(self):
        steps = [
            ("1 policy", self.policy),
            ("2 echo", self.echo),
            ("3 add-and-errors", self.add_and_errors),
            ("4 notify", self.notify),
            ("5 callMe", self.call_me),
            ("6 pipelined-50", self.pipelined),
            ("7 byte-at-a-time", self.byte_at_a_time),
            ("8 ping", self.ping),
            ("9 bad-input", self.bad_input),
        ]
        started = time.monotonic()
        for name, fn in steps:
            self.run_step(name, fn)
        if self.client is not None:
            self.client.close()
        print(
            "%s: %d of %d steps failed in %.1f s"
            % ("FAILED" if self.failures else "OK", self.failures, len(steps), time.monotonic() - started),
            flush=True,
        )
        return 1 if self.failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True, help="the conformance server's port")
    parser.add_argument("--policy-port", type=int, help="its dedicated socket policy port")
    args = parser.parse_args()
    return Scenario(args.port, args.policy_port).run()


if __name__ == "__main__":
    sys.exit(main())
