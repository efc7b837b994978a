# greetwait: make, make check, make demo, make bench, make install.
PREFIX = /usr/local
DESTDIR =
CC = cc
CFLAGS = -O2 -g -Wall -Wextra -std=c99 -D_GNU_SOURCE
LDFLAGS = -static
LIBS = -lowfat -lz

# One module per concern; each program is its main() over these.
STATS_MODULES = helo logparse hashset stats linein grid report svg
MODULES = ip pattern rules table policy logline wait reject duration message $(STATS_MODULES) \
	helocheck nsquery smtpdpolicy cache cache_dir memcache resolve
PROGRAMS = greetwait greetwait-rules greetwait-stats greetwait-helo greetwait-expire
MANPAGES = man/greetwait.8 man/greetwait-rules.8 man/greetwait-tables.5 \
	man/greetwait-stats.8 man/greetwait-helo.8 man/greetwait-expire.8

B = build
OBJS = $(MODULES:%=$(B)/%.o)
UNITS = $(patsubst tests/unit/%.c,$(B)/%,$(wildcard tests/unit/test_*.c))

all: $(PROGRAMS:%=$(B)/%)
	$(MAKE) -C cdb

$(B)/%.o: src/%.c src/*.h
	@mkdir -p $(B)
	$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(B)/libgreetwait.a: $(OBJS)
	rm -f $@ && ar rcs $@ $(OBJS)

$(B)/greetwait $(B)/greetwait-rules $(B)/greetwait-stats $(B)/greetwait-helo $(B)/greetwait-expire: $(B)/%: $(B)/%.o $(B)/libgreetwait.a
	$(CC) $(LDFLAGS) -o $@ $< $(B)/libgreetwait.a $(LIBS)

# greetwait-stats under AddressSanitizer and UBSan, dynamically linked,
# for tests/system/t_stats_asan.sh.
$(B)/asan/greetwait-stats: src/greetwait-stats.c $(STATS_MODULES:%=src/%.c) src/ip.c src/*.h
	@mkdir -p $(B)/asan
	$(CC) $(CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Isrc -o $@ src/greetwait-stats.c \
		$(STATS_MODULES:%=src/%.c) src/ip.c $(LIBS)

$(B)/test_%: tests/unit/test_%.c $(B)/libgreetwait.a
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(B)/libgreetwait.a -lcmocka $(LIBS)

deps:
	@sh tests/deps.sh

check: deps
	$(MAKE) all $(UNITS) $(B)/asan/greetwait-stats
	sh tests/unit/run.sh $(UNITS)
	FUZZ_SECONDS=10 sh tests/fuzz/run.sh
	FUZZ_SECONDS=5 sh tests/fuzz/run_helo.sh
	sh tests/system/run.sh

fuzz: all
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} sh tests/fuzz/run.sh
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} sh tests/fuzz/run_helo.sh

demo: deps
	$(MAKE) all
	sh tests/demo.sh

bench: deps
	$(MAKE) all
	sh tests/bench/run.sh

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man8 \
		$(DESTDIR)$(PREFIX)/share/man/man5
	for p in $(PROGRAMS); do install -s -m 755 $(B)/$$p $(DESTDIR)$(PREFIX)/bin/; done
	for m in $(MANPAGES); do s=$${m##*.}; \
		install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s/; done

clean:
	rm -rf $(B)

# Only greetwait-stats and its tests, plain and under the sanitizers.
STATS_UNITS = $(B)/test_helo $(B)/test_logparse $(B)/test_report $(B)/test_grid
check-stats: deps
	$(MAKE) $(B)/greetwait-stats $(B)/asan/greetwait-stats $(STATS_UNITS)
	sh tests/unit/run.sh $(STATS_UNITS)
	for t in tests/system/t_stats_*.sh; do \
		sh $$t >/dev/null && echo "ok   $$t" || { echo "FAIL $$t"; exit 1; }; done

.PHONY: all deps check check-stats demo bench fuzz install clean
.SECONDARY:
