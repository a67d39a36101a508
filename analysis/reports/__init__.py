"""Reports: the PDF report (fpdf2 + matplotlib charts) and formula-safe CSV/XLSX exports."""
