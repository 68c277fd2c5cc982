"""Exceptions raised by govreport.

Every exception derives from :class:`GovReportError` and from the builtin it
refines, so ``except ValueError`` keeps working for callers that do not know
govreport. Each carries its data as attributes; ``str()`` is a one-line
message in Chinese that names the file, the line and the key or cell.

>>> from govreport.errors import LoadError
>>> e = LoadError("未知的标签“社会公益组”", path="r.yaml", line=7, key="社会公益组")
>>> str(e)
'r.yaml:7: 社会公益组: 未知的标签“社会公益组”'
>>> isinstance(e, ValueError)
True
"""

from __future__ import annotations

import errno as _errno
import os
from collections.abc import Sequence
from os import PathLike
from typing import Any

__all__ = [
    "DateError",
    "EncodingError",
    "FileError",
    "GovReportError",
    "LoadError",
    "MissingExtraError",
    "PdfError",
    "RenderError",
    "ReportNotCleanError",
    "TemplateError",
    "TemplateLimitError",
]


class GovReportError(Exception):
    """The root of every exception govreport raises on purpose.

    >>> issubclass(LoadError, GovReportError)
    True
    """


class LoadError(GovReportError, ValueError):
    """Input that cannot become a report: a bad key, a bad cell, a bad file.

    ``path`` is the file (or another source name), ``line`` its 1-based line
    (``None`` where the format has none), ``key`` the key or cell as written
    in the input, and ``where`` the position in the model as a path such as
    ``$.applications.granted.natural_person``.

    >>> e = LoadError("应为整数，实为 1.9", path="a.json", line=3, key="自然人",
    ...               where="$.applications.granted.natural_person")
    >>> e.where
    '$.applications.granted.natural_person'
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
        key: str | None = None,
        where: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.key = key
        self.where = where
        self.suggestion = suggestion
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = []
        if self.path is not None:
            parts.append(self.path if self.line is None else f"{self.path}:{self.line}")
        if self.key is not None:
            parts.append(self.key)
        parts.append(self.message)
        return ": ".join(parts)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_load_error,
            (type(self), self.message, self.path, self.line, self.key, self.where, self.suggestion),
        )


def _rebuild_load_error(
    cls: type[LoadError],
    message: str,
    path: str | None,
    line: int | None,
    key: str | None,
    where: str | None,
    suggestion: str | None,
) -> LoadError:
    return cls(message, path=path, line=line, key=key, where=where, suggestion=suggestion)


class EncodingError(LoadError, UnicodeError):
    """A file whose bytes are valid in neither UTF-8 nor GB18030.

    ``offset`` is the 0-based byte offset of the first byte that cannot be read
    (printed counted from 1, as 第 N 字节),
    ``line`` the 1-based line it is on (lines counted by LF), where known.

    >>> e = EncodingError("无法识别的字节 0xff", path="r.yaml", offset=12)
    >>> e.offset, str(e)
    (12, 'r.yaml: 第 13 字节: 无法识别的字节 0xff')
    >>> str(EncodingError("无法识别的字节 0xff", path="r.yaml", offset=12, line=2))
    'r.yaml:2: 第 13 字节: 无法识别的字节 0xff'
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None,
        offset: int,
        line: int | None = None,
    ) -> None:
        self.offset = offset
        super().__init__(message, path=path, line=line, key=f"第 {offset + 1} 字节")

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_encoding_error,
            (type(self), self.message, self.path, self.offset, self.line),
        )


def _rebuild_encoding_error(
    cls: type[EncodingError],
    message: str,
    path: str | None,
    offset: int,
    line: int | None = None,
) -> EncodingError:
    return cls(message, path=path, offset=offset, line=line)


class ReportNotCleanError(GovReportError, ValueError):
    """A report with error findings was given to an operation that needs a clean one.

    ``findings`` holds every finding (:class:`govreport.Finding`), errors and warnings.
    """

    def __init__(self, message: str, findings: Sequence[Any]) -> None:
        self.findings = tuple(findings)
        super().__init__(message)


