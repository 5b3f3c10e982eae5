"""Small workbooks for tests/workbooks.rs, written by the tools people's files come from.
    pip install openpyxl==3.1.5 odfpy==1.4.1
    python3 tests/reference/make_workbooks.py
Both hold the same two sheets: 'notes' (first) and 'population' (codes as text with leading
zeros, a code stored as a number, French names, numbers, an error cell)."""
import os
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', 'data')
rows = [("code", "nom", "population", "densité"), ("01", "Ain", 679344, 117.42), ("2A", "Corse-du-Sud", 168306, 41.88),
        (75, "Paris", 2103778, 19966.01), ("971", "Guadeloupe", None, "#N/A"), ("48", "Lozère & Cévennes", 76486, 14.85)]

from openpyxl import Workbook
wb = Workbook()
ws = wb.active; ws.title = "notes"; ws["A1"] = "Source : INSEE"; ws["A2"] = "extrait pour les tests"
ws = wb.create_sheet("population")
for r in rows:
    ws.append(list(r))
ws["D5"].value = "=NA()"  # a formula error, cached as #N/A would need Excel; keep the text form too
ws["D5"].value = "#N/A"
wb.save(os.path.join(out, "departements.xlsx"))

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableRow, TableCell
from odf.text import P
doc = OpenDocumentSpreadsheet()
def sheet(name, data):
    t = Table(name=name)
    for r in data:
        tr = TableRow()
        for v in r:
            if v is None:
                tc = TableCell()
            elif isinstance(v, (int, float)):
                tc = TableCell(valuetype="float", value=v); tc.addElement(P(text=str(v)))
            else:
                tc = TableCell(valuetype="string"); tc.addElement(P(text=v))
            tr.addElement(tc)
        t.addElement(tr)
    doc.spreadsheet.addElement(t)
sheet("notes", [("Source : INSEE",), ("extrait pour les tests",)])
sheet("population", rows)
doc.save(os.path.join(out, "departements.ods"))
print("written", os.listdir(out))
