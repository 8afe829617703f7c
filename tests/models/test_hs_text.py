from smartcustoms.models.hs_classifier.text import (
    MAX_CHARS,
    clean_description,
    has_content,
    is_generic,
)


def test_cleaning_lowercases_and_drops_symbols_and_emoji():
    assert clean_description("  Men's COTTON T-Shirt 😀 ★ ") == "men's cotton t-shirt"


def test_cleaning_bounds_long_text():
    assert len(clean_description("steel " * 20_000)) <= MAX_CHARS


def test_cleaning_keeps_every_script():
    assert clean_description("Laptop 笔记本电脑 노트북") == "laptop 笔记本电脑 노트북"


def test_non_text_is_empty():
    assert clean_description(None) == ""
    assert clean_description(42) == ""


def test_content_needs_a_letter():
    assert has_content("t-shirt")
    assert has_content("锅")
    assert not has_content("")
    assert not has_content("12345 - 678")
    assert not has_content(clean_description("😀😀😀"))


def test_generic_words_name_no_goods():
    assert is_generic("spare parts, samples")
    assert is_generic("配件")
    assert not is_generic("brake parts")
    assert not is_generic("laptop")


def test_shop_promotion_words_are_dropped():
    cleaned = clean_description(
        "2024 NEW Hot Sale Women's Summer Dress Free Shipping 新款包邮连衣裙"
    )
    assert cleaned == "women's summer dress 连衣裙"
