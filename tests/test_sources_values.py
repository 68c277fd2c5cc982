"""Every stored value read strictly: what used to change the statutory numbers in silence.

Each case is a ledger that govreport once counted wrong with exit 0; now the
value is read as the date or number it is, or it is a finding that names the
table, the record and the column, and the report says it is not finished.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.system import module

sa = module("sqlalchemy")

import govreport  # noqa: E402
from govreport.cli import main  # noqa: E402
from govreport.errors import GovReportError, LoadError  # noqa: E402
from govreport.sources import CaseRecord, Mapping, SqlSource, tally_cases  # noqa: E402
from govreport.spec import DRAFT_MARK  # noqa: E402

APPS = "CREATE TABLE applications (id, agency, received, closed, applicant, outcome)"
COUNTS = "CREATE TABLE annual_counts (agency, year, kind, decisions, items, amount_yuan)"


def _db(path: Path, apps: list[tuple[object, ...]], counts: list[tuple[object, ...]] = ()) -> str:
    con = sqlite3.connect(path)
    con.execute(APPS)
    con.execute(COUNTS)
    con.executemany("INSERT INTO applications VALUES (?, '局', ?, ?, ?, ?)", apps)
    con.executemany("INSERT INTO annual_counts VALUES ('局', ?, ?, ?, ?, ?)", counts)
    con.commit()
    con.close()
    return f"sqlite:///{path}"


def _mapping() -> Mapping:
    return Mapping(cases=None, documents=None, contacts=None)


def test_integer_and_spelled_dates_are_read_as_dates(tmp_path: Path) -> None:
    """INTEGER 20240305, 2024年3月5日, 2024-3-9 and 2024/11/23 land in the rows their dates say."""
    odd = _db(
        tmp_path / "odd.sqlite",
        [
            ("1", 20240305, 20240310, "natural_person", "granted"),
            ("2", "2023年12月5日", "2024-1-9", "natural_person", "granted"),
            ("3", "2024/11/23", None, "natural_person", None),
            ("4", 20231201, None, "natural_person", None),
        ],
    )
    iso = _db(
        tmp_path / "iso.sqlite",
        [
            ("1", "2024-03-05", "2024-03-10", "natural_person", "granted"),
            ("2", "2023-12-05", "2024-01-09", "natural_person", "granted"),
            ("3", "2024-11-23", None, "natural_person", None),
            ("4", "2023-12-01", None, "natural_person", None),
        ],
    )
    got = SqlSource(odd, _mapping()).tally_applications("局", 2024)
    want = SqlSource(iso, _mapping()).tally_applications("局", 2024)
    assert got.table == want.table
    assert (got.used, got.skipped, got.findings) == (4, 0, ())
    t = got.table
    assert (t.new_received.total, t.carried_over.total, t.granted.total) == (2, 2, 2)
    assert t.carried_forward.total == 2


def test_unreadable_date_is_a_finding_naming_table_record_and_column(tmp_path: Path) -> None:
    """A closed date ``yesterday`` is skipped with a bad_date finding, not counted as open."""
    url = _db(
        tmp_path / "a.sqlite",
        [
            ("A-1", "2024-03-05", "yesterday", "natural_person", "granted"),
            ("A-2", "2024-03-05", "2024-03-06", "natural_person", "granted"),
        ],
    )
    r = SqlSource(url, _mapping()).tally_applications("局", 2024)
    assert (r.used, r.skipped) == (1, 1)
    (f,) = r.findings
    assert (f.rule, f.table, f.record, f.column) == ("bad_date", "applications", "A-1", "closed")
    assert "yesterday" in f.message
    assert r.table.carried_forward.total == 0


def test_text_dates_are_compared_as_dates_not_strings(tmp_path: Path) -> None:
    """Closed 2024-3-9 before received 2024-3-10 is closed_before_received (as strings it sorted after)."""
    url = _db(
        tmp_path / "a.sqlite", [("B-1", "2024-3-10", "2024-3-9", "natural_person", "granted")]
    )
    r = SqlSource(url, _mapping()).tally_applications("局", 2024)
    assert (r.used, r.skipped) == (0, 1)
    assert [(f.rule, f.record) for f in r.findings] == [("closed_before_received", "B-1")]


def test_null_counts_warn_and_fractions_are_refused(tmp_path: Path) -> None:
    """NULL decisions and NULL fees are missing_count warnings; 88.7 decisions is a bad_number error."""
    url = _db(
        tmp_path / "a.sqlite",
        [],
        [
            (2024, "administrative_licensing", None, None, None),
            (2024, "administrative_penalty", 88.7, None, None),
            (2024, "administrative_coercion", 88.0, None, None),
            (2024, "administrative_fees", None, None, None),
        ],
    )
    r = SqlSource(url, _mapping()).tally_proactive("局", 2024)
    by_rule = {(f.rule, f.record, f.column, f.severity) for f in r.findings}
    assert ("bad_number", "administrative_penalty/2024", "decisions", "error") in by_rule
    assert (
        "missing_count",
        "administrative_licensing/2024",
        "decisions_this_year",
        "warning",
    ) in by_rule
    assert (
        "missing_count",
        "administrative_fees/2024",
        "fee_amount_this_year",
        "warning",
    ) in by_rule
    assert r.skipped == 1
    t = r.table
    assert t.administrative_coercion.decisions_this_year == 88
    assert (
        t.administrative_penalty.decisions_this_year == 0
    )  # the refused row is not truncated to 88
    assert t.administrative_fees.fee_amount_this_year == Decimal(0)


def test_from_db_report_with_findings_is_written_as_unfinished(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report is written, with a placeholder saying records were left out; render refuses it."""
    url = _db(tmp_path / "a.sqlite", [("C-1", "2024-03-05", "某天", "natural_person", "granted")])
    (tmp_path / "m.yaml").write_text(
        "cases: null\ndocuments: null\ncounts: null\ncontacts: null\n", encoding="utf-8"
    )
    out = tmp_path / "r.yaml"
    code = main(["from-db", "--url", url, "--mapping", str(tmp_path / "m.yaml"), "--year", "2024"])
    assert code == 1  # no -o: stdout
    assert "applications closed C-1" in capsys.readouterr().err
    args = ["from-db", "--url", url, "--mapping", str(tmp_path / "m.yaml"), "--year", "2024"]
    assert main([*args, "-o", str(out)]) == 1
    report = govreport.load(out)
    assert "1 条记录未计入" in report.overview.text
    assert DRAFT_MARK in report.overview.text
    assert main(["render", str(out), "-o", str(tmp_path / "r.docx")]) == 2
    assert "--draft" in capsys.readouterr().err
    assert not (tmp_path / "r.docx").exists()


