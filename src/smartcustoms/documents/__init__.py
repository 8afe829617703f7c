"""Documents and certificates: OCR, document-type recognition, field extraction and the
cross-checks of what a document says against the canonical declaration."""
