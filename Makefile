# jiaoyan — plain GNU make, pkg-config for every library (see README).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/jiaoyan
SYSCONFDIR ?= /etc
LOCALEDIR ?= $(PREFIX)/share/locale
DESTDIR ?=

CC ?= cc
PKGS := ncursesw libgit2 inih libsodium xlsxwriter nettle
# Not linked: opened on first use (include/jiaoyan/dynlib.h), by the SONAME of the library installed.
LOADED := libgit2 xlsxwriter
soname = $(or $(shell readelf -d "$$($(CC) -print-file-name=lib$(1:lib%=%).so)" 2>/dev/null | \
	sed -n 's/.*(SONAME).*\[\(.*\)\]$$/\1/p'),lib$(1:lib%=%).so)
WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wwrite-strings -Wpointer-arith -Wundef -Wno-format-nonliteral
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude -Ibuild/gen \
	-DLOCALEDIR='"$(LOCALEDIR)"' -DJY_LIBGIT2='"$(call soname,libgit2)"' \
	-DJY_LIBXLSXWRITER='"$(call soname,xlsxwriter)"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LIBS := $(shell pkg-config --libs $(filter-out $(LOADED),$(PKGS)) 2>/dev/null) -lm
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

ifeq ($(V),1)
Q :=
else
Q := @
endif

B ?= build
LIB_SRC := $(sort $(wildcard src/core/*.c src/domain/*.c src/sync/*.c src/tui/*.c src/cli/*.c))
LIB_SRC := $(filter-out src/cli/main.c,$(LIB_SRC))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o) $(B)/gen/embedded.o
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
EMBED := $(sort $(wildcard config/*.ini config/rules/*.ini config/rubrics/*.ini data/*.ini data/*/*.ini data/*/*/*.ini))

.PHONY: all deps run check test unit asan fuzz bench install uninstall clean demo

all: jiaoyan

jiaoyan: $(B)/jiaoyan
	$(Q)cp $< $@

$(B)/jiaoyan: $(B)/src/cli/main.o $(B)/libjiaoyan.a
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/libjiaoyan.a: $(LIB_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The shipped config/ and data/ files are compiled in, so `init --demo` needs no install path.
$(B)/gen/embedded.c: tools/embed.sh $(EMBED)
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)sh tools/embed.sh $(EMBED) > $@

$(B)/gen/embedded.o: $(B)/gen/embedded.c
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/tests/unit/fixture.o $(B)/libjiaoyan.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/tests/unit/fixture.o $(B)/libjiaoyan.a $(LIBS) $(TEST_LIBS)

deps:
	@sh tools/deps.sh

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh tools/run-demo.sh

check: deps
	$(Q)$(MAKE) --no-print-directory all unit-bins
	$(Q)B=$(B) sh tests/run.sh

# The sync tests' driver of core/transport, linked as the program is.
$(B)/tests/transport-driver: tests/sync/transport-driver.c $(B)/libjiaoyan.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libjiaoyan.a $(LIBS)

unit-bins: $(UNIT_BIN) $(B)/tests/transport-driver

# Sanitised build in its own tree, then the whole suite against it.
asan: deps
	$(Q)$(MAKE) --no-print-directory B=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" LDFLAGS="-fsanitize=address,undefined" build-asan/jiaoyan unit-bins
	$(Q)cp build-asan/jiaoyan jiaoyan-asan
	$(Q)B=build-asan JIAOYAN_BIN=$(CURDIR)/jiaoyan-asan ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 sh tests/run.sh

# libFuzzer target for the record decoder (clang only).
FUZZ_SRC := src/core/codec.c src/core/record.c src/core/text.c src/core/buf.c src/core/vec.c src/core/err.c
fuzz: $(B)/fuzz_codec
$(B)/fuzz_codec: tests/fuzz/fuzz_codec.c $(FUZZ_SRC)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)clang -std=c11 -D_GNU_SOURCE -Iinclude -g -O1 -fsanitize=fuzzer,address,undefined \
		$(shell pkg-config --cflags inih) -o $@ $^ $(shell pkg-config --libs inih)

# libFuzzer target for the GIFT reader and writer (clang only; run by tests/fuzz/gift.sh).
$(B)/fuzz_gift: tests/fuzz/fuzz_gift.c src/domain/gift.c src/core/text.c src/core/buf.c src/core/vec.c src/core/err.c
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)clang -std=c11 -D_GNU_SOURCE -Iinclude -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $^ -lm

bench: all
	$(Q)sh tools/bench.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR)/rubrics $(DESTDIR)$(SYSCONFDIR)/jiaoyan
	install -m 755 jiaoyan $(DESTDIR)$(BINDIR)/jiaoyan
	install -m 644 man/jiaoyan.1 $(DESTDIR)$(MANDIR)/man1/jiaoyan.1
	install -m 644 man/jiaoyan.ini.5 $(DESTDIR)$(MANDIR)/man5/jiaoyan.ini.5
	install -m 644 config/rules/*.ini $(DESTDIR)$(DATADIR)/rules/
	install -m 644 config/rubrics/*.ini $(DESTDIR)$(DATADIR)/rubrics/
	install -m 644 config/jiaoyan.ini $(DESTDIR)$(DATADIR)/jiaoyan.ini.example
	test -e $(DESTDIR)$(SYSCONFDIR)/jiaoyan/jiaoyan.ini || \
		install -m 644 config/jiaoyan.ini $(DESTDIR)$(SYSCONFDIR)/jiaoyan/jiaoyan.ini

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/jiaoyan $(DESTDIR)$(MANDIR)/man1/jiaoyan.1 $(DESTDIR)$(MANDIR)/man5/jiaoyan.ini.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan jiaoyan jiaoyan-asan

-include $(shell find $(B) -name '*.d' 2>/dev/null)
