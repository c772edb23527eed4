"""The web layer: URLs, hosts, headers, errors, the page context and chrome, QR codes and serving."""
