"""Reading CSV cells at the limits: huge cells, long exact numbers, non-ASCII digits."""

from __future__ import annotations

import pytest

from exactwedge.exceptions import DataFileError, InvalidInputError
from exactwedge.io import parse_csv_text


def test_cell_over_the_csv_field_limit_is_a_data_file_error():
    with pytest.raises(DataFileError, match=r"line 3: a cell is longer than 131,072 characters"):
        parse_csv_text("1,1\n2,-1\n" + "3" * 140_000 + ",1\n")


def test_long_exact_number_within_the_limits_is_read():
    X, y, _ = parse_csv_text("1,1\n2,-1\n" + "3" * 6000 + ",1\n")
    assert X[2][0] == (10 ** 6000 - 1) // 3


def test_unicode_digits_in_a_cell_refused():
    with pytest.raises(InvalidInputError, match="line 2, column 1: .*ASCII"):
        parse_csv_text("1,1\n١٢,1\n")
