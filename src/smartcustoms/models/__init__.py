"""The model cluster: learned scores that the risk package fuses with rule hits."""
