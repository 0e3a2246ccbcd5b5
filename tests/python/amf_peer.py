#!/usr/bin/env python3
"""PyAMF as an AMF3 peer for the cross-check in tests/tests/pyamf.rs.

PyAMF is the PyPI package `py3amf`, imported as `pyamf`.

Modes:

  amf_peer.py roundtrip IN_DIR OUT_DIR
      For every IN_DIR/NAME.amf (one AMF3 value each): decode it with PyAMF, encode the result
      again with PyAMF and write OUT_DIR/NAME.amf; if PyAMF fails, write OUT_DIR/NAME.err with
      the error instead. OUT_DIR/summary.json lists, per name, the Python type PyAMF decoded.

  amf_peer.py emit OUT_DIR
      Builds a corpus of Python values, encodes each with PyAMF into OUT_DIR/NAME.amf, and writes
      OUT_DIR/corpus.json: for each name, a description of the AMF3 value the Python value stands
      for (see `describe`), and, where PyAMF is known to write something else, the name of the
      PyAMF bug (`pyamf_bug`), which the Rust test checks is still there.

The classes below are registered under their aliases. Any other alias met while decoding becomes
a `pyamf.TypedObject` through a class loader: PyAMF's own fallback imports the alias as a Python
module path, which must never happen with input from elsewhere.
"""

import datetime
import json
import math
import os
import struct
import sys
import traceback
import zlib

import pyamf
import pyamf.flex  # registers flex.messaging.io.ArrayCollection and ObjectProxy
from pyamf import amf3
from pyamf import xml as pyamf_xml


# ---- classes ---------------------------------------------------------------------------------


class User:
    """A sealed class: PyAMF writes its sealed members in alphabetical order."""

    class __amf__:
        static = ("name", "age", "email")

    def __init__(self, name=None, age=None, email=None):
        self.name = name
        self.age = age
        self.email = email


class Strict:
    """A sealed class that is not dynamic."""

    class __amf__:
        static = ("label", "id")
        dynamic = False

    def __init__(self, label=None, id=None):
        self.label = label
        self.id = id


class Point:
    """A typed class with dynamic members only."""


class Mixed:
    """A typed class with sealed and dynamic members."""

    class __amf__:
        static = ("z", "a")
        dynamic = True


CLASSES = {
    "com.example.User": User,
    "com.example.Point": Point,
    "com.example.Strict": Strict,
    "com.example.Mixed": Mixed,
}

for _alias, _klass in CLASSES.items():
    pyamf.register_class(_klass, _alias)


def _typed_object_loader(alias):
    # Never let PyAMF import an alias from the network as a module: unknown aliases become
    # TypedObjects (a dict that keeps its class name), encoded as dynamic objects.
    return pyamf.TypedObjectClassAlias(alias)


pyamf.register_class_loader(_typed_object_loader)


# ---- round trip ------------------------------------------------------------------------------


def decode_one(data):
    decoder = pyamf.decode(data, encoding=pyamf.AMF3)
    value = decoder.readElement()
    left = len(data) - decoder.stream.tell()
    if left:
        raise ValueError("%d bytes left over after the value" % left)
    return value


def encode_one(value):
    return pyamf.encode(value, encoding=pyamf.AMF3).getvalue()


