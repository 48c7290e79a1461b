"""Reports: the finished figure and its alt text, rendering (kaleido), batch snapshots."""
