"""Synthetic trade generator: realistic declarations with ground-truth fraud labels.

Use :func:`smartcustoms.lab.trade.writer.generate` to write a data set, or
:func:`smartcustoms.lab.trade.generator.iter_batches` to stream it in memory.
"""
