"""A small schema language for kg's JSON data files: check a file, and merge a user's file into the package's.

A schema says what a file may hold (the known keys and their types) and, from the same types,
how a user's file *extends* the package's one:

==================  ==========================================  ============================================
schema              holds                                       a user's value ...
==================  ==========================================  ============================================
``Words()``         a list of strings (a word list)             adds its new words (a union)
``Records(r, key)`` a list of records named by ``key``          adds records; a name already used is an
                                                                error (``same="error"``) or merges the two
                                                                records (``same="merge"``)
``ListOf(s)``       a list of values                            adds the values not there yet
``MapOf(s)``        an object with any keys, values ``s``       adds keys; a key already there merges its value
``Record(fields)``  an object with known keys (a typo is an     merges key by key
                    error naming the nearest known key)
``Text()``,         one value                                   replaces the package's value
``Number()``, ...
==================  ==========================================  ============================================

Every error is a :class:`~kg.errors.DataError` of one line: the file, the key path, what was expected.

>>> schema = Record({"about": Text(), "verbs": MapOf(Words())})
>>> schema.check({"verbs": {"founded": ["found", "start"]}}, "triggers.json")
>>> schema.check({"verbs": {"founded": ["found", 3]}}, "my/triggers.json")
Traceback (most recent call last):
...
kg.errors.DataError: my/triggers.json: verbs.founded[1]: expected a string, found a number (3)
>>> schema.check({"verb": {}}, "my/triggers.json")
Traceback (most recent call last):
...
kg.errors.DataError: my/triggers.json: verb: unknown key (did you mean 'verbs'?)
>>> schema.merge({"verbs": {"founded": ["found"]}}, {"verbs": {"founded": ["start", "found"], "sold": ["sell"]}}, "my/triggers.json")
{'verbs': {'founded': ['found', 'start'], 'sold': ['sell']}}
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from .errors import DataError

__all__ = ["Schema", "Text", "Regex", "Number", "Integer", "Flag", "Words", "ListOf", "MapOf", "Record", "Records",
           "OneOf", "Pattern"]

Path = tuple[str, ...]  # where a value is in its file: ("verbs", "founded", "[1]")


def _where(path: Path) -> str:
    return "".join(p if p.startswith("[") else "." + p for p in path).lstrip(".")


def fail(label: str, path: Path, message: str) -> DataError:
    """The one-line error: ``FILE: KEY.PATH: message``."""
    where = _where(path)
    return DataError(f"{label}: {where}: {message}" if where else f"{label}: {message}")


_JSON_TYPES = {str: "a string", bool: "true or false", int: "a number", float: "a number", list: "a list",
               dict: "an object", type(None): "null"}


def _found(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    shown = f" ({shown})" if len(shown) <= 40 and not isinstance(value, (list, dict)) else ""
    return f"found {_JSON_TYPES.get(type(value), type(value).__name__)}{shown}"


class Schema:
    """The base: ``check`` raises a :class:`DataError` for a value that does not fit; ``merge`` extends one."""

    expected = "a value"
    kind: type | tuple[type, ...] = object  # the JSON type of the values it holds

    def fits(self, value: Any) -> bool:
        return True

    def check(self, value: Any, label: str, path: Path = ()) -> None:
        if not self.fits(value):
            raise fail(label, path, f"expected {self.expected}, {_found(value)}")

    def merge(self, base: Any, extra: Any, label: str, path: Path = ()) -> Any:
        """``extra`` (a user's value, already checked) laid over ``base`` (the package's): a single value replaces."""
        return extra


@dataclass(frozen=True)
class Text(Schema):
    """A string, one of ``choices`` if given, matching the regular expression ``form`` if given."""

    choices: tuple[str, ...] = ()
    form: str | None = None
    kind = str

    @property
    def expected(self) -> str:
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        return "a string" if self.form is None else f"a string of the form {self.form}"

    def fits(self, value: Any) -> bool:
        return isinstance(value, str) and (not self.choices or value in self.choices) and (
            self.form is None or re.fullmatch(self.form, value) is not None)


@dataclass(frozen=True)
class Regex(Schema):
    """A string that is a valid Python regular expression."""

    flags: int = 0
    expected = "a regular expression (a string)"
    kind = str

    def check(self, value: Any, label: str, path: Path = ()) -> None:
        if not isinstance(value, str):
            raise fail(label, path, f"expected {self.expected}, {_found(value)}")
        try:
            re.compile(value, self.flags)
        except re.error as exc:
            raise fail(label, path, f"not a valid regular expression ({exc})") from None


@dataclass(frozen=True)
class Number(Schema):
    """A number from ``low`` to ``high``."""

    low: float = float("-inf")
    high: float = float("inf")
    whole: bool = False
    kind = (int, float)

    @property
    def expected(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} from {self.low:g} to {self.high:g}" if self.low > float("-inf") else kind

    def fits(self, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return (not self.whole or float(value).is_integer()) and self.low <= value <= self.high


def Integer(low: int, high: int) -> Number:  # noqa: N802 (reads as a type, like the others)
    """A whole number from ``low`` to ``high``."""
    return Number(low, high, whole=True)


@dataclass(frozen=True)
class Flag(Schema):
    """``true`` or ``false``."""

    expected = "true or false"
    kind = bool

    def fits(self, value: Any) -> bool:
        return isinstance(value, bool)


@dataclass(frozen=True)
class Pattern(Schema):
    """A spaCy pattern: a list of objects (their keys are checked by spaCy's own pattern schema when
    the rules compile), or one token's object with ``one=True``."""

    one: bool = False

    @property
    def kind(self) -> type:
        return dict if self.one else list

    @property
    def expected(self) -> str:
        return "an object (one token's pattern)" if self.one else "a list of objects (a spaCy pattern)"

    def fits(self, value: Any) -> bool:
        if self.one:
            return isinstance(value, dict)
        return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


@dataclass(frozen=True)
class ListOf(Schema):
    """A list of values of ``item`` (at least ``shortest``); a user's list adds the values not there yet."""

    item: Schema
    shortest: int = 0
    longest: int | None = None
    kind = list

    @property
    def expected(self) -> str:
        if self.longest == self.shortest:
            return f"a list of {self.shortest}"
        return f"a list of at least {self.shortest}" if self.shortest else "a list"

    def check(self, value: Any, label: str, path: Path = ()) -> None:
        if not isinstance(value, list) or len(value) < self.shortest or (self.longest is not None and len(value) > self.longest):
            raise fail(label, path, f"expected {self.expected}, {_found(value) if not isinstance(value, list) else f'found {len(value)}'}")
        for index, item in enumerate(value):
            self.item.check(item, label, path + (f"[{index}]",))

    def merge(self, base: list, extra: list, label: str, path: Path = ()) -> list:
        seen = {json.dumps(v, sort_keys=True) for v in base}
        out = list(base)
        for item in extra:
            if json.dumps(item, sort_keys=True) not in seen:
                seen.add(json.dumps(item, sort_keys=True))
                out.append(item)
        return out


def Words(choices: Iterable[str] = (), shortest: int = 0) -> ListOf:  # noqa: N802
    """A word list: a list of strings (each one of ``choices`` if given)."""
    return ListOf(Text(tuple(choices)), shortest)


def _unknown(label: str, path: Path, key: str, known: Iterable[str]) -> DataError:
    near = difflib.get_close_matches(key, list(known), n=1)
    hint = f"did you mean {near[0]!r}?" if near else "known keys: " + ", ".join(sorted(known))
    return fail(label, path + (key,), f"unknown key ({hint})")


@dataclass(frozen=True)
class MapOf(Schema):
    """An object whose keys are free (or one of ``keys``) and whose values are ``value``."""

    value: Schema
    keys: tuple[str, ...] = ()
    kind = dict

    @property
    def expected(self) -> str:
        kinds = {list: "an object of lists", str: "an object of strings"}
        return kinds.get(self.value.kind, "an object")

    def check(self, value: Any, label: str, path: Path = ()) -> None:
        if not isinstance(value, dict):
            raise fail(label, path, f"expected {self.expected}, {_found(value)}")
        for key, item in value.items():
            if self.keys and key not in self.keys:
                raise _unknown(label, path, key, self.keys)
            self.value.check(item, label, path + (key,))

    def merge(self, base: dict, extra: dict, label: str, path: Path = ()) -> dict:
        out = dict(base)
        for key, item in extra.items():
            out[key] = self.value.merge(base[key], item, label, path + (key,)) if key in base else item
        return out


@dataclass(frozen=True)
class Record(Schema):
    """An object with known keys (``fields``), some ``required``; a key not among them is an error,
    unless ``other`` gives the schema of the values of other keys."""

    fields: dict[str, Schema]
    required: tuple[str, ...] = ()
    other: Schema | None = None
    expected = "an object"
    kind = dict

    def schema_of(self, key: str) -> Schema | None:
        return self.fields.get(key, self.other)

    def check(self, value: Any, label: str, path: Path = ()) -> None:
        if not isinstance(value, dict):
            raise fail(label, path, f"expected {self.expected}, {_found(value)}")
        for key in self.required:
            if key not in value:
                raise fail(label, path, f"missing key {key!r}")
        for key, item in value.items():
            schema = self.schema_of(key)
            if schema is None:
                raise _unknown(label, path, key, self.fields)
            schema.check(item, label, path + (key,))

    def merge(self, base: dict, extra: dict, label: str, path: Path = ()) -> dict:
        out = dict(base)
        for key, item in extra.items():
            schema = self.schema_of(key)
            out[key] = schema.merge(base[key], item, label, path + (key,)) if key in base and schema else item
        return out


@dataclass(frozen=True)
class Records(Schema):
    """A list of records, each named by its ``key`` (unique in the list). A user's record whose name is
    already used is an error (``same="error"``) or is merged into the package's record (``same="merge"``)."""

    record: Record
    key: str = "id"
    same: str = "error"
    expected = "a list of objects"
    kind = list

    def _name(self, index: int, item: Any) -> str:
        name = item.get(self.key) if isinstance(item, dict) else None
        return f"[{name}]" if isinstance(name, str) else f"[{index}]"

    def check(self, value: Any, label: str, path: Path = ()) -> None:
        if not isinstance(value, list):
            raise fail(label, path, f"expected {self.expected}, {_found(value)}")
        seen: set[str] = set()
        for index, item in enumerate(value):
            where = path + (self._name(index, item),)
            self.record.check(item, label, where)
            if item[self.key] in seen:
                raise fail(label, where, f"the {self.key} {item[self.key]!r} is used twice")
            seen.add(item[self.key])

    def merge(self, base: list, extra: list, label: str, path: Path = ()) -> list:
        position = {item[self.key]: index for index, item in enumerate(base)}
        out = list(base)
        for index, item in enumerate(extra):
            name = item[self.key]
            if name not in position:
                out.append(item)
            elif self.same == "merge":
                out[position[name]] = self.record.merge(out[position[name]], item, label, path + (self._name(index, item),))
            else:
                raise fail(label, path + (self._name(index, item),),
                           f"the {self.key} {name!r} is already used by kg's own data (give yours another {self.key})")
        return out


@dataclass(frozen=True)
class OneOf(Schema):
    """A value of one of ``options``: the first that fits it (the error is that of the first option of
    the value's JSON type). A user's value must fit the option the package's value fits, and merges as it says."""

    options: tuple[Schema, ...] = field(default_factory=tuple)

    @property
    def expected(self) -> str:
        return " or ".join(dict.fromkeys(o.expected for o in self.options))

    def _option(self, value: Any) -> Schema | None:
        for option in self.options:
            try:
                option.check(value, "")
            except DataError:
                continue
            return option
        return None

    def check(self, value: Any, label: str, path: Path = ()) -> None:
        if self._option(value) is None:
            same_kind = [o for o in self.options if isinstance(value, o.kind)]
            if not same_kind:
                raise fail(label, path, f"expected {self.expected}, {_found(value)}")
            same_kind[0].check(value, label, path)

    def merge(self, base: Any, extra: Any, label: str, path: Path = ()) -> Any:
        option = self._option(base)
        if option is None:
            raise fail(label, path, f"expected {self.expected} in kg's own data")
        if not isinstance(extra, option.kind):
            raise fail(label, path, f"expected {option.expected}, as in kg's own data, {_found(extra)}")
        option.check(extra, label, path)  # the user's value must be of the package's kind
        return option.merge(base, extra, label, path)
