"""A realistic sample database: several agencies' ledgers, cases, document registers and counts.

The agencies are fictional (示例市…); the codes are the kind an agency's
case system uses ("01" for 个人, "BGK-DSF" for 不予公开·第三方权益), and the
mapping file written beside the database translates them. An application
handled in parts holds its outcome codes in one column, separated by ``;``.

>>> import tempfile, pathlib
>>> db, mapping = write_sample(pathlib.Path(tempfile.mkdtemp()), applications=200)
>>> db.name, mapping.applications.outcome_codes["BFGK"]
('ledger.sqlite', 'partially_granted')
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from govreport._fs import atomic_path, atomic_write_bytes
from govreport.sources.base import import_sqlalchemy as _sa
from govreport.sources.mapping import Mapping

__all__ = [
    "AGENCIES",
    "MAPPING",
    "application_rows",
    "create_tables",
    "populate",
    "write_sample",
]

#: The sample agencies and their contact blocks (fictional).
AGENCIES: tuple[dict[str, str], ...] = (
    {
        "agency": "示例市交通运输局",
        "office": "示例市交通运输局办公室",
        "address": "示例市建设大街100号",
        "postcode": "100001",
        "phone": "010-55550101",
    },
    {
        "agency": "示例市市场监督管理局",
        "office": "示例市市场监督管理局政务公开科",
        "address": "示例市人民路28号",
        "postcode": "100002",
        "phone": "010-55550202",
    },
    {
        "agency": "示例市自然资源局",
        "office": "示例市自然资源局综合科",
        "address": "示例市和平街9号",
        "postcode": "100003",
        "phone": "010-55550303",
    },
)

_APPLICANTS = {"01": "natural_person", "02": "commercial_enterprise", "03": "research_institution",
               "04": "public_interest_org", "05": "legal_service_org", "09": "other_org"}  # fmt: skip
_APPLICANT_WEIGHTS = (70, 15, 2, 3, 6, 4)
_OUTCOMES = {
    "GK": "granted",
    "BFGK": "partially_granted",
    "BGK-GJMM": "denied_state_secret",
    "BGK-FLJZ": "denied_prohibited_by_law",
    "BGK-SAWD": "denied_three_security_one_stability",
    "BGK-DSF": "denied_third_party_rights",
    "BGK-NBSW": "denied_internal_affairs",
    "BGK-GCXX": "denied_process_information",
    "BGK-ZFJZ": "denied_enforcement_case_files",
    "BGK-XZCX": "denied_administrative_inquiry",
    "WF-BZW": "unable_not_held",
    "WF-XZZ": "unable_needs_creation",
    "WF-BMQ": "unable_unclear_after_correction",
    "BYCL-XF": "not_processed_petition_complaint",
    "BYCL-CF": "not_processed_repeated",
    "BYCL-CBW": "not_processed_publication",
    "BYCL-DL": "not_processed_excessive",
    "BYCL-QR": "not_processed_confirm_or_reissue",
    "QT-BBZ": "other_no_correction",
    "QT-WJF": "other_fee_unpaid",
    "QT-QT": "other_other",
}
_OUTCOME_WEIGHTS = (40, 8, 1, 1, 1, 3, 2, 3, 1, 2, 16, 3, 2, 3, 3, 1, 1, 1, 4, 1, 3)
_CASE_KINDS = {"FY": "review", "SS": "litigation_direct", "FYSS": "litigation_after_review"}
_CASE_RESULTS = {"WC": "maintained", "JZ": "corrected", "QT": "other"}
_DOC_KINDS = {"GZ": "regulations", "GFXWJ": "normative_documents"}
_COUNT_KINDS = {
    "XK": "administrative_licensing",
    "QTFW": "other_external_management_services",
    "CF": "administrative_penalty",
    "QZ": "administrative_coercion",
    "SF": "administrative_fees",
    "CG": "government_centralized_procurement",
}

#: The mapping of the sample database, as written to ``mapping.yaml``.
MAPPING: dict[str, Any] = {
    "version": 1,
    "applications": {
        "table": "ysqgk_taizhang",
        "columns": {
            "id": "shenqing_bh",
            "agency": "jiguan",
            "received": "shoudao_rq",
            "closed": "banjie_rq",
            "applicant": "shenqingren_lx",
            "outcome": "banli_jg",
        },
        "outcome_separator": ";",
        "applicant_codes": _APPLICANTS,
        "outcome_codes": _OUTCOMES,
    },
    "cases": {
        "table": "fuyi_susong",
        "columns": {
            "id": "anjian_bh",
            "agency": "jiguan",
            "kind": "leixing",
            "filed": "lian_rq",
            "concluded": "shenjie_rq",
            "result": "jieguo",
        },
        "basis": "filed",
        "kind_codes": _CASE_KINDS,
        "result_codes": _CASE_RESULTS,
    },
    "documents": {
        "table": "wenjian_dengji",
        "columns": {
            "id": "wenhao",
            "agency": "jiguan",
            "kind": "leixing",
            "issued": "zhifa_rq",
            "published": "gongkai_rq",
            "repealed": "feizhi_rq",
        },
        "kind_codes": _DOC_KINDS,
    },
    "counts": {
        "table": "niandu_tongji",
        "columns": {
            "agency": "jiguan",
            "year": "niandu",
            "kind": "leixing",
            "decisions": "jueding_sl",
            "items": "shixiang_sl",
            "amount_yuan": "jine_yuan",
        },
        "kind_codes": _COUNT_KINDS,
    },
    "contacts": {
        "table": "lianxi_fangshi",
        "columns": {
            "agency": "jiguan",
            "office": "bangongshi",
            "address": "dizhi",
            "postcode": "youbian",
            "phone": "dianhua",
        },
    },
}


def create_tables(engine: Any, schema: str | None = None) -> None:
    """Create the sample tables (SQLAlchemy Core, so any database will do).

    >>> import sqlalchemy as sa
    >>> e = sa.create_engine("sqlite://")
    >>> create_tables(e)
    >>> sorted(sa.inspect(e).get_table_names())[:2]
    ['fuyi_susong', 'lianxi_fangshi']
    """
    sa = _sa()
    md = _metadata(sa, schema)
    md.create_all(engine)


def _metadata(sa: Any, schema: str | None) -> Any:
    md = sa.MetaData(schema=schema)

    def cols(part: str) -> dict[str, str]:
        c: dict[str, str] = MAPPING[part]["columns"]
        return c

    a = cols("applications")
    sa.Table(
        MAPPING["applications"]["table"],
        md,
        sa.Column(a["id"], sa.String(40), primary_key=True),
        sa.Column(a["agency"], sa.String(100), index=True),
        sa.Column(a["received"], sa.Date),
        sa.Column(a["closed"], sa.Date),
        sa.Column(a["applicant"], sa.String(10)),
        sa.Column(a["outcome"], sa.String(100)),
    )
    c = cols("cases")
    sa.Table(
        MAPPING["cases"]["table"],
        md,
        sa.Column(c["id"], sa.String(40), primary_key=True),
        sa.Column(c["agency"], sa.String(100)),
        sa.Column(c["kind"], sa.String(10)),
        sa.Column(c["filed"], sa.Date),
        sa.Column(c["concluded"], sa.Date),
        sa.Column(c["result"], sa.String(10)),
    )
    d = cols("documents")
    sa.Table(
        MAPPING["documents"]["table"],
        md,
        sa.Column(d["id"], sa.String(60), primary_key=True),
        sa.Column(d["agency"], sa.String(100)),
        sa.Column(d["kind"], sa.String(10)),
        sa.Column(d["issued"], sa.Date),
        sa.Column(d["published"], sa.Date),
        sa.Column(d["repealed"], sa.Date),
    )
    n = cols("counts")
    sa.Table(
        MAPPING["counts"]["table"],
        md,
        sa.Column(n["agency"], sa.String(100)),
        sa.Column(n["year"], sa.Integer),
        sa.Column(n["kind"], sa.String(10)),
        sa.Column(n["decisions"], sa.Integer),
        sa.Column(n["items"], sa.Integer),
        sa.Column(n["amount_yuan"], sa.Numeric(18, 2)),
    )
    k = cols("contacts")
    sa.Table(
        MAPPING["contacts"]["table"],
        md,
        sa.Column(k["agency"], sa.String(100), primary_key=True),
        *(sa.Column(k[f], sa.String(200)) for f in ("office", "address", "postcode", "phone")),
    )
    return md


def application_rows(
    rng: random.Random, n: int, agencies: list[str], first: dt.date, last: dt.date
) -> Iterator[tuple[str, str, dt.date, dt.date | None, str, str]]:
    """``n`` application rows ``(id, agency, received, closed, applicant, outcome codes)``.

    Received dates are spread over ``first``–``last``; most close within 5–40
    days (so some cross into the next year), the latest ones are still open;
    about one in twelve is handled in parts (``"GK;BGK-DSF"``).

    >>> rows = list(application_rows(random.Random(1), 3, ["某局"], dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    >>> len(rows), rows[0][1]
    (3, '某局')
    """
    span = (last - first).days + 1
    applicant_codes = list(_APPLICANTS)
    outcome_codes = list(_OUTCOMES)
    denials = [c for c in outcome_codes if c.startswith("BGK")]
    for i in range(n):
        received = first + dt.timedelta(days=rng.randrange(span))
        days = rng.randint(5, 40)
        closed: dt.date | None = received + dt.timedelta(days=days)
        if closed is not None and closed > last:
            closed = None
        applicant = rng.choices(applicant_codes, _APPLICANT_WEIGHTS)[0]
        if rng.random() < 0.08:
            outcome = f"GK;{rng.choice(denials)}"
        else:
            outcome = rng.choices(outcome_codes, _OUTCOME_WEIGHTS)[0]
        agency = agencies[i % len(agencies)]
        yield f"YSQ{received.year}-{i:07d}", agency, received, closed, applicant, outcome


def populate(
    engine: Any,
    *,
    schema: str | None = None,
    applications: int = 3000,
    seed: int = 2024,
    first_year: int = 2022,
    last_year: int = 2024,
) -> None:
    """Create the sample tables and fill them with generated records.

    Applications are received from October of ``first_year - 1`` to
    December of ``last_year``, so the first report year has a carry-over.

    >>> import sqlalchemy as sa
    >>> e = sa.create_engine("sqlite://")
    >>> populate(e, applications=50)
    >>> with e.connect() as c:
    ...     c.execute(sa.text("select count(*) from ysqgk_taizhang")).scalar()
    50
    """
    sa = _sa()
    rng = random.Random(seed)
    md = _metadata(sa, schema)
    md.create_all(engine)
    t = {name.split(".")[-1]: table for name, table in md.tables.items()}
    names = [a["agency"] for a in AGENCIES]
    first, last = dt.date(first_year - 1, 10, 1), dt.date(last_year, 12, 31)
    a = MAPPING["applications"]["columns"]
    keys = ("id", "agency", "received", "closed", "applicant", "outcome")
    app_rows = [
        {a[k]: v for k, v in zip(keys, row, strict=True)}
        for row in application_rows(rng, applications, names, first, last)
    ]
    c = MAPPING["cases"]["columns"]
    case_rows = []
    for agency_no, agency in enumerate(names):
        for i in range(rng.randint(6, 14)):
            filed = first + dt.timedelta(days=rng.randrange((last - first).days))
            concluded: dt.date | None = filed + dt.timedelta(days=rng.randint(30, 150))
            if concluded is not None and concluded > last:
                concluded = None
            case_rows.append(
                {
                    c["id"]: f"AJ{agency_no}-{i:04d}",
                    c["agency"]: agency,
                    c["kind"]: rng.choices(list(_CASE_KINDS), (6, 3, 1))[0],
                    c["filed"]: filed,
                    c["concluded"]: concluded,
                    c["result"]: None
                    if concluded is None
                    else rng.choices(list(_CASE_RESULTS), (7, 2, 2))[0],
                }
            )
    d = MAPPING["documents"]["columns"]
    doc_rows = []
    for agency_no, agency in enumerate(names):
        for i in range(rng.randint(25, 60)):
            issued = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(4750))
            if issued > last:
                issued = last
            repealed = None
            if rng.random() < 0.3:
                repealed = issued + dt.timedelta(days=rng.randint(200, 3000))
                if repealed > last:
                    repealed = None
            kind = "GFXWJ"  # departments make no 规章; the code GZ is mapped for governments
            doc_rows.append(
                {
                    d["id"]: f"示{agency_no}规〔{issued.year}〕{i + 1}号",
                    d["agency"]: agency,
                    d["kind"]: kind,
                    d["issued"]: issued,
                    d["published"]: issued + dt.timedelta(days=rng.randint(0, 10)),
                    d["repealed"]: repealed,
                }
            )
    n = MAPPING["counts"]["columns"]
    count_rows = []
    for agency in names:
        for year in range(first_year - 4, last_year + 1):
            for code in _COUNT_KINDS:
                amount = Decimal(0)
                if code == "SF":
                    amount = Decimal(rng.randint(0, 90_000_000)) / 100
                elif code == "CG":
                    amount = Decimal(rng.randint(100_000, 5_000_000))
                count_rows.append(
                    {
                        n["agency"]: agency,
                        n["year"]: year,
                        n["kind"]: code,
                        n["decisions"]: rng.randint(0, 3000) if code != "SF" else 0,
                        n["items"]: rng.randint(5, 60),
                        n["amount_yuan"]: amount,
                    }
                )
    with engine.begin() as conn:
        conn.execute(t[MAPPING["applications"]["table"]].insert(), app_rows)
        conn.execute(t[MAPPING["cases"]["table"]].insert(), case_rows)
        conn.execute(t[MAPPING["documents"]["table"]].insert(), doc_rows)
        conn.execute(t[MAPPING["counts"]["table"]].insert(), count_rows)
        conn.execute(
            t[MAPPING["contacts"]["table"]].insert(),
            [{MAPPING["contacts"]["columns"][k]: v for k, v in a_.items()} for a_ in AGENCIES],
        )


def write_sample(
    directory: Path, *, applications: int = 3000, seed: int = 2024
) -> tuple[Path, Mapping]:
    """Write ``ledger.sqlite`` and ``mapping.yaml`` into ``directory``; return the database path and mapping.

    An existing ``ledger.sqlite`` is replaced; each file is written whole or not at all (an
    interrupted run leaves the previous files as they were).

    >>> import tempfile
    >>> db, m = write_sample(Path(tempfile.mkdtemp()), applications=60)
    >>> sorted(p.name for p in db.parent.iterdir()), m.cases.basis
    (['ledger.sqlite', 'mapping.yaml'], 'filed')
    """
    sa = _sa()
    directory.mkdir(parents=True, exist_ok=True)
    db = directory / "ledger.sqlite"
    with atomic_path(db) as temp:
        engine = sa.create_engine(f"sqlite:///{temp}")
        try:
            populate(engine, applications=applications, seed=seed)
        finally:
            engine.dispose()
    text = yaml.safe_dump(MAPPING, allow_unicode=True, sort_keys=False)
    header = "# govreport 映射文件：示例数据库的表、列和代码 (see docs/sources.md)\n"
    atomic_write_bytes(directory / "mapping.yaml", (header + text).encode("utf-8"))
    return db, Mapping.from_dict(MAPPING, path=str(directory / "mapping.yaml"), base=directory)
