# annals — build, test, install.  GNU make.
#   make            library (static + shared) and the CLI in build/
#   make check      the whole test suite (README's test command runs this)
#   make asan       the whole test suite under ASan+UBSan (build-asan/)
#   make bench      the benchmark (prints sentences/s, load time, peak RSS; writes JSON)
#   make bench-store  what --db costs over JSON Lines (100,000 stories; writes JSON)
#   make fuzz       libFuzzer targets (clang) in build-fuzz/
#   make install    PREFIX=/usr/local by default

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share/annals
MANDIR  ?= $(PREFIX)/share/man
PCDIR   ?= $(LIBDIR)/pkgconfig

CC      ?= cc
B       ?= build
VERSION := 0.1.0

PKGS    := libutf8proc jansson libxml-2.0 sqlite3
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS)) -lpthread -lm
PQ_CFLAGS  := -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
PQ_LIBS    := -lpq

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
OPT     ?= -O2 -g
HARDEN  := -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fPIC
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(HARDEN) -Iinclude -Isrc $(PKG_CFLAGS) $(PQ_CFLAGS) \
             -DANNALS_DATADIR='"$(DATADIR)"' $(EXTRA_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = -pie -Wl,-z,relro,-z,now $(EXTRA_LDFLAGS) $(LDFLAGS)

LIB_SRC  := $(sort $(wildcard src/*/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/obj/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(B)/obj/%.o)
TOOLS    := $(TOOL_SRC:tests/tools/%.c=$(B)/tools/%)

all: $(B)/libannals.a $(B)/libannals.so $(B)/annals $(B)/unit_tests $(TOOLS)

$(B)/obj/%.o: %.c $(wildcard include/*.h src/*/*.h tests/unit/*.h) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fvisibility=hidden -c $< -o $@

$(B)/libannals.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/libannals.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libannals.so.0 -Wl,-z,relro,-z,now -o $@ $^ $(PKG_LIBS) $(PQ_LIBS)

$(B)/annals: $(CLI_OBJ) $(B)/libannals.a
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(B)/libannals.a $(PKG_LIBS) $(PQ_LIBS)

# Unit tests link the static library and may use internal headers.
$(B)/unit_tests: $(UNIT_OBJ) $(B)/libannals.a
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $(UNIT_OBJ) $(B)/libannals.a $(PKG_LIBS) $(PQ_LIBS)

$(B)/tools/%: tests/tools/%.c $(B)/libannals.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(B)/libannals.a $(PKG_LIBS) $(PQ_LIBS)

check: all
	ANNALS_BUILD=$(B) sh tests/run.sh

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
asan:
	$(MAKE) B=build-asan OPT="$(SAN_FLAGS)" HARDEN="-fPIC" EXTRA_LDFLAGS="-fsanitize=address,undefined" check

bench: all
	sh bench/run.sh $(B)

bench-store: all
	sh bench/store.sh $(B)

fuzz:
	$(MAKE) -f fuzz/Makefile

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) $(DESTDIR)$(DATADIR) \
	           $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PCDIR)
	install -m 755 $(B)/annals $(DESTDIR)$(BINDIR)/annals
	install -m 644 $(B)/libannals.a $(DESTDIR)$(LIBDIR)/libannals.a
	install -m 755 $(B)/libannals.so $(DESTDIR)$(LIBDIR)/libannals.so.$(VERSION)
	ln -sf libannals.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libannals.so.0
	ln -sf libannals.so.0 $(DESTDIR)$(LIBDIR)/libannals.so
	install -m 644 include/annals.h $(DESTDIR)$(INCDIR)/annals.h
	cp -R data/. $(DESTDIR)$(DATADIR)/
	install -m 644 docs/annals.1 $(DESTDIR)$(MANDIR)/man1/annals.1
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCDIR@|$(INCDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@PKGS@|$(PKGS)|' annals.pc.in > $(DESTDIR)$(PCDIR)/annals.pc

clean:
	rm -rf build build-asan build-fuzz build-bench

.PHONY: all check asan bench bench-store fuzz install clean
