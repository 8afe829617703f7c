"""Scale-out drivers of the screening pipeline (Ray); optional, imported only when asked for."""
