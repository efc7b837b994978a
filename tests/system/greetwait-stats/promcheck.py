"""Read a Prometheus text file with prometheus_client's own parser (the
one Prometheus' Python client ships) and print every sample as
'name{label="value",...} value', labels sorted, one a line; exit 1 if
the parser refuses the file."""
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    families = list(text_string_to_metric_families(open(sys.argv[1]).read()))
except Exception as e:  # the parser's ValueError, or any other refusal
    print("parse error: %s" % e)
    sys.exit(1)
for f in families:
    print("# %s %s" % (f.name, f.type))
    for s in f.samples:
        labels = ",".join('%s="%s"' % (k, v) for k, v in sorted(s.labels.items()))
        v = s.value
        print("%s{%s} %s" % (s.name, labels, int(v) if v == int(v) else v))
