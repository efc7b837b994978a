# greetwait: make, make check, make soak, make demo, make bench, make install.
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

$(B)/test_%: tests/unit/test_%.c $(B)/libgreetwait.a
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(B)/libgreetwait.a -lcmocka $(LIBS)

# The same programs and unit tests under AddressSanitizer and UBSan,
# dynamically linked, in $(A): make check runs every test against both.
# clang, whose one runtime sends UBSan's reports where log_path says as
# well as ASan's; GCC's libubsan, a library apart, ignores log_path next
# to ASan and would write into greetwait's log (tests/sanitizers.sh).
A = $(B)/asan
ASAN_CC = clang
SANITIZE = -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
ASAN_UNITS = $(UNITS:$(B)/%=$(A)/%)

asan: $(PROGRAMS:%=$(A)/%) $(ASAN_UNITS)

$(A)/%.o: src/%.c src/*.h
	@mkdir -p $(A)
	$(ASAN_CC) $(CFLAGS) $(SANITIZE) -Isrc -c -o $@ $<

$(A)/libgreetwait.a: $(MODULES:%=$(A)/%.o)
	rm -f $@ && ar rcs $@ $(MODULES:%=$(A)/%.o)

$(PROGRAMS:%=$(A)/%): $(A)/%: $(A)/%.o $(A)/libgreetwait.a
	$(ASAN_CC) $(SANITIZE) -o $@ $< $(A)/libgreetwait.a $(LIBS)

$(A)/test_%: tests/unit/test_%.c $(A)/libgreetwait.a
	$(ASAN_CC) $(CFLAGS) $(SANITIZE) -Isrc -o $@ $< $(A)/libgreetwait.a -lcmocka $(LIBS)

deps:
	@sh tests/deps.sh

check: deps
	$(MAKE) all $(UNITS) asan
	sh tests/unit/run.sh $(UNITS)
	sh tests/unit/run.sh $(ASAN_UNITS)
	sh tests/system/run.sh
	GW_BUILD=$(A) sh tests/system/run.sh
	FUZZ_SECONDS=3 sh tests/fuzz/run.sh

# A few minutes of load at full rate (SOAK_SECONDS, default 180); not in check.
soak: deps
	$(MAKE) all $(B)/soak-sink $(B)/soak-load
	sh tests/soak/run.sh

$(B)/soak-sink $(B)/soak-load: $(B)/soak-%: tests/soak/%.c
	@mkdir -p $(B)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBS)

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
	$(MAKE) $(B)/greetwait-stats $(A)/greetwait-stats $(STATS_UNITS) $(STATS_UNITS:$(B)/%=$(A)/%)
	sh tests/unit/run.sh $(STATS_UNITS)
	sh tests/unit/run.sh $(STATS_UNITS:$(B)/%=$(A)/%)
	sh tests/system/run.sh tests/system/t_stats_*.sh
	GW_BUILD=$(A) sh tests/system/run.sh tests/system/t_stats_*.sh

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

.PHONY: all asan deps check check-stats soak demo bench fuzz fuzz-targets fuzz-list install clean
.SECONDARY:
