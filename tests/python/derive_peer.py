"""PyAMF peer of amf-runtime/tests/derive_pyamf.rs: classes registered under the aliases of the
Rust types derived there, and the same roster of values.

    python3 derive_peer.py check    < amf3   decodes the roster written by Rust and compares it
                                             with the Python one (exit 1 and a diff if unequal)
    python3 derive_peer.py encode   > amf3   writes the Python roster

The two fixtures (here and in the Rust test) must describe the same values.
"""

import sys

import pyamf
import pyamf.amf3


class Address(object):
    class __amf__:
        static = ("city", "zip")
        dynamic = False

    def __init__(self, city=None, zip=None):
        self.city = city
        self.zip = zip


class Player(object):
    class __amf__:
        static = (
            "playerId", "name", "score", "active", "tags", "nickname", "avatar", "home",
            "color", "level",
        )
        dynamic = False

    def __init__(self, **attrs):
        self.__dict__.update(attrs)


class Circle(object):
    class __amf__:
        static = ("kind", "radius")
        dynamic = False

    def __init__(self, radius=None):
        self.kind = "Circle"
        self.radius = radius


class Square(object):
    class __amf__:
        static = ("kind", "side")
        dynamic = False

    def __init__(self, side=None):
        self.kind = "Square"
        self.side = side


pyamf.register_class(Address, "com.example.Address")
pyamf.register_class(Player, "com.example.Player")
pyamf.register_class(Circle, "com.example.Circle")
pyamf.register_class(Square, "com.example.Square")


def roster():
    """The value of `roster()` in derive_pyamf.rs."""
    return {
        "players": [
            Player(
                playerId=1, name="Ann", score=12.5, active=True, tags=["fast", "red"],
                nickname=None, avatar=pyamf.amf3.ByteArray(b"\x01\x02\x03"),
                home=Address("Oslo", 150), color="green", level=5,
            ),
            Player(
                playerId=-70000, name="Bö", score=-0.25, active=False, tags=[],
                nickname="bo", avatar=pyamf.amf3.ByteArray(b""),
                home=Address("Rome", 0), color="red", level=1,
            ),
        ],
        "shapes": [Circle(1.5), Square(2.25)],
    }


def diff(found, expected, path="roster"):
    """The first difference between two decoded values, or None."""
    if type(found) is not type(expected) and not (
        isinstance(found, dict) and isinstance(expected, dict)
    ):
        return "%s: %s is not a %s" % (path, type(found).__name__, type(expected).__name__)
    if isinstance(expected, pyamf.amf3.ByteArray):
        same = found.getvalue() == expected.getvalue()
        return None if same else "%s: %r != %r" % (path, found.getvalue(), expected.getvalue())
    if isinstance(expected, (list, tuple)):
        if len(found) != len(expected):
            return "%s: %d items, expected %d" % (path, len(found), len(expected))
        for i, (f, e) in enumerate(zip(found, expected)):
            d = diff(f, e, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    if isinstance(expected, dict) or hasattr(expected, "__dict__"):
        f, e = (dict(found), dict(expected)) if isinstance(expected, dict) else (vars(found), vars(expected))
        if sorted(f) != sorted(e):
            return "%s: attributes %s, expected %s" % (path, sorted(f), sorted(e))
        for key in e:
            d = diff(f[key], e[key], "%s.%s" % (path, key))
            if d:
                return d
        return None
    return None if found == expected else "%s: %r != %r" % (path, found, expected)


def main():
    if sys.argv[1:] == ["check"]:
        data = sys.stdin.buffer.read()
        found = pyamf.decode(data, encoding=pyamf.AMF3).readElement()
        problem = diff(found, roster())
        if problem:
            sys.stderr.write(problem + "\n")
            sys.exit(1)
        print("ok")
    elif sys.argv[1:] == ["encode"]:
        sys.stdout.buffer.write(pyamf.encode(roster(), encoding=pyamf.AMF3).getvalue())
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
