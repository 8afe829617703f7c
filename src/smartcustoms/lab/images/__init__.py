"""Generated X-ray scans and organism specimens, and the data sets written from them."""