def roundtrip(in_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    summary = {}
    for name in sorted(os.listdir(in_dir)):
        if not name.endswith(".amf"):
            continue
        stem = name[: -len(".amf")]
        with open(os.path.join(in_dir, name), "rb") as f:
            data = f.read()
        try:
            value = decode_one(data)
            summary[stem] = type(value).__name__
            out = encode_one(value)
        except Exception as e:  # PyAMF's failures are results here
            summary[stem] = "error"
            with open(os.path.join(out_dir, stem + ".err"), "w") as f:
                f.write("%s: %s\n" % (type(e).__name__, e))
                f.write(traceback.format_exc())
            continue
        with open(os.path.join(out_dir, stem + ".amf"), "wb") as f:
            f.write(out)
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump({"pyamf": pyamf.__version__ if hasattr(pyamf, "__version__") else str(pyamf.version),
                   "values": summary}, f, indent=1, sort_keys=True)


# ---- description of a Python value as the AMF3 value it stands for ---------------------------

EPOCH = datetime.datetime(1970, 1, 1)


def double_hex(x):
    return struct.pack(">d", x).hex()


def date_millis(dt):
    """Exact milliseconds since the epoch of a naive UTC datetime (integer microseconds / 1000)."""
    delta = dt - EPOCH
    micros = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    return micros / 1000.0


class Describer:
    """Describes a Python value as the AMF3 value it stands for, in JSON.

    Values that AMF3 keeps in its object table get an `id`; a value met again is described as
    `{"t": "ref", "id": N}` (the decoder must return the very same node), and a value met again
    while it is still being described (a cycle) as `{"t": "cycle", "id": N}`.
    """

    def __init__(self):
        self.ids = {}
        self.open = set()

    def node(self, value, build):
        key = id(value)
        if key in self.ids:
            kind = "cycle" if self.ids[key] in self.open else "ref"
            return {"t": kind, "id": self.ids[key]}
        n = len(self.ids)
        self.ids[key] = n
        self.open.add(n)
        desc = build()
        desc["id"] = n
        self.open.discard(n)
        return desc

    def members(self, obj, names):
        return [[k, self.describe(getattr(obj, k))] for k in names]

    def describe(self, v):
        if v is None:
            return {"t": "null"}
        if v is pyamf.Undefined:
            return {"t": "undefined"}
        if isinstance(v, bool):
            return {"t": "bool", "v": v}
        if isinstance(v, int):
            if -(2 ** 28) <= v < 2 ** 28:
                return {"t": "int", "v": v}
            # Beyond 29 bits an int travels as a double (rounded beyond 2^53).
            return {"t": "double", "bits": double_hex(float(v))}
        if isinstance(v, float):
            return {"t": "double", "bits": double_hex(v)}
        if isinstance(v, str):
            return {"t": "string", "v": v}
        if isinstance(v, bytes):
            # PyAMF writes Python bytes as an AMF3 String (not a ByteArray).
            return {"t": "string", "v": v.decode("utf-8")}
        if isinstance(v, datetime.datetime):
            return self.node(v, lambda: {"t": "date", "bits": double_hex(date_millis(v))})
        if isinstance(v, amf3.ByteArray):
            # What the application put in the ByteArray.
            return self.node(v, lambda: {"t": "bytes", "hex": v.getvalue().hex()})
        if pyamf_xml.is_xml(v):
            return self.node(v, lambda: {"t": "xml", "v": pyamf_xml.tostring(v).decode("utf-8")})
        if isinstance(v, pyamf.flex.ArrayCollection):
            return self.node(v, lambda: {
                "t": "object", "class": "flex.messaging.io.ArrayCollection", "external": True,
                "payload": self.describe_array(list(v)),
            })
        if isinstance(v, pyamf.MixedArray):
            def build():
                dense = sorted(k for k in v if isinstance(k, int))
                assert dense == list(range(len(dense))), "dense keys must be 0..n"
                return {
                    "t": "array",
                    "assoc": [[k, self.describe(v[k])] for k in v if not isinstance(k, int)],
                    "dense": [self.describe(v[k]) for k in dense],
                }
            return self.node(v, build)
        if isinstance(v, (list, tuple)):
            return self.node(v, lambda: self.describe_array(v))
        if isinstance(v, dict):
            # A plain dict is an anonymous dynamic object.
            return self.node(v, lambda: {
                "t": "object", "class": "", "dynamic": True, "sealed": [],
                "members": [[k, self.describe(x)] for k, x in v.items()],
            })
        alias = pyamf.get_class_alias(type(v))
        alias.compile()
        sealed = list(getattr(getattr(type(v), "__amf__", None), "static", ()))
        dynamic_names = [k for k in vars(v) if k not in sealed]
        return self.node(v, lambda: {
            # PyAMF classes are dynamic unless their __amf__ says `dynamic = False`.
            "t": "object", "class": alias.alias, "dynamic": bool(alias.dynamic),
            # In the class's declared order: the Rust side handles PyAMF's alphabetical order.
            "sealed": self.members(v, sealed),
            "members": self.members(v, dynamic_names),
        })

    def describe_array(self, items):
        return {"t": "array", "assoc": [], "dense": [self.describe(x) for x in items]}


# ---- the corpus PyAMF writes -----------------------------------------------------------------


def corpus():
    """(name, Python value, PyAMF bug or None) for each value PyAMF encodes."""
    bob = User("bob", 42, "bob@example.com")
    alice = User("alice", 30, None)
    point = Point()
    point.x = 1
    point.y = 2.5
    mixed = Mixed()
    mixed.z = "zed"
    mixed.a = [1, 2]
    mixed.extra = True
    shared_dict = {"k": "v"}
    cyclic = {"name": "loop"}
    cyclic["self"] = cyclic
    cyclic_list = [1]
    cyclic_list.append(cyclic_list)
    when = datetime.datetime(2020, 1, 2, 3, 4, 5, 678000)
    blob = amf3.ByteArray(b"\x00\x01\x02\xff")
    mixed_array = pyamf.MixedArray()
    mixed_array["key"] = "value"
    mixed_array[0] = "zero"
    mixed_array[1] = 1
    compressed = amf3.ByteArray(b"hello hello hello")
    compressed.compress()
    xml = pyamf_xml.fromstring('<root a="1"><child>text</child></root>')

    return [
        ("none", None, None),
        ("undefined", pyamf.Undefined, None),
        ("true", True, None),
        ("false", False, None),
        ("int_zero", 0, None),
        ("int_small", 127, None),
        ("int_two_bytes", 128, None),
        ("int_three_bytes", 16384, None),
        ("int_four_bytes", 2097152, None),
        ("int_max29", 2 ** 28 - 1, None),
        ("int_min29", -(2 ** 28), None),
        ("int_minus_one", -1, None),
        ("int_beyond29", 2 ** 28, None),
        ("int_below29", -(2 ** 28) - 1, None),
        ("int_2_40", 2 ** 40, None),
        # 2^53 + 1 has no double: PyAMF rounds it silently (our encoder refuses it).
        ("int_2_53_plus_1", 2 ** 53 + 1, None),
        ("float", 1.5, None),
        # An integral float is written as a double (Flash would write an AMF3 integer).
        ("float_integral", 1.0, None),
        ("float_negative_zero", -0.0, None),
        ("float_huge", 1e300, None),
        ("float_tiny", 5e-324, None),
        ("float_nan", float("nan"), None),
        ("float_infinity", float("inf"), None),
        ("string_empty", "", None),
        ("string_ascii", "hello", None),
        ("string_unicode", "h\u00e9llo w\u00f6rld \u2713 \U0001F600", None),
        ("string_long", "x" * 20000, None),
        ("strings_repeated", ["same", "same", "other", "same"], None),
        ("python_bytes", b"raw bytes", None),
        ("date", when, None),
        ("date_epoch", EPOCH, None),
        ("date_before_1970_whole_seconds", datetime.datetime(1969, 7, 20, 20, 17, 40), None),
        # Before 1970 with a fraction of a second: PyAMF computes the timestamp wrongly.
        ("date_before_1970_fraction", datetime.datetime(1969, 12, 31, 23, 59, 58, 765500), "pre-1970-fraction"),
        ("dates_repeated", [when, when], None),
        ("bytearray", blob, None),
        ("bytearray_empty", amf3.ByteArray(b""), None),
        ("bytearrays_repeated", [blob, blob], None),
        # compress(): PyAMF sends zlib data (with a rewritten header); what travels is the
        # compressed stream, not the content.
        ("bytearray_compressed", compressed, "zlib-compress"),
        # Content that is already zlib data (78 9c) is compressed again on the way out.
        ("bytearray_zlib_content", amf3.ByteArray(zlib.compress(b"hello hello hello")), "zlib-compress"),
        ("list_empty", [], None),
        ("list", [1, "two", 3.5, None, True], None),
        ("tuple", (1, 2), None),
        ("list_nested", [[1, [2, [3]]], []], None),
        ("mixed_array", mixed_array, None),
        ("dict_empty", {}, None),
        ("dict", {"b": 1, "a": "x", "nested": {"deep": [1, 2]}}, None),
        ("dict_repeated", [shared_dict, shared_dict, {"other": shared_dict}], None),
        ("dict_cycle", cyclic, None),
        ("list_cycle", cyclic_list, None),
        ("typed_sealed", bob, None),
        ("typed_sealed_null_member", alice, None),
        ("typed_repeated", [bob, alice, bob], None),
        ("typed_not_dynamic", Strict("label", 7), None),
        ("typed_dynamic", point, None),
        ("typed_mixed", mixed, None),
        ("array_collection", pyamf.flex.ArrayCollection([1, "a", bob]), None),
        ("xml", xml, None),
        # PyAMF puts the XML text in the string table (an XML value's text belongs to no table),
        # so its later string references are off by one.
        ("xml_then_strings", [xml, "s", "s"], "xml-string-table"),
        ("everything", {
            "users": [bob, alice, bob],
            "point": point,
            "when": when,
            "blob": blob,
            "numbers": [0, -1, 2 ** 28, 1.5, float("inf")],
            "text": "\u2713",
        }, None),
    ]


def emit(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    entries = []
    for name, value, bug in corpus():
        data = encode_one(value)
        with open(os.path.join(out_dir, name + ".amf"), "wb") as f:
            f.write(data)
        entries.append({"name": name, "value": Describer().describe(value), "pyamf_bug": bug})
    with open(os.path.join(out_dir, "corpus.json"), "w") as f:
        json.dump({"pyamf": str(pyamf.__version__), "entries": entries}, f, indent=1)


def main(argv):
    if len(argv) == 4 and argv[1] == "roundtrip":
        roundtrip(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == "emit":
        emit(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