def test_unmapped_codes_are_listed_with_counts_and_nearest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Codes the mapping lacks are summed up per code, with the nearest known category."""
    url = _db(
        tmp_path / "a.sqlite",
        [(str(i), "2024-03-05", None, "自然人们", None) for i in range(3)],
    )
    (tmp_path / "m.yaml").write_text(
        "cases: null\ndocuments: null\ncounts: null\ncontacts: null\n", encoding="utf-8"
    )
    args = ["from-db", "--url", url, "--mapping", str(tmp_path / "m.yaml"), "--year", "2024"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "3 条：申请人类型 '自然人们'（最接近的类别：自然人）" in err


@pytest.mark.parametrize(
    ("text", "line", "wrong", "right"),
    [
        ("applications:\n  table: t\n  outcome_code: {}\n", 3, "outcome_code", "outcome_codes"),
        ("cases:\n  colums: {id: 编号}\n", 2, "colums", "columns"),
        ("applications:\n  columns:\n    recieved: 收到\n", 3, "recieved", "received"),
        (
            "cases:\n  tables:\n    - table: a\n      constant: {kind: 复议}\n",
            4,
            "constant",
            "constants",
        ),
        ("agnecy: 某局\n", 1, "agnecy", "agency"),
    ],
)
def test_misspelt_mapping_keys_are_errors_with_line_and_suggestion(
    tmp_path: Path, text: str, line: int, wrong: str, right: str
) -> None:
    """A misspelt key at any level names the file, the line and the key it should be."""
    p = tmp_path / "m.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as e:
        Mapping.load(p)
    assert (e.value.line, str(e.value.path)) == (line, str(p))
    assert repr(wrong) in e.value.message
    assert e.value.suggestion is not None
    assert repr(right) in e.value.suggestion


def test_unknown_category_suggests_the_nearest(tmp_path: Path) -> None:
    """A mapping target that is no category names the nearest one."""
    with pytest.raises(LoadError) as e:
        Mapping.from_dict({"applications": {"applicant_codes": {"个人": "自然人人"}}})
    assert e.value.suggestion is not None
    assert "是否应为 '自然人'" in e.value.suggestion


def test_empty_kind_column_without_constant_is_an_error() -> None:
    """``kind: ""`` and no constant is a clear error, not a KeyError."""
    with pytest.raises(LoadError, match="既没有列也没有常量"):
        Mapping.from_dict({"documents": {"columns": {"kind": ""}}})


def test_value_maps_normalise_width_and_spaces() -> None:
    """Full-width forms and runs of spaces find the same code."""
    m = Mapping.from_dict({"applications": {"applicant_codes": {"自然人": ["个 人", "ＡＢ"]}}})
    assert m.applications.applicant_codes.get("个\u3000 人") == "natural_person"
    assert m.applications.applicant_codes.get("AB ") == "natural_person"


def test_missing_sqlite_file_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    """A misspelt SQLite path is an error; no empty database appears."""
    path = tmp_path / "ledgr.sqlite"
    with pytest.raises(GovReportError, match="数据库文件不存在"):
        SqlSource(f"sqlite:///{path}", Mapping())
    assert not path.exists()


def test_sqlite_is_opened_read_only(tmp_path: Path) -> None:
    """The source cannot change the agency's database."""
    url = _db(tmp_path / "a.sqlite", [])
    source = SqlSource(url, Mapping())
    with source.engine.connect() as conn, pytest.raises(Exception, match="readonly"):
        conn.exec_driver_sql("CREATE TABLE x (y)")
    source.close()


