"""The safe YAML layer: hostile or odd input becomes a Problem at its place, never an exception."""

from __future__ import annotations

from vallei_player.core.program.yamlsafe import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    Mapping,
    Scalar,
    parse_yaml,
)


def problems_of(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    _, problems = parse_yaml(data, "p.yaml")
    return [str(p) for p in problems]


def test_scalars_keep_their_text_and_marks() -> None:
    root, problems = parse_yaml(b"a: 1:30\nb: no\nc: '090'\nd: 090\n", "p.yaml")
    assert problems == [] and isinstance(root, Mapping)
    values = {k.text: v for k, v in root.items}
    assert all(isinstance(v, Scalar) for v in values.values())
    assert [values[k].text for k in "abcd"] == ["1:30", "no", "090", "090"]  # type: ignore[union-attr]
    assert values["c"].plain is False and values["d"].plain is True  # type: ignore[union-attr]
    assert (values["b"].mark.line, values["b"].mark.col) == (2, 4)


def test_aliases_and_anchors_are_refused_before_they_expand() -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    assert problems_of(laughs) == [
        "p.yaml:1:4: error: YAML anchors (&a) are not allowed; write each value out"
    ]
    assert "aliases" in problems_of("a: *x\n")[0]


def test_duplicate_keys_name_their_line() -> None:
    assert problems_of("title: A\nid: x\ntitle: B\n") == [
        "p.yaml:3:1: error: the key 'title' appears twice here; keep one"
    ]


def test_foreign_tags_are_refused_standard_ones_allowed() -> None:
    assert problems_of("a: !!str 90\nb: !!int 3\n") == []
    assert (
        "'!!python/object/apply:os.system'"
        in problems_of("a: !!python/object/apply:os.system [ls]\n")[0]
    )
    assert "'!custom'" in problems_of("a: !custom x\n")[0]


def test_size_depth_and_node_count_are_bounded() -> None:
    # How quickly: tests/perf/bench_bounds.py (beside plain YAML parsing of the same text).
    big = b"# " + b"x" * MAX_BYTES + b"\n"
    assert "at most 256 KiB" in problems_of(big)[0]
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert f"deeper than {MAX_DEPTH}" in problems_of(deep)[0]
    wide = "[" + ",".join(["1"] * (MAX_NODES + 10)) + "]\n"
    assert f"more than {MAX_NODES} values" in problems_of(wide)[0]


def test_encoding_problems_point_at_the_byte() -> None:
    assert problems_of(b"\xef\xbb\xbfa: 1\n")[0].startswith(
        "p.yaml:1:1: error: the file starts with a byte-order mark"
    )
    assert problems_of(b"a: 1\nb: caf\xe9\n")[0].startswith(
        "p.yaml:2:7: error: the file is not UTF-8"
    )
    assert problems_of(b"\xff\xfea\x00")[0].endswith("the file is UTF-16; save it as UTF-8")
    assert problems_of(b"a: 1\nb: x\x00y\n")[0].startswith(
        "p.yaml:2:5: error: the file contains a NUL byte"
    )
    assert problems_of(b"a: \x07\n")[0].startswith("p.yaml:1:4: error: character")


def test_empty_and_multi_document_files() -> None:
    assert problems_of("")[0] == "p.yaml:1:1: error: the file is empty"
    assert problems_of("# only a comment\n")[0] == "p.yaml:1:1: error: the file is empty"
    assert "more than one YAML document" in problems_of("a: 1\n---\nb: 2\n")[0]


def test_complex_keys_are_refused() -> None:
    assert "a key must be a plain word" in problems_of("? [a, b]\n: c\n")[0]


def test_the_three_syntax_mistakes_coaches_make_most_get_a_hint() -> None:
    colon = problems_of("sessions:\n  - id: s1\n    title: Step one: breathe\n")
    assert len(colon) == 1 and "put the whole text in quotes" in colon[0]
    assert colon[0].startswith("p.yaml:3:")
    in_flow = problems_of("reflection:\n  - {id: mood, ask: Note: how was it?, type: text}\n")
    assert len(in_flow) == 1 and "put the whole text in quotes" in in_flow[0]
    backslash = problems_of('a:\n  voice: "audio\\Rust.wav"\n')
    assert len(backslash) == 1 and "a backslash inside double quotes" in backslash[0]
    assert "write paths with /" in backslash[0]
    windows = problems_of('a: "C:\\Users\\coach"\n')
    assert "a backslash inside double quotes" in windows[0]
    indented = problems_of("sessions:\n  - id: s1\n     title: Waves\n")
    assert len(indented) == 1 and "check the indentation of this line" in indented[0]
    assert "quotes" not in indented[0]
