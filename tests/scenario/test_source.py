"""The safe YAML reader: every hostile input is a positioned E0xx diagnostic, fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.errors import Diagnostic, ScenarioError
from wargame.scenario import source
from wargame.scenario.positions import NodeInfo
from wargame.scenario.source import parse_bytes, parse_text, read_file, resolve_plain

BAD = Path(__file__).parent.parent / "fixtures" / "bad"


def errors_of(text: str | bytes, name: str = "f.yaml") -> list[Diagnostic]:
    with pytest.raises(ScenarioError) as info:
        if isinstance(text, bytes):
            parse_bytes(text, name)
        else:
            parse_text(text, name)
    return info.value.diagnostics


def only(text: str | bytes) -> Diagnostic:
    diags = errors_of(text)
    assert len(diags) == 1, [d.format() for d in diags]
    return diags[0]


def where(d: Diagnostic) -> tuple[str, int, int]:
    return (d.code, d.span.line, d.span.col)


# --- scalars: a YAML 1.2 core-like resolver ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["NO", "no", "yes", "Yes", "on", "off", "y", "n", "010", "0x1F", "0o17", "1:20", "2026-03",
     "2026-03-05", ".inf", "-.inf", ".nan", ".NaN", "1_000", "0b101", "tRUE", "nULL", "~x"],
)
def test_yaml_11_lookalikes_stay_strings(text: str) -> None:
    assert resolve_plain(text) == text
    doc = parse_text(f"value: {text}\n")
    assert doc.data == {"value": text}


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False),
     ("FALSE", False), ("null", None), ("Null", None), ("NULL", None), ("~", None), ("", None),
     ("0", 0), ("-0", 0), ("+7", 7), ("42", 42), ("-17", -17), ("1.5", 1.5), ("-.5", -0.5),
     ("1.", 1.0), ("1e3", 1000.0), ("2.5E-1", 0.25), ("010.5", 10.5),
     ("999999999999999999", 999999999999999999)],
)
def test_core_scalars_are_typed(text: str, value: object) -> None:
    resolved = resolve_plain(text)
    assert resolved == value and type(resolved) is type(value)


def test_quoted_and_block_scalars_are_always_text() -> None:
    doc = parse_text("a: '5'\nb: \"true\"\nc: |\n  7\nd: >-\n  null\n")
    assert doc.data == {"a": "5", "b": "true", "c": "7\n", "d": "null"}


def test_norway_problem_stays_text_end_to_end() -> None:
    doc = parse_text("country: NO\nflag: on\noctal: 010\ntime: 1:20\nmonth: 2026-03\n")
    assert doc.data == {"country": "NO", "flag": "on", "octal": "010", "time": "1:20",
                        "month": "2026-03"}


# --- positions -------------------------------------------------------------------------------


def test_every_node_is_recorded_with_one_based_positions() -> None:
    text = (
        "actors:\n"
        "  denmark:\n"
        "    trust: two\n"
        "moves:\n"
        "  - id: m\n"
        "    when: 'x > 1'\n"
        "    text: |\n"
        "      long\n"
        "      story\n"
    )
    smap = parse_text(text, "g.yaml").source_map
    two = smap.nodes[("actors", "denmark", "trust")]
    assert (two.value.line, two.value.col) == (3, 12)
    assert two.key is not None and (two.key.line, two.key.col) == (3, 5)
    assert two.style is None and not two.multiline
    item = smap.nodes[("moves", 0)]
    assert (item.value.line, item.value.col) == (5, 5) and item.key is None
    when = smap.nodes[("moves", 0, "when")]
    assert when.style == "'" and (when.value.line, when.value.col) == (6, 11)
    story = smap.nodes[("moves", 0, "text")]
    assert story.style == "|" and story.multiline
    assert smap.nodes[()] == NodeInfo(smap.nodes[()].value)
    assert str(smap.locate(("moves", 0, "when"))) == "g.yaml:6:11"
    # The expression offset maps into the quoted scalar: `>` is offset 2.
    assert str(smap.expr_span(("moves", 0, "when"), 2)) == "g.yaml:6:14"


def test_positions_count_characters_not_bytes() -> None:
    smap = parse_text("title: Ærø\nnote: 'æøå'\nn: 1\n").source_map
    assert smap.nodes[("n",)].value.col == 4
    doc = parse_text("a: ø\nb: [ø, x]\n")
    assert doc.source_map.nodes[("b", 1)].value.col == 8


def test_crlf_line_endings_and_bom_are_accepted() -> None:
    doc = parse_bytes(b"\xef\xbb\xbfa: 1\r\nb: two\r\n", "w.yaml")
    assert doc.data == {"a": 1, "b": "two"}
    assert doc.source_map.nodes[("b",)].value.line == 2
    assert not doc.text.startswith("\ufeff")
    assert parse_text("\ufeffa: 1\n").data == {"a": 1}


def test_source_lines_split_like_yaml() -> None:
    assert source.source_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert source.source_lines("a\x0cb\n") == ["a\x0cb", ""]


# --- each hostile input: exact message and position --------------------------------------------


def test_duplicate_key_quotes_both_positions() -> None:
    d = only("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert where(d) == ("E007", 4, 3)
    assert d.message == ("duplicate key `c`: first defined at line 3, column 3, defined "
                         "again here at line 4, column 3")
    assert d.path == "b.c"


def test_duplicate_key_in_flow_mapping() -> None:
    d = only("x: {a: 1, b: 2, a: 3}\n")
    assert where(d) == ("E007", 1, 17)


def test_explicit_tags_are_refused_even_harmless_ones() -> None:
    diags = errors_of("a: !!python/object/apply:os.system ['ls']\nb: !!str 5\nc: !foo x\n"
                      "d: ! y\ne: !!map {}\n")
    assert [where(d) for d in diags] == [("E006", 1, 4), ("E006", 2, 4), ("E006", 3, 4),
                                         ("E006", 4, 4), ("E006", 5, 4)]
    assert diags[0].message == "explicit tags (`!!python/object/apply:os.system`) are not allowed"
    assert diags[1].message == "explicit tags (`!!str`) are not allowed"
    assert diags[2].message == "explicit tags (`!foo`) are not allowed"


def test_anchors_and_aliases_are_refused() -> None:
    diags = errors_of("a: &x [1]\nb: *x\n")
    assert [where(d) for d in diags] == [("E005", 1, 4), ("E005", 2, 4)]
    assert diags[0].message == "anchors (`&x`) are not allowed"
    assert diags[1].message == "aliases (`*x`) are not allowed"


@pytest.fixture
def events_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many parser events the reader asked for (one item per read): hostile input must
    be refused after a bounded number of events, whatever the machine's speed."""
    read: list[int] = []
    loader = source._Loader

    class Counting(loader):  # type: ignore[misc,valid-type]
        def get_event(self) -> object:
            read.append(1)
            return super().get_event()

    monkeypatch.setattr(source, "_Loader", Counting)
    return read


