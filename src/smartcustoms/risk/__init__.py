"""Risk: fusion of rule hits and model scores into a channel decision with reasons."""
