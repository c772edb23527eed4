"""What leaves the server: the static export, printed boards and posters, and the LAN preview."""