def test_alias_bomb_is_refused_quickly_with_bounded_output(events_read: list[int]) -> None:
    with pytest.raises(ScenarioError) as info:
        read_file(BAD / "alias_bomb.yaml")
    assert len(events_read) < 1_000  # the aliases are never expanded
    # One diagnostic for the anchors and one for the aliases, however many the bomb holds.
    assert [(where(d), d.message) for d in info.value.diagnostics] == [
        (("E005", 2, 4), "anchors (`&a`) are not allowed (6 more anchors follow)"),
        (("E005", 3, 8), "aliases (`*a`) are not allowed (53 more aliases follow)"),
    ]


@pytest.mark.parametrize(
    ("form", "col"),
    [("flow", 65), ("flow-mapping", 257), ("block", 129)],
)
def test_100k_nesting_is_refused_at_depth_65_without_crashing(
    form: str, col: int, events_read: list[int]
) -> None:
    # The C composer segfaults on 100k `[`: the walk must stop at level 65 first.
    text = {
        "flow": "[" * 100_000,
        "flow-mapping": "{a: " * 100_000,
        "block": "- " * 100_000 + "x\n",  # compact nested block sequences, 200 KB
    }[form]
    d = only(text)
    assert len(events_read) < 200  # stopped at level 65, not at level 100,000
    assert d.code == "E004"
    assert d.message == "the document is nested more than 64 levels deep"
    assert (d.span.line, d.span.col) == (1, col)


