"""Cleaning: characters, wrapped wire copy, and boilerplate removed only at the edges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.config import Settings, apply
from newsevents.documents import clean_text, make_document
from newsevents.documents.clean import load_rules, parse_rules
from newsevents.errors import CodebookError
from newsevents.model import Item
from newsevents.sources import iter_items
from tests.conftest import shared_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def test_seed_article_loses_its_comment_widget_and_nothing_else():
    path = shared_path("examples", "seed", "article.txt")
    gold = json.loads(shared_path("examples", "seed", "gold.json").read_text(encoding="utf-8"))
    [item] = list(iter_items([str(path)]))
    assert isinstance(item, Item)
    document = make_document(item)
    for line in gold["not_article_text"]:
        assert line not in document.text
    raw_lines = [
        line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    kept = [line for line in raw_lines if line not in gold["not_article_text"]]
    assert document.text.splitlines() == kept
    assert document.text.endswith("spearheading diplomacy with the Taliban.")


def test_blog_footer_lines_are_removed_from_the_end():
    cleaned = clean_text((FIXTURES / "blog_post.txt").read_text(encoding="utf-8"))
    assert (
        cleaned.splitlines()[-1]
        == "The ministry said officers had acted to protect public buildings."
    )
    for gone in (
        "Posted by",
        "Labels:",
        "No comments",
        "Post a Comment",
        "Older Post",
        "Subscribe to",
    ):
        assert gone not in cleaned


def test_share_buttons_and_comment_counts_are_removed():
    cleaned = clean_text((FIXTURES / "article.txt").read_text(encoding="utf-8"))
    assert cleaned.endswith("further talks would take place in Addis Ababa in March.")
    assert "Facebook" not in cleaned and "comments" not in cleaned


def test_boilerplate_words_inside_the_article_stay():
    text = (
        "Readers were asked to post a comment on the ministry's website, the spokesman said.\n"
        "No comments:\n"
        "The minister replied that there would be no comments until Friday.\n"
        "Shares fell 3 pct after the announcement, and analysts said they expected\n"
        "share.\n"
        "The company said it would release its results on Friday."
    )
    assert clean_text(text) == text


def test_a_continued_sentence_is_never_cut_at_the_end():
    text = "The board said profits would be one ct a share after the charge, or one ct a\nshare."
    assert clean_text(text) == text


def test_fbis_editorial_markers_go_and_bracketed_names_stay():
    text = (
        "SAN SALVADOR, 3 JAN 90 (RADIO VENCEREMOS) -- [TEXT] THE FARABUNDO MARTI NATIONAL "
        "LIBERATION FRONT [FMLN] ATTACKED A POST [PASSAGE OMITTED] "
        "NEAR THE DAM [WORDS INDISTINCT].\n"
        "[BEGIN RECORDING] [CRISTIANI] WE WILL NOT NEGOTIATE. [END RECORDING]"
    )
    cleaned = clean_text(text)
    for marker in (
        "[TEXT]",
        "[PASSAGE OMITTED]",
        "[WORDS INDISTINCT]",
        "[BEGIN RECORDING]",
        "[END RECORDING]",
    ):
        assert marker not in cleaned
    assert "[FMLN]" in cleaned and "[CRISTIANI]" in cleaned
    assert "-- THE FARABUNDO" in cleaned and "NEAR THE DAM." in cleaned


def test_muc_corpus_keeps_no_fbis_markers():
    path = shared_path("corpus", "muc34_latin_america_conflict_1988_1990.jsonl")
    with path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(300), handle, strict=False)]
    raw_markers = sum(t.count("[TEXT]") for t in texts)
    assert raw_markers > 100
    cleaned = [clean_text(t) for t in texts]
    assert not any("[TEXT]" in c or "[PASSAGE OMITTED]" in c for c in cleaned)
    assert sum("[FMLN]" in c for c in cleaned) == sum("[FMLN]" in t for t in texts)


def test_reuters_sign_off_goes_but_a_sentence_naming_reuters_stays():
    assert (
        clean_text("Prices rose 2 pct, the ministry said.\n Reuter")
        == "Prices rose 2 pct, the ministry said."
    )
    assert (
        clean_text("Oil prices fell 1.2 pct (33.7).        REUTER")
        == "Oil prices fell 1.2 pct (33.7)."
    )
    kept = "The minister gave an interview to Reuters"
    assert clean_text(kept) == kept


def test_reuters_corpus_sign_offs_are_removed():
    path = shared_path("corpus", "reuters21578.jsonl")
    with path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(2000), handle, strict=False)]
    assert sum(t.rstrip().upper().endswith("REUTER") for t in texts) > 1000
    assert not any(clean_text(t).upper().endswith("REUTER") for t in texts)


def test_hard_wrapped_wire_copy_is_unwrapped_into_paragraphs():
    wire = (
        "NEW YORK, March 3 - The company said on Tuesday that it would\n"
        "close two plants in Ohio and cut about 1,200 jobs over the next\n"
        "two years as demand for its products falls.\n"
        "    A spokesman said the plants were the oldest the company owned\n"
        "and that workers would be offered jobs at other sites.\n"
        "    The union said it would fight the closures."
    )
    assert clean_text(wire) == (
        "NEW YORK, March 3 - The company said on Tuesday that it would close two plants in Ohio "
        "and cut about 1,200 jobs over the next two years as demand for its products falls.\n\n"
        "A spokesman said the plants were the oldest the company owned and that workers would "
        "be offered jobs at other sites.\n\n"
        "The union said it would fight the closures."
    )


def test_paragraph_per_line_text_is_not_joined():
    text = "Short first paragraph ends here.\nSecond paragraph, also short.\nA heading\nThird one."
    assert clean_text(text) == text


def test_characters_are_normalised():
    text = "Talks\u00a0resumed\u200b in Gene\u0301va\r\non Monday.\x07\tThe envoy\u00adsaid so."
    assert clean_text(text) == "Talks resumed in Genéva\non Monday. The envoysaid so."


def test_mojibake_is_repaired_only_when_the_whole_text_round_trips():
    broken = "The ministerâ€™s statement cited SÃ£o Paulo."
    assert clean_text(broken) == "The minister’s statement cited São Paulo."
    mixed = "A real â€ sign next to Chinese 中文 text stays as it is."
    assert clean_text(mixed) == mixed


def test_user_rules_extend_the_bundled_ones(tmp_path):
    extra = tmp_path / "my_boilerplate.tsv"
    extra.write_text(
        "end\tthis story was produced by .{1,80}\tsyndication credit\n", encoding="utf-8"
    )
    settings = apply(Settings(), {"codebook.extra": [str(extra)]})
    item = Item(
        origin="t",
        content="The vote passed by a wide margin on Thursday.\n"
        "This story was produced by Partner Desk.",
    )
    assert make_document(item, settings).text == "The vote passed by a wide margin on Thursday."
    assert make_document(item).text.endswith("Partner Desk.")


def test_bad_rule_files_name_the_line():
    with pytest.raises(CodebookError, match=r"rules.tsv:2"):
        parse_rules("end\tok\n" + "sometimes\tx\n", "rules.tsv")
    with pytest.raises(CodebookError, match="bad pattern"):
        parse_rules("end\t(unclosed\n", "rules.tsv")


def test_bundled_rules_are_general_not_seed_specific():
    rules = load_rules()
    assert len(rules.rules) >= 30
    assert {r.kind for r in rules.rules} == {"start", "end", "edge", "line", "marker", "suffix"}
    for line in (
        "3 comments:",
        "Leave a reply",
        "Share this article",
        "Read more: Who gains",
        "© 2019 Fixture Media",
    ):
        assert rules.line_matches(line, "end", "edge", "line"), line


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_cleaning_never_leaves_control_characters_and_is_stable(text):
    once = clean_text(text)
    assert not any(ord(ch) < 32 and ch != "\n" for ch in once)
    assert "\n\n\n" not in once and once == once.strip()
    assert clean_text(once) == once
