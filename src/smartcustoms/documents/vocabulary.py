"""What documents call things, in English and Chinese: titles and keywords of each document
type, labels of header fields and goods-table columns. The renderer prints these words and the
reader looks for them, so one table serves both; the first label of a list is the usual one."""

from smartcustoms.declarations.schema import DocumentType

Language = str
LANGUAGES: tuple[Language, ...] = ("en", "zh")

RENDERED_TYPES: tuple[DocumentType, ...] = (
    DocumentType.COMMERCIAL_INVOICE,
    DocumentType.PACKING_LIST,
    DocumentType.CERTIFICATE_OF_ORIGIN,
    DocumentType.PHYTOSANITARY_CERTIFICATE,
    DocumentType.VETERINARY_CERTIFICATE,
    DocumentType.HEALTH_CERTIFICATE,
    DocumentType.IMPORT_LICENCE,
    DocumentType.BILL_OF_LADING,
)

TITLES: dict[DocumentType, dict[Language, str]] = {
    DocumentType.COMMERCIAL_INVOICE: {"en": "COMMERCIAL INVOICE", "zh": "商业发票"},
    DocumentType.PACKING_LIST: {"en": "PACKING LIST", "zh": "装箱单"},
    DocumentType.CERTIFICATE_OF_ORIGIN: {"en": "CERTIFICATE OF ORIGIN", "zh": "原产地证书"},
    DocumentType.PHYTOSANITARY_CERTIFICATE: {"en": "PHYTOSANITARY CERTIFICATE",
                                             "zh": "植物检疫证书"},
    DocumentType.VETERINARY_CERTIFICATE: {"en": "VETERINARY CERTIFICATE", "zh": "兽医卫生证书"},
    DocumentType.HEALTH_CERTIFICATE: {"en": "HEALTH CERTIFICATE", "zh": "卫生证书"},
    DocumentType.IMPORT_LICENCE: {"en": "IMPORT LICENCE", "zh": "进口许可证"},
    DocumentType.BILL_OF_LADING: {"en": "BILL OF LADING", "zh": "海运提单"},
}  # fmt: skip

KEYWORDS: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.COMMERCIAL_INVOICE: ("commercial invoice", "invoice", "商业发票", "发票",
                                      "unit price", "amount", "total amount", "金额"),
    DocumentType.PACKING_LIST: ("packing list", "装箱单", "箱单", "gross weight", "net weight",
                                "packages", "毛重", "净重"),
    DocumentType.CERTIFICATE_OF_ORIGIN: ("certificate of origin", "原产地证书", "原产地",
                                         "form e", "form a", "preferential", "优惠",
                                         "origin criterion"),
    DocumentType.PHYTOSANITARY_CERTIFICATE: ("phytosanitary", "植物检疫", "plant protection",
                                             "pests", "有害生物", "botanical"),
    DocumentType.VETERINARY_CERTIFICATE: ("veterinary", "兽医", "animal health", "动物",
                                          "slaughter"),
    DocumentType.HEALTH_CERTIFICATE: ("health certificate", "卫生证书", "fit for human",
                                      "食用", "sanitary"),
    DocumentType.IMPORT_LICENCE: ("import licence", "import license", "进口许可证", "许可证",
                                  "licensee", "licence"),
    DocumentType.BILL_OF_LADING: ("bill of lading", "提单", "shipper", "vessel", "port of loading",
                                  "装运港", "船名", "notify party"),
}  # fmt: skip

NUMBER_LABELS: dict[DocumentType, dict[Language, tuple[str, ...]]] = {
    DocumentType.COMMERCIAL_INVOICE: {"en": ("Invoice No.", "Invoice Number"),
                                      "zh": ("发票号码", "发票号")},
    DocumentType.PACKING_LIST: {"en": ("Packing List No.", "P/L No."),
                                "zh": ("箱单号码", "箱单号")},
    DocumentType.CERTIFICATE_OF_ORIGIN: {"en": ("Certificate No.", "Reference No."),
                                         "zh": ("证书编号", "证书号")},
    DocumentType.PHYTOSANITARY_CERTIFICATE: {"en": ("Certificate No.", "No. of Certificate"),
                                             "zh": ("证书编号", "证书号")},
    DocumentType.VETERINARY_CERTIFICATE: {"en": ("Certificate No.", "Reference No."),
                                          "zh": ("证书编号", "证书号")},
    DocumentType.HEALTH_CERTIFICATE: {"en": ("Certificate No.", "Reference No."),
                                      "zh": ("证书编号", "证书号")},
    DocumentType.IMPORT_LICENCE: {"en": ("Licence No.", "License No."),
                                  "zh": ("许可证号", "许可证编号")},
    DocumentType.BILL_OF_LADING: {"en": ("B/L No.", "Bill of Lading No."),
                                  "zh": ("提单号", "提单号码")},
}  # fmt: skip

