"""Reports: the text report and the PDF administration schedule."""
