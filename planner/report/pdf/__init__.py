"""The PDF administration schedule and bedside record (reportlab)."""
