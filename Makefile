# smtpsim — plain Makefile, libraries found through pkg-config.
#
#   make          build ./smtpsim (installs missing Debian packages as root)
#   make run      build and start the full-screen UI
#   make test     every test: Criterion unit tests, then end-to-end tests
#   make check    the whole suite under AddressSanitizer + UBSan
#   make bench    benchmark figures
#   make install  PREFIX=/usr/local DESTDIR=

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
BUILD      ?= build
BIN        ?= smtpsim
VERSION    := 0.1.0

# Packages a build needs, and what the tests also drive.
BUILD_DEBS := pkg-config libncurses-dev libcjson-dev libssl-dev
TEST_DEBS  := libcriterion-dev tmux procps swaks libnet-ssleay-perl libio-socket-ssl-perl curl python3 openssl valgrind
BENCH_DEBS := postfix

WARN := -Wall -Wextra -Wpedantic -Wformat=2 -Wshadow
ifeq ($(CI),true)
WARN += -Werror
endif

CFLAGS  ?= -O2 -g
LDFLAGS ?=

# Recursively expanded on purpose: pkg-config runs only once the packages
# are known to be there (the deps targets run first).
PKG_CFLAGS = $(shell pkg-config --cflags ncursesw libcjson openssl 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs ncursesw libcjson openssl 2>/dev/null)
CRIT_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
CRIT_LIBS   = $(shell pkg-config --libs criterion 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DSMTPSIM_VERSION='"$(VERSION)"' -DSMTPSIM_DATADIR='"$(DATADIR)/smtpsim"' \
	$(WARN) $(CFLAGS) -Isrc -MMD -MP

ENGINE_SRC := $(sort $(wildcard src/smtp/*.c))
APP_SRC    := $(sort $(filter-out src/main.c $(ENGINE_SRC),$(wildcard src/*.c src/*/*.c)))
ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o)
APP_OBJ    := $(APP_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ   := $(BUILD)/src/main.o

# Engine tests link against the engine alone (no curses, cJSON, OpenSSL):
# the link itself proves src/smtp/ stands on its own.
ENGINE_TEST_SRC := $(sort $(wildcard tests/test_smtp_*.c))
APP_TEST_SRC    := $(sort $(filter-out $(ENGINE_TEST_SRC),$(wildcard tests/test_*.c)))
ENGINE_TESTS    := $(BUILD)/tests/engine-tests
APP_TESTS       := $(BUILD)/tests/app-tests

.PHONY: fuzz all run test check bench install uninstall clean deps deps-test deps-bench \
	build-only test-only units bench-only

all: deps
	@$(MAKE) --no-print-directory build-only

run: all
	./$(BIN)

test: deps-test
	@$(MAKE) --no-print-directory test-only

check: deps-test
	@$(MAKE) --no-print-directory BUILD=build/san BIN=build/san/smtpsim SANITIZED=1 \
		CFLAGS="-O1 -g -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=undefined,float-cast-overflow" \
		LDFLAGS="-fsanitize=address,undefined,float-cast-overflow" test-only

bench: deps-bench
	@$(MAKE) --no-print-directory bench-only

build-only: $(BIN)

# The data directory is compiled in: rebuild when PREFIX/DATADIR change.
$(BUILD)/config.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR) $(VERSION)' | cmp -s - $@ 2>/dev/null || echo '$(DATADIR) $(VERSION)' > $@

$(MAIN_OBJ) $(APP_OBJ): $(BUILD)/config.stamp

FORCE:

$(BIN): $(MAIN_OBJ) $(APP_OBJ) $(ENGINE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/src/smtp/%.o: src/smtp/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(CRIT_CFLAGS) -c -o $@ $<

$(ENGINE_TESTS): $(ENGINE_TEST_SRC:%.c=$(BUILD)/%.o) $(ENGINE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(CRIT_LIBS)

$(APP_TESTS): $(APP_TEST_SRC:%.c=$(BUILD)/%.o) $(APP_OBJ) $(ENGINE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CRIT_LIBS)

units: $(ENGINE_TESTS) $(if $(APP_TEST_SRC),$(APP_TESTS))

test-only: $(BIN) units
	@SMTPSIM="$(abspath $(BIN))" BUILD="$(BUILD)" SANITIZED="$(SANITIZED)" sh tests/run-all.sh

bench-only: $(BIN) $(BUILD)/tests/bench-engine
	@SMTPSIM="$(abspath $(BIN))" BUILD="$(BUILD)" sh tests/bench/run.sh

$(BUILD)/tests/bench-engine: tests/bench/bench_engine.c $(ENGINE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^

# A coverage-guided fuzzer for the engine (clang's libFuzzer), 60 s by default.
FUZZ_SECONDS ?= 60
fuzz: $(ENGINE_SRC) tests/fuzz/fuzz_session.c
	@mkdir -p $(BUILD)/fuzz
	clang -std=c11 -D_DEFAULT_SOURCE -g -O1 -Isrc -fsanitize=fuzzer,address,undefined \
		-o $(BUILD)/fuzz/fuzz-session tests/fuzz/fuzz_session.c $(ENGINE_SRC)
	@mkdir -p $(BUILD)/fuzz/corpus && cp tests/fuzz/corpus/* $(BUILD)/fuzz/corpus/
	$(BUILD)/fuzz/fuzz-session -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus

# --- dependencies: install what is missing (root), or say what to install --
deps:
	@sh tests/deps.sh build $(BUILD_DEBS)

# One check per target, so a user without root reads one complete list.
deps-test:
	@sh tests/deps.sh test $(BUILD_DEBS) $(TEST_DEBS)

deps-bench:
	@sh tests/deps.sh bench $(BUILD_DEBS) $(TEST_DEBS) $(BENCH_DEBS)

install: deps
	@$(MAKE) --no-print-directory build-only
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/smtpsim/lessons $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/smtpsim
	install -m 644 lessons/*.json $(DESTDIR)$(DATADIR)/smtpsim/lessons/
	if [ -f smtpsim.1 ]; then install -m 644 smtpsim.1 $(DESTDIR)$(MANDIR)/man1/; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/smtpsim $(DESTDIR)$(MANDIR)/man1/smtpsim.1
	rm -rf $(DESTDIR)$(DATADIR)/smtpsim

clean:
	rm -rf build $(BIN)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
