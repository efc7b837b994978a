# greetwait: make, make check, make soak, make demo, make bench, make install.
PREFIX = /usr/local
DESTDIR =
CC = cc
CFLAGS = -O2 -g -Wall -Wextra -std=c99 -D_GNU_SOURCE
LDFLAGS = -static
LIBS = -lowfat -lz

# A folder per program, src/PROGRAM/, and one for the code two or more
# share, src/lib/.  Each program's modules are named once, on its line:
# the build, the sanitizer build, the fuzz targets and the benchmarks all
# link from these lines (`make modules-PROGRAM` prints one).
PROGRAMS = greetwait greetwait-rules greetwait-stats greetwait-helo greetwait-expire greetwait-hold
greetwait_MODULES = greetwait/greetwait greetwait/policy greetwait/wait greetwait/reject \
	greetwait/cache greetwait/memcache greetwait/dnsbl greetwait/dnsbl_query lib/table lib/rules lib/pattern lib/resolve \
	lib/cache_dir lib/logline lib/logword lib/clock lib/ip lib/duration lib/message lib/handoff
greetwait-rules_MODULES = greetwait-rules/greetwait-rules greetwait-rules/table_make lib/table \
	lib/rules lib/pattern lib/ip lib/duration lib/message
greetwait-stats_MODULES = greetwait-stats/greetwait-stats greetwait-stats/logparse \
	greetwait-stats/stats greetwait-stats/series greetwait-stats/report greetwait-stats/svg \
	greetwait-stats/prometheus greetwait-stats/offenders greetwait-stats/html greetwait-stats/grid \
	greetwait-stats/hashset greetwait-stats/grow greetwait-stats/linein lib/helo lib/logword \
	lib/ip lib/duration
greetwait-helo_MODULES = greetwait-helo/greetwait-helo greetwait-helo/helocheck \
	greetwait-helo/nsquery greetwait-helo/smtpdpolicy lib/helo lib/resolve lib/logline \
	lib/logword lib/clock lib/ip lib/duration lib/message
greetwait-expire_MODULES = greetwait-expire/greetwait-expire lib/cache_dir lib/duration lib/ip \
	lib/message
greetwait-hold_MODULES = greetwait-hold/greetwait-hold greetwait-hold/held greetwait-hold/heap \
	greetwait-hold/peers greetwait-hold/logqueue greetwait/wait greetwait/reject greetwait/cache \
	greetwait/memcache lib/handoff lib/cache_dir lib/logline lib/logword lib/clock lib/ip \
	lib/duration lib/message
MANPAGES = man/greetwait.8 man/greetwait-rules.8 man/greetwait-tables.5 \
	man/greetwait-stats.8 man/greetwait-helo.8 man/greetwait-expire.8 man/greetwait-hold.8

