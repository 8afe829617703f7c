"""Country names as documents print them (English ISO names, common Chinese names) and their
ISO codes, both ways: the renderer writes a name and the extractor reads it back."""

import re
from functools import cache

import pycountry
from rapidfuzz import fuzz, process

CHINESE_NAMES: dict[str, str] = {
    "CN": "中国", "BR": "巴西", "US": "美国", "JP": "日本", "KR": "韩国", "IN": "印度",
    "VN": "越南", "TH": "泰国", "ID": "印度尼西亚", "MY": "马来西亚", "PH": "菲律宾",
    "SG": "新加坡", "KH": "柬埔寨", "LA": "老挝", "MM": "缅甸", "BD": "孟加拉国",
    "PK": "巴基斯坦", "AU": "澳大利亚", "NZ": "新西兰", "CA": "加拿大", "MX": "墨西哥",
    "CL": "智利", "PE": "秘鲁", "AR": "阿根廷", "DE": "德国", "FR": "法国", "IT": "意大利",
    "ES": "西班牙", "NL": "荷兰", "BE": "比利时", "GB": "英国", "IE": "爱尔兰", "CH": "瑞士",
    "PL": "波兰", "RU": "俄罗斯", "TR": "土耳其", "ZA": "南非", "EG": "埃及", "KE": "肯尼亚",
    "ET": "埃塞俄比亚", "NG": "尼日利亚", "SA": "沙特阿拉伯", "AE": "阿联酋", "IR": "伊朗",
    "KZ": "哈萨克斯坦", "UA": "乌克兰", "NO": "挪威", "DK": "丹麦", "SE": "瑞典", "FI": "芬兰",
    "PT": "葡萄牙", "AT": "奥地利", "HK": "中国香港", "TW": "中国台湾", "LK": "斯里兰卡",
    "CO": "哥伦比亚", "EC": "厄瓜多尔", "UY": "乌拉圭", "MA": "摩洛哥", "IL": "以色列",
}  # fmt: skip


@cache
def _english_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                names[name.casefold()] = country.alpha_2
    return names


def english_name(code: str) -> str:
    """The name a document prints: the common name where ISO has one ('Bolivia', not 'Bolivia,
    Plurinational State of'), so that it fits a line."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise KeyError(code)
    return getattr(country, "common_name", None) or country.name


def chinese_name(code: str) -> str:
    """The Chinese name where known, else the English one."""
    return CHINESE_NAMES.get(code) or english_name(code)


def country_from_text(text: str) -> str | None:
    """The ISO alpha-2 code of the country named in the text, tolerant of one or two misread
    letters; None where the text names no country."""
    cleaned = text.strip().strip(".,;:()")
    for code, name in sorted(CHINESE_NAMES.items(), key=lambda kv: -len(kv[1])):
        if name in cleaned:
            return code
    code_match = re.fullmatch(r"\(?([A-Z]{2})\)?", cleaned)
    if code_match and pycountry.countries.get(alpha_2=code_match.group(1)):
        return code_match.group(1)
    names = _english_names()
    folded = re.sub(r"\s*\([A-Z]{2}\)$", "", cleaned).casefold()
    if folded in names:
        return names[folded]
    if len(folded) < 4:
        return None
    best = process.extractOne(folded, list(names), scorer=fuzz.ratio, score_cutoff=88)
    return names[best[0]] if best else None