def test_indented_block_nesting_is_refused_at_its_line() -> None:
    assert where(only("".join(" " * i + "-\n" for i in range(200)))) == ("E004", 65, 65)
    assert where(only("".join(" " * i + "k:\n" for i in range(200)))) == ("E004", 65, 65)


def test_nesting_at_the_limit_is_accepted() -> None:
    doc = parse_text("[" * 64 + "]" * 64)
    node = doc.data
    for _ in range(63):
        node = node[0]
    assert node == []


def test_oversize_file_is_refused_before_parsing(
    tmp_path: Path, events_read: list[int]
) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"[" * (source.MAX_BYTES + 10))
    with pytest.raises(ScenarioError) as info:
        read_file(path)
    assert events_read == []  # not parsed at all
    (d,) = info.value.diagnostics
    assert where(d) == ("E001", 1, 1)
    assert d.message == "the file is larger than 1,048,576 bytes"
    assert only("a: " + "x" * source.MAX_BYTES).code == "E001"


def test_invalid_utf8_reports_line_and_column_of_the_bad_byte() -> None:
    d = only(b"a: 1\nb: caf\xe9 au lait\n")
    assert where(d) == ("E002", 2, 7)
    assert d.message == ("the file is not valid UTF-8: byte 0xe9 at byte offset 11 cannot be "
                         "decoded")
    assert d.hint is not None and "UTF-8" in d.hint


def test_invalid_utf8_column_counts_characters_before_it() -> None:
    d = only("x: ø".encode() + b"\xff\n")
    assert where(d) == ("E002", 1, 5)


def test_utf16_is_named() -> None:
    d = only("a: 1\n".encode("utf-16"))
    assert where(d) == ("E002", 1, 1)
    assert d.message == "the file is UTF-16; scenario files must be UTF-8"


def test_lone_surrogate_in_text_is_an_encoding_error() -> None:
    d = only("a: 1\nb: x\udc80\n")
    assert where(d) == ("E002", 2, 5)


def test_control_characters_are_positioned() -> None:
    d = only("a: 1\nb: x\x00y\n")
    assert where(d) == ("E003", 2, 5)
    assert d.message == "character U+0000 is not allowed in a YAML file"


def test_multiple_documents_are_refused() -> None:
    d = only("a: 1\n---\nb: 2\n")
    assert where(d) == ("E008", 2, 1)
    assert "second one starts here" in d.message


def test_a_single_explicit_document_is_fine() -> None:
    assert parse_text("---\na: 1\n...\n").data == {"a": 1}


def test_5000_digit_integer_is_a_positioned_error_not_a_valueerror() -> None:
    d = only("wargame: 1\nturns: " + "7" * 5000 + "\n")
    assert where(d) == ("E010", 2, 8)
    assert d.message == ("number `777777777777…777777` is too large: an integer of 5000 digits; "
                         "at most 18 are allowed")


def test_19_digit_integer_is_refused_but_18_is_fine() -> None:
    assert parse_text("n: " + "9" * 18).data == {"n": int("9" * 18)}
    assert where(only("n: -" + "1" * 19)) == ("E010", 1, 4)


def test_float_overflow_is_refused() -> None:
    d = only("x: 1e999\n")
    assert where(d) == ("E010", 1, 4)
    assert d.message == "number `1e999` is too large: a number too large to represent"


def test_huge_quoted_number_is_just_text() -> None:
    assert parse_text("n: '" + "7" * 5000 + "'").data == {"n": "7" * 5000}


def test_overlong_string_is_refused() -> None:
    d = only("a: 1\nb: " + "x" * (source.MAX_SCALAR_CHARS + 1) + "\n")
    assert where(d) == ("E011", 2, 4)
    assert d.message == "this value is 65,537 characters long; the limit is 65,536"


def test_non_string_keys_are_refused() -> None:
    diags = errors_of("1: a\ntrue: b\n~: c\n? [x, y]\n: d\n'2': fine\n")
    assert [where(d) for d in diags] == [("E009", 1, 1), ("E009", 2, 1), ("E009", 3, 1),
                                         ("E009", 4, 3)]
    assert diags[0].message == "key `1` is read as a number, but keys must be text"
    assert diags[0].hint == "quote it: `'1':`"
    assert diags[1].message == "key `true` is read as a boolean, but keys must be text"
    assert diags[2].message == "key `~` is read as null, but keys must be text"
    assert diags[3].message == "a key must be plain text, not a mapping or a list"


def test_merge_keys_are_refused() -> None:
    d = only("base: {a: 1}\nuse:\n  <<: {b: 2}\n")
    assert where(d) == ("E013", 3, 3)
    assert d.message == "merge keys (`<<`) are not allowed"
    assert parse_text("'<<': 1\n").data == {"<<": 1}


def test_too_many_nodes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_NODES", 50)
    d = only("[" + ", ".join(["1"] * 60) + "]")
    assert where(d) == ("E012", 1, 149)
    assert d.message == "the document has more than 50 values"


def test_200k_nodes_are_refused_fast(events_read: list[int]) -> None:
    text = "[" + ",".join(["1"] * 210_000) + "]"  # 420 KB, under the size cap
    d = only(text)
    assert d.code == "E012"
    assert len(events_read) <= source.MAX_NODES + 10  # stopped at the limit, not the end


@pytest.mark.parametrize(
    ("text", "code", "line", "col", "fragment", "hint"),
    [
        ("a: [1,\n", "E003", 2, 1, "did not find expected node content", "`[`"),
        ("a: 'x\n", "E003", 1, 4, "the quote opened here is never closed", "`a: 'x'`"),
        ("a: b: c\n", "E003", 1, 5, "mapping values are not allowed", "must be quoted"),
        ("a:\n\t- b\n", "E003", 2, 1, "cannot start any token", "spaces, not tabs"),
        ("a: 1\n b: 2\n", "E003", 2, 3, "mapping values are not allowed", None),
        ("- a\nb: 1\n", "E003", 2, 1, "did not find expected '-' indicator", "indentation"),
        ("a:\n  b: 1\n c: 2\n", "E003", 3, 2, "did not find expected key", "indentation"),
    ],
)
def test_syntax_errors_are_positioned_with_hints(
    text: str, code: str, line: int, col: int, fragment: str, hint: str | None
) -> None:
    d = only(text)
    assert where(d) == (code, line, col)
    assert d.message.startswith("YAML syntax error: ") and fragment in d.message
    if hint is not None:
        assert d.hint is not None and hint in d.hint


# The traps of unquoted prose: each is told where the text starts, with the fix.

BRIEFING = (
    "actors:\n"
    "  uk: {name: UK, briefing: You advise the Prime Minister, the Foreign Secretary,"
    " and the cabinet.}\n"
    "  us: {name: US}\n"
)


def test_a_comma_in_flow_text_is_one_error_saying_quote_this_text() -> None:
    """Before: two E101s, `unknown key `the Foreign Secretary`` and `and the cabinet.`,
    from the loader, with a hint listing the allowed keys."""
    d = only(BRIEFING)
    assert where(d) == ("E003", 2, 28)
    assert d.message == (
        "an unquoted comma cuts this text short: inside `{...}` a comma ends an entry, so "
        "`the Foreign Secretary` is read as a key of its own"
    )
    assert d.hint == (
        'quote this text: `briefing: "You advise the Prime Minister, the Foreign Secretary, '
        'and the cabinet."`'
    )
    assert d.path == "actors.uk.briefing"


def test_a_comma_in_flow_text_over_lines_and_before_another_key() -> None:
    d = only("m: {label: Talk, then act,\n    effects: []}\n")
    assert where(d) == ("E003", 1, 12)
    assert d.hint == 'quote this text: `label: "Talk, then act"`'


def test_an_entry_with_no_value_and_nothing_before_it() -> None:
    d = only("m: {Talk then act, id: x}\n")
    assert where(d) == ("E003", 1, 5)
    assert d.message.startswith("`Talk then act` has no `:` and value")


@pytest.mark.parametrize(
    "text",
    [
        "m: {a: , b: 1}\n",                 # a value left empty on purpose
        "m: {a: # note\n  , b: 1}\n",      # ... with a comment after the colon
        "m: {a: x # note\n  }\n",          # a comment at the end of a line in braces
        "m: [a, b, c]\n",                   # commas in a list are items
        "m: {'a, b': 1}\n",                 # a quoted key with a comma
    ],
)
def test_flow_text_that_is_fine_is_not_flagged(text: str) -> None:
    assert parse_text(text).data is not None


