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
	sh tests/system/run.sh
	FUZZ_SECONDS=3 sh tests/fuzz/run.sh

fuzz: deps
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} sh tests/fuzz/run.sh

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

# libFuzzer targets, tests/fuzz/fuzz_NAME.c, each linked with the modules
# on its FUZZ_NAME_MODULES line and nothing else; tests/fuzz/run.sh builds
# them with `make fuzz-targets` and runs each one.
FUZZ_CC = clang
FUZZ_SANITIZE = address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -g -O1 -std=c99 -D_GNU_SOURCE -fno-omit-frame-pointer -Isrc
FUZZ_TARGETS = rules cdb glob logparse statsgz policy memcache dns duration ttl bits ip helo
FUZZ_rules_MODULES = rules table pattern ip duration message
FUZZ_cdb_MODULES = table rules pattern ip duration message
FUZZ_glob_MODULES = pattern ip
FUZZ_logparse_MODULES = logparse logline duration ip
FUZZ_statsgz_MODULES = $(STATS_MODULES) ip
FUZZ_policy_MODULES = smtpdpolicy
FUZZ_memcache_MODULES = memcache cache cache_dir ip wait message
FUZZ_dns_MODULES = nsquery wait message ip # resolve.c is included by the harness
FUZZ_duration_MODULES = duration logparse policy
FUZZ_ttl_MODULES = cache cache_dir memcache ip wait message
FUZZ_bits_MODULES = cache cache_dir memcache ip wait message
FUZZ_ip_MODULES = ip
FUZZ_helo_MODULES = helo helocheck ip wait

fuzz-targets: $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
fuzz-list:
	@echo $(FUZZ_TARGETS)

$(B)/fuzz/obj/%.o: src/%.c src/*.h
	@mkdir -p $(B)/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SANITIZE) -c -o $@ $<

.SECONDEXPANSION:
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/*.h src/*.h \
		$$(addprefix $(B)/fuzz/obj/,$$(addsuffix .o,$$(FUZZ_$$*_MODULES)))
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SANITIZE) -o $@ $< \
		$(addprefix $(B)/fuzz/obj/,$(addsuffix .o,$(FUZZ_$*_MODULES))) $(LIBS) -lpthread

.PHONY: all deps check check-stats demo bench fuzz fuzz-targets fuzz-list install clean
.SECONDARY:
