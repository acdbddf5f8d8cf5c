"""User text reaches the terminal as text: no rich markup, no escape sequences, no control characters."""

from __future__ import annotations

import os

from exactwedge.cli.text import printable, rich_text


def test_printable_strips_escapes_and_controls():
    assert printable("a\x1b[2J\x1b]0;title\x07b\rc\x00d\u202ee") == "ab?c?d?e"
    assert printable("ünïcödé [ok].csv") == "ünïcödé [ok].csv"


def test_rich_text_is_not_markup():
    from io import StringIO

    from rich.console import Console

    buf = StringIO()
    Console(file=buf, width=200).print("wrote " + rich_text("x[/bold]") + " " + rich_text("[red]y[/red]"))
    assert buf.getvalue().strip() == "wrote x[/bold] [red]y[/red]"


def test_error_line_shows_a_hostile_file_name_on_one_line(cli):
    code, out, err = cli.run("fit", "no\x1b[31mpe\n.csv", "--beta", "1")
    cli.one_line_error(code, err, "nope?.csv: no such file")
    assert "\x1b" not in err


def test_demo_out_with_markup_in_its_name(cli, tmp_path):
    out_dir = tmp_path / "x[/bold]"
    code, out, err = cli.run("demo", "--out", out_dir)
    assert code == 0, err
    assert "index.md" in os.listdir(out_dir)
    assert "x[/bold]" in out.replace("\n", "")
