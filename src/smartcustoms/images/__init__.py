"""Image analysis: cargo scans checked against the declaration, and harmful-organism identification.

Everything here runs on CPU with models the project trains itself from synthetic images; an
administration brings its own scanner images and ONNX models to the model slot (``registry``).
"""
