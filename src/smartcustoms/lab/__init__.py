"""The lab wing: generators of trade, documents, scans and specimens, the demo, replay and the
quality figures (``evaluate all``). It drives the product from outside; no product package
imports it, only the command line, tests and benchmarks."""