FIELD_LABELS: dict[str, dict[Language, tuple[str, ...]]] = {
    "issue_date": {"en": ("Date of Issue", "Issue Date", "Invoice Date", "Date"),
                   "zh": ("签发日期", "开票日期", "日期")},
    "expiry_date": {"en": ("Valid Until", "Expiry Date", "Date of Expiry"),
                    "zh": ("有效期至", "失效日期")},
    "issuer": {"en": ("Issued by", "Issuing Authority"), "zh": ("签发机构", "发证机关")},
    "issuing_country": {"en": ("Country of Issue", "Issuing Country"),
                        "zh": ("签发国家", "发证国家")},
    "exporter": {"en": ("Exporter", "Seller", "Shipper", "Consignor"),
                 "zh": ("出口商", "卖方", "托运人", "发货人")},
    "consignee": {"en": ("Consignee", "Buyer", "Importer", "Licensee"),
                  "zh": ("收货人", "买方", "进口商", "被许可人")},
    "origin_country": {"en": ("Country of Origin", "Place of Origin", "Origin"),
                       "zh": ("原产国", "原产地区", "原产地")},
    "total_value": {"en": ("Total Amount", "Total Value", "Total"),
                    "zh": ("总金额", "总价", "合计")},
    "transport_reference": {"en": ("Bill of Lading No.", "Transport Document"),
                            "zh": ("运输单据号", "提运单号")},
    "vessel": {"en": ("Vessel", "Vessel / Voyage"), "zh": ("船名航次", "船名")},
}  # fmt: skip

COLUMN_LABELS: dict[str, dict[Language, tuple[str, ...]]] = {
    "sequence": {"en": ("No.", "Item"), "zh": ("序号", "项号")},
    "description": {"en": ("Description of Goods", "Description"), "zh": ("货物名称", "品名")},
    "hs_code": {"en": ("HS Code", "H.S. Code"), "zh": ("商品编码", "HS编码")},
    "quantity": {"en": ("Quantity", "Qty"), "zh": ("数量", "数量及单位")},
    "net_mass_kg": {"en": ("Net Weight (kg)", "N.W. (kg)"), "zh": ("净重(千克)", "净重")},
    "gross_mass_kg": {"en": ("Gross Weight (kg)", "G.W. (kg)"), "zh": ("毛重(千克)", "毛重")},
    "value": {"en": ("Amount", "Value"), "zh": ("金额", "总值")},
}  # fmt: skip

HEADER_FIELDS: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.COMMERCIAL_INVOICE: ("document_number", "issue_date", "exporter", "consignee",
                                      "origin_country", "transport_reference", "total_value"),
    DocumentType.PACKING_LIST: ("document_number", "issue_date", "exporter", "consignee",
                                "transport_reference"),
    DocumentType.CERTIFICATE_OF_ORIGIN: ("document_number", "issue_date", "issuer",
                                         "issuing_country", "exporter", "consignee",
                                         "origin_country"),
    DocumentType.PHYTOSANITARY_CERTIFICATE: ("document_number", "issue_date", "expiry_date",
                                             "issuer", "issuing_country", "exporter",
                                             "consignee", "origin_country"),
    DocumentType.VETERINARY_CERTIFICATE: ("document_number", "issue_date", "expiry_date",
                                          "issuer", "issuing_country", "exporter", "consignee",
                                          "origin_country"),
    DocumentType.HEALTH_CERTIFICATE: ("document_number", "issue_date", "expiry_date", "issuer",
                                      "issuing_country", "exporter", "consignee",
                                      "origin_country"),
    DocumentType.IMPORT_LICENCE: ("document_number", "issue_date", "expiry_date", "issuer",
                                  "issuing_country", "consignee", "origin_country",
                                  "total_value"),
    DocumentType.BILL_OF_LADING: ("document_number", "issue_date", "exporter", "consignee",
                                  "vessel"),
}  # fmt: skip
"""Header fields each document type prints, in print order."""

ITEM_COLUMNS: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.COMMERCIAL_INVOICE: ("sequence", "description", "hs_code", "quantity", "value"),
    DocumentType.PACKING_LIST: ("sequence", "description", "quantity", "net_mass_kg",
                                "gross_mass_kg"),
    DocumentType.CERTIFICATE_OF_ORIGIN: ("sequence", "description", "hs_code", "quantity"),
    DocumentType.PHYTOSANITARY_CERTIFICATE: ("sequence", "description", "quantity",
                                             "net_mass_kg"),
    DocumentType.VETERINARY_CERTIFICATE: ("sequence", "description", "hs_code", "quantity",
                                          "net_mass_kg"),
    DocumentType.HEALTH_CERTIFICATE: ("sequence", "description", "hs_code", "quantity",
                                      "net_mass_kg"),
    DocumentType.IMPORT_LICENCE: ("sequence", "description", "hs_code", "quantity", "value"),
    DocumentType.BILL_OF_LADING: ("sequence", "description", "gross_mass_kg"),
}  # fmt: skip
"""Goods-table columns of each document type, left to right."""

CERTIFICATE_TYPES = frozenset({
    DocumentType.CERTIFICATE_OF_ORIGIN, DocumentType.PHYTOSANITARY_CERTIFICATE,
    DocumentType.VETERINARY_CERTIFICATE, DocumentType.HEALTH_CERTIFICATE,
    DocumentType.IMPORT_LICENCE,
})  # fmt: skip
"""Documents whose dates are checked against the shipment (issued before, not expired)."""

PREFERENTIAL_FORMS = ("FORM E", "FORM A", "FORM RCEP", "FORM F")
