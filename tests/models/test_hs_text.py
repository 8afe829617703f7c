from smartcustoms.models.hs_classifier.text import (
    MAX_CHARS,
    TitleParts,
    clean_description,
    has_content,
    is_generic,
    split_title,
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


def test_size_ranges_are_dropped_and_american_spellings_folded():
    cleaned = clean_description("Men T Shirt S-5XL Gray Enameled Aluminum Jewelry M/L/XL")
    assert cleaned == "men t-shirt grey enamelled aluminium jewellery"


def test_a_shop_category_path_is_context_not_goods():
    parts = split_title("Women's Clothing > Tops & Tees | Oversized Cotton T Shirt")
    assert parts.goods == "oversized cotton t-shirt"
    assert parts.context == "women's clothing tops & tees"


def test_the_last_step_of_a_path_without_bars_is_the_title():
    parts = split_title("Tools > Power Tools > Cordless Drill 20V")
    assert parts == TitleParts("cordless drill 20v", "tools ; power tools")


def test_attribute_pairs_are_context_each_ending_at_the_next_key():
    parts = split_title("Electric Kettle 1.8L Material: Stainless Steel Power: 1500W")
    assert parts.goods == "electric kettle 1.8l"
    assert parts.context == "material: stainless steel ; power: 1500w"


def test_an_attribute_value_that_runs_on_keeps_only_its_first_word():
    parts = split_title("Material: Polyester Men Hoodie Winter Warm Thick Pullover")
    assert parts == TitleParts("men hoodie winter warm thick pullover", "material: polyester")


def test_bars_without_a_path_and_words_like_type_c_stay_goods():
    assert split_title("Wireless Earbuds | Bluetooth 5.3 | 40H Playtime").context == ""
    assert split_title("USB Type-C Cable 3A").goods == "usb type-c cable 3a"


def test_a_title_that_is_only_context_keeps_it_as_goods():
    assert split_title("Material: Cotton") == TitleParts("material: cotton", "")
    assert split_title(None) == TitleParts("", "")


def test_cleaning_joins_compounds_sellers_split():
    assert clean_description("Oversized Cotton T Shirts") == "oversized cotton t-shirts"
    assert clean_description("Fleece Sweat Shirt") == "fleece sweatshirt"
    assert clean_description("Shirt T Shirt Set") == "shirt t-shirt set"
    assert clean_description("Sweat Resistant Shirt") == "sweat resistant shirt"
