"""The sandbox user templates render in: no Python internals, and bounded time, output and sizes.

A user template is code from another office. Jinja's sandbox already keeps
it away from Python's internals and caps ``range`` at 100 000 items; this
environment adds the bounds that keep one template from taking the machine:

* a **deadline** (:data:`TIME_LIMIT` seconds per document), checked in every
  loop iteration, call, filter and arithmetic operation;
* an **output cap** (:data:`OUTPUT_LIMIT` characters per document), counted
  while the parts are generated;
* a **size cap** on every value a template builds: a string or a repeated
  list may not be longer than the output cap, a count argument (``range``,
  widths, repetitions) may not exceed :data:`ITEM_LIMIT`, and an integer may
  not have more than :data:`DIGIT_LIMIT` digits -- checked *before* the value
  is built, so ``'x' * 10**9`` or ``10**10**10`` cost nothing;
* lists, dicts and sets cannot be changed in place (``.append``,
  ``.extend``: Jinja's immutable sandbox), and ``lipsum`` is not offered.

Each bound, when crossed, raises :class:`~govreport.errors.TemplateLimitError`.

>>> env = LimitedEnvironment()
>>> env.from_string("{{ 'ab' * 2 }}").render()
'abab'
>>> env.from_string("{{ 'x' * 10**9 }}").render()
Traceback (most recent call last):
govreport.errors.TemplateLimitError: 运算结果长 1000000000 个字符，超过上限 16777216 个字符 (template output limit)
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2
import jinja2.sandbox
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

from govreport.errors import TemplateLimitError

__all__ = [
    "DIGIT_LIMIT",
    "ITEM_LIMIT",
    "OUTPUT_LIMIT",
    "TIME_LIMIT",
    "LimitedEnvironment",
    "budget",
]

#: Seconds one document may take to render (all its templated parts together).
TIME_LIMIT = 10.0
#: Characters one document may have in its templated parts, and the longest string a template may build.
OUTPUT_LIMIT = 16 * 2**20
#: The most items a ``range`` may have, and the largest count or width given to a call or filter.
ITEM_LIMIT = 100_000
#: The most decimal digits an integer a template computes may have (Python's own limit for printing one).
DIGIT_LIMIT = 4300

#: The arguments Jinja passes to a filter before its value.
_PASSED = (jinja2.nodes.EvalContext, jinja2.runtime.Context, jinja2.Environment)
#: The filters whose arguments are widths or counts (the value they build grows with them).
_WIDTH_FILTERS = frozenset(
    {"do_center", "do_indent", "do_wordwrap", "do_truncate", "do_batch", "do_slice"}
)
#: The string methods whose first argument is a width.
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
#: A replacement field whose format spec takes a width from the arguments (``{:>{}}``).
_NESTED_SPEC = re.compile(r"\{[^{}]*:[^{}]*\{")
#: How many loop iterations pass between two looks at the clock.
_TICK_EVERY = 64
#: The width and precision of a ``%`` conversion (``%9999999d``, ``%.9999999f``).
_PERCENT_SPEC = re.compile(r"%((?:[-+ #0]*\d*)(?:\.\d*)?)")
#: The format spec of a ``{}`` replacement field (``{:>9999999}``).
_BRACE_SPEC = re.compile(r"\{[^{}:]*:([^{}]*)\}")
_DIGITS = re.compile(r"\d+")
#: The most bits an integer of DIGIT_LIMIT digits may need (floor(4300 / log10 2)).
_INT_BITS = int(DIGIT_LIMIT / math.log10(2))


class _Budget:
    """What one render may still spend: its deadline and the output it has left."""

    __slots__ = ("deadline", "left", "seconds", "ticks")

    def __init__(self, seconds: float, output: int) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.left = output
        self.ticks = 0


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "govreport_template_budget", default=None
)


def _refuse(message: str, limit: str) -> TemplateLimitError:
    return TemplateLimitError(message, limit=limit)


def _check_time(b: _Budget) -> None:
    if time.monotonic() > b.deadline:
        raise _refuse(
            f"渲染超过时间上限 {b.seconds:g} 秒（循环或运算过多）(template time limit)", "time"
        )


def _tick() -> None:
    b = _BUDGET.get()
    if b is not None:
        _check_time(b)


@contextlib.contextmanager
def budget(seconds: float, output: int) -> Iterator[Callable[[str], str]]:
    """Render under a deadline of ``seconds`` and an output cap of ``output`` characters.

    Yields a function that counts a generated chunk against the cap (and
    looks at the clock); the budget holds for the current thread or task only.

    >>> with budget(1.0, 5) as spend:
    ...     spend("abc")
    ...     spend("def")
    Traceback (most recent call last):
    govreport.errors.TemplateLimitError: 生成的内容超过上限 5 个字符 (template output limit)
    """
    b = _Budget(seconds, output)
    token = _BUDGET.set(b)

    def spend(chunk: str) -> str:
        b.left -= len(chunk)
        if b.left < 0:
            raise _refuse(f"生成的内容超过上限 {output} 个字符 (template output limit)", "output")
        b.ticks += 1
        if b.ticks % _TICK_EVERY == 0:
            _check_time(b)
        return chunk

    try:
        yield spend
    finally:
        _BUDGET.reset(token)


class LimitedEnvironment(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with bounded time, output and value sizes (see the module).

    >>> env = LimitedEnvironment(item_limit=10)
    >>> env.from_string("{{ range(3) | join(',') }}").render()
    '0,1,2'
    >>> env.from_string("{% for i in range(11) %}{% endfor %}").render()
    Traceback (most recent call last):
    govreport.errors.TemplateLimitError: range 有 11 项，超过上限 10 项 (template item limit)
    """

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(
        self, *, output_limit: int = OUTPUT_LIMIT, item_limit: int = ITEM_LIMIT, **options: Any
    ) -> None:
        super().__init__(**options)
        self.output_limit = output_limit
        self.item_limit = item_limit
        self.globals["range"] = self._range
        self.globals.pop("lipsum", None)
        self.filters = {name: self.bounded_filter(f) for name, f in self.filters.items()}

    # -- the size of values ------------------------------------------------------------

    def _check_value(self, value: Any) -> Any:
        """``value``, unless it is larger than any template may build."""
        if isinstance(value, str):
            if len(value) > self.output_limit:
                raise _refuse(
                    f"运算结果长 {len(value)} 个字符，超过上限 {self.output_limit} 个字符 "
                    "(template output limit)",
                    "output",
                )
        elif isinstance(value, int) and not isinstance(value, bool):
            if value.bit_length() > _INT_BITS:
                raise self._digits()
        elif isinstance(value, list | tuple) and len(value) > self.output_limit:
            raise _refuse(
                f"运算结果有 {len(value)} 项，超过上限 {self.output_limit} 项 (template output limit)",
                "output",
            )
        return value

    def _digits(self) -> TemplateLimitError:
        return _refuse(f"整数超过 {DIGIT_LIMIT} 位 (template integer limit)", "digits")

    def _check_count(self, value: Any) -> None:
        """Refuse an integer argument larger than the item limit (a width, a count, a repetition)."""
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > self.item_limit:
            shown = value if value.bit_length() <= 64 else f"一个 {value.bit_length()} 位二进制数"
            raise _refuse(f"参数 {shown} 超过上限 {self.item_limit} (template item limit)", "items")

    def _check_format(self, spec: Any, style: str = "%") -> None:
        """Refuse a width or precision over the item limit in a ``%`` or ``{}`` format (digits elsewhere are text)."""
        if not isinstance(spec, str):
            return
        pattern = _PERCENT_SPEC if style == "%" else _BRACE_SPEC
        for m in pattern.finditer(spec):
            for number in _DIGITS.findall(m.group(1)):
                if int(number) > self.item_limit:
                    raise _refuse(
                        f"格式中的宽度 {number} 超过上限 {self.item_limit} (template item limit)",
                        "items",
                    )

    def _check_join(self, separator: Any, items: Iterable[Any]) -> list[Any]:
        values = list(items)
        if len(values) > self.output_limit:
            self._check_value(values)
        size = sum(len(str(v)) for v in values) + len(str(separator)) * max(0, len(values) - 1)
        self._check_size(size)
        return values

    def _check_replace(self, text: Any, old: Any, new: Any, count: Any = None) -> None:
        if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
            times = len(text) + 1 if old == "" else text.count(old)
            if isinstance(count, int) and count >= 0:
                times = min(times, count)
            self._check_size(len(text) + times * (len(new) - len(old)))

    def _check_size(self, size: int) -> None:
        if size > self.output_limit:
            raise _refuse(
                f"运算结果长 {size} 个字符，超过上限 {self.output_limit} 个字符 "
                "(template output limit)",
                "output",
            )

    # -- the hooks Jinja calls -----------------------------------------------------------

    def _range(self, *args: int) -> range:
        for a in args:
            if isinstance(a, int) and a.bit_length() > 64:
                raise _refuse(
                    f"range 的参数超过上限 {self.item_limit} 项 (template item limit)", "items"
                )
        items = range(*args)
        if len(items) > self.item_limit:
            raise _refuse(
                f"range 有 {len(items)} 项，超过上限 {self.item_limit} 项 (template item limit)",
                "items",
            )
        return items

    def bounded_iter(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """Iterate ``iterable``, looking at the deadline as the loop goes (every loop is wrapped in this).

        >>> list(LimitedEnvironment().bounded_iter("ab"))
        ['a', 'b']
        """
        _tick()
        for n, item in enumerate(iterable):
            if n % _TICK_EVERY == _TICK_EVERY - 1:
                _tick()
            yield item

    def bounded_value(self, value: Any) -> Any:
        """``value``, unless it is longer than any template may build (every ``~`` is wrapped in this).

        >>> LimitedEnvironment(output_limit=3).from_string("{{ 'ab' ~ 'cd' }}").render()
        Traceback (most recent call last):
        govreport.errors.TemplateLimitError: 运算结果长 4 个字符，超过上限 3 个字符 (template output limit)
        """
        _tick()
        return self._check_value(value)

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        """``*``, ``**``, ``+``, ``%`` and ``//`` with their results' size checked before they are computed.

        >>> LimitedEnvironment().from_string("{{ 2 ** 10 }}").render()
        '1024'
        """
        _tick()
        if operator == "**":
            self._check_power(left, right)
        elif operator == "*":
            self._check_repeat(left, right)
            self._check_repeat(right, left)
        elif operator == "%" and isinstance(left, str):
            self._check_format(left)
            if "*" in left:
                for arg in right if isinstance(right, tuple) else (right,):
                    self._check_count(arg)
        elif operator == "+" and isinstance(left, str | list | tuple) and hasattr(right, "__len__"):
            self._check_size(len(left) + len(right))
        return self._check_value(super().call_binop(context, operator, left, right))

    def _check_power(self, base: Any, exponent: Any) -> None:
        if not (isinstance(base, int) and isinstance(exponent, int)) or exponent < 0:
            return
        if abs(base) > 1 and exponent * (abs(base).bit_length() - 1) > _INT_BITS:
            raise self._digits()

    def _check_repeat(self, value: Any, times: Any) -> None:
        if (
            isinstance(value, str | list | tuple)
            and isinstance(times, int)
            and (len(value) * times > self.output_limit or (not value and times > self.item_limit))
        ):
            self._check_size(max(len(value), 1) * times)

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        """A call from the template, with its counts and, for ``join``/``replace``/``format``, its result size checked first.

        >>> LimitedEnvironment().from_string("{{ 'a-b'.replace('-', '+') }}").render()
        'a+b'
        """
        _tick()
        target = getattr(__obj, "__wrapped__", __obj)
        name = getattr(target, "__name__", "")
        owner = getattr(target, "__self__", None)
        if isinstance(owner, str):
            if name in _WIDTH_METHODS:
                for arg in args[:1]:
                    __self._check_count(arg)
            elif name == "join" and args:
                args = (__self._check_join(owner, args[0]), *args[1:])
            elif name == "replace" and len(args) >= 2:
                __self._check_replace(owner, *args[:3])
            elif name in ("format", "format_map"):
                __self._check_format(owner, "{}")
                if _NESTED_SPEC.search(owner):
                    for arg in (*args, *kwargs.values()):
                        __self._check_count(arg)
        return __self._check_value(super().call(__context, __obj, *args, **kwargs))

    def bounded_filter(self, f: Callable[..., Any]) -> Callable[..., Any]:
        """``f`` as a filter whose count arguments and result are checked (every filter is wrapped in this).

        >>> env = LimitedEnvironment()
        >>> env.from_string("{{ 'a' | center(10**6) }}").render()
        Traceback (most recent call last):
        govreport.errors.TemplateLimitError: 参数 1000000 超过上限 100000 (template item limit)
        """
        name = getattr(f, "__name__", "")

        @functools.wraps(f)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            _tick()
            first = next((i for i, a in enumerate(args) if not isinstance(a, _PASSED)), len(args))
            values = list(args[first:])
            if name in _WIDTH_FILTERS:
                for arg in (*values[1:], *kwargs.values()):
                    self._check_count(arg)
            if name == "do_join" and values:
                values[0] = self._check_join(
                    values[1] if len(values) > 1 else kwargs.get("d", ""), values[0]
                )
            elif name == "do_replace" and len(values) >= 3:
                self._check_replace(str(values[0]), *values[1:4])
            elif name == "do_format" and values:
                self._check_format(values[0])
                if isinstance(values[0], str) and "*" in values[0]:
                    for arg in (*values[1:], *kwargs.values()):
                        self._check_count(arg)
            return self._check_value(f(*args[:first], *values, **kwargs))

        return bounded

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, then wrap every loop's iterable in :meth:`bounded_iter` and every ``~`` in :meth:`bounded_value`."""
        tree = _Bound().visit(super()._parse(source, name, filename))
        assert isinstance(tree, nodes.Template)
        return tree


def _wrap(method: str, node: nodes.Node) -> nodes.Call:
    return nodes.Call(
        nodes.EnvironmentAttribute(method), [node], [], None, None, lineno=node.lineno
    )


class _Bound(NodeTransformer):
    """Wraps loops and concatenations in the environment's checks."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _wrap("bounded_iter", node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _wrap("bounded_value", node)
