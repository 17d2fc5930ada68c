"""Writes the .xls (BIFF8) seeds of the import_sheet corpus: graduates and placements as an old
Excel saves them, IDs as numbers and text, a date cell. Needs xlwt (`pip install xlwt`)."""
import datetime
import pathlib

import xlwt

out = pathlib.Path(__file__).resolve().parent.parent / "corpus" / "import_sheet"
out.mkdir(parents=True, exist_ok=True)
date = xlwt.easyxf(num_format_str="YYYY-MM-DD")


def save(name, selector, rows):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("毕业生")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, datetime.date):
                sheet.write(r, c, v, date)
            elif v is not None:
                sheet.write(r, c, v)
    path = out / f"seed-{name}.xls"
    book.save(str(path))
    path.write_bytes(bytes([selector]) + path.read_bytes())


save("graduates", 1 << 1, [
    ["姓名", "学号", "身份证号", "专业", "毕业年份", "手机号"],
    ["张三", 2021001, 441900200501011000, "工业机器人应用与维护", 2025, 13800138000],
    ["李四", "S2021002", "11010519491231002X", "工业机器人应用与维护", "2025届", None],
])
save("placements", 2 << 1, [
    ["学号", "去向代码", "用人单位", "起薪", "入职日期", "是否对口"],
    ["S2025001", 11, "东莞市精工机械有限公司", 4500.5, datetime.date(2025, 7, 1), True],
    ["S2025001", "待就业", None, None, None, False],
])
