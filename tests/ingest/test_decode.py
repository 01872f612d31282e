"""Bytes to text: exact UTF-8, detected legacy encodings, and refusals that say why."""

import pytest

from summarizer.errors import UnreadableInputError
from summarizer.ingest import article_from_html, decode_bytes
from tests.ingest.pages import page_bytes

WESTERN = [
    "The minister said: \u201cWe will not back down\u201d \u2013 and the crowd cheered. Prices rose 5\u20ac.",
    "Die Bundesregierung hat am Montag beschlossen, dass die Stra\u00dfen gesperrt werden. \u201eWir m\u00fcssen handeln\u201c.",
    "Le gouvernement a annonc\u00e9 lundi une hausse de l\u2019\u00e9nergie de 15\u00a0%. \u00ab C\u2019est inacceptable \u00bb.",
    "Caf\u00e9 au lait co\u00fbte cher.",
]


def test_utf8_is_exact_and_not_legacy():
    text = "Zürich, 3 Feb \u2014 “quoted” 東京\r\n"
    decoded = decode_bytes(text.encode("utf-8"))
    assert decoded.text == text and decoded.encoding == "utf-8" and not decoded.legacy


@pytest.mark.parametrize("text", WESTERN)
def test_windows_1252_text_comes_back_exactly(text):
    """charset-normalizer alone names cp1250 or cp850 for most of these; quotes and euro signs would be garbled."""
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text and decoded.encoding == "cp1252"


def test_real_articles_with_a_few_curly_quotes_stay_windows_1252(seed_articles):
    """Long text, few high bytes: charset-normalizer alone reads these seeds as Big5 (and garbles every quote)."""
    for article in seed_articles:
        decoded = decode_bytes(article.text.encode("cp1252"))
        assert decoded.text == article.text, article.id


def test_a_real_german_article_in_windows_1252():
    html = page_bytes("de.globalvoices.org.nicaragua.html.gz").decode("utf-8")
    text = article_from_html(html, id="gv").text
    assert decode_bytes(text.encode("cp1252")).text == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Hükümet pazartesi günü yeni önlemler açıkladı. Bakan, fiyatların artacağını söyledi.", "cp1254"),
        ("Ελληνικά κείμενα της κυβέρνησης για τα νέα μέτρα.", "cp1253"),
        ("أعلنت الحكومة يوم الاثنين عن إجراءات جديدة لدعم الأسر.", "cp1256"),
        ("Правительство объявило в понедельник о новых мерах поддержки для семей и пенсионеров.", "cp1251"),
        ("Rząd ogłosił w poniedziałek nowe środki. Zażółć gęślą jaźń, powiedział minister.", "cp1250"),
        ("政府は月曜日に新しい対策を発表した。首相は記者会見で説明した。", "shift_jis"),
    ],
)
def test_other_legacy_encodings_are_not_forced_into_windows_1252(text, encoding):
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text and decoded.legacy


def test_a_declared_charset_is_used_when_it_fits_and_latin1_means_windows_1252():
    text = "Prices rose 5\u20ac \u2013 \u201cunacceptable\u201d."
    assert decode_bytes(text.encode("cp1252"), declared="ISO-8859-1").text == text
    assert decode_bytes("Grüße".encode(), declared="windows-1252").text == "GrÃ¼ÃŸe"  # declared, and it fits
    assert decode_bytes("Grüße".encode(), declared="no-such-charset").text == "Grüße"


def test_binary_and_broken_boms_are_refused_with_a_reason():
    with pytest.raises(UnreadableInputError, match="binary"):
        decode_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00")
    with pytest.raises(UnreadableInputError, match="byte-order mark"):
        decode_bytes(b"\xff\xfe\x00\x00binary")
