#!/bin/sh
# classify.sh GREETWAIT PATTERNS.cdb < ptr.tsv: run greetwait itself once
# per corpus name, as tcpserver would (TCPREMOTEIP and TCPREMOTEHOST set,
# the row's address for {ip}), with the patterns table only, the default
# delays (-s 1 -l 90) and standard input at end of file, so that it
# decides and returns at once; print each row's label, family and name,
# then why= and delay= from its log:
#
#   consumer	ip-octets	c-67-168-174-61.hsd1.wa.comcast.net	pattern:ipname	90.000
#   mailserver	esp	o1.outbound-mail.sendgrid.net	pattern:mailname	1.000
#
# A name is caught when a pattern gives it a delay longer than the short
# delay (tally.awk).  Exit 111 if greetwait logs no decision.
gw=$1 table=$2
tab=$(printf '\t')
tail -n +2 | while IFS=$tab read -r label family ip name source; do
	[ "$ip" = - ] && ip=
	line=$(TCPREMOTEIP=$ip TCPREMOTEHOST=$name "$gw" -p "$table" -s 1 -l 90 true \
		</dev/null 2>&1 >/dev/null)
	why=$(printf '%s\n' "$line" | sed -n 's/.* why=\([^ ]*\) delay=\([^ ]*\) .*/\1	\2/p')
	[ -n "$why" ] || { echo "classify.sh: no decision for $name: $line" >&2; exit 111; }
	printf '%s\t%s\t%s\t%s\n' "$label" "$family" "$name" "$why"
done
