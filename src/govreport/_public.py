"""How a public package names the classes and functions it exports (httpx does the same).

A class defined in ``govreport.model._report`` and exported as ``govreport.Report`` reports
``govreport`` as its module, so reprs, tracebacks, pickles and the docs show the name a user imports.
Exceptions keep :mod:`govreport.errors`, which is a public module of its own.

>>> import govreport
>>> govreport.Report.__module__, govreport.check.__module__, govreport.LoadError.__module__
('govreport', 'govreport', 'govreport.errors')
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterable, Mapping

__all__ = ["publish"]


def _resolve_annotations(cls: type) -> None:
    """Turn the string annotations of ``cls`` and its govreport bases into the objects they name.

    With postponed annotations, :func:`typing.get_type_hints` (and so cattrs and attrs'
    ``resolve_types``) evaluates each string in the globals of ``cls.__module__``: once that names
    the public package, the names would no longer resolve. Resolved first, they need no globals.
    """
    for klass in cls.__mro__:
        own = inspect.get_annotations(klass)
        if not own or not (getattr(klass, "__module__", "") or "").startswith("govreport"):
            continue
        if not any(isinstance(v, str) for v in own.values()):
            continue
        hints = typing.get_type_hints(klass, include_extras=True)
        klass.__annotations__ = {k: hints.get(k, v) for k, v in own.items()}


def publish(namespace: Mapping[str, object], module: str, names: Iterable[str]) -> None:
    """Set ``__module__`` to ``module`` on each class and function of ``names`` defined in a private module.

    >>> import types
    >>> def f() -> None: ...
    >>> f.__module__ = "govreport.model._cells"
    >>> publish({"f": f}, "govreport.model", ["f"])
    >>> f.__module__
    'govreport.model'
    """
    for name in names:
        obj = namespace[name]
        if not (isinstance(obj, type) or callable(obj)):
            continue
        current = getattr(obj, "__module__", None) or ""
        if current.startswith("govreport.") and current != "govreport.errors":
            if isinstance(obj, type):
                _resolve_annotations(obj)
            obj.__module__ = module
