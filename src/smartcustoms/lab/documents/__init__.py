"""Generated supporting documents: their truth, rendering, degradation and the test set."""
