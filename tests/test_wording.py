"""The one import-time check every text module runs on its table of words."""

from __future__ import annotations

from enum import StrEnum

import pytest

from planner.core.wording import require_words


class Code(StrEnum):
    A = "a"
    B = "b"


def test_every_code_worded_once_passes() -> None:
    require_words(Code, {Code.A: "a"}, {Code.B: lambda: "b"})


@pytest.mark.parametrize(("tables", "said"), [
    (({Code.A: "a"},), "no words for ['b']"),
    (({Code.A: "a", Code.B: "b"}, {Code.B}), "more than one wording for ['b']"),
])
def test_a_code_without_words_or_worded_twice_is_refused(
    tables: tuple[dict[Code, str], ...], said: str,
) -> None:
    with pytest.raises(RuntimeError, match=r"Code: ") as refused:
        require_words(Code, *tables)
    assert said in str(refused.value)
