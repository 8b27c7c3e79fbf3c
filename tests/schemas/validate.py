#!/usr/bin/env python3
"""validate.py SCHEMA FILE: checks that FILE is strict JSON (UTF-8, no
NaN) valid against the JSON Schema SCHEMA, with the draft the schema names.
Exit status 0: valid, 1: not, 77: no validator (python3-jsonschema)."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("no JSON Schema validator: python3-jsonschema is not installed")
    sys.exit(77)


def no_constant(name):
    raise ValueError("not JSON: " + name)


with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
try:
    with open(sys.argv[2], encoding="utf-8", errors="strict") as f:
        doc = json.load(f, parse_constant=no_constant)
except ValueError as e:
    print("%s: %s" % (sys.argv[2], e))
    sys.exit(1)
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:5]:
    print("%s: at %s: %s" % (sys.argv[2], list(e.absolute_path), e.message))
sys.exit(1 if errors else 0)
