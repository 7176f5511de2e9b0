"""The search index kept on disk (knowledge/index_cache.py, knowledge.search.use_index_cache):
read back, it ranks
exactly as a freshly built one; a broken or foreign file is never used; the file name
changes with any change of knowledge/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge import index_cache
from knowledge import search as s
from knowledge.search_text import analyse

QUESTIONS = ["技能人才补贴", "卓越技师培养计划 补助多少钱", "衢州 首席技师", "江门 技能大师工作室",
             "how much is the excellent technician subsidy", "特级技师 评聘 条件", "退休年龄"]


def ranked(index: s._Index, question: str) -> list[tuple[float, str, str, str | None]]:
    tokens, _ = analyse(question)
    return [(round(score, 9), e.document, e.article, e.program)
            for score, e in index.score(tokens, {})]


def test_an_index_read_back_ranks_every_question_as_the_built_one(tmp_path: Path) -> None:
    built = s._build()
    path = tmp_path / "search-index-x.json"
    index_cache.write(path, s._to_json(built))
    read = index_cache.read(path, s._from_json)
    assert read is not None and len(read.entries) == len(built.entries) > 100
    assert read.own_words == built.own_words
    for question in QUESTIONS:
        assert ranked(read, question) == ranked(built, question), question
        assert ranked(built, question), question  # the questions do hit something


def test_writing_a_new_index_removes_the_ones_of_other_code(tmp_path: Path) -> None:
    stale = tmp_path / "search-index-0000.json"
    stale.write_text("{}", encoding="utf-8")
    other = tmp_path / "notes.txt"
    other.write_text("kept", encoding="utf-8")
    index_cache.write(tmp_path / "search-index-1111.json", s._to_json(s._build()))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "search-index-1111.json"]


@pytest.mark.parametrize("content", ["", "not json", '{"entries": 3}', '{"entries": [[1]]}',
                                     '[]'])
def test_a_broken_file_is_not_used(tmp_path: Path, content: str, caplog) -> None:
    path = tmp_path / "search-index-x.json"
    path.write_text(content, encoding="utf-8")
    assert index_cache.read(path, s._from_json) is None
    assert "unreadable" in caplog.text
    assert index_cache.read(tmp_path / "missing.json", s._from_json) is None


def test_an_unwritable_directory_keeps_the_index_in_memory(tmp_path: Path, caplog) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    index_cache.write(blocker / "sub" / "search-index-x.json", s._to_json(s._build()))  # no exception
    assert "not written" in caplog.text


def test_the_file_name_follows_every_change_of_the_knowledge_files(tmp_path: Path) -> None:
    root = Path(s.__file__).parent
    copy = tmp_path / "knowledge"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__", "locales"))
    assert index_cache.digest(copy) == index_cache.digest(root)
    policy = next((copy / "policies").glob("*.yaml"))
    policy.write_text(policy.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert index_cache.digest(copy) != index_cache.digest(root)
    (copy / "search_text.py").write_text("# another tokenizer\n", encoding="utf-8")
    changed = index_cache.digest(copy)
    assert changed != index_cache.digest(root)
