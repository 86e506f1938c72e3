"""Files in, Documents out (txt, md, html, jsonl)."""