def test_query_in_place_of_a_table(tmp_path: Path) -> None:
    """A read-only SELECT serves as the table; anything else is refused."""
    url = _db(tmp_path / "a.sqlite", [("1", "2024-03-05", None, "natural_person", None)])
    m = Mapping.from_dict(
        {
            "applications": {
                "query": "SELECT id, agency, received, closed, applicant, outcome FROM applications",
            },
            "cases": None,
            "documents": None,
            "counts": None,
            "contacts": None,
        }
    )
    assert SqlSource(url, m).tally_applications("局", 2024).table.new_received.total == 1
    with pytest.raises(LoadError, match="只读"):
        Mapping.from_dict({"applications": {"query": "DELETE FROM applications"}})


def test_outputs_are_not_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """from-db, sample-db and template export refuse an existing file; --force replaces it."""
    edited = tmp_path / "mine.docx"
    edited.write_bytes(b"edited")
    assert main(["template", "export", "-o", str(edited)]) == 2
    assert edited.read_bytes() == b"edited"
    assert "--force" in capsys.readouterr().err
    assert main(["template", "export", "-o", str(edited), "--force"]) == 0
    assert edited.read_bytes()[:2] == b"PK"

    sample = tmp_path / "s"
    assert main(["sample-db", "-o", str(sample), "--applications", "50"]) == 0
    (sample / "mapping.yaml").write_text("# mine\n", encoding="utf-8")
    assert main(["sample-db", "-o", str(sample), "--applications", "50"]) == 2
    assert (sample / "mapping.yaml").read_text(encoding="utf-8") == "# mine\n"

    out = tmp_path / "r.yaml"
    out.write_text("mine", encoding="utf-8")
    url = _db(tmp_path / "a.sqlite", [])
    (tmp_path / "m.yaml").write_text(
        "agency: 局\ncases: null\ndocuments: null\ncounts: null\ncontacts: null\n", encoding="utf-8"
    )
    args = ["from-db", "--url", url, "--mapping", str(tmp_path / "m.yaml"), "--year", "2024"]
    assert main([*args, "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "mine"
    assert main([*args, "-o", str(out), "--force"]) == 0
    assert govreport.load(out).agency == "局"


@pytest.mark.parametrize("route", ["sql", "csv"])
def test_database_without_agency_column(
    tmp_path: Path, route: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no agency column, --agency names the report (it is not refused); without it, a clear error."""
    part = "applications:\n  columns: {agency: ''}\n"
    if route == "csv":
        (tmp_path / "apps.csv").write_text(
            "id,received,closed,applicant,outcome\n1,2024/3/5,,natural_person,\n", encoding="utf-8"
        )
        part += "  file: apps.csv\n"
        where: list[str] = []
    else:
        url = _db(tmp_path / "a.sqlite", [("1", "2024-03-05", None, "natural_person", None)])
        where = ["--url", url]
    (tmp_path / "m.yaml").write_text(
        part + "cases: null\ndocuments: null\ncounts: null\ncontacts: null\n", encoding="utf-8"
    )
    args = ["from-db", *where, "--mapping", str(tmp_path / "m.yaml"), "--year", "2024"]
    assert main([*args, "--list-agencies"]) == 0
    assert capsys.readouterr().out == ""
    assert main(args) == 2
    assert "agency: 机关名称" in capsys.readouterr().err
    out = tmp_path / "r.yaml"
    assert main([*args, "--agency", "某局", "-o", str(out)]) == 0
    report = govreport.load(out)
    assert (report.agency, report.applications.table.new_received.total) == ("某局", 1)


_CASE_DATES = st.one_of(st.none(), st.dates(dt.date(2023, 11, 1), dt.date(2025, 2, 1)))


@st.composite
def _cases(draw: st.DrawFn) -> list[CaseRecord]:
    n = draw(st.integers(0, 12))
    out = []
    for i in range(n):
        filed = draw(_CASE_DATES)
        out.append(
            CaseRecord(
                draw(st.sampled_from([str(i), str(i), "0"])),
                draw(
                    st.sampled_from(
                        ["review", "litigation_direct", "litigation_after_review", "XX"]
                    )
                ),
                filed,
                draw(_CASE_DATES),
                draw(st.sampled_from([None, "maintained", "corrected", "other", "YY"])),
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(_cases(), st.sampled_from(["filed", "active"]))
def test_sql_case_tally_equals_reference(records: list[CaseRecord], basis: str) -> None:
    """Table 四 aggregated by the database equals the reference tally: table, counts and findings."""
    engine = sa.create_engine("sqlite://")
    md = sa.MetaData()
    cols = ("id", "agency", "kind", "filed", "concluded", "result")
    table = sa.Table(
        "cases",
        md,
        *(sa.Column(c, sa.Date if c in ("filed", "concluded") else sa.String(40)) for c in cols),
    )
    md.create_all(engine)
    rows = [
        {
            "id": r.id,
            "agency": "局",
            "kind": r.kind,
            "filed": r.filed,
            "concluded": r.concluded,
            "result": r.result,
        }
        for r in records
    ]
    with engine.begin() as conn:
        if rows:
            conn.execute(table.insert(), rows)
    mapping = Mapping.from_dict({"cases": {"basis": basis}})
    got = SqlSource(engine, mapping).tally_cases("局", 2024)
    want = tally_cases(records, 2024, mapping.cases)
    assert got == want
    engine.dispose()