def test_a_hash_in_flow_text_is_told_at_the_text() -> None:
    """Before: `E003 did not find expected ',' or '}'` at the start of the next line."""
    d = only("a:\n  uk: {name: UK, briefing: Item #1 on the agenda is the strait}\nb: 1\n")
    assert where(d) == ("E003", 2, 28)
    assert d.message == (
        "YAML syntax error: ` #` starts a comment, so this text stops at `Item` and the "
        "rest of line 2 is ignored"
    )
    assert d.hint == 'quote this text: `briefing: "Item #1 on the agenda is the strait"`'


def test_an_unclosed_quote_is_told_on_its_own_line() -> None:
    """Before: `E003 did not find expected key` one line late, at `tension`, with a hint
    about indentation."""
    text = (
        "endings:\n"
        "  - id: calm\n"
        '    title: "Calm returns\n'
        '    when: "tension <= 0"\n'
    )
    d = only(text)
    assert where(d) == ("E003", 3, 12)
    assert d.message == (
        "YAML syntax error: the quote opened here is not closed on its line, so the text "
        "runs on to line 4 and the file stops making sense there"
    )
    assert d.hint == 'close the quote: `title: "Calm returns"`'


def test_an_unclosed_quote_in_braces_closes_before_the_brace() -> None:
    d = only('a:\n  uk: {name: UK, briefing: "Unclosed}\n  us: {name: "US"}\n')
    assert where(d) == ("E003", 2, 28)
    assert d.hint == 'close the quote: `briefing: "Unclosed"}`'


def test_a_quoted_text_over_two_lines_is_not_blamed_for_a_later_error() -> None:
    d = only('title: "A long title\n  over two lines"\nid: x\n  bad: indentation\n')
    assert d.message.startswith("YAML syntax error: mapping values are not allowed")


def test_errors_are_collected_and_sorted() -> None:
    diags = errors_of("z: !!str 1\na: &x 1\nb: 1\nb: 2\n")
    assert [where(d) for d in diags] == [("E006", 1, 4), ("E005", 2, 4), ("E007", 4, 1)]


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        read_file(tmp_path / "missing.yaml")
    (d,) = info.value.diagnostics
    assert where(d) == ("E014", 1, 1)
    assert d.message == "cannot read the file: No such file or directory"
    with pytest.raises(ScenarioError) as info:
        read_file(tmp_path)
    assert info.value.diagnostics[0].code == "E014"


# --- the committed corpus of bad files ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "line", "col", "message"),
    [
        ("python_tag.yaml", "E006", 3, 6,
         "explicit tags (`!!python/object/apply:os.system`) are not allowed"),
        ("alias_bomb.yaml", "E005", 2, 4,
         "anchors (`&a`) are not allowed (6 more anchors follow)"),
        ("duplicate_key.yaml", "E007", 6, 3,
         "duplicate key `north`: first defined at line 4, column 3, defined again here at "
         "line 6, column 3"),
        ("multi_doc.yaml", "E008", 3, 1,
         "a scenario file holds one YAML document, but a second one starts here"),
        ("huge_int.yaml", "E010", 2, 8,
         "number `777777777777…777777` is too large: an integer of 5000 digits; at most 18 "
         "are allowed"),
        ("latin1.yaml", "E002", 2, 11,
         "the file is not valid UTF-8: byte 0xe9 at byte offset 21 cannot be decoded"),
        ("merge_key.yaml", "E013", 5, 5, "merge keys (`<<`) are not allowed"),
        ("tabs.yaml", "E003", 3, 1,
         "YAML syntax error: found character that cannot start any token (while scanning "
         "for the next token started at line 3, column 1)"),
        ("non_string_key.yaml", "E009", 3, 3,
         "key `1` is read as a number, but keys must be text"),
    ],
)
def test_bad_corpus(name: str, code: str, line: int, col: int, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        read_file(BAD / name)
    first = info.value.diagnostics[0]
    assert first.span.file == str(BAD / name)
    assert where(first) == (code, line, col)
    assert first.message == message


def test_bom_fixture_loads() -> None:
    assert read_file(BAD / "bom.yaml").data == {"wargame": 1, "id": "bom"}


def test_codes_table_names_every_code() -> None:
    assert set(source.CODES) == {f"E0{n:02d}" for n in range(1, 15)}
