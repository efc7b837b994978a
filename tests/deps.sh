#!/bin/sh
# Make sure the Debian packages greetwait builds and tests with are here.
# As root, install what is missing (never removing a package); otherwise
# print the exact apt-get line and fail.
need=""
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for p in libowfat-dev zlib1g-dev ucspi-tcp tinycdb libcmocka-dev swaks exim4-daemon-light \
	python3 libxml2-utils dnsmasq-base memcached python3-dnslib gcc make publicsuffix libmemcached-dev \
	clang libclang-rt-14-dev strace clang-format iproute2 ruby python3-prometheus-client \
	fail2ban chromium; do
	have "$p" || need="$need $p"
done
# The supervisors t_hold_supervised.sh runs the holder's run scripts
# under (runsv and svlogd, s6-supervise and s6-log, execlineb), as tools
# only: without Recommends, since runit's are runit-run (a systemd unit
# and an inittab line that start runsvdir at boot) or runit-init (runit
# as init, replacing systemd-sysv).
tools=""
for p in runit s6 execline; do
	have "$p" || tools="$tools $p"
done
[ -z "$need$tools" ] && exit 0
line="apt-get install -y --no-remove$need"
[ -n "$tools" ] && line="${need:+$line && }apt-get install -y --no-remove --no-install-recommends$tools"
if [ "$(id -u)" != 0 ]; then
	echo "greetwait: missing Debian packages; as root run:" >&2
	echo "  apt-get update && $line" >&2
	exit 1
fi
echo "greetwait: installing missing Debian packages:$need$tools" >&2
# On a machine that runs Postfix or sendmail, exim4 would replace the MTA:
# --no-remove makes apt refuse instead; then the tests fall back to the
# installed MTA's own sendmail -bs.
export DEBIAN_FRONTEND=noninteractive
# The tests run their own exim4, memcached, dnsmasq and fail2ban-regex:
# none of the packages' services is to start (fail2ban's postinst fails
# the install when its service cannot start, as in a container without
# init). Where no policy-rc.d says so already (Docker images have one),
# one says so for the install only.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	trap 'rm -f "$policy"' EXIT
	printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
fi
apt-get update -qq >&2 || exit 1
if [ -n "$need" ] && ! apt-get install -y -qq --no-remove$need >&2; then
	rest=$(echo "$need" | sed 's/ exim4-daemon-light//')
	echo "greetwait: could not install all of:$need; trying without exim4" >&2
	apt-get install -y -qq --no-remove$rest >&2 || exit 1
fi
if [ -n "$tools" ]; then
	apt-get install -y -qq --no-remove --no-install-recommends$tools >&2 || exit 1
fi
exit 0