class RenderError(GovReportError, ValueError):
    """A report that cannot be rendered as it is: a value XML cannot hold, a missing variable.

    ``field`` names the model field (``$.overview.paragraphs[2].text``) and
    ``position`` the 0-based character offset inside it, where known.
    """

    def __init__(
        self, message: str, *, field: str | None = None, position: int | None = None
    ) -> None:
        self.field = field
        self.position = position
        super().__init__(message)


class TemplateError(GovReportError, ValueError):
    """A template that cannot be used: bad syntax, unknown variables or filters, unsafe access."""

    def __init__(self, message: str, *, template: str | None = None) -> None:
        self.template = template
        super().__init__(message)


class TemplateLimitError(TemplateError, RenderError):
    """A user template that crossed a bound while rendering: time, output size, an item count or an integer's digits.

    ``limit`` names the bound (``"time"``, ``"output"``, ``"items"``, ``"digits"``,
    ``"depth"``), ``part`` the template part (``word/document.xml``) and
    ``line`` the line in that part, where known. It is both a
    :class:`TemplateError` and a :class:`RenderError`.

    >>> e = TemplateLimitError("渲染超过时间上限 10 秒", limit="time", template="t.docx",
    ...                        part="word/document.xml", line=2)
    >>> str(e), e.limit, isinstance(e, RenderError)
    ('t.docx: word/document.xml 第 2 行: 渲染超过时间上限 10 秒', 'time', True)
    """

    def __init__(
        self,
        reason: str,
        *,
        limit: str,
        template: str | None = None,
        part: str | None = None,
        line: int | None = None,
    ) -> None:
        self.reason = reason
        self.limit = limit
        self.part = part
        self.line = line
        where = [template] if template else []
        if part:
            where.append(part if line is None else f"{part} 第 {line} 行")
        super().__init__(": ".join([*where, reason]), template=template)

    def located(self, template: str, part: str, line: int | None) -> TemplateLimitError:
        """The same refusal, naming the template, the part and the line.

        >>> TemplateLimitError("整数超过 4300 位", limit="digits").located("t.docx", "word/footer1.xml", None).args
        ('t.docx: word/footer1.xml: 整数超过 4300 位',)
        """
        return TemplateLimitError(
            self.reason, limit=self.limit, template=template, part=part, line=line
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_limit_error,
            (type(self), self.reason, self.limit, self.template, self.part, self.line),
        )


def _rebuild_limit_error(
    cls: type[TemplateLimitError],
    reason: str,
    limit: str,
    template: str | None,
    part: str | None,
    line: int | None,
) -> TemplateLimitError:
    return cls(reason, limit=limit, template=template, part=part, line=line)


class PdfError(GovReportError, RuntimeError):
    """LibreOffice is missing, or could not convert the document.

    >>> issubclass(PdfError, GovReportError)
    True
    """


class MissingExtraError(GovReportError, ImportError):
    """An optional dependency is not installed; the message names the extra to install.

    >>> str(MissingExtraError("SQLAlchemy", "sql"))
    "需要 SQLAlchemy：pip install 'govreport[sql]' (SQLAlchemy is not installed)"
    """

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"需要 {package}：pip install 'govreport[{extra}]' ({package} is not installed)"
        )


class DateError(GovReportError, ValueError):
    """A value that is not a date; the message says so in Chinese and English.

    Callers add where the value was written (file, line, record).

    >>> str(DateError.not_a_date("三号"))
    "不是日期 (not a date): '三号'"
    """

    @classmethod
    def not_a_date(cls, value: object) -> DateError:
        """The error for a value written in no accepted form.

        >>> DateError.not_a_date(7).args
        ('不是日期 (not a date): 7',)
        """
        return cls(f"不是日期 (not a date): {value!r}")

    @classmethod
    def no_such_day(cls, value: object) -> DateError:
        """The error for a value in a date's form that names no day (2月30日).

        >>> DateError.no_such_day("2024-02-30").args
        ("不是有效的日期 (no such day): '2024-02-30'",)
        """
        return cls(f"不是有效的日期 (no such day): {value!r}")


#: What an :class:`OSError` means, in Chinese, by errno name.
_OS_ERRORS = {
    "ENOSPC": "磁盘空间已满",
    "EDQUOT": "超出磁盘配额",
    "EFBIG": "文件超过允许的大小",
    "EROFS": "文件系统只读",
    "EACCES": "没有权限",
    "EPERM": "不允许此操作",
    "ENOENT": "文件或文件夹不存在",
    "EISDIR": "这是文件夹，不是文件",
    "ENOTDIR": "路径中有一项不是文件夹",
    "ENAMETOOLONG": "文件名太长",
    "ELOOP": "符号链接循环",
    "EEXIST": "文件已存在",
    "EIO": "读写设备出错",
    "EMFILE": "打开的文件太多",
    "ENFILE": "打开的文件太多",
    "ETXTBSY": "文件正被使用",
    "EBUSY": "文件正被使用",
    "EXDEV": "不能跨文件系统移动",
    "EINVAL": "参数无效",
    "ENXIO": "设备不存在",
    "EAGAIN": "资源暂时不可用",
}


class FileError(GovReportError, OSError):
    """A file that could not be read or written; the message names it and says why in Chinese.

    ``filename`` is the file, ``errno`` the system's error number (its name,
    such as ``ENOSPC``, is in the message), ``action`` what was being done
    (读取, 写入), where known.
    It is an :class:`OSError`, so ``except OSError`` keeps catching it.

    >>> import errno
    >>> e = FileError("out/r.docx", errno.ENOSPC, action="写入")
    >>> str(e)
    'out/r.docx: 无法写入：磁盘空间已满 (ENOSPC: No space left on device)'
    >>> isinstance(e, OSError), e.errno == errno.ENOSPC
    (True, True)
    """

    def __init__(
        self, filename: str | PathLike[str] | None, errno: int | None, *, action: str | None = None
    ) -> None:
        code = errno or 0
        super().__init__(code, os.strerror(code) if errno else "", filename)
        self.errno = errno
        self.action = action

    @property
    def reason(self) -> str:
        """What went wrong, in Chinese, with the errno name: the message without the file.

        >>> import errno
        >>> FileError("r.yaml", errno.EACCES, action="读取").reason
        '无法读取：没有权限 (EACCES: Permission denied)'
        """
        name = _errno.errorcode.get(self.errno or 0, "")
        reason = _OS_ERRORS.get(name, self.strerror or "未知错误")
        english = f" ({name}: {self.strerror})" if name else ""
        doing = f"无法{self.action}：" if self.action else ""
        return f"{doing}{reason}{english}"

    def __str__(self) -> str:
        return f"{_display(self.filename)}: {self.reason}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_file_error, (type(self), self.filename, self.errno, self.action))

    @classmethod
    def from_os_error(
        cls,
        error: OSError,
        *,
        filename: str | PathLike[str] | None = None,
        action: str | None = None,
    ) -> FileError:
        """The :class:`FileError` for ``error``, about its own file or else ``filename``.

        >>> str(FileError.from_os_error(IsADirectoryError(21, "Is a directory", "in"), action="读取"))
        'in: 无法读取：这是文件夹，不是文件 (EISDIR: Is a directory)'
        """
        if isinstance(error, FileError):
            return error
        name = error.filename if error.filename is not None else filename
        return cls(name, error.errno, action=action)


def _display(filename: object) -> str:
    """A file name as it can be printed: bytes not in UTF-8 shown as escapes, never an error."""
    if filename is None:
        return "（未知文件）"
    if isinstance(filename, bytes):
        return filename.decode("utf-8", "backslashreplace")
    text = os.fspath(filename) if isinstance(filename, PathLike) else str(filename)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeError:  # a lone surrogate that is no undecodable byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _rebuild_file_error(
    cls: type[FileError], filename: str | None, errno: int | None, action: str | None
) -> FileError:
    return cls(filename, errno, action=action)
