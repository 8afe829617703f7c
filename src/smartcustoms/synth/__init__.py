"""Synthetic trade generator: realistic declarations with ground-truth fraud labels.

Use :func:`smartcustoms.synth.writer.generate` to write a data set, or
:func:`smartcustoms.synth.generator.iter_batches` to stream it in memory.
"""
