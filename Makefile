# greetwait: make, make check, make demo, make bench, make install.
PREFIX = /usr/local
DESTDIR =
CC = cc
CFLAGS = -O2 -g -Wall -Wextra -std=c99 -D_GNU_SOURCE
LDFLAGS = -static
LIBS = -lowfat

# One module per concern; each program is its main() over these.
MODULES = ip pattern rules table policy logline wait reject duration cache cache_dir memcache resolve
PROGRAMS = greetwait greetwait-rules greetwait-expire
MANPAGES = man/greetwait.8 man/greetwait-rules.8 man/greetwait-tables.5 man/greetwait-expire.8

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

deps:
	@sh tests/deps.sh

check: deps
	$(MAKE) all $(UNITS)
	sh tests/unit/run.sh $(UNITS)
	sh tests/system/run.sh

demo: deps
	$(MAKE) all
	sh tests/demo.sh

bench: deps
	$(MAKE) all
	sh tests/bench/run.sh

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man8 \
		$(DESTDIR)$(PREFIX)/share/man/man5
	for p in $(PROGRAMS); do install -m 755 $(B)/$$p $(DESTDIR)$(PREFIX)/bin/; done
	for m in $(MANPAGES); do s=$${m##*.}; \
		install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s/; done

clean:
	rm -rf $(B)

.PHONY: all deps check demo bench install clean
.SECONDARY:
