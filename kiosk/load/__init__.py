"""From bytes to a Site: reading floors.yaml, checking it, and the store that swaps Sites on reload."""
