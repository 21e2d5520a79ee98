"""Rewrite the rule files of kg/data/rules/ in their canonical layout: one pattern token or
dependency node per line, one example per line. Run it after editing a rule file.

    python scripts/format_rules.py [FILE ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "kg" / "data" / "rules"


def _line(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def format_rules(content: dict) -> str:
    out = ["{", f' "about": {_line(content.get("about", ""))},', ' "rules": [']
    rules = content["rules"]
    for n, rule in enumerate(rules):
        out.append("  {")
        items = list(rule.items())
        for k, (key, value) in enumerate(items):
            comma = "," if k < len(items) - 1 else ""
            if key in ("tokens", "dependency", "examples") and isinstance(value, list):
                out.append(f'   "{key}": [')
                out += [f"    {_line(v)}{',' if i < len(value) - 1 else ''}" for i, v in enumerate(value)]
                out.append(f"   ]{comma}")
            else:
                out.append(f'   "{key}": {_line(value)}{comma}')
        out.append("  }" + ("," if n < len(rules) - 1 else ""))
    out += [" ]", "}", ""]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted(RULES.glob("*.json"))
    for path in files:
        content = json.loads(path.read_text(encoding="utf-8"))
        text = format_rules(content)
        assert json.loads(text) == content
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
