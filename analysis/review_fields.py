"""The canonical review columns, once: what ingest produces and what the store's ``reviews``
table keeps, in this order. A plain constant so both layers import it without importing
each other (the store imports nothing from ingest)."""

REVIEW_COLUMNS = ["review_id", "product_id", "product_name", "date", "rating", "title", "text",
                  "author", "verified", "helpful_votes", "source", "source_row"]
