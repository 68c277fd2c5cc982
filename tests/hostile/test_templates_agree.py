"""template check agrees with render: what it passes renders with the example reports, what render refuses it reports.

Each probe is a one-paragraph template. Its verdict from ``check_template``
(no problems, or some) must equal the outcome of rendering it with each
example report of the edition (renders, or a TemplateError/RenderError).
"""

from __future__ import annotations

import pytest

import govreport
from govreport.errors import GovReportError
from govreport.model import Report
from govreport.rendering import check_template
from govreport.spec import Edition
from support import example_files, minimal_template

#: Templates a clerk might write, good and bad: every one must get the same verdict from both.
PROBES = [
    # fine
    "{{ report.agency }}",
    "{{ report.title }}",
    "{% for line in report.title_lines %}{{ line }}{% endfor %}",
    "{{ report.agency.upper() }}",
    "{{ report.year ~ '年度' }}",
    "{{ report.year | string }}年",
    "{{ report.agency ~ '（盖章）' }}",
    "{% for p in sections.overview %}{{ p.text }}{% endfor %}",
    "{% if report.year == '2024' %}新{% else %}旧{% endif %}",
    "{% set n = report.year %}{{ n }}",
    "{% macro cell(x) %}[{{ x }}]{% endmacro %}{{ cell(report.year) }}",
    "{{ applications.granted.total }}",
    "{{ range(3) | join('、') }}",
    "{{ '%s' | format(report.year) }}",
    "{{ 2 ** 20 }}",
    "{{ 'ab' * 10 }}",
    "{{ report.date }}",
    # refused by the sandbox
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ report.__class__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ range.__self__ }}",
    # loading other templates
    "{% include 'other.xml' %}",
    "{% import 'macros.xml' as m %}",
    "{% from 'macros.xml' import cell %}",
    "{% extends 'base.xml' %}",
    # over the bounds
    "{% for i in range(10**9) %}{% endfor %}",
    "{{ 10**5000 }}",
    "{{ 'x' * 10**9 }}",
    "{{ lipsum(3) }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    # unknown names, filters and tests
    "{{ report.titel }}",
    "{{ agency }}",
    "{{ report.year | shout }}",
    "{% if report.year is prime %}x{% endif %}",
    "{{ applications.granted.natral_person }}",
    # syntax and runtime errors
    "{{ report.agency ",
    "{% for x in report.title_lines %}",
    "{% endfor %}",
    "{{ 1 / 0 }}",
    "{{ report.title_lines[99] }}",
    "{{ '<w:p>' | safe }}",
    "{{ report.year | int + 'x' }}",
    "{{ report.year + 1 }}",
    "{% if report.year > 2020 %}新{% endif %}",
    "{{ '%05d' | format(report.year) }}",
]


def _examples(edition: Edition) -> list[Report]:
    reports = [govreport.load(p) for p in example_files()]
    return [r for r in reports if r.edition is edition]


_REPORTS = {ed: _examples(ed) for ed in Edition}


def _renders(data: bytes, edition: Edition) -> bool:
    try:
        t = govreport.Template(data, edition=edition)
        for report in _REPORTS[edition]:
            t.render_bytes(report)
    except GovReportError:
        return False
    return True


def _passes(data: bytes, edition: Edition) -> bool:
    try:
        return check_template(data, edition=edition) == []
    except GovReportError:
        return False


def test_there_is_an_example_of_each_edition() -> None:
    """The agreement below is tested against at least one real example per edition."""
    assert all(_REPORTS[ed] for ed in Edition)


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: str(int(e)))
@pytest.mark.parametrize("body", PROBES)
def test_template_check_verdict_is_render_s_outcome(body: str, edition: Edition) -> None:
    """check_template finds no problem exactly when render succeeds with every example report."""
    data = minimal_template(body)
    assert _passes(data, edition) == _renders(data, edition)


def test_the_probes_cover_both_verdicts() -> None:
    """The list holds templates that pass and templates that fail (the agreement is not vacuous)."""
    verdicts = [_renders(minimal_template(b), Edition.V2021) for b in PROBES]
    assert verdicts.count(True) == 17
    assert verdicts.count(False) == len(PROBES) - 17


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: str(int(e)))
def test_the_bundled_templates_pass_and_render(edition: Edition) -> None:
    """The bundled template of each edition passes the check and renders its examples."""
    data = govreport.rendering.bundled_template(edition)
    assert _passes(data, edition)
    assert _renders(data, edition)