B = build
FOLDERS = $(sort $(dir $(wildcard src/*/)))
INCLUDES = $(FOLDERS:%/=-I%)
HEADERS = $(wildcard src/*/*.h)
MODULES = $(sort $(foreach p,$(PROGRAMS),$($(p)_MODULES)))
# Unit tests are pure-function tests: each links every module but the mains.
LIBRARY = $(filter-out $(foreach p,$(PROGRAMS),$(p)/$(p)),$(MODULES))
UNITS = $(patsubst tests/unit/%.c,$(B)/%,$(wildcard tests/unit/test_*.c))

all: $(PROGRAMS:%=$(B)/%)
	$(MAKE) -C cdb

$(B)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(INCLUDES) -c -o $@ $<

.SECONDEXPANSION:
$(PROGRAMS:%=$(B)/%): $(B)/%: $$(addprefix $(B)/obj/,$$(addsuffix .o,$$($$*_MODULES)))
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/test_%: tests/unit/test_%.c $(LIBRARY:%=$(B)/obj/%.o)
	$(CC) $(CFLAGS) $(INCLUDES) -o $@ $^ -lcmocka $(LIBS)

modules-%:
	@echo $($*_MODULES)

# Test drivers: a module run alone by a system test, linked like a unit
# test (tests/system/greetwait/dnsbl_ask.c drives dnsbl_query).
DRIVERS = dnsbl_ask
$(B)/dnsbl_ask: tests/system/greetwait/dnsbl_ask.c $(LIBRARY:%=$(B)/obj/%.o)
	$(CC) $(CFLAGS) $(INCLUDES) -o $@ $^ $(LIBS)

# greetwait linked dynamically, for make bench to tell the cost of static
# linking from greetwait's own.
$(B)/greetwait-dynamic: $(greetwait_MODULES:%=$(B)/obj/%.o)
	$(CC) -o $@ $^ $(LIBS)

# The same programs and unit tests under AddressSanitizer and UBSan,
# dynamically linked, in $(A): make check runs every test against both.
# clang, whose one runtime sends UBSan's reports where log_path says as
# well as ASan's; GCC's libubsan, a library apart, ignores log_path next
# to ASan and would write into greetwait's log (tests/sanitizers.sh).
A = $(B)/asan
ASAN_CC = clang
SANITIZE = -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
ASAN_UNITS = $(UNITS:$(B)/%=$(A)/%)

asan: $(PROGRAMS:%=$(A)/%) $(ASAN_UNITS) $(DRIVERS:%=$(A)/%)

$(A)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(ASAN_CC) $(CFLAGS) $(SANITIZE) $(INCLUDES) -c -o $@ $<

$(PROGRAMS:%=$(A)/%): $(A)/%: $$(addprefix $(A)/obj/,$$(addsuffix .o,$$($$*_MODULES)))
	$(ASAN_CC) $(SANITIZE) -o $@ $^ $(LIBS)

$(A)/test_%: tests/unit/test_%.c $(LIBRARY:%=$(A)/obj/%.o)
	$(ASAN_CC) $(CFLAGS) $(SANITIZE) $(INCLUDES) -o $@ $^ -lcmocka $(LIBS)

$(A)/dnsbl_ask: tests/system/greetwait/dnsbl_ask.c $(LIBRARY:%=$(A)/obj/%.o)
	$(ASAN_CC) $(CFLAGS) $(SANITIZE) $(INCLUDES) -o $@ $^ $(LIBS)

deps:
	@sh tests/deps.sh

# The C sources against .clang-format (make check runs it first).
format: deps
	sh tests/format.sh

check: deps
	sh tests/format.sh
	$(MAKE) all $(UNITS) $(DRIVERS:%=$(B)/%) asan
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

# Only greetwait-stats and its tests, plain and under the sanitizers (and
# greetwait, whose -s greetwait-stats' -s must match).
STATS_UNITS = $(B)/test_helo $(B)/test_logparse $(B)/test_stats $(B)/test_report $(B)/test_grid \
	$(B)/test_svg $(B)/test_hashset $(B)/test_grow $(B)/test_linein
check-stats: deps
	$(MAKE) $(B)/greetwait-stats $(A)/greetwait-stats $(B)/greetwait $(A)/greetwait \
		$(STATS_UNITS) $(STATS_UNITS:$(B)/%=$(A)/%)
	sh tests/unit/run.sh $(STATS_UNITS)
	sh tests/unit/run.sh $(STATS_UNITS:$(B)/%=$(A)/%)
	sh tests/system/run.sh tests/system/greetwait-stats/t_*.sh
	GW_BUILD=$(A) sh tests/system/run.sh tests/system/greetwait-stats/t_*.sh

# libFuzzer targets, tests/fuzz/fuzz_NAME.c, each linked with what it
# calls from the programs' modules (an archive of them, so nothing else);
# tests/fuzz/run.sh builds them with `make fuzz-targets` and runs each one.
FUZZ_CC = clang
FUZZ_SANITIZE = address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -g -O1 -std=c99 -D_GNU_SOURCE -fno-omit-frame-pointer $(INCLUDES)
FUZZ_TARGETS = rules cdb glob logparse statsgz policy memcache dns duration ttl bits ip helo dnsbl \
	envelope handoff
F = $(B)/fuzz

fuzz-targets: $(FUZZ_TARGETS:%=$(F)/fuzz_%)
fuzz-list:
	@echo $(FUZZ_TARGETS)

$(F)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SANITIZE) -c -o $@ $<

$(F)/libmodules.a: $(LIBRARY:%=$(F)/obj/%.o)
	rm -f $@ && ar rcs $@ $^

$(F)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/*.h $(HEADERS) $(F)/libmodules.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SANITIZE) -o $@ $< \
		$(F)/libmodules.a $(LIBS) -lpthread

.PHONY: all asan deps format check check-stats soak demo bench fuzz fuzz-targets fuzz-list install clean \
	modules-%
.SECONDARY:
